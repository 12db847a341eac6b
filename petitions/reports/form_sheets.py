"""One statistical form as an xlsx sheet in the circular's layout: the form's code and title, the
merged multi-level column headers, the row of column numbers as printed ("MS", "1=2+3", …),
then a row per unit and the total (Circular 01/2024/TT-TTCP, reports.form_specs)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from petitions import spreadsheets
from petitions.reports.cells import Cell, FormSpec

CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
FILL = PatternFill("solid", fgColor="EEF0F3")
TITLE_ROWS = 4  # code, title, period, unit; then a blank row


def header_paths(spec: FormSpec) -> list[tuple]:
    """Each printed column's labels from the outermost header down to its own."""
    return [(*cell.header, cell.label) for cell in spec.columns]


def header_grid(spec: FormSpec) -> tuple[int, list[list], list[str]]:
    """(depth, rows of header texts (None under a merged cell), merged ranges) for the
    columns of `spec` between "Đơn vị" (column A) and "Ghi chú" (the last)."""
    paths = header_paths(spec)
    depth = max(len(path) for path in paths)
    first_row = TITLE_ROWS + 2
    rows: list[list] = [[None] * (len(paths) + 2) for _level in range(depth)]
    merges: list[str] = []
    last = len(paths) + 2
    rows[0][0], rows[0][last - 1] = _("Đơn vị"), _("Ghi chú")
    if depth > 1:
        for column in (1, last):
            letter = get_column_letter(column)
            merges.append(f"{letter}{first_row}:{letter}{first_row + depth - 1}")
    for level in range(depth):
        index = 0
        while index < len(paths):
            path = paths[index]
            if level >= len(path):
                index += 1
                continue
            span = 1
            while (
                index + span < len(paths)
                and level < len(paths[index + span]) - 1
                and level < len(path) - 1
                and [str(p) for p in paths[index + span][: level + 1]]
                == [str(p) for p in path[: level + 1]]
            ):
                span += 1
            rows[level][index + 1] = str(path[level])
            row = first_row + level
            start, end = get_column_letter(index + 2), get_column_letter(index + 1 + span)
            leaf = level == len(path) - 1
            bottom = first_row + depth - 1 if leaf else row
            if span > 1 or bottom > row:
                merges.append(f"{start}{row}:{end}{bottom}")
            index += span
    return depth, rows, merges


def write_form_sheet(
    workbook: Workbook,
    spec: FormSpec,
    *,
    unit_name: str,
    period_text: str,
    rows: Sequence[tuple[str, dict]],
    total: dict | None,
    title: str,
) -> None:
    """The form `spec` as a sheet named `title`: a row per (unit name, values), then the total."""
    ws = workbook.create_sheet(title)
    columns = spec.columns
    ws.column_dimensions["A"].width = 28
    for index in range(len(columns)):
        ws.column_dimensions[get_column_letter(index + 2)].width = 12
    ws.column_dimensions[get_column_letter(len(columns) + 2)].width = 14

    def cell(value, *, bold=False, boxed=False, centre=False, fill=False):
        target = spreadsheets.cell(ws, value)
        if bold:
            target.font = BOLD
        if boxed:
            target.border = BOX
        if centre:
            target.alignment = CENTRE
        if fill:
            target.fill = FILL
        return target

    spreadsheets.append(ws, [cell(_("Biểu số: %(code)s", code=spec.code), bold=True)])
    spreadsheets.append(ws, [cell(str(spec.title).upper(), bold=True)])
    spreadsheets.append(ws, [cell(period_text)])
    spreadsheets.append(ws, [cell(_("Đơn vị báo cáo: %(unit)s", unit=unit_name))])
    spreadsheets.append(ws, [])
    depth, grid, merges = header_grid(spec)
    for texts in grid:
        spreadsheets.append(
            ws, [cell(text or "", bold=True, boxed=True, centre=True, fill=True) for text in texts]
        )
    numbering = ["MS", *(column.numbering for column in columns), str(len(columns) + 1)]
    spreadsheets.append(ws, [cell(text, bold=True, boxed=True, centre=True) for text in numbering])
    for name, values in rows:
        spreadsheets.append(
            ws, [cell(name, boxed=True), *_values(cell, columns, values), cell("", boxed=True)]
        )
    if total is not None:
        spreadsheets.append(
            ws,
            [
                cell(_("Tổng cộng"), bold=True, boxed=True),
                *_values(cell, columns, total, bold=True),
                cell("", boxed=True),
            ],
        )
    for merged in merges:
        ws.merged_cells.add(CellRange(merged))


def _values(cell, columns: Sequence[Cell], values: dict, *, bold: bool = False) -> list:
    # A figure an older snapshot lacks stays blank rather than reading as zero.
    return [cell(values.get(column.key, ""), bold=bold, boxed=True) for column in columns]
