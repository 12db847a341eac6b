"""The report workflow: draft, approve, send, return, accept; the consolidated report. The same
steps serve the annual report and the Q1, 6-month and 9-month reports of Circular 01/2024.

Each step writes the report's history and flushes; the caller commits.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from petitions.accounts.models import User
from petitions.audit.services import record
from petitions.database import utcnow
from petitions.domain.periods import PeriodError
from petitions.errors import Refused
from petitions.extensions import db
from petitions.reports import consolidation, schedule
from petitions.reports.access import can_approve, can_consolidate, can_draft, can_review
from petitions.reports.figures import figures_for, payload
from petitions.reports.lines import Line, get_line
from petitions.reports.models import EDITABLE_STATUSES, AnnualReport, ReportStatus, ReportStep
from petitions.reports.submissions import consolidation_root
from petitions.text import clean
from petitions.units.models import Unit

NARRATIVE_FIELDS = ("results", "limitations", "proposals")
MAX_NARRATIVE = 20000


def _step(
    report: AnnualReport, actor: User | None, action: str, before, today: date, comment: str = ""
) -> None:
    report.steps.append(
        ReportStep(
            at=utcnow(),
            day=today,
            actor_id=getattr(actor, "id", None),
            action=action,
            from_status=getattr(before, "value", before),
            to_status=report.status.value,
            comment=comment,
        )
    )
    record(
        actor,
        f"report.{action}",
        report,
        {
            "year": report.year,
            "period": report.period,
            "line": report.line,
            "status": report.status.value,
        },
    )


def _snapshot(report: AnnualReport, today: date) -> None:
    period = schedule.period_of(report)
    if report.consolidated:
        data = consolidation.snapshot(report, period, today)
    else:
        data = payload([report.unit], period, figures_for([report.unit], period, today=today))
    data["as_of"] = period.as_of(today).isoformat()
    report.statistics = data
    report.as_of = period.as_of(today)


def find_report(
    unit: Unit, year: int, line: str, *, consolidated: bool = False, period: str = schedule.ANNUAL
) -> AnnualReport | None:
    return db.session.scalar(
        select(AnnualReport).where(
            AnnualReport.unit_id == unit.id,
            AnnualReport.year == year,
            AnnualReport.line == line,
            AnnualReport.period == period,
            AnnualReport.consolidated.is_(consolidated),
        )
    )


def _period_code(definition: Line, period: str | None) -> str:
    try:
        return schedule.check_period(definition, period)
    except PeriodError:
        raise Refused(
            422,
            _("Tuyến báo cáo này không có kỳ báo cáo %(period)s.", period=period or ""),
            field="period",
        ) from None


def locked(report_id: int) -> AnnualReport | None:
    """The report, row-locked on PostgreSQL so two reviewers cannot both move it."""
    return db.session.scalar(
        select(AnnualReport)
        .where(AnnualReport.id == report_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def start_report(
    *,
    unit: Unit,
    year: int,
    line: str,
    actor: User,
    today: date,
    period: str | None = schedule.ANNUAL,
) -> AnnualReport:
    """Open the unit's draft for the year's period (or return the existing one), with fresh
    figures."""
    definition = get_line(line)
    if not definition.active:
        raise Refused(409, _("Tuyến báo cáo này đang tạm ngừng."))
    code = _period_code(definition, period)
    existing = find_report(unit, year, line, period=code)
    if existing is not None:
        return existing
    if not (actor.can("reports.draft") and actor.unit_id == unit.id):
        raise Refused(403, _("Chỉ cán bộ của đơn vị mới lập được báo cáo."))
    due_on = schedule.unit_due_on(definition, code, year)
    return _open_report(unit, year, line, code, False, due_on, actor, today)


def _open_report(
    unit: Unit,
    year: int,
    line: str,
    code: str,
    consolidated: bool,
    due_on: date,
    actor: User,
    today: date,
) -> AnnualReport:
    """A new draft for the reporting period, with its first figures and its first history step."""
    period = schedule.report_period(code, year)
    report = AnnualReport(
        unit=unit,
        year=year,
        line=line,
        period=code,
        consolidated=consolidated,
        status=ReportStatus.DRAFT,
        period_start=period.start,
        period_end=period.end,
        as_of=period.as_of(today),
        due_on=due_on,
        created_by_id=actor.id,
    )
    db.session.add(report)
    _snapshot(report, today)
    db.session.flush()
    _step(report, actor, "created", None, today)
    db.session.flush()
    return report


def _check_narrative(values: dict[str, str]) -> dict[str, str]:
    cleaned = {}
    for name in NARRATIVE_FIELDS:
        text = clean(values.get(name))
        if len(text) > MAX_NARRATIVE:
            raise Refused(
                422, _("Nội dung quá dài (tối đa %(n)d ký tự).", n=MAX_NARRATIVE), field=name
            )
        cleaned[name] = text
    return cleaned


def save_report(
    report: AnnualReport,
    *,
    actor: User,
    today: date,
    number: str = "",
    refresh: bool = False,
    **narrative: str,
) -> AnnualReport:
    """Save the narrative (and optionally refresh the figures) of a draft or returned report."""
    if not can_draft(actor, report):
        raise Refused(403, _("Bạn không có quyền sửa báo cáo này."))
    if report.status not in EDITABLE_STATUSES:
        raise Refused(
            409, _("Báo cáo đã duyệt hoặc đã gửi không thể sửa; hãy mở lại để chỉnh sửa.")
        )
    values = _check_narrative(narrative)
    number = clean(number)
    if len(number) > 60:
        raise Refused(422, _("Số báo cáo quá dài."), field="number")
    for name, value in values.items():
        setattr(report, name, value)
    report.number = number
    if refresh:
        _snapshot(report, today)
    _step(report, actor, "refreshed" if refresh else "saved", report.status, today)
    db.session.flush()
    return report


def refresh_report(report: AnnualReport, *, actor: User, today: date) -> AnnualReport:
    if not can_draft(actor, report):
        raise Refused(403, _("Bạn không có quyền sửa báo cáo này."))
    if report.status not in EDITABLE_STATUSES:
        raise Refused(409, _("Chỉ cập nhật số liệu khi báo cáo đang soạn."))
    _snapshot(report, today)
    _step(report, actor, "refreshed", report.status, today)
    db.session.flush()
    return report


def _check_ready(report: AnnualReport, *, not_editable: str, no_results: str) -> None:
    """What approving a unit's report and sending a consolidated one (its approval) both need:
    a draft or returned report whose results are written."""
    if report.status not in EDITABLE_STATUSES:
        raise Refused(409, not_editable)
    if not report.results.strip():
        raise Refused(422, no_results, field="results")


def _freeze(report: AnnualReport, actor: User, today: date) -> None:
    """Take the figures afresh and freeze them under the approver's name."""
    _snapshot(report, today)
    report.approved_by_id = actor.id
    report.approved_on = today


def approve_report(report: AnnualReport, *, actor: User, today: date) -> AnnualReport:
    """The head approves: the figures are taken afresh and frozen with the narrative."""
    if not can_approve(actor, report):
        raise Refused(403, _("Chỉ thủ trưởng đơn vị mới được duyệt báo cáo."))
    _check_ready(
        report,
        not_editable=_("Báo cáo này không ở trạng thái chờ duyệt."),
        no_results=_("Hãy viết phần kết quả đạt được trước khi duyệt."),
    )
    before = report.status
    _freeze(report, actor, today)
    report.status = ReportStatus.APPROVED
    _step(report, actor, "approved", before, today)
    db.session.flush()
    return report


def reopen_report(report: AnnualReport, *, actor: User, today: date) -> AnnualReport:
    """Withdraw an approval that has not been sent, to correct the draft."""
    if not (can_approve(actor, report) or (report.consolidated and can_draft(actor, report))):
        raise Refused(403, _("Bạn không có quyền mở lại báo cáo này."))
    if report.status != ReportStatus.APPROVED:
        raise Refused(409, _("Chỉ mở lại được báo cáo đã duyệt nhưng chưa gửi."))
    before = report.status
    report.status = ReportStatus.RETURNED if report.return_comment else ReportStatus.DRAFT
    report.approved_by_id = None
    report.approved_on = None
    _step(report, actor, "reopened", before, today)
    db.session.flush()
    return report


def submit_report(report: AnnualReport, *, actor: User, today: date) -> AnnualReport:
    """The head sends the approved report to the line's recipient; lateness is kept."""
    if report.consolidated:
        return finalize_consolidation(report, actor=actor, today=today)
    if not can_approve(actor, report):
        raise Refused(403, _("Chỉ thủ trưởng đơn vị mới được gửi báo cáo."))
    if report.status != ReportStatus.APPROVED:
        raise Refused(409, _("Báo cáo phải được thủ trưởng duyệt trước khi gửi."))
    before = report.status
    report.status = ReportStatus.SUBMITTED
    resubmission = report.submitted_on is not None
    if not resubmission:
        report.submitted_on = today
    report.last_submitted_on = today
    _step(report, actor, "resubmitted" if resubmission else "submitted", before, today)
    db.session.flush()
    return report


def return_report(report: AnnualReport, *, actor: User, today: date, comment: str) -> AnnualReport:
    """The recipient sends a report back for correction, saying what to correct."""
    if not can_review(actor, report):
        raise Refused(403, _("Bạn không có quyền trả lại báo cáo này."))
    if report.status not in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        raise Refused(409, _("Chỉ trả lại được báo cáo đã gửi."))
    comment = clean(comment)
    if not comment:
        raise Refused(422, _("Hãy ghi rõ nội dung cần chỉnh sửa."), field="comment")
    before = report.status
    report.status = ReportStatus.RETURNED
    report.return_comment = comment
    report.approved_by_id = None
    report.approved_on = None
    _step(report, actor, "returned", before, today, comment)
    db.session.flush()
    return report


def accept_report(report: AnnualReport, *, actor: User, today: date) -> AnnualReport:
    """The recipient acknowledges a submitted report as complete."""
    if not can_review(actor, report):
        raise Refused(403, _("Bạn không có quyền tiếp nhận báo cáo này."))
    if report.status != ReportStatus.SUBMITTED:
        raise Refused(409, _("Chỉ tiếp nhận được báo cáo đã gửi."))
    before = report.status
    report.status = ReportStatus.ACCEPTED
    _step(report, actor, "accepted", before, today)
    db.session.flush()
    return report


def start_consolidation(
    *, year: int, line: str, actor: User, today: date, period: str | None = schedule.ANNUAL
) -> AnnualReport:
    """Sở Nội vụ (or the line's recipient) opens the provincial report: the units' accepted
    submissions added up (consolidation.snapshot)."""
    definition = get_line(line)
    if not can_consolidate(actor, definition):
        raise Refused(403, _("Bạn không có quyền tổng hợp báo cáo của tuyến này."))
    code = _period_code(definition, period)
    root = consolidation_root(definition)
    existing = find_report(root, year, line, consolidated=True, period=code)
    if existing is not None:
        return existing
    due_on = schedule.consolidated_due_on(definition, code, year)
    return _open_report(root, year, line, code, True, due_on, actor, today)


def finalize_consolidation(report: AnnualReport, *, actor: User, today: date) -> AnnualReport:
    """Send the provincial report: the submissions added up one last time, then frozen."""
    if not report.consolidated or not can_draft(actor, report):
        raise Refused(403, _("Bạn không có quyền gửi báo cáo tổng hợp."))
    _check_ready(
        report,
        not_editable=_("Báo cáo tổng hợp đã được gửi."),
        no_results=_("Hãy viết phần kết quả đạt được trước khi gửi."),
    )
    before = report.status
    _freeze(report, actor, today)
    report.status = ReportStatus.SUBMITTED
    report.submitted_on = report.submitted_on or today
    report.last_submitted_on = today
    _step(report, actor, "submitted", before, today)
    db.session.flush()
    return report
