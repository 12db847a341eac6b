"""The consolidated report from what units submitted, and where live data now differs.

The province's report adds up each unit's accepted submission (the figures frozen when its
head approved and sent it), never a recomputation: what a unit signed is what the province
reports. A unit without an accepted submission, and the province's own cases, count with the
figures of the day, marked as such. Beside each unit the page shows whether and when it sent
its report, and which figures the data now gives differently for the same days (a backdated
case, a correction): the recipient can then return the report for a corrected one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from petitions.domain.periods import Period
from petitions.extensions import db
from petitions.reports.figures import Figures, add_up, figures_by_unit, figures_for, payload
from petitions.reports.form_specs import FORMS, SUMMARY
from petitions.reports.models import AnnualReport, ReportStatus
from petitions.units.models import Unit

# Where a row of the consolidation takes its figures from.
SUBMISSION = "submission"  # the unit's accepted report, frozen
LIVE = "live"  # no accepted report: the figures of the day
OWN = "own"  # the province's own cases

SENT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
SOURCE_LABELS = {
    SUBMISSION: _l("Báo cáo đã tiếp nhận"),
    LIVE: _l("Số liệu hệ thống (chưa có báo cáo được tiếp nhận)"),
    OWN: _l("Số liệu hệ thống (vụ việc của cấp tỉnh)"),
}


def source_label(source: str) -> str:
    return str(SOURCE_LABELS.get(source, source))


def figures_from_json(data: dict) -> Figures:
    return Figures(summary=dict(data.get("summary", {})), forms=dict(data.get("forms", {})))


def sum_figures(parts: Iterable[Figures]) -> Figures:
    """Figures of disjoint scopes added cell by cell, rates recomputed from the sums. A form a
    frozen snapshot lacks (taken before the form existed) counts as empty."""
    parts = list(parts)
    return Figures(
        summary=add_up(SUMMARY, [p.summary for p in parts]),
        forms={
            spec.code: add_up(spec, [p.forms.get(spec.code) or {} for p in parts]) for spec in FORMS
        },
    )


def unit_reports(
    year: int, line: str, period: str, unit_ids: Iterable[int]
) -> dict[int, AnnualReport]:
    """The units' own reports (not consolidated) for the line, year and period."""
    ids = list(unit_ids)
    if not ids:
        return {}
    return {
        report.unit_id: report
        for report in db.session.scalars(
            select(AnnualReport).where(
                AnnualReport.year == year,
                AnnualReport.line == line,
                AnnualReport.period == period,
                AnnualReport.consolidated.is_(False),
                AnnualReport.unit_id.in_(ids),
            )
        )
    }


def snapshot(report: AnnualReport, period: Period, today: date) -> dict[str, Any]:
    """The consolidated report's statistics: one row per unit below the province (and the
    province's own cases), each from its accepted submission where there is one, and their
    sum."""
    groups = figures_by_unit(report.unit, period, today=today)
    submitted = unit_reports(report.year, report.line, report.period, (g.unit.id for g in groups))
    rows, parts = [], []
    for group in groups:
        sent = submitted.get(group.unit.id)
        if group.unit.id == report.unit_id:
            source, figures = OWN, group.figures
        elif sent is not None and sent.status == ReportStatus.ACCEPTED:
            source, figures = SUBMISSION, figures_from_json(sent.statistics or {})
        else:
            source, figures = LIVE, group.figures
        parts.append(figures)
        rows.append(
            {
                "unit": group.unit.code,
                "name": group.unit.name,
                "source": source,
                "report_id": sent.id if sent is not None else None,
                "submitted_on": _iso(sent.last_submitted_on) if sent is not None else None,
                "as_of": sent.as_of.isoformat() if source == SUBMISSION else None,
                **figures.as_dict(),
            }
        )
    data = payload([report.unit], period, sum_figures(parts))
    data["units"] = rows
    return data


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class Difference:
    """One figure a unit sent that the data now gives differently for the same days."""

    form: str  # "summary" or a form code
    key: str
    label: str
    submitted: int
    live: int


def _labels() -> dict[tuple[str, str], str]:
    return {
        (spec.code, cell.key): str(cell.label)
        for spec in (SUMMARY, *FORMS)
        for cell in spec.cells
        if not cell.rate
    }


def differences(submitted: Figures, live: Figures) -> list[Difference]:
    """Every count (not rate) where the live figures differ from the submitted ones."""
    found = []
    for (code, key), label in _labels().items():
        values = submitted.summary if code == SUMMARY.code else submitted.forms.get(code)
        now = live.summary if code == SUMMARY.code else live.forms.get(code, {})
        if values is None or key not in values:
            continue  # a form or cell the submission did not have: nothing to compare
        before, after = int(values.get(key) or 0), int(now.get(key) or 0)
        if before != after:
            found.append(Difference(code, key, label, before, after))
    return found


def report_period(report: AnnualReport) -> Period:
    return Period(report.period_start, report.period_end, "custom")


def live_differences(report: AnnualReport) -> list[Difference]:
    """What the data gives now for the days the report covers, as of the day its figures
    stood at, against what the unit sent (nothing for a report not sent)."""
    if report.status not in SENT or report.consolidated:
        return []
    live = figures_for([report.unit], report_period(report), today=report.as_of)
    return differences(figures_from_json(report.statistics or {}), live)


@dataclass
class UnitCheck:
    """A unit below the province on the consolidated report's page."""

    unit: Unit
    report: AnnualReport | None
    source: str
    submitted_on: date | None
    differences: list[Difference] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return bool(self.differences)


def unit_checks(report: AnnualReport) -> list[UnitCheck]:
    """For a consolidated report: each unit it adds up, whether and when the unit sent its
    report, and where the data now differs from what it sent."""
    rows = (report.statistics or {}).get("units", [])
    codes = [row["unit"] for row in rows if row.get("source") != OWN]
    units = {u.code: u for u in db.session.scalars(select(Unit).where(Unit.code.in_(codes)))}
    reports = unit_reports(report.year, report.line, report.period, (u.id for u in units.values()))
    checks = []
    for row in rows:
        unit = units.get(row["unit"])
        if unit is None:
            continue
        sent = reports.get(unit.id)
        checks.append(
            UnitCheck(
                unit=unit,
                report=sent,
                source=row.get("source", LIVE),
                submitted_on=sent.last_submitted_on if sent is not None else None,
                differences=live_differences(sent) if sent is not None else [],
            )
        )
    return checks
