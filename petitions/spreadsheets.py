"""The one cell writer of every workbook the product writes: text stays text, never a formula.

A case title, a citizen's name or a note is typed by someone; written as a plain value,
openpyxl stores "=HYPERLINK(...)" or "=1+1" as a formula that the spreadsheet evaluates.
Every cell goes through `cell()` (rows appended) or `put()` (a cell addressed on the sheet).
"""

import re
from collections.abc import Iterable
from datetime import date

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

# Characters XML 1.0 cannot carry; openpyxl (and python-docx) refuse them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A spreadsheet reads a cell starting with one of these as a formula (tab and CR lead
# spreadsheet software to strip them and read what follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"


def safe_text(value: str) -> str:
    return _ILLEGAL.sub("", value)


def put(cell: Cell, value) -> Cell:
    """Write `value` into `cell`: text as a string cell (quote-prefixed when it looks like a
    formula, so editing it in a spreadsheet keeps it text), dates as dd/mm/yyyy dates,
    numbers as numbers."""
    if isinstance(value, str):
        value = safe_text(value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
    return cell


def cell(sheet, value) -> Cell:
    """A cell holding `value` for `sheet.append`, in write-only and ordinary sheets alike."""
    return put(WriteOnlyCell(sheet), value)


def append(sheet, values: Iterable) -> None:
    """Append a row; values that are already cells (styled by the caller) go in as they are."""
    sheet.append([value if isinstance(value, Cell) else cell(sheet, value) for value in values])
