"""The dashboard as an Excel workbook: one sheet per table, numbers as numbers, text as text."""

from typing import BinaryIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from petitions import spreadsheets
from petitions.cases import labels

PERCENT_FORMAT = "0.00%"


def _sheet(book, title: str, headers: list[str], rows, percent_columns=(), widths=None) -> None:
    """A table on a write-only sheet; the 1-based `percent_columns` hold rates (0.4286),
    shown as 42.86%. Without `widths` the rows (a short table) are read first to size the
    columns; with them the rows are written as they come, however many."""
    sheet = book.create_sheet(title[:31])
    if widths is None:
        rows = list(rows)
        widths = [
            min(max(max((len(str(v or "")) for v in column), default=0) + 2, 10), 60)
            for column in zip(headers, *rows, strict=False)
        ]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for label in headers:
        cell = spreadsheets.cell(sheet, label)
        cell.font = Font(bold=True)
        header.append(cell)
    spreadsheets.append(sheet, header)
    for row in rows:
        cells = [spreadsheets.cell(sheet, value) for value in row]
        for column in percent_columns:
            cells[column - 1].number_format = PERCENT_FORMAT
        spreadsheets.append(sheet, cells)


def _summary(book, rows, widths=(32, 40)) -> None:
    summary = book.create_sheet(_("Tổng hợp")[:31])
    for column, width in enumerate(widths, start=1):
        summary.column_dimensions[get_column_letter(column)].width = width
    for row in rows:
        spreadsheets.append(summary, row)


# The overdue sheet is written as its rows come, so its columns are sized beforehand.
OVERDUE_WIDTHS = (16, 50, 10, 22, 18, 40, 12, 10, 10)


def write_workbook(target: BinaryIO, board, overdue, *, scope_title: str) -> None:
    """The dashboard into `target`; `overdue` (every overdue case, as they are read) is
    written row by row, so the workbook holds them all at a flat cost in memory."""
    book = Workbook(write_only=True)
    filters = board.filters
    _summary(
        book,
        (
            (_("Phạm vi"), scope_title),
            (_("Số liệu tính đến ngày"), filters.as_of),
            (_("Đang giải quyết"), board.totals.open),
            (_("Quá hạn"), board.totals.overdue),
            (_("Sắp đến hạn"), board.totals.due_soon),
            (_("Tồn đọng, kéo dài"), board.long_standing),
            (_("Đơn tái diễn"), board.repeated),
            (_("Phức tạp, dư luận quan tâm"), board.flagged),
            (_("Nhập lùi ngày"), board.backdated_total),
        ),
    )
    counts = [_("Đang giải quyết"), _("Quá hạn"), _("Sắp đến hạn")]
    _sheet(
        book,
        _("Theo đơn vị"),
        [_("Mã"), _("Đơn vị"), _("Cấp trong cây"), *counts],
        (
            (r.unit.code, r.unit.name, r.depth, r.counts.open, r.counts.overdue, r.counts.due_soon)
            for r in board.by_unit
        ),
    )
    _sheet(
        book,
        _("Theo loại đơn"),
        [_("Loại đơn"), *counts],
        ((labels.kind(k), c.open, c.overdue, c.due_soon) for k, c in board.by_kind.items()),
    )
    _sheet(
        book,
        _("Theo trạng thái"),
        [_("Trạng thái"), *counts],
        ((labels.status(s), c.open, c.overdue, c.due_soon) for s, c in board.by_status.items()),
    )
    _sheet(
        book,
        _("Quá hạn"),
        [
            _("Mã hồ sơ"),
            _("Trích yếu"),
            _("Đơn vị"),
            _("Loại đơn"),
            _("Trạng thái"),
            _("Thời hạn"),
            _("Hạn"),
            _("Số ngày quá hạn"),
            _("Số thời hạn đã quá"),
        ],
        (
            (
                i.tracking_code,
                i.title,
                i.unit_code,
                labels.kind(i.kind),
                labels.status(i.status),
                labels.rule_title(i.rule),
                i.due_on,
                i.days_overdue,
                i.overdue_deadlines,
            )
            for i in overdue
        ),
        widths=OVERDUE_WIDTHS,
    )
    _sheet(
        book,
        _("Xu hướng theo tháng"),
        [_("Tháng"), _("Tiếp nhận"), _("Đã giải quyết")],
        ((p.month.strftime("%m/%Y"), p.received, p.resolved) for p in board.trend),
    )
    _sheet(
        book,
        _("Tỷ lệ đúng hạn"),
        [
            _("Đơn vị"),
            _("Giải quyết đúng hạn"),
            _("Đã giải quyết"),
            _("Đang giải quyết đã quá hạn"),
            _("Tỷ lệ giải quyết đúng hạn"),
        ],
        (
            (r.unit.name, r.resolved_on_time, r.resolved, r.open_overdue, r.rate)
            for r in board.on_time
        ),
        percent_columns=(5,),
    )
    book.save(target)


CASES_WIDTHS = (16, 50, 22, 30, 12, 22, 12, 10)


def write_cases_workbook(
    target: BinaryIO, rows, *, count: int, title: str, scope_title: str, as_of
) -> None:
    """The cases behind a dashboard number (the drill-down list) into `target`: dates as
    dd/mm/yyyy dates, days as numbers; `rows` ((case, due_on), `count` of them, as they are
    read) written one by one."""
    book = Workbook(write_only=True)
    _summary(
        book,
        (
            (_("Danh sách"), str(title)),
            (_("Phạm vi"), scope_title),
            (_("Số liệu tính đến ngày"), as_of),
            (_("Số hồ sơ"), count),
        ),
        widths=(32, 50),
    )
    _sheet(
        book,
        _("Hồ sơ"),
        [
            _("Mã hồ sơ"),
            _("Trích yếu"),
            _("Loại đơn"),
            _("Đơn vị"),
            _("Ngày nhận"),
            _("Trạng thái hiện nay"),
            _("Hạn gần nhất"),
            _("Số ngày quá hạn"),
        ],
        (
            (
                case.tracking_code,
                case.title,
                labels.kind(case.kind),
                case.unit.name,
                case.received_on,
                labels.status(case.status),
                due_on,
                max((as_of - due_on).days, 0) if due_on else None,
            )
            for case, due_on in rows
        ),
        widths=CASES_WIDTHS,
    )
    book.save(target)
