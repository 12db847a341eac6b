"""The figures of a scope and period: the forms filled, per unit and added up, as JSON and rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from petitions import clock
from petitions.domain.periods import Period
from petitions.extensions import db
from petitions.reception.statistics import reception_statistics
from petitions.reports import frozen
from petitions.reports.access import roots, scope_label
from petitions.reports.cells import FormSpec
from petitions.reports.counting import case_counts, group_units, reminder_counts
from petitions.reports.form_specs import FORMS, SUMMARY, TCD, XLD
from petitions.reports.lines import annual_period
from petitions.summaries import queries as summaries
from petitions.units.models import Unit


def reception_cells(unit_ids: Sequence[int], period: Period, as_of: date) -> dict[str, int]:
    """Form 01/TCD from the reception log (petitions.reception), by its SQL aggregates."""
    raw = reception_statistics(list(unit_ids), period.start, as_of)

    def block(name: str) -> dict:
        return raw.get(name) or {}

    total = block("total")
    days = block("head_reception_days")
    values = {
        "visits": total.get("visits", 0),
        "people": total.get("people", 0),
        "cases": total.get("cases_first", 0) + total.get("cases_repeat", 0),
        "head_sessions": days.get("in_person", 0),
        "delegated_sessions": days.get("delegated", 0),
        "refused": raw.get("refusals", 0),
    }
    for prefix, name in (
        ("regular", "regular"),
        ("head", "heads_in_person"),
        ("delegated", "heads_delegated"),
    ):
        figures = block(name)
        for key in (
            "visits",
            "people",
            "cases_first",
            "cases_repeat",
            "groups",
            "group_people",
            "group_cases_first",
            "group_cases_repeat",
        ):
            values[f"{prefix}_{key}"] = figures.get(key, 0)
    return {key: int(value or 0) for key, value in values.items()}


def _figures(
    forms: dict[str, dict], reminders: dict[str, int], reception: dict[str, int]
) -> Figures:
    filled = {**forms, TCD.code: reception, XLD.code: {**forms.get(XLD.code, {}), **reminders}}
    return Figures(
        summary=finish(SUMMARY, forms.get("summary", {})),
        forms={spec.code: finish(spec, filled.get(spec.code, {})) for spec in FORMS},
    )


def figures_for(
    units: Sequence[Unit], period: Period, *, today: date, reception: bool = True
) -> Figures:
    """The summary and forms for the units together with all their sub-units (without the
    reception form 01/TCD when `reception` is false, e.g. for the public page). The figures are
    stored when computed and read back until a change to the cases, the reception log or the
    tree dated inside the period drops them (reports.frozen, summaries.maintenance)."""
    scope = frozen.scope_key("for:" + ",".join(str(i) for i in sorted(unit.id for unit in units)))
    form = "all" if reception else "cases"
    if frozen.pending():
        return _figures_for(units, period, today=today, reception=reception)
    if (stored := frozen.load(scope, period, form, today=today)) is not None:
        return Figures(**stored)
    since = frozen.generation()
    figures = _figures_for(units, period, today=today, reception=reception)
    frozen.store(scope, period, form, figures.as_dict(), today=today, since=since)
    return figures


def _figures_for(units: Sequence[Unit], period: Period, *, today: date, reception: bool) -> Figures:
    as_of = period.as_of(today)
    root_ids = [unit.id for unit in units]
    counts = case_counts(root_ids, period, as_of)
    reminders = reminder_counts(root_ids, period, as_of)
    groups = group_units(root_ids, split=False)
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
    figures: Figures


def figures_by_unit(
    root: Unit, period: Period, *, today: date, reception: bool = True
) -> list[GroupFigures]:
    """The root's own cases and each child's subtree separately: rows that add up to the root
    (stored once for a closed period, as figures_for)."""
    scope, form = f"by:{root.id}", "all" if reception else "cases"
    if frozen.pending():
        return _figures_by_unit(root, period, today=today, reception=reception)
    if (stored := frozen.load(scope, period, form, today=today)) is not None:
        units = {
            u.id: u
            for u in db.session.scalars(select(Unit).where(Unit.id.in_([int(i) for i in stored])))
        }
        return [GroupFigures(units[int(i)], Figures(**f)) for i, f in stored.items()]
    since = frozen.generation()
    groups = _figures_by_unit(root, period, today=today, reception=reception)
    stored = {str(g.unit.id): g.figures.as_dict() for g in groups}
    frozen.store(scope, period, form, stored, today=today, since=since)
    return groups


def _ordered_groups(root: Unit) -> tuple[dict[int, list[int]], dict[int, Unit], list[int]]:
    """The groups of figures_by_unit (the root's own, then each child's subtree by code)."""
    groups = group_units([root.id], split=True)
    units = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(groups)))}
    ordered = [root.id] + sorted((g for g in groups if g != root.id), key=lambda g: units[g].code)
    return groups, units, ordered


def _figures_by_unit(root: Unit, period: Period, *, today: date, reception: bool):
    as_of = period.as_of(today)
    counts = case_counts([root.id], period, as_of, split=True)
    reminders = reminder_counts([root.id], period, as_of, split=True)
    groups, units, ordered = _ordered_groups(root)
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


# -- the summary alone ----------------------------------------------------------------------------


def summaries_answer(period: Period, today: date) -> bool:
    """Whether the summary tables give the period's summary exactly: the period runs and
    `today` is today (the cases' current state is the state on the as-of day), this transaction
    changed nothing they have not counted yet, and the open counts are exact on the day."""
    return (
        period.start <= today <= period.end
        and today == clock.today()
        and not frozen.pending()
        and summaries.answers_open_on(today)
    )


def _summary_of(counts: dict[str, int]) -> dict[str, Any]:
    on_time, late = counts.get("resolved_on_time", 0), counts.get("resolved_late", 0)
    return finish(SUMMARY, {**counts, "resolved": on_time + late})


def summary_for(unit: Unit, period: Period, *, today: date) -> dict[str, Any]:
    """The summary (received, resolved, on time, overdue, rate) of a unit with its sub-units:
    figures_for's, read from the summaries while the period runs (no recount after a change)."""
    if not summaries_answer(period, today):
        return figures_for([unit], period, today=today, reception=False).summary
    counts = summaries.report_summaries([unit.id], period.start, period.as_of(today), split=False)
    return _summary_of(counts.get(unit.id, {}))


def summary_by_unit(root: Unit, period: Period, *, today: date) -> list[tuple[Unit, dict]]:
    """(unit, summary) of figures_by_unit's groups, read from the summaries while the period
    runs: the dashboard's on-time rates and the public statistics stay interactive however
    often the cases change (a closed period's figures are stored, reports.frozen)."""
    if not summaries_answer(period, today):
        groups = figures_by_unit(root, period, today=today, reception=False)
        return [(group.unit, group.figures.summary) for group in groups]
    counts = summaries.report_summaries([root.id], period.start, period.as_of(today), split=True)
    _groups, units, ordered = _ordered_groups(root)
    return [(units[grp], _summary_of(counts.get(grp, {}))) for grp in ordered]


def total_of(parts: Iterable[Figures]) -> Figures:
    """Forms of several disjoint scopes added cell by cell; rates recomputed, never averaged."""
    parts = list(parts)
    return Figures(
        summary=add_up(SUMMARY, [p.summary for p in parts]),
        forms={spec.code: add_up(spec, [p.forms[spec.code] for p in parts]) for spec in FORMS},
    )


def payload(units: Sequence[Unit], period: Period, figures: Figures) -> dict[str, Any]:
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


def public_rows(
    year: int, unit: Unit | None, *, today: date, period=None
) -> tuple[Unit | None, list[dict]]:
    """Received, resolved and on-time rate per unit for the public page (the year's figures,
    or those of `period`, a quarter for the open data): no personal data."""
    period = period or annual_period(year)
    parent = unit
    if parent is None:
        top = roots()
        if len(top) != 1:
            rows = [_public_row(r, summary_for(r, period, today=today), False) for r in top]
            return None, rows
        parent = top[0]
    groups = summary_by_unit(parent, period, today=today)
    rows = []
    for group, summary in groups:
        own = group.id == parent.id
        rows.append(_public_row(group, summary, own and len(groups) > 1))
    total = add_up(SUMMARY, [summary for _unit, summary in groups])
    rows.append({**_public_row(parent, total, False), "total": True})
    return parent, rows


def _public_row(unit: Unit, summary: dict, own: bool) -> dict:
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


def empty_form(spec: FormSpec) -> dict[str, int | float | None]:
    return {cell.key: (None if cell.rate else 0) for cell in spec.cells}


def finish(spec: FormSpec, values: dict) -> dict[str, int | float | None]:
    """Fill the derived cells of a form, in the form's order."""
    filled = {**empty_form(spec), **values}
    for cell in spec.cells:
        if cell.total is not None:
            filled[cell.key] = cell.total(filled)
    return {cell.key: filled[cell.key] for cell in spec.cells}


def add_up(spec: FormSpec, parts: Iterable[dict]) -> dict[str, int | float | None]:
    """The form for several groups together: counts add, rates are recomputed."""
    totals = {cell.key: 0 for cell in spec.cells if not cell.rate and cell.total is None}
    for part in parts:
        for key in totals:
            totals[key] += part.get(key) or 0
    return finish(spec, totals)


@dataclass
class Figures:
    """The summary and the four forms for one scope and period."""

    summary: dict[str, Any]
    forms: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary, "forms": self.forms}
