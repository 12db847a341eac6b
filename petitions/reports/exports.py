"""Report exports: xlsx (streamed, write-only), docx in the official layout, data for print.

Every export is built from a ReportDocument, whether the figures are live (a unit and a
period) or the frozen snapshot of a submitted report. Figures are aggregates, so their size
does not grow with the number of cases; the one per-case sheet (overdue cases, no personal
data) is streamed from the database in batches into a write-only workbook.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from sqlalchemy import func, select

from petitions import spreadsheets
from petitions.cases import labels as case_labels
from petitions.cases.models import CaseDeadline
from petitions.domain import workflow
from petitions.domain.periods import Period
from petitions.extensions import db
from petitions.reports import charts, official, schedule
from petitions.reports.access import scope_label
from petitions.reports.cells import Facts, FormSpec
from petitions.reports.consolidation import figures_from_json, source_label
from petitions.reports.counting import facts_subquery, query_params, scope_cte
from petitions.reports.figures import Figures, figures_by_unit, figures_for, total_of
from petitions.reports.form_sheets import write_form_sheet
from petitions.reports.form_specs import FORMS, SUMMARY, SUMMARY_COUNTS
from petitions.reports.lines import get_line, recipient_name
from petitions.units.models import Unit

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LISTING_BATCH = 500

STATUS_LABELS = {
    "received": _l("Mới tiếp nhận"),
    "accepted": _l("Đã thụ lý"),
    "verifying": _l("Đang xác minh"),
    "suspended": _l("Tạm đình chỉ"),
    "concluded": _l("Đã có kết quả"),
}
NARRATIVE_TITLES = (
    ("results", _l("Kết quả đạt được")),
    ("limitations", _l("Hạn chế, nguyên nhân")),
    ("proposals", _l("Đề xuất, kiến nghị")),
)
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF0F3")


@dataclass
class UnitRow:
    code: str
    name: str
    figures: Figures
    # A consolidated report's row: where its figures come from (consolidation.SUBMISSION...)
    # and when the unit sent its report.
    source: str = ""
    submitted_on: date | None = None


@dataclass
class ReportDocument:
    """Everything an export prints, detached from the request."""

    title: str
    unit_code: str
    unit_name: str
    parent_name: str
    period: Period
    as_of: date
    figures: Figures
    dated: date
    number: str = ""
    narrative: dict[str, str] = field(default_factory=dict)
    by_unit: list[UnitRow] = field(default_factory=list)
    recipient: str = ""
    signer: str = ""
    status: str = ""
    # Units whose overdue cases are listed (live exports); empty for none.
    root_ids: list[int] = field(default_factory=list)
    # The issuing unit (None for several units together): its header and signature block.
    unit: Unit | None = None

    @property
    def filename(self) -> str:
        safe = re.sub(r"[^A-Za-z0-9_-]+", "-", self.unit_code).strip("-") or "report"
        return f"bao-cao-{safe}-{self.period.key.replace('..', '_')}"


def chart_items(summary: dict) -> list[tuple[str, int]]:
    labels = {cell.key: str(cell.label) for cell in SUMMARY.cells}
    return [(labels[key], int(summary.get(key) or 0)) for key in SUMMARY_COUNTS]


# -- xlsx -----------------------------------------------------------------------------------------


class _Sheet:
    """A write-only sheet with typed cells: numbers stay numbers, dates dates, text text."""

    def __init__(self, workbook: Workbook, title: str, widths: Sequence[int]):
        self.ws = workbook.create_sheet(title)
        for index, width in enumerate(widths):
            self.ws.column_dimensions[chr(ord("A") + index)].width = width
        self.rows = 0

    def cell(self, value, *, bold: bool = False, percent: bool = False, wrap: bool = False):
        cell = spreadsheets.cell(self.ws, value)
        if wrap and isinstance(value, str):
            cell.alignment = WRAP
        if percent and not isinstance(value, str | date):
            cell.number_format = "0.00%"
        if bold:
            cell.font = BOLD
        return cell

    def header(self, values: Sequence[str]):
        cells = []
        for value in values:
            cell = self.cell(value, bold=True)
            cell.fill = HEADER_FILL
            cells.append(cell)
        self.append(cells)

    def append(self, values: Sequence) -> int:
        spreadsheets.append(self.ws, values)
        self.rows += 1
        return self.rows


def _heading(sheet: _Sheet, doc: ReportDocument, title: str) -> None:
    sheet.append([sheet.cell(title, bold=True)])
    sheet.append([_("Đơn vị"), f"{doc.unit_name} ({doc.unit_code})"])
    sheet.append([_("Kỳ báo cáo"), doc.period.start, doc.period.end])
    sheet.append([_("Số liệu tính đến ngày"), doc.as_of])
    sheet.append([])


def _form_sheet(
    workbook: Workbook, spec: FormSpec, values: dict, doc: ReportDocument, title: str
) -> _Sheet:
    sheet = _Sheet(workbook, title, (6, 60, 14, 40))
    _heading(sheet, doc, f"{spec.code if spec.code != 'summary' else ''} {spec.title}".strip())
    sheet.header([_("STT"), _("Chỉ tiêu"), _("Số liệu"), _("Căn cứ")])
    for index, cell in enumerate(spec.cells, start=1):
        label = ("    " * cell.level) + str(cell.label)
        value = values.get(cell.key)
        reference = official.official_text(cell.reference)
        sheet.append([index, label, sheet.cell(value, percent=cell.rate), reference])
    return sheet


def _summary_chart(sheet: _Sheet, first_row: int) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = _("Kết quả tiếp nhận và giải quyết")
    chart.legend = None
    chart.y_axis.title = _("Số vụ việc")
    last_row = first_row + len(SUMMARY_COUNTS) - 1
    data = Reference(sheet.ws, min_col=3, min_row=first_row, max_row=last_row)
    categories = Reference(sheet.ws, min_col=2, min_row=first_row, max_row=last_row)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(categories)
    chart.width, chart.height = 18, 9
    return chart


def _unit_sheet(workbook: Workbook, doc: ReportDocument) -> None:
    keys = [cell.key for cell in SUMMARY.cells]
    sheet = _Sheet(workbook, _("Theo đơn vị"), (14, 40, *(14 for _k in keys)))
    _heading(sheet, doc, _("Tổng hợp theo đơn vị"))
    sourced = any(row.source for row in doc.by_unit)
    provenance = [_("Nguồn số liệu"), _("Ngày gửi báo cáo")] if sourced else []
    sheet.header(
        [_("Mã đơn vị"), _("Tên đơn vị"), *(str(c.label) for c in SUMMARY.cells), *provenance]
    )
    first = sheet.rows + 1
    for row in doc.by_unit:
        origin = [source_label(row.source), row.submitted_on or ""] if sourced else []
        sheet.append(
            [
                row.code,
                row.name,
                *(
                    sheet.cell(row.figures.summary.get(c.key), percent=c.rate)
                    for c in SUMMARY.cells
                ),
                *origin,
            ]
        )
    last = sheet.rows
    total = doc.figures.summary
    sheet.append(
        [
            sheet.cell(_("Tổng cộng"), bold=True),
            "",
            *(sheet.cell(total.get(c.key), percent=c.rate, bold=True) for c in SUMMARY.cells),
        ]
    )
    if doc.by_unit:
        chart = BarChart()
        chart.type = "bar"
        chart.title = _("Tiếp nhận và giải quyết theo đơn vị")
        chart.add_data(
            Reference(sheet.ws, min_col=3, max_col=3, min_row=first - 1, max_row=last),
            titles_from_data=True,
        )
        chart.add_data(
            Reference(sheet.ws, min_col=5, max_col=5, min_row=first - 1, max_row=last),
            titles_from_data=True,
        )
        chart.set_categories(Reference(sheet.ws, min_col=1, min_row=first, max_row=last))
        chart.width, chart.height = 20, max(8, len(doc.by_unit) * 0.6)
        sheet.ws.add_chart(chart, f"B{last + 3}")


def overdue_rows(root_ids: Sequence[int], period: Period, as_of: date) -> Iterator[tuple]:
    """Open cases past a deadline on the as-of day, streamed in batches; no personal data."""
    facts = facts_subquery(scope_cte())
    f = Facts(facts)
    earliest = (
        select(func.min(CaseDeadline.due_on))
        .where(
            CaseDeadline.case_id == facts.c.id,
            CaseDeadline.cancelled.is_(False),
            CaseDeadline.suspended_on.is_(None),
            CaseDeadline.rule.not_in(workflow.PASSIVE_RULES),
            CaseDeadline.due_on < f.as_of,
            (CaseDeadline.met_on.is_(None)) | (CaseDeadline.met_on > f.as_of),
        )
        .scalar_subquery()
        .label("due")
    )
    query = (
        select(
            facts.c.tracking_code,
            Unit.code,
            facts.c.kind,
            facts.c.status,
            facts.c.received_on,
            earliest,
        )
        .select_from(facts)
        .join(Unit, Unit.id == facts.c.unit_id)
        .where(f.overdue)
        .order_by(earliest, facts.c.id)
        .execution_options(yield_per=LISTING_BATCH)
    )
    yield from db.session.execute(query, query_params(root_ids, period, as_of))


def _listing_sheet(workbook: Workbook, doc: ReportDocument) -> None:
    sheet = _Sheet(workbook, _("Vụ việc quá hạn"), (14, 14, 16, 18, 14, 14, 10))
    _heading(sheet, doc, _("Vụ việc đang giải quyết đã quá hạn"))
    sheet.header(
        [
            _("Mã hồ sơ"),
            _("Đơn vị"),
            _("Loại đơn"),
            _("Trạng thái"),
            _("Ngày tiếp nhận"),
            _("Hạn xử lý"),
            _("Số ngày quá hạn"),
        ]
    )
    kinds = {key: str(label) for key, label in case_labels.KIND.items()}
    statuses = {key: str(label) for key, label in STATUS_LABELS.items()}
    for code, unit_code, kind, status, received_on, due_on in overdue_rows(
        doc.root_ids, doc.period, doc.as_of
    ):
        kind, status = getattr(kind, "value", kind), getattr(status, "value", status)
        sheet.append(
            [
                code,
                unit_code,
                kinds.get(kind, kind),
                statuses.get(status, status),
                received_on,
                due_on,
                (doc.as_of - due_on).days,
            ]
        )


def form_sheet(workbook: Workbook, spec: FormSpec, doc: ReportDocument) -> None:
    """A form in the circular's layout (reports.form_sheets): a row per unit when the report
    has them, then the total; else the one row of the report's unit."""
    values = doc.figures.forms.get(spec.code, {})
    if doc.by_unit:
        rows = [(row.name, row.figures.forms.get(spec.code, {})) for row in doc.by_unit]
        total = values
    else:
        rows, total = [(doc.unit_name, values)], None
    period_text = _(
        "Số liệu tính từ ngày %(start)s đến ngày %(end)s",
        start=doc.period.start.strftime("%d/%m/%Y"),
        end=min(doc.period.end, doc.as_of).strftime("%d/%m/%Y"),
    )
    write_form_sheet(
        workbook,
        spec,
        unit_name=doc.unit_name,
        period_text=period_text,
        rows=rows,
        total=total,
        title=spec.code.replace("/", "-"),
    )


def write_xlsx(doc: ReportDocument, target) -> None:
    """Write the workbook to a path or binary file: a sheet per form, the summary with a
    chart, by unit when consolidated, the narrative, and the overdue cases."""
    workbook = Workbook(write_only=True)
    summary = _form_sheet(workbook, SUMMARY, doc.figures.summary, doc, _("Tổng hợp"))
    summary.ws.add_chart(_summary_chart(summary, first_row=7), "G2")
    for spec in FORMS:
        form_sheet(workbook, spec, doc)
    if doc.by_unit:
        _unit_sheet(workbook, doc)
    if any(doc.narrative.get(key) for key, _title in NARRATIVE_TITLES):
        sheet = _Sheet(workbook, _("Thuyết minh"), (30, 100))
        _heading(sheet, doc, doc.title)
        for key, title in NARRATIVE_TITLES:
            sheet.append(
                [
                    sheet.cell(str(title), bold=True),
                    sheet.cell(doc.narrative.get(key, ""), wrap=True),
                ]
            )
    if doc.root_ids:
        _listing_sheet(workbook, doc)
    workbook.save(target)


def xlsx_bytes(doc: ReportDocument) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(doc, buffer)
    return buffer.getvalue()


# -- docx -----------------------------------------------------------------------------------------


def place_and_date(day: date) -> str:
    place = current_app.config["REPORT_PLACE"] or current_app.config["PROVINCE_NAME"]
    return official.place_and_date(place, day)


def write_docx(doc: ReportDocument, target) -> None:
    """The report as an official document (Decree 30/2020/NĐ-CP layout, reports.official):
    the narrative in its sections, the summary and chart, the forms attached."""
    png = charts.bar_chart_png(chart_items(doc.figures.summary))
    official.write_docx(
        doc,
        target,
        summary_spec=SUMMARY,
        form_specs=FORMS,
        chart_png=png,
        source_label=source_label,
    )


def send(fmt: str, doc: ReportDocument):
    """A download response for the document, written to a temporary file on disk and streamed
    from it in chunks, so that memory does not grow with the export."""
    import tempfile

    from flask import Response
    from werkzeug.http import quote_header_value

    writer, mimetype = {"xlsx": (write_xlsx, XLSX_MIMETYPE), "docx": (write_docx, DOCX_MIMETYPE)}[
        fmt
    ]
    # Closed by the generator below (also when the client goes away), not by a with-block.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        writer(doc, handle)
        size = handle.tell()
        handle.seek(0)
    except BaseException:
        handle.close()
        raise

    def chunks():
        try:
            while block := handle.read(64 * 1024):
                yield block
        finally:
            handle.close()

    name = f"{doc.filename}.{fmt}"
    response = Response(chunks(), mimetype=mimetype, direct_passthrough=True)
    response.headers["Content-Length"] = str(size)
    response.headers["Content-Disposition"] = f"attachment; filename={quote_header_value(name)}"
    return response


def docx_bytes(doc: ReportDocument) -> bytes:
    buffer = io.BytesIO()
    write_docx(doc, buffer)
    return buffer.getvalue()


# -- building the document ------------------------------------------------------------------------


def live_document(
    units: Sequence[Unit],
    period: Period,
    *,
    today: date,
    narrative_from=None,
    by_unit: bool = False,
) -> ReportDocument:
    """Figures computed now for the units (with their sub-units); the narrative of a report
    when one is given."""
    if by_unit and len(units) == 1:
        groups = figures_by_unit(units[0], period, today=today)
        figures = total_of(group.figures for group in groups)
        rows = [UnitRow(g.unit.code, g.unit.name, g.figures) for g in groups]
    else:
        figures = figures_for(units, period, today=today)
        rows = []
    single = units[0] if len(units) == 1 else None
    report = narrative_from
    return ReportDocument(
        title=document_title(period),
        unit_code=scope_label(units),
        unit_name=single.name if single else ", ".join(unit.name for unit in units),
        parent_name=single.parent.name if single and single.parent else "",
        period=period,
        as_of=period.as_of(today),
        figures=figures,
        dated=today,
        number=report.number if report else "",
        narrative=_narrative(report),
        by_unit=rows,
        root_ids=[unit.id for unit in units],
        unit=single,
    )


def report_document(report, *, today: date) -> ReportDocument:
    """The frozen snapshot and narrative of an annual report, as it was approved or sent."""
    data = report.statistics or {}
    period = schedule.period_of(report)
    line = get_line(report.line)
    rows = [
        UnitRow(
            row["unit"],
            row.get("name", row["unit"]),
            figures_from_json(row),
            row.get("source", ""),
            date.fromisoformat(row["submitted_on"]) if row.get("submitted_on") else None,
        )
        for row in data.get("units", [])
    ]
    return ReportDocument(
        title=document_title(period),
        unit_code=report.unit.code,
        unit_name=report.unit.name,
        parent_name=report.unit.parent.name if report.unit.parent else "",
        period=period,
        as_of=report.as_of,
        figures=figures_from_json(data),
        dated=report.last_submitted_on or report.approved_on or today,
        number=report.number,
        narrative=_narrative(report),
        by_unit=rows,
        recipient=(
            schedule.consolidated_recipient(line) if report.consolidated else recipient_name(line)
        ),
        signer=report.approved_by.display_name if report.approved_by else "",
        status=report.status.value,
        unit=report.unit,
    )


def document_title(period: Period) -> str:
    return official.document_title(period)


def _narrative(report) -> dict[str, str]:
    if report is None:
        return {}
    return {key: getattr(report, key) or "" for key, _title in NARRATIVE_TITLES}
