"""Reporting: statistics for a scope and period, the annual report workflow, consolidation."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from petitions.accounts.models import User
from petitions.audit.services import record
from petitions.database import utcnow
from petitions.domain import periods
from petitions.domain.periods import Period, PeriodError
from petitions.errors import Refused
from petitions.extensions import db
from petitions.permissions import Role
from petitions.reception.statistics import reception_statistics
from petitions.reports import statistics as stats
from petitions.reports.models import (
    EDITABLE_STATUSES,
    AnnualReport,
    ReportLine,
    ReportStatus,
    ReportStep,
)
from petitions.text import clean
from petitions.units.models import Unit, UnitLevel
from petitions.units.services import get_by_code, subtree_ids, tree_rows

log = logging.getLogger(__name__)

HOME_AFFAIRS_LINE = "home_affairs"
INSPECTION_LINE = "inspection"
NARRATIVE_FIELDS = ("results", "limitations", "proposals")
MAX_NARRATIVE = 20000

# Recipients and due dates: these defaults, overridden by the REPORT_RECIPIENTS setting
# (instance/config.py) and then by the rows admins save in report_lines. Plan 09/KH-UBND: units to Sở Nội vụ by 30 November,
# Sở Nội vụ consolidates by 10 December. The inspection line's dates are "verify".
DEFAULT_LINES: dict[str, dict[str, Any]] = {
    HOME_AFFAIRS_LINE: {
        "recipient": "HG-SNV",
        "reviewer_role": "home_affairs",
        "unit_due": "11-30",
        "consolidated_due": "12-10",
        "levels": ("department", "district"),
    },
    INSPECTION_LINE: {
        "recipient": "HG-TTT",
        "reviewer_role": "inspector",
        "unit_due": "12-16",
        "consolidated_due": "12-20",
        "levels": ("department", "district"),
    },
}
LINE_NAMES = {
    HOME_AFFAIRS_LINE: _l(
        "Báo cáo kết quả công tác tiếp công dân, giải quyết đơn thư gửi Sở Nội vụ"
    ),
    INSPECTION_LINE: _l(
        "Báo cáo thống kê công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, "
        "tố cáo gửi Thanh tra tỉnh"
    ),
}


# -- configuration --------------------------------------------------------------------------------


def period_options() -> dict[str, int]:
    """The reporting year's first day from REPORT_PERIOD_START ("MM-DD", default 12-15)."""
    raw = str(current_app.config["REPORT_PERIOD_START"])
    try:
        month, day = (int(part) for part in raw.split("-"))
    except ValueError:
        log.warning("REPORT_PERIOD_START %r is not MM-DD; using 12-15", raw)
        month, day = periods.DEFAULT_START_MONTH, periods.DEFAULT_START_DAY
    return {"start_month": month, "start_day": day}


def annual_period(year: int) -> Period:
    return periods.annual(year, **period_options())


def parse_period(text: str) -> Period:
    return periods.parse(text, **period_options())


def current_year(today: date) -> int:
    return periods.reporting_year(today, **period_options())


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    recipient: str
    reviewer_role: str
    unit_due: str
    consolidated_due: str
    levels: tuple[str, ...]
    active: bool = True

    def unit_due_on(self, year: int) -> date:
        return _month_day(year, self.unit_due)

    def consolidated_due_on(self, year: int) -> date:
        return _month_day(year, self.consolidated_due)


def _month_day(year: int, text: str) -> date:
    month, day = (int(part) for part in text.split("-"))
    return date(year, month, day)


def recipient_name(line: Line) -> str:
    """The receiving unit's name, or its code when no such unit exists (yet)."""
    unit = get_by_code(line.recipient) if line.recipient else None
    return unit.name if unit is not None else line.recipient


def valid_month_day(text: str) -> bool:
    try:
        _month_day(2024, text)  # a leap year, so 02-29 is accepted
    except (ValueError, TypeError):
        return False
    return len(text) == 5


def lines() -> list[Line]:
    """The report lines: code defaults, then REPORT_RECIPIENTS, then the admin's overrides."""
    configured = {code: dict(values) for code, values in DEFAULT_LINES.items()}
    for code, values in current_app.config["REPORT_RECIPIENTS"].items():
        configured.setdefault(code, {}).update(values)
    overrides = {row.code: row for row in db.session.scalars(select(ReportLine))}
    result = []
    for code, values in configured.items():
        row = overrides.get(code)
        name = values.get("name") or str(LINE_NAMES.get(code, code))
        line = Line(
            code=code,
            name=row.name if row else name,
            recipient=row.recipient_code if row else values.get("recipient", ""),
            reviewer_role=row.reviewer_role if row else values.get("reviewer_role", "home_affairs"),
            unit_due=row.unit_due if row else values.get("unit_due", "11-30"),
            consolidated_due=row.consolidated_due
            if row
            else values.get("consolidated_due", "12-10"),
            levels=tuple(row.levels.split(",")) if row else tuple(values.get("levels", ())),
            active=row.active if row else values.get("active", True),
        )
        result.append(line)
    return result


def get_line(code: str) -> Line:
    for line in lines():
        if line.code == code:
            return line
    raise Refused(404, _("Không có tuyến báo cáo %(code)s.", code=code))


def save_line(
    code: str,
    *,
    name: str,
    recipient: str,
    reviewer_role: str,
    unit_due: str,
    consolidated_due: str,
    levels: Sequence[str],
    active: bool,
    actor: User | None,
) -> ReportLine:
    """An admin changes a line's recipient, due dates or the levels that must report."""
    get_line(code)
    if not valid_month_day(unit_due):
        raise Refused(422, _("Hạn gửi phải có dạng MM-DD."), field="unit_due")
    if not valid_month_day(consolidated_due):
        raise Refused(422, _("Hạn tổng hợp phải có dạng MM-DD."), field="consolidated_due")
    if get_by_code(recipient) is None:
        raise Refused(422, _("Không tìm thấy đơn vị %(code)s.", code=recipient), field="recipient")
    if reviewer_role not in {Role.HOME_AFFAIRS.value, Role.INSPECTOR.value}:
        raise Refused(422, _("Vai trò tiếp nhận không hợp lệ."), field="reviewer_role")
    bad_levels = set(levels) - {level.value for level in UnitLevel}
    if bad_levels or not levels:
        raise Refused(422, _("Cấp đơn vị không hợp lệ."), field="levels")
    row = db.session.scalar(select(ReportLine).where(ReportLine.code == code))
    if row is None:
        row = ReportLine(code=code)
        db.session.add(row)
    row.name = clean(name) or str(LINE_NAMES.get(code, code))
    row.recipient_code = clean(recipient).upper()
    row.reviewer_role = reviewer_role
    row.unit_due = unit_due
    row.consolidated_due = consolidated_due
    row.levels = ",".join(levels)
    row.active = active
    row.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(
        actor,
        "report_line.update",
        row,
        {"code": code, "unit_due": unit_due, "consolidated_due": consolidated_due},
    )
    return row


# -- who sees what --------------------------------------------------------------------------------


def sees_everything(user: User) -> bool:
    return user.can("cases.read_all")


def roots() -> list[Unit]:
    return list(
        db.session.scalars(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.code))
    )


def can_view_unit(user: User, unit: Unit) -> bool:
    """Inspectors, home affairs and admins read every unit; others their own subtree."""
    if not user.can("reports.read"):
        return False
    return sees_everything(user) or unit.id in subtree_ids(user.unit)


def default_scope(user: User) -> list[Unit]:
    return roots() if sees_everything(user) else [user.unit]


def visible_units(user: User) -> list[Unit]:
    """Units the user may pick on the reports page, in tree order."""
    allowed = None if sees_everything(user) else subtree_ids(user.unit)
    return [unit for unit, _depth in tree_rows() if allowed is None or unit.id in allowed]


def resolve_scope(user: User | None, code: str | None) -> list[Unit]:
    """The units a request asks about: a unit code, or by default the user's reach.

    Raises Refused 422 for an unknown code and 403 for a unit outside the user's reach.
    """
    if code:
        unit = get_by_code(code)
        if unit is None:
            raise Refused(422, _("Không tìm thấy đơn vị %(code)s.", code=code), field="unit")
        if user is not None and not can_view_unit(user, unit):
            raise Refused(403, _("Bạn không có quyền xem báo cáo của đơn vị này."))
        return [unit]
    units = default_scope(user) if user is not None else roots()
    if not units:
        raise Refused(422, _("Chưa có đơn vị nào."), field="unit")
    return units


def scope_label(units: Sequence[Unit]) -> str:
    return ",".join(unit.code for unit in units)


# -- statistics -----------------------------------------------------------------------------------


def reception_cells(unit_ids: Sequence[int], period: Period, as_of: date) -> dict[str, int]:
    """Form 01/TCD from the reception log (petitions.reception), by its SQL aggregates."""
    raw = reception_statistics(list(unit_ids), period.start, as_of)

    def block(name: str) -> dict:
        return raw.get(name) or {}

    total, regular = block("total"), block("regular")
    in_person, delegated = block("heads_in_person"), block("heads_delegated")
    days = block("head_reception_days")
    values = {
        key: total.get(key, 0)
        for key in (
            "visits",
            "people",
            "cases_first",
            "cases_repeat",
            "groups",
            "group_people",
            "group_cases_first",
            "group_cases_repeat",
        )
    }
    values.update(
        regular_visits=regular.get("visits", 0),
        regular_people=regular.get("people", 0),
        head_sessions=days.get("in_person", 0),
        head_visits=in_person.get("visits", 0),
        head_people=in_person.get("people", 0),
        delegated_sessions=days.get("delegated", 0),
        delegated_visits=delegated.get("visits", 0),
        delegated_people=delegated.get("people", 0),
        refused=raw.get("refusals", 0),
    )
    return {key: int(value or 0) for key, value in values.items()}


def _figures(
    forms: dict[str, dict], reminders: dict[str, int], reception: dict[str, int]
) -> stats.Figures:
    xld = {**forms.get("02/XLD", {}), **reminders}
    return stats.Figures(
        summary=stats.finish(stats.SUMMARY, forms.get("summary", {})),
        forms={
            "01/TCD": stats.finish(stats.TCD, reception),
            "02/XLD": stats.finish(stats.XLD, xld),
            "03/GQKN": stats.finish(stats.GQKN, forms.get("03/GQKN", {})),
            "04/GQTC": stats.finish(stats.GQTC, forms.get("04/GQTC", {})),
        },
    )


def figures_for(
    units: Sequence[Unit], period: Period, *, today: date, reception: bool = True
) -> stats.Figures:
    """The summary and forms for the units together with all their sub-units (without the
    reception form 01/TCD when `reception` is false, e.g. for the public page)."""
    as_of = period.as_of(today)
    root_ids = [unit.id for unit in units]
    counts = stats.case_counts(root_ids, period, as_of)
    reminders = stats.reminder_counts(root_ids, period, as_of)
    groups = stats.group_units(root_ids, split=False)
    merged: dict[str, dict[str, int]] = {}
    for forms in counts.values():
        for code, cells in forms.items():
            bucket = merged.setdefault(code, {})
            for key, value in cells.items():
                bucket[key] = bucket.get(key, 0) + value
    unit_ids = [unit_id for ids in groups.values() for unit_id in ids]
    tcd = reception_cells(unit_ids, period, as_of) if reception else {}
    sent = {
        key: sum(bucket.get(key, 0) for bucket in reminders.values())
        for key in ("reminders", "reminders_received")
    }
    return _figures(merged, sent, tcd)


@dataclass
class GroupFigures:
    unit: Unit
    figures: stats.Figures


def figures_by_unit(
    root: Unit, period: Period, *, today: date, reception: bool = True
) -> list[GroupFigures]:
    """The root's own cases and each child's subtree separately: rows that add up to the root."""
    as_of = period.as_of(today)
    counts = stats.case_counts([root.id], period, as_of, split=True)
    reminders = stats.reminder_counts([root.id], period, as_of, split=True)
    groups = stats.group_units([root.id], split=True)
    units = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(groups)))}
    ordered = [root.id] + sorted((g for g in groups if g != root.id), key=lambda g: units[g].code)
    return [
        GroupFigures(
            units[grp],
            _figures(
                counts.get(grp, {}),
                reminders.get(grp, {}),
                reception_cells(groups[grp], period, as_of) if reception else {},
            ),
        )
        for grp in ordered
    ]


def total_of(parts: Iterable[stats.Figures]) -> stats.Figures:
    """Forms of several disjoint scopes added cell by cell; rates recomputed, never averaged."""
    parts = list(parts)
    return stats.Figures(
        summary=stats.add_up(stats.SUMMARY, [p.summary for p in parts]),
        forms={
            spec.code: stats.add_up(spec, [p.forms[spec.code] for p in parts])
            for spec in stats.FORMS
        },
    )


def payload(units: Sequence[Unit], period: Period, figures: stats.Figures) -> dict[str, Any]:
    """The JSON of GET /api/v1/reports/annual, exactly as API.md writes it."""
    return {
        "unit": scope_label(units),
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "summary": figures.summary,
        "forms": figures.forms,
    }


def annual_payload(units: Sequence[Unit], year: int, *, today: date) -> dict[str, Any]:
    period = annual_period(year)
    return payload(units, period, figures_for(units, period, today=today))


def check_year(raw: Any) -> int:
    """A reporting year given as text or number; Refused 422 when it is not one."""
    text = str(raw).strip() if raw is not None else ""
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise Refused(422, _("Năm báo cáo phải là số từ 2000 đến 2100."), field="year")
    return int(text)


def public_rows(year: int, unit: Unit | None, *, today: date) -> tuple[Unit | None, list[dict]]:
    """Received, resolved and on-time rate per unit for the public page: no personal data."""
    period = annual_period(year)
    parent = unit
    if parent is None:
        top = roots()
        if len(top) != 1:
            rows = [
                {"unit": r, "figures": figures_for([r], period, today=today, reception=False)}
                for r in top
            ]
            return None, [_public_row(row["unit"], row["figures"], False) for row in rows]
        parent = top[0]
    groups = figures_by_unit(parent, period, today=today, reception=False)
    rows = []
    for group in groups:
        own = group.unit.id == parent.id
        rows.append(_public_row(group.unit, group.figures, own and len(groups) > 1))
    total = total_of(g.figures for g in groups)
    rows.append({**_public_row(parent, total, False), "total": True})
    return parent, rows


def _public_row(unit: Unit, figures: stats.Figures, own: bool) -> dict:
    summary = figures.summary
    return {
        "unit": unit,
        "own": own,
        "total": False,
        "has_children": bool(unit.children) and not own,
        "received": summary["received"],
        "resolved": summary["resolved"],
        "resolved_on_time": summary["resolved_on_time"],
        "open_overdue": summary["open_overdue"],
        "on_time_rate": summary["on_time_rate"],
    }


# -- the annual report workflow -------------------------------------------------------------------


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
        {"year": report.year, "line": report.line, "status": report.status.value},
    )


def _snapshot(report: AnnualReport, today: date) -> None:
    period = Period(report.period_start, report.period_end, "year", report.year)
    if report.consolidated:
        groups = figures_by_unit(report.unit, period, today=today)
        total = total_of(g.figures for g in groups)
        data = payload([report.unit], period, total)
        data["units"] = [
            {"unit": g.unit.code, "name": g.unit.name, **g.figures.as_dict()} for g in groups
        ]
    else:
        data = payload([report.unit], period, figures_for([report.unit], period, today=today))
    data["as_of"] = period.as_of(today).isoformat()
    report.statistics = data
    report.as_of = period.as_of(today)


def find_report(
    unit: Unit, year: int, line: str, *, consolidated: bool = False
) -> AnnualReport | None:
    return db.session.scalar(
        select(AnnualReport).where(
            AnnualReport.unit_id == unit.id,
            AnnualReport.year == year,
            AnnualReport.line == line,
            AnnualReport.consolidated.is_(consolidated),
        )
    )


def locked(report_id: int) -> AnnualReport | None:
    """The report, row-locked on PostgreSQL so two reviewers cannot both move it."""
    return db.session.scalar(
        select(AnnualReport)
        .where(AnnualReport.id == report_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def can_draft(user: User, report: AnnualReport) -> bool:
    if report.consolidated:
        return can_consolidate(user, get_line(report.line))
    return user.can("reports.draft") and user.unit_id == report.unit_id


def can_approve(user: User, report: AnnualReport) -> bool:
    return (
        not report.consolidated and user.can("reports.approve") and user.unit_id == report.unit_id
    )


def can_review(user: User, report: AnnualReport) -> bool:
    """The recipient of the line (Sở Nội vụ, or Thanh tra tỉnh) returns or accepts reports."""
    return not report.consolidated and can_consolidate(user, get_line(report.line))


def can_consolidate(user: User, line: Line) -> bool:
    return user.can("reports.consolidate") and user.role.value == line.reviewer_role


def can_read_report(user: User, report: AnnualReport) -> bool:
    if report.consolidated:
        return user.can("reports.read") and (
            sees_everything(user) or report.unit_id == user.unit_id
        )
    return can_view_unit(user, report.unit) or can_review(user, report)


def start_report(*, unit: Unit, year: int, line: str, actor: User, today: date) -> AnnualReport:
    """Open the unit's draft for the year (or return the existing one), with fresh figures."""
    definition = get_line(line)
    if not definition.active:
        raise Refused(409, _("Tuyến báo cáo này đang tạm ngừng."))
    existing = find_report(unit, year, line)
    if existing is not None:
        return existing
    if not (actor.can("reports.draft") and actor.unit_id == unit.id):
        raise Refused(403, _("Chỉ cán bộ của đơn vị mới lập được báo cáo."))
    return _open_report(unit, year, line, False, definition.unit_due_on(year), actor, today)


def _open_report(
    unit: Unit, year: int, line: str, consolidated: bool, due_on: date, actor: User, today: date
) -> AnnualReport:
    """A new draft for the reporting year, with its first figures and its first history step."""
    period = annual_period(year)
    report = AnnualReport(
        unit=unit,
        year=year,
        line=line,
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


# -- consolidation --------------------------------------------------------------------------------


def consolidation_root(line: Line) -> Unit:
    """The province the recipient belongs to (the root above it)."""
    unit = get_by_code(line.recipient)
    if unit is None:
        top = roots()
        if not top:
            raise Refused(422, _("Chưa có đơn vị nào."))
        return top[0]
    while unit.parent is not None:
        unit = unit.parent
    return unit


def start_consolidation(*, year: int, line: str, actor: User, today: date) -> AnnualReport:
    """Sở Nội vụ (or the line's recipient) opens the provincial report; figures recomputed."""
    definition = get_line(line)
    if not can_consolidate(actor, definition):
        raise Refused(403, _("Bạn không có quyền tổng hợp báo cáo của tuyến này."))
    root = consolidation_root(definition)
    existing = find_report(root, year, line, consolidated=True)
    if existing is not None:
        return existing
    return _open_report(root, year, line, True, definition.consolidated_due_on(year), actor, today)


def finalize_consolidation(report: AnnualReport, *, actor: User, today: date) -> AnnualReport:
    """Send the provincial report: figures recomputed one last time, then frozen."""
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


@dataclass
class UnitStatus:
    unit: Unit
    report: AnnualReport | None
    due_on: date
    days_late: int
    expected: bool


def submission_statuses(year: int, line: str, *, today: date) -> list[UnitStatus]:
    """Every unit expected to report on the line (and any other that did), with its status."""
    definition = get_line(line)
    root = consolidation_root(definition)
    in_province = subtree_ids(root)
    due = definition.unit_due_on(year)
    reports = {
        report.unit_id: report
        for report in db.session.scalars(
            select(AnnualReport).where(
                AnnualReport.year == year,
                AnnualReport.line == line,
                AnnualReport.consolidated.is_(False),
            )
        )
    }
    units = db.session.scalars(
        select(Unit)
        .where(Unit.id.in_(in_province))
        .where(
            (Unit.level.in_(definition.levels) & Unit.active.is_(True)) | Unit.id.in_(list(reports))
        )
        .order_by(Unit.code)
    )
    rows = []
    for unit in units:
        report = reports.get(unit.id)
        days_late = report.days_late(today) if report else max(0, (today - due).days)
        rows.append(
            UnitStatus(
                unit,
                report,
                report.due_on if report else due,
                days_late,
                unit.level.value in definition.levels,
            )
        )
    return rows


def status_counts(rows: Sequence[UnitStatus]) -> dict[str, int]:
    counts = {"missing": 0, **{status.value: 0 for status in ReportStatus}, "late": 0}
    for row in rows:
        counts[row.report.status.value if row.report else "missing"] += 1
        if row.days_late:
            counts["late"] += 1
    return counts


def units_without_submission(
    year: int, *, today: date, line: str = HOME_AFFAIRS_LINE
) -> list[Unit]:
    """Units expected to report that have not sent their report (for November reminders)."""
    rows = submission_statuses(year, line, today=today)
    sent = {ReportStatus.SUBMITTED, ReportStatus.ACCEPTED}
    return [
        row.unit
        for row in rows
        if row.expected and (row.report is None or row.report.status not in sent)
    ]


def reports_for_unit(unit: Unit) -> list[AnnualReport]:
    return list(
        db.session.scalars(
            select(AnnualReport)
            .where(AnnualReport.unit_id == unit.id, AnnualReport.consolidated.is_(False))
            .order_by(AnnualReport.year.desc(), AnnualReport.line)
        )
    )


def consolidations(year: int) -> dict[str, AnnualReport]:
    return {
        report.line: report
        for report in db.session.scalars(
            select(AnnualReport).where(
                AnnualReport.year == year, AnnualReport.consolidated.is_(True)
            )
        )
    }


def period_or_error(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError:
        raise Refused(
            422, _("Kỳ báo cáo không hợp lệ: %(text)s.", text=text), field="period"
        ) from None
