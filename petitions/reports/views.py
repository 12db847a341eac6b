"""Reports pages: statistics for any unit and period, the annual report workflow, consolidation,
exports and the public statistics page."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_percent
from flask_babel import gettext as _
from flask_login import current_user

from petitions.clock import today
from petitions.domain import dates, periods
from petitions.errors import Refused
from petitions.extensions import db
from petitions.permissions import public, requires
from petitions.reports import charts, consolidation, exports, official, schedule
from petitions.reports.access import (
    can_approve,
    can_consolidate,
    can_draft,
    can_read_report,
    can_review,
    default_scope,
    resolve_scope,
    scope_label,
    sees_everything,
    visible_units,
)
from petitions.reports.cells import FormSpec
from petitions.reports.figures import Figures, figures_for, public_rows
from petitions.reports.form_specs import FORMS, SUMMARY
from petitions.reports.forms import ActionForm, LineForm, NarrativeForm, ReturnForm, StartForm
from petitions.reports.lines import (
    HOME_AFFAIRS_LINE,
    annual_period,
    check_year,
    current_year,
    get_line,
    period_options,
    recipient_name,
    save_line,
)
from petitions.reports.lines import lines as report_lines
from petitions.reports.models import AnnualReport, ReportStatus
from petitions.reports.submissions import (
    consolidations,
    reports_for_unit,
    status_counts,
    submission_statuses,
)
from petitions.reports.workflow import (
    accept_report,
    approve_report,
    locked,
    refresh_report,
    reopen_report,
    return_report,
    save_report,
    start_consolidation,
    start_report,
    submit_report,
)
from petitions.units.services import get_by_code
from petitions.views_support import flash_refusal, show_refusal

bp = Blueprint("reports", __name__, url_prefix="/reports")

PARTS = ("", "Q1", "Q2", "Q3", "Q4", "H1", "9M", "H2", "custom")


@bp.app_template_global("report_title")
def report_title(report: AnnualReport) -> str:
    """ "Báo cáo quý I năm 2026", "Báo cáo tổng hợp 6 tháng năm 2026"..."""
    name = schedule.period_name(report.period)
    if report.consolidated:
        return _("Báo cáo tổng hợp %(period)s %(year)s", period=name, year=report.year)
    return _("Báo cáo %(period)s %(year)s", period=name, year=report.year)


@bp.app_template_global("period_name")
def period_name(code: str) -> str:
    return schedule.period_name(code)


@bp.app_template_filter("official")
def official_text(text) -> str:
    """A basis as official output prints it: no reference to the project's own files."""
    return official.official_text(text)


@bp.app_template_filter("percent")
def percent(value) -> str:
    """A rate as a percentage in the user's language; "—" when there is nothing to rate."""
    if value is None:
        return "—"
    return format_percent(value, format="#,##0.00%")


def status_labels() -> dict[str, str]:
    return {
        "missing": _("Chưa lập"),
        ReportStatus.DRAFT.value: _("Đang soạn"),
        ReportStatus.APPROVED.value: _("Đã duyệt, chưa gửi"),
        ReportStatus.SUBMITTED.value: _("Đã gửi"),
        ReportStatus.RETURNED.value: _("Bị trả lại"),
        ReportStatus.ACCEPTED.value: _("Đã tiếp nhận"),
    }


def step_labels() -> dict[str, str]:
    return {
        "created": _("Lập dự thảo"),
        "saved": _("Lưu nội dung"),
        "refreshed": _("Cập nhật số liệu"),
        "approved": _("Thủ trưởng duyệt"),
        "reopened": _("Mở lại để sửa"),
        "submitted": _("Gửi báo cáo"),
        "resubmitted": _("Gửi lại sau khi sửa"),
        "returned": _("Trả lại để chỉnh sửa"),
        "accepted": _("Tiếp nhận báo cáo"),
    }


def part_labels() -> dict[str, str]:
    return {
        "": _("Cả năm"),
        "Q1": _("Quý I"),
        "Q2": _("Quý II"),
        "Q3": _("Quý III"),
        "Q4": _("Quý IV"),
        "H1": _("6 tháng đầu năm"),
        "9M": _("9 tháng"),
        "H2": _("6 tháng cuối năm"),
        "custom": _("Khoảng thời gian khác"),
    }


def _chart(summary: dict) -> list[charts.Bar]:
    return charts.layout(exports.chart_items(summary), width=640, height=260)


def _forms(figures: Figures) -> list[tuple[FormSpec, dict]]:
    return [(SUMMARY, figures.summary)] + [
        (spec, figures.forms.get(spec.code, {})) for spec in FORMS
    ]


def _selection(day: date):
    """The units and period the query string asks for; bad input falls back with a message."""
    options = period_options()
    year_text = request.args.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
    if year_text and year is None:
        flash(_("Năm báo cáo phải là số từ 2000 đến 2100."), "error")
    year = year or current_year(day)
    part = request.args.get("part", "")
    part = part if part in PARTS else ""
    try:
        if part == "custom":
            start = dates.parse_day(request.args.get("from", ""))
            end = dates.parse_day(request.args.get("to", ""))
            period = periods.custom(start, end)
        elif part:
            period = periods.parse(f"{year}-{part}", **options)
        else:
            period = annual_period(year)
    except (ValueError, periods.PeriodError):
        flash(_("Khoảng thời gian không hợp lệ; hiển thị cả năm."), "error")
        part, period = "", annual_period(year)
    try:
        units = resolve_scope(current_user, request.args.get("unit") or None)
    except Refused as error:
        flash_refusal(error)
        units = default_scope(current_user)
    return units, period, {"year": year, "part": part}


def _query(units, period, selection) -> dict:
    args = {"unit": scope_label(units), "year": selection["year"]}
    if selection["part"]:
        args["part"] = selection["part"]
    if selection["part"] == "custom":
        args["from"], args["to"] = period.start.isoformat(), period.end.isoformat()
    return args


@bp.route("/")
@requires("reports.read")
def index():
    day = today()
    units, period, selection = _selection(day)
    figures = figures_for(units, period, today=day)
    year = selection["year"]
    own_reports = reports_for_unit(current_user.unit) if current_user.can("reports.draft") else []
    reviewable = [line for line in report_lines() if can_consolidate(current_user, line)]
    return render_template(
        "reports/index.html",
        units=units,
        unit_choices=visible_units(current_user),
        period=period,
        as_of=period.as_of(day),
        selection=selection,
        parts=part_labels(),
        figures=figures,
        forms=_forms(figures),
        bars=_chart(figures.summary),
        query=_query(units, period, selection),
        lines=[line for line in report_lines() if line.active],
        line_periods={line.code: schedule.line_periods(line) for line in report_lines()},
        line_names={line.code: line.name for line in report_lines()},
        own_reports=own_reports,
        reviewable=reviewable,
        year=year,
        start_form=StartForm(),
        statuses=status_labels(),
    )


@bp.route("/export")
@requires("reports.read")
def export():
    fmt = request.args.get("format", "xlsx")
    if fmt not in ("xlsx", "docx"):
        abort(404)
    day = today()
    units, period, _selection_args = _selection(day)
    doc = exports.live_document(units, period, today=day, by_unit=len(units) == 1)
    return exports.send(fmt, doc)


@bp.route("/print")
@requires("reports.read")
def print_view():
    day = today()
    units, period, _selection_args = _selection(day)
    doc = exports.live_document(units, period, today=day, by_unit=len(units) == 1)
    return _render_print(doc)


def _render_print(doc: exports.ReportDocument):
    head = official.report_header(doc.unit) if doc.unit is not None else None
    return render_template(
        "reports/print.html",
        doc=doc,
        head=head,
        number_line=official.number_line(doc.number, head.abbreviation if head else "BC"),
        sign=official.report_signature(doc.unit, doc.signer) if doc.unit is not None else None,
        title=exports.document_title(doc.period),
        place_date=exports.place_and_date(doc.dated),
        forms=_forms(doc.figures),
        bars=_chart(doc.figures.summary),
        narrative_titles=exports.NARRATIVE_TITLES,
        source_label=consolidation.source_label,
    )


# -- the annual report ----------------------------------------------------------------------------


def _report_or_404(report_id: int) -> AnnualReport:
    report = db.session.get(AnnualReport, report_id)
    if report is None or not can_read_report(current_user, report):
        abort(404)
    return report


@bp.route("/annual/start", methods=["POST"])
@requires("reports.draft")
def start():
    form = StartForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        year = check_year(form.year.data)
        report = start_report(
            unit=current_user.unit,
            year=year,
            line=form.line.data or "",
            actor=current_user,
            today=today(),
            period=form.period.data or schedule.ANNUAL,
        )
    except Refused as error:
        flash_refusal(error)
        return redirect(url_for("reports.index"))
    return redirect(url_for("reports.report", report_id=report.id))


@bp.route("/annual/<id:report_id>", methods=["GET", "POST"])
@requires("reports.read")
def report(report_id):
    report = _report_or_404(report_id)
    form = NarrativeForm(obj=report)
    can_edit = report.editable and can_draft(current_user, report)
    if request.method == "POST":
        if not can_edit:
            abort(403)
        if form.validate_on_submit():
            try:
                save_report(
                    report,
                    actor=current_user,
                    today=today(),
                    number=form.number.data or "",
                    refresh="refresh" in request.form,
                    results=form.results.data or "",
                    limitations=form.limitations.data or "",
                    proposals=form.proposals.data or "",
                )
            except Refused as error:
                flash_refusal(error)
            else:
                flash(_("Đã lưu báo cáo."), "success")
                return redirect(url_for("reports.report", report_id=report.id))
    return _render_report(report, form, can_edit)


def _render_report(
    report: AnnualReport, form: NarrativeForm, can_edit: bool, return_form: ReturnForm | None = None
):
    day = today()
    figures = exports.figures_from_json(report.statistics or {})
    line = get_line(report.line)
    units = [
        (row, exports.figures_from_json(row)) for row in (report.statistics or {}).get("units", [])
    ]
    statuses = checks = None
    differences = []
    if report.consolidated:
        statuses = submission_statuses(report.year, report.line, today=day, period=report.period)
        checks = consolidation.unit_checks(report)
    else:
        differences = consolidation.live_differences(report)
    return render_template(
        "reports/report.html",
        report=report,
        line=line,
        recipient=recipient_name(line),
        form=form,
        can_edit=can_edit,
        can_approve=can_approve(current_user, report),
        can_review=can_review(current_user, report),
        can_draft=can_draft(current_user, report),
        action_form=ActionForm(),
        return_form=return_form or ReturnForm(),
        figures=figures,
        forms=_forms(figures),
        bars=_chart(figures.summary),
        units=units,
        unit_statuses=statuses,
        unit_checks=checks,
        differences=differences,
        sources={code: str(label) for code, label in consolidation.SOURCE_LABELS.items()},
        days_late=report.days_late(day),
        statuses=status_labels(),
        steps=step_labels(),
    )


ACTIONS = {
    "approve": approve_report,
    "reopen": reopen_report,
    "submit": submit_report,
    "accept": accept_report,
    "refresh": refresh_report,
}
ACTION_MESSAGES = {
    "approve": lambda: _("Đã duyệt báo cáo. Số liệu đã được chốt."),
    "reopen": lambda: _("Đã mở lại báo cáo để chỉnh sửa."),
    "submit": lambda: _("Đã gửi báo cáo."),
    "accept": lambda: _("Đã tiếp nhận báo cáo."),
    "refresh": lambda: _("Đã cập nhật số liệu."),
    "return": lambda: _("Đã trả lại báo cáo để đơn vị chỉnh sửa."),
}


@bp.route("/annual/<id:report_id>/<action>", methods=["POST"])
@requires("reports.read")
def act(report_id, action):
    if action not in ACTIONS and action != "return":
        abort(404)
    _report_or_404(report_id)
    report = locked(report_id)
    day = today()
    try:
        if action == "return":
            return_form = ReturnForm()
            if not return_form.validate_on_submit():
                if not ActionForm().validate_on_submit():
                    abort(400)
                form = NarrativeForm(obj=report)
                return _render_report(report, form, False, return_form), 422
            return_report(report, actor=current_user, today=day, comment=return_form.comment.data)
        else:
            if not ActionForm().validate_on_submit():
                abort(400)
            ACTIONS[action](report, actor=current_user, today=day)
    except Refused as error:
        if error.status == 403:
            abort(403)
        flash_refusal(error)
        return redirect(url_for("reports.report", report_id=report_id))
    flash(ACTION_MESSAGES[action](), "success")
    return redirect(url_for("reports.report", report_id=report_id))


@bp.route("/annual/<id:report_id>/export.<fmt>")
@requires("reports.read")
def report_export(report_id, fmt):
    if fmt not in ("xlsx", "docx"):
        abort(404)
    report = _report_or_404(report_id)
    return exports.send(fmt, exports.report_document(report, today=today()))


@bp.route("/annual/<id:report_id>/print")
@requires("reports.read")
def report_print(report_id):
    report = _report_or_404(report_id)
    return _render_print(exports.report_document(report, today=today()))


# -- the recipient: statuses and consolidation ----------------------------------------------------


@bp.route("/submissions")
@requires("reports.read")
def submissions():
    day = today()
    year_text = request.args.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
    year = year or current_year(day)
    try:
        line = get_line(request.args.get("line") or HOME_AFFAIRS_LINE)
    except Refused:
        abort(404)
    if not (sees_everything(current_user) or can_consolidate(current_user, line)):
        abort(403)
    period = request.args.get("period") or schedule.ANNUAL
    if period not in schedule.line_periods(line):
        period = schedule.ANNUAL
    rows = submission_statuses(year, line.code, today=day, period=period)
    return render_template(
        "reports/submissions.html",
        year=year,
        line=line,
        recipient=recipient_name(line),
        lines=report_lines(),
        rows=rows,
        counts=status_counts(rows),
        statuses=status_labels(),
        consolidated=consolidations(year, period).get(line.code),
        can_consolidate=can_consolidate(current_user, line),
        start_form=StartForm(),
        period=period,
        periods=schedule.line_periods(line),
        due_on=schedule.unit_due_on(line, period, year),
        consolidated_due=schedule.consolidated_due_on(line, period, year),
    )


@bp.route("/consolidated/start", methods=["POST"])
@requires("reports.consolidate")
def consolidate():
    form = StartForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        year = check_year(form.year.data)
        report = start_consolidation(
            year=year,
            line=form.line.data or "",
            actor=current_user,
            today=today(),
            period=form.period.data or schedule.ANNUAL,
        )
    except Refused as error:
        if error.status == 403:
            abort(403)
        flash_refusal(error)
        return redirect(url_for("reports.submissions"))
    return redirect(url_for("reports.report", report_id=report.id))


# -- configuration --------------------------------------------------------------------------------


@bp.route("/lines", methods=["GET", "POST"])
@requires("reports.configure")
def lines():
    code = request.args.get("line") or HOME_AFFAIRS_LINE
    try:
        line = get_line(code)
    except Refused:
        abort(404)
    form = LineForm(
        data=None
        if request.method == "POST"
        else {
            "name": line.name,
            "recipient": line.recipient,
            "reviewer_role": line.reviewer_role,
            "unit_due": line.unit_due,
            "consolidated_due": line.consolidated_due,
            "levels": list(line.levels),
            "active": line.active,
        }
    )
    if form.validate_on_submit():
        try:
            save_line(
                code,
                name=form.name.data,
                recipient=form.recipient.data,
                reviewer_role=form.reviewer_role.data,
                unit_due=form.unit_due.data,
                consolidated_due=form.consolidated_due.data,
                levels=form.levels.data or [],
                active=form.active.data,
                actor=current_user,
            )
        except Refused as error:
            show_refusal(form, error, "name")
        else:
            flash(_("Đã lưu cấu hình tuyến báo cáo."), "success")
            return redirect(url_for("reports.lines", line=code))
    return render_template(
        "reports/lines.html",
        form=form,
        line=line,
        lines=report_lines(),
        period=period_options(),
    )


# -- public ---------------------------------------------------------------------------------------


@bp.route("/public")
@public
def public_statistics():
    """Access to information: received, resolved and on-time rate per unit; no personal data."""
    day = today()
    current = current_year(day)
    year_text = request.args.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= current else current
    code = request.args.get("unit")
    unit = get_by_code(code) if code else None
    if code and unit is None:
        abort(404)
    parent, rows = public_rows(year, unit, today=day)
    period = annual_period(year)
    top = max([row["received"] for row in rows if not row["total"]] or [0])
    return render_template(
        "reports/public.html",
        year=year,
        years=list(range(current, max(current - 5, 1999), -1)),
        parent=parent,
        rows=rows,
        period=period,
        as_of=period.as_of(day),
        top=max(top, 1),
    )
