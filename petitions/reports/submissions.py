"""Who has reported: the units expected on a line with their reports and lateness."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from petitions.errors import Refused
from petitions.extensions import db
from petitions.reports import schedule
from petitions.reports.access import roots
from petitions.reports.lines import HOME_AFFAIRS_LINE, Line, get_line
from petitions.reports.models import AnnualReport, ReportStatus
from petitions.units.models import Unit
from petitions.units.services import get_by_code, subtree_ids


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


@dataclass
class UnitStatus:
    unit: Unit
    report: AnnualReport | None
    due_on: date
    days_late: int
    expected: bool


def submission_statuses(
    year: int, line: str, *, today: date, period: str = schedule.ANNUAL
) -> list[UnitStatus]:
    """Every unit expected to report on the line for the year's period (and any other that
    did), with its status."""
    definition = get_line(line)
    root = consolidation_root(definition)
    in_province = subtree_ids(root)
    due = schedule.unit_due_on(definition, period, year)
    reports = {
        report.unit_id: report
        for report in db.session.scalars(
            select(AnnualReport).where(
                AnnualReport.year == year,
                AnnualReport.line == line,
                AnnualReport.period == period,
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
            .order_by(AnnualReport.year.desc(), AnnualReport.line, AnnualReport.period_end.desc())
        )
    )


def consolidations(year: int, period: str = schedule.ANNUAL) -> dict[str, AnnualReport]:
    return {
        report.line: report
        for report in db.session.scalars(
            select(AnnualReport).where(
                AnnualReport.year == year,
                AnnualReport.period == period,
                AnnualReport.consolidated.is_(True),
            )
        )
    }
