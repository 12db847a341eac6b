"""Shared data for intake tests: valid payloads and small files of each accepted type."""

import io
import zipfile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def docx_bytes(*, macro: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if macro:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return buffer.getvalue()


def person(**overrides) -> dict:
    return {
        "full_name": "Nguyễn Văn Đức",
        "id_number": "002085001234",
        "address": "Tổ 5, phường Minh Khai, thành phố Hà Giang",
        "phone": "0912345678",
        "email": None,
        **overrides,
    }


def petition(**overrides) -> dict:
    data = {
        "kind": "complaint",
        "title": "Khiếu nại quyết định thu hồi đất",
        "content": "Tôi không đồng ý với quyết định thu hồi đất số 12/QĐ-UBND vì mức bồi thường "
        "thấp hơn giá thị trường.",
        "anonymous": False,
        "petitioner": person(),
    }
    data.update(overrides)
    return data
