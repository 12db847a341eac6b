"""Units named as after the 2025 reorganisation, with staff, and readers for the files."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from tests.factories import create_unit, create_user


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Words of an extracted text in one line, so a wrapped line still matches."""
    return " ".join(text.split())


@pytest.fixture
def province(app):
    return create_unit(code="TQ", name="Ủy ban nhân dân tỉnh Tuyên Quang", level="province")


@pytest.fixture
def commune(province):
    unit = create_unit(code="TQ-BQ", name="Xã Bắc Quang", level="commune", parent=province)
    staff = {
        role: create_user(role=role, unit=unit, full_name=name, email=f"{role}@bacquang.example.vn")
        for role, name in (("unit_head", "Hoàng Văn Chiến"), ("handler", "Lý Thị Thu"))
    }
    return unit, staff


@pytest.fixture
def inspectorate(province):
    unit = create_unit(code="TQ-TTR", name="Thanh tra tỉnh", level="department", parent=province)
    staff = {
        "inspector": create_user(role="inspector", unit=unit, full_name="Đặng Quốc Bảo"),
        "unit_head": create_user(role="unit_head", unit=unit, full_name="Vũ Thị Lan"),
    }
    return unit, staff
