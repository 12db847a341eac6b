"""The reception log as printed rows and as an Excel workbook (Circular 04/2021, form 03)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from petitions import spreadsheets
from petitions.reception.labels import (
    classification_labels,
    ground_labels,
    kind_labels,
    route_labels,
)
from petitions.reception.models import Visit


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


@dataclass(frozen=True)
class _Labels:
    """Every label a log row needs, looked up once per log rather than once per row."""

    classification: dict
    route: dict
    ground: dict
    kind: dict
    first: str
    repeat: str
    delegated: str
    pending: str

    @classmethod
    def current(cls) -> "_Labels":
        return cls(
            classification={k: str(v) for k, v in classification_labels().items()},
            route={k: str(v) for k, v in route_labels().items()},
            ground={k: str(v) for k, v in ground_labels().items()},
            kind={k: str(v) for k, v in kind_labels().items()},
            first=_("Lần đầu"),
            repeat=_("Nhiều lần"),
            delegated=_("(ủy quyền)"),
            pending=_("Đang xử lý"),
        )


def _route_text(visit: Visit, labels: _Labels) -> str:
    if visit.route is None:
        return labels.pending
    text = labels.route[visit.route.value]
    if visit.forwarded_to:
        text += f": {visit.forwarded_to}"
    if visit.refusal_ground is not None:
        text += f" ({labels.ground[visit.refusal_ground.value]})"
        if visit.refusal_notice:
            text += " — " + _("Thông báo số %(number)s", number=visit.refusal_notice)
    return text


def _notes_text(visit: Visit, labels: _Labels) -> str:
    parts = []
    if visit.session is not None:
        session = visit.session
        parts.append(
            _(
                "%(kind)s của %(receiver)s",
                kind=labels.kind[session.kind.value],
                receiver=session.receiver_name,
            )
            + (" " + labels.delegated if session.delegated else "")
        )
    if visit.notes:
        parts.append(visit.notes)
    return "; ".join(parts)


def log_rows(visits: Iterable[Visit]) -> Iterator[LogRow]:
    """The log as printed and exported, row by row as the visits come: a denouncer's
    identity is never in it."""
    labels = _Labels.current()
    for visit in visits:
        yield LogRow(
            sequence=visit.sequence,
            visited_on=visit.visited_on,
            citizens=citizens_text(visit),
            content=visit.content,
            classification=labels.classification[visit.classification.value],
            people=visit.people,
            occasion=labels.first if visit.first_visit else labels.repeat,
            handled_by=visit.handled_by,
            route=_route_text(visit, labels),
            follow_up=visit.follow_up,
            notes=_notes_text(visit, labels),
        )


WIDTHS = (6, 12, 36, 48, 14, 9, 11, 24, 30, 30, 30)
HEADER_ROW = 5


def write_workbook(
    target: BinaryIO, rows: Iterable[LogRow], *, unit_name: str, start: date, end: date
) -> None:
    """Write the log into `target` as it reads `rows`: a write-only sheet keeps no row in
    memory, so a year of a province's log costs what one row does."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Sổ tiếp công dân")[:31])
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    title = spreadsheets.cell(sheet, _("SỔ TIẾP CÔNG DÂN"))
    title.font = Font(bold=True, size=14)
    spreadsheets.append(sheet, [title])
    spreadsheets.append(sheet, [unit_name])
    spreadsheets.append(
        sheet,
        [
            _(
                "Từ ngày %(start)s đến ngày %(end)s",
                start=start.strftime("%d/%m/%Y"),
                end=end.strftime("%d/%m/%Y"),
            )
        ],
    )
    spreadsheets.append(sheet, [])
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for label in headers():
        cell = spreadsheets.cell(sheet, label)
        cell.font = Font(bold=True)
        cell.alignment = wrap
        header.append(cell)
    spreadsheets.append(sheet, header)
    for row in rows:
        cells = []
        for value in (
            row.sequence,
            row.visited_on,
            row.citizens,
            row.content,
            row.classification,
            row.people,
            row.occasion,
            row.handled_by,
            row.route,
            row.follow_up,
            row.notes,
        ):
            cell = spreadsheets.cell(sheet, value)
            cell.alignment = wrap
            cells.append(cell)
        spreadsheets.append(sheet, cells)
    book.save(target)
