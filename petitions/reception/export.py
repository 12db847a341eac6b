"""The reception log as printed rows and as an Excel workbook (Circular 04/2021, form 03)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from petitions.reception.labels import (
    classification_labels,
    ground_labels,
    kind_labels,
    route_labels,
)
from petitions.reception.models import Visit
from petitions.spreadsheets import put


@dataclass(frozen=True)
class LogRow:
    sequence: int
    visited_on: date
    citizens: str
    content: str
    classification: str
    people: int
    occasion: str  # first visit or repeat
    handled_by: str
    route: str
    follow_up: str
    notes: str


def headers() -> list[str]:
    return [
        _("STT"),
        _("Ngày tiếp"),
        _("Họ tên, địa chỉ, số CMND/CCCD"),
        _("Nội dung vụ việc"),
        _("Phân loại"),
        _("Số người"),
        _("Lần tiếp"),
        _("Cơ quan đã giải quyết"),
        _("Hướng xử lý"),
        _("Theo dõi kết quả"),
        _("Ghi chú"),
    ]


def citizens_text(visit: Visit, people: list[dict] | None = None) -> str:
    """Who came, as the log writes it. A denouncer's identity appears only when `people`
    (from services.visit_identities, which records the view) is given."""
    if people is None:
        if visit.sealed:
            return _("Thông tin người tố cáo được giữ bí mật (Luật Tố cáo 2018, Điều 47).")
        people = [
            {"full_name": c.full_name, "address": c.address, "id_number": c.id_number}
            for c in visit.citizens
        ]
    texts = []
    for citizen in people:
        parts = [citizen["full_name"]]
        if citizen["address"]:
            parts.append(citizen["address"])
        if citizen["id_number"]:
            parts.append(_("CMND/CCCD %(number)s", number=citizen["id_number"]))
        texts.append(", ".join(parts))
    people = texts
    if visit.is_group:
        return _("Đoàn %(n)d người; đại diện: %(names)s", n=visit.people, names="; ".join(people))
    return "; ".join(people)


def _route_text(visit: Visit) -> str:
    if visit.route is None:
        return _("Đang xử lý")
    text = str(route_labels()[visit.route.value])
    if visit.forwarded_to:
        text += f": {visit.forwarded_to}"
    if visit.refusal_ground is not None:
        text += f" ({ground_labels()[visit.refusal_ground.value]})"
        if visit.refusal_notice:
            text += " — " + _("Thông báo số %(number)s", number=visit.refusal_notice)
    return text


def _notes_text(visit: Visit) -> str:
    parts = []
    if visit.session is not None:
        session = visit.session
        receiver = session.receiver_name
        parts.append(
            _(
                "%(kind)s của %(receiver)s",
                kind=kind_labels()[session.kind.value],
                receiver=receiver,
            )
            + (" " + _("(ủy quyền)") if session.delegated else "")
        )
    if visit.notes:
        parts.append(visit.notes)
    return "; ".join(parts)


def log_rows(visits: Iterable[Visit]) -> list[LogRow]:
    """The log as printed and exported: a denouncer's identity is never in it."""
    classes = classification_labels()
    return [
        LogRow(
            sequence=visit.sequence,
            visited_on=visit.visited_on,
            citizens=citizens_text(visit),
            content=visit.content,
            classification=str(classes[visit.classification.value]),
            people=visit.people,
            occasion=_("Lần đầu") if visit.first_visit else _("Nhiều lần"),
            handled_by=visit.handled_by,
            route=_route_text(visit),
            follow_up=visit.follow_up,
            notes=_notes_text(visit),
        )
        for visit in visits
    ]


def workbook(rows: list[LogRow], *, unit_name: str, start: date, end: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Sổ tiếp công dân")[:31]
    title = sheet.cell(row=1, column=1)
    put(title, _("SỔ TIẾP CÔNG DÂN"))
    title.font = Font(bold=True, size=14)
    put(sheet.cell(row=2, column=1), unit_name)
    put(
        sheet.cell(row=3, column=1),
        _(
            "Từ ngày %(start)s đến ngày %(end)s",
            start=start.strftime("%d/%m/%Y"),
            end=end.strftime("%d/%m/%Y"),
        ),
    )
    header_row = 5
    widths = (6, 12, 36, 48, 14, 9, 11, 24, 30, 30, 30)
    for column, (label, width) in enumerate(zip(headers(), widths, strict=True), start=1):
        cell = sheet.cell(row=header_row, column=column)
        put(cell, label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, row in enumerate(rows, start=1):
        r = header_row + offset
        sheet.cell(row=r, column=1, value=row.sequence)
        put(sheet.cell(row=r, column=2), row.visited_on)
        texts = (row.citizens, row.content, row.classification)
        for column, value in enumerate(texts, start=3):
            put(sheet.cell(row=r, column=column), value)
        sheet.cell(row=r, column=6, value=row.people)
        for column, value in enumerate(
            (row.occasion, row.handled_by, row.route, row.follow_up, row.notes), start=7
        ):
            put(sheet.cell(row=r, column=column), value)
        for column in range(1, 12):
            sheet.cell(row=r, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
