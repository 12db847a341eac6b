"""Text typed by someone — a case title "=1+1" — stays text in every workbook we write."""

import ast
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

import petitions
from petitions import spreadsheets
from tests.factories import create_case, create_unit, create_user

FORMULAS = ["=1+1", '=HYPERLINK("http://evil.example","x")', "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]


def _saved(book: Workbook):
    stream = BytesIO()
    book.save(stream)
    stream.seek(0)
    return load_workbook(stream)


@pytest.mark.parametrize("write_only", [False, True])
def test_text_that_looks_like_a_formula_is_written_as_text(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s")
    for value in FORMULAS:
        spreadsheets.append(sheet, [value, 3, date(2026, 3, 2)])

    rows = list(_saved(book)["s"].iter_rows())

    for value, (text, number, day) in zip(FORMULAS, rows, strict=True):
        assert (text.data_type, text.value) == ("s", value)
        assert text.quotePrefix
        assert number.data_type == "n"
        assert day.is_date and day.number_format == "DD/MM/YYYY"


def test_characters_a_workbook_cannot_carry_are_dropped():
    book = Workbook()
    spreadsheets.put(book.active["A1"], "Tiêu\x00 đề\x07")

    assert _saved(book).active["A1"].value == "Tiêu đề"


def test_a_case_titled_like_a_formula_is_text_in_the_oversight_workbook(client, login):
    province = create_unit(code="P", name="Tỉnh thử nghiệm", level="province")
    create_case(unit=province, title="=1+1", received_on=date(2026, 1, 5))
    create_case(unit=province, title='=HYPERLINK("http://evil.example","x")')
    login(create_user(role="inspector", unit=province))

    response = client.get("/oversight/export.xlsx?as_of=2026-03-03")

    assert response.status_code == 200
    overdue = load_workbook(BytesIO(response.data))["Quá hạn"]
    titles = {row[1].value: row[1] for row in overdue.iter_rows(min_row=2)}
    assert "=1+1" in titles
    for cell in titles.values():
        assert cell.data_type != "f"
        assert cell.data_type == "s"


def _imports(path: Path) -> set[str]:
    """Every `from X import Y` of a module, as "X.Y"."""
    tree = ast.parse(path.read_text())
    return {
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def _uses_the_one_writer(path: Path) -> bool:
    return any(name.startswith("petitions.spreadsheets") for name in _imports(path))


PACKAGE = Path(petitions.__file__).parent
WORKBOOK_MODULES = sorted(
    str(path.relative_to(PACKAGE.parent))
    for path in PACKAGE.rglob("*.py")
    if path.name != "spreadsheets.py" and "openpyxl.Workbook" in _imports(path)
)


def test_the_product_writes_workbooks_in_more_than_one_place():
    assert len(WORKBOOK_MODULES) >= 3


@pytest.mark.parametrize(
    "module",
    WORKBOOK_MODULES,
)
def test_every_workbook_writes_its_cells_through_the_one_formula_safe_writer(module):
    assert _uses_the_one_writer(PACKAGE.parent / module)
