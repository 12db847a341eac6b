"""The dashboard as an Excel workbook: one sheet per table, numbers as numbers, text as text."""

from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from petitions import spreadsheets
from petitions.cases import labels

PERCENT_FORMAT = "0.00%"


def _sheet(book, title: str, headers: list[str], rows, percent_columns=()) -> None:
    """A table; the 1-based `percent_columns` hold rates (0.4286), shown as 42.86%."""
    sheet = book.create_sheet(title[:31])
    spreadsheets.append(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        spreadsheets.append(sheet, row)
        for column in percent_columns:
            sheet.cell(sheet.max_row, column).number_format = PERCENT_FORMAT
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = "A2"


def workbook(board, overdue, *, scope_title: str) -> BytesIO:
    book = Workbook()
    summary = book.active
    summary.title = _("Tổng hợp")[:31]
    filters = board.filters
    for row in (
        (_("Phạm vi"), scope_title),
        (_("Số liệu tính đến ngày"), filters.as_of),
        (_("Đang giải quyết"), board.totals.open),
        (_("Quá hạn"), board.totals.overdue),
        (_("Sắp đến hạn"), board.totals.due_soon),
        (_("Tồn đọng, kéo dài"), board.long_standing),
        (_("Đơn tái diễn"), board.repeated),
        (_("Phức tạp, dư luận quan tâm"), board.flagged),
        (_("Nhập lùi ngày"), board.backdated_total),
    ):
        spreadsheets.append(summary, row)
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 40
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
    stream = BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def cases_workbook(rows, *, title: str, scope_title: str, as_of) -> BytesIO:
    """The cases behind a dashboard number (the drill-down list) as a workbook: dates as
    dd/mm/yyyy dates, days as numbers."""
    book = Workbook()
    summary = book.active
    summary.title = _("Tổng hợp")[:31]
    for row in (
        (_("Danh sách"), str(title)),
        (_("Phạm vi"), scope_title),
        (_("Số liệu tính đến ngày"), as_of),
        (_("Số hồ sơ"), len(rows)),
    ):
        spreadsheets.append(summary, row)
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 50
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
    )
    stream = BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream
