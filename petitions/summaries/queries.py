"""Reading the summaries: open, overdue and due-soon counts and the monthly flow, rolled up over
the unit tree in Python (units are few), in time proportional to units × kinds × statuses ×
distinct due dates — never to the number of cases."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select

from petitions.domain import workflow
from petitions.extensions import db
from petitions.summaries.maintenance import (
    MONTH_METRICS,
    PENDING,
    REPORT_METRICS,
    STATUS_DAY,
    STATUS_PREFIX,
    TREND_MONTHS,
    open_exact_from,
)
from petitions.summaries.models import SummaryDay, SummaryOpen
from petitions.units.history import scope_periods
from petitions.units.models import Unit


def units_below(root_id: int | None) -> dict[int, int | None]:
    """{unit id: parent id} of `root_id` and every unit below it (all units for None)."""
    parents = dict(db.session.execute(select(Unit.id, Unit.parent_id)).all())
    if root_id is None:
        return parents
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id in parents.items():
        children[parent_id].append(unit_id)
    found, pending = {}, [root_id]
    while pending:
        unit_id = pending.pop()
        found[unit_id] = parents.get(unit_id)
        pending.extend(children.get(unit_id, []))
    return found


def answers_open_on(as_of: date) -> bool:
    """Whether the open counts are exact on `as_of`: on or after the last day any case's
    running deadlines changed (started, met, paused). Before it, ask the cases."""
    exact_from = open_exact_from(db.session)
    return exact_from is None or as_of >= exact_from


def open_rows(
    as_of: date, soon_until: date, unit_ids, kind=None, status=None
) -> list[tuple[int, str, str, int, int, int]]:
    """(unit id, kind, status, open, overdue, due soon) of the units given (their own cases)."""
    s = SummaryOpen
    query = select(
        s.unit_id,
        s.kind,
        s.status,
        func.sum(s.n),
        func.coalesce(func.sum(case((s.due_on < as_of, s.n), else_=0)), 0),
        func.coalesce(
            func.sum(case((and_(s.due_on >= as_of, s.due_on <= soon_until), s.n), else_=0)), 0
        ),
    ).group_by(s.unit_id, s.kind, s.status)
    if unit_ids is not None:
        query = query.where(s.unit_id.in_(list(unit_ids)))
    if kind is not None:
        query = query.where(s.kind == str(kind))
    if status is not None:
        query = query.where(s.status == str(status))
    return [
        (unit_id, k, st, int(n), int(late), int(soon))
        for unit_id, k, st, n, late, soon in db.session.execute(query)
        if n
    ]


def rolled_up(rows, tree: dict[int, int | None]) -> dict[int, list[int]]:
    """{unit id: [open, overdue, due soon]} of each unit of the tree with its whole subtree."""
    totals: dict[int, list[int]] = {}
    for unit_id, _kind, _status, n, late, soon in rows:
        current = unit_id
        while current is not None and current in tree:
            bucket = totals.setdefault(current, [0, 0, 0])
            bucket[0] += n
            bucket[1] += late
            bucket[2] += soon
            current = tree[current]
    return totals


def monthly(unit_ids, kind, metric: str, first: date, last: date) -> dict[str, int]:
    """{"YYYY-MM": count} of one daily metric between two days (both included)."""
    return monthly_of(unit_ids, kind, (metric,), first, last)[metric]


def monthly_of(
    unit_ids, kind, metrics: tuple[str, ...], first: date, last: date
) -> dict[str, dict[str, int]]:
    """{metric: {"YYYY-MM": count}} of daily metrics between two days (both included), over the
    covering index (metric, day, unit_id, kind, n): a metric kept per month too
    (TREND_MONTHS) reads a row per unit, kind and whole month, and its days only for a month
    the range cuts (the current one)."""
    months: dict[str, dict[str, int]] = {metric: defaultdict(int) for metric in metrics}
    whole = _whole_months(first, last)
    rolled = [m for m in metrics if m in TREND_MONTHS] if whole else []
    by_day = [m for m in metrics if m not in rolled]
    names = {TREND_MONTHS[m]: m for m in rolled}

    def add(names_of: dict[str, str], lo: date, hi: date) -> None:
        s = SummaryDay
        query = (
            select(s.metric, s.day, func.sum(s.n))
            .where(s.metric.in_(list(names_of)), s.day >= lo, s.day <= hi)
            .group_by(s.metric, s.day)
        )
        if unit_ids is not None:
            query = query.where(s.unit_id.in_(list(unit_ids)))
        if kind is not None:
            query = query.where(s.kind == str(kind))
        for metric, day, n in db.session.execute(query):
            months[names_of[metric]][day.strftime("%Y-%m")] += int(n or 0)

    if by_day:
        add({m: m for m in by_day}, first, last)
    if rolled:
        add(names, whole[0], whole[-1])
        ends = (
            (first, whole[0] - timedelta(days=1)),
            (_month_end(whole[-1]) + timedelta(days=1), last),
        )
        for lo, hi in ends:
            if lo <= hi:
                add({m: m for m in rolled}, lo, hi)
    return months


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _whole_months(start: date, end: date) -> list[date]:
    """The first days of the calendar months lying wholly between two days (both included)."""
    month = start if start.day == 1 else _month_end(start.replace(day=1)) + timedelta(days=1)
    months = []
    while _month_end(month) <= end:
        months.append(month)
        month = _month_end(month) + timedelta(days=1)
    return months


def report_summaries(
    root_ids: list[int], start: date, as_of: date, *, split: bool
) -> dict[int, dict[str, int]]:
    """{group: {received, accepted, resolved_on_time, resolved_late, open_overdue}} — the
    counts of the forms' summary (reports.form_specs.SUMMARY) for the groups of
    reports.counting (the roots, or with `split` each child subtree), from the summaries: what
    each unit did while it held a case (`report_*` by day, `month_*` by calendar month), on the
    tree as it stood each day, and today's open cases past a running deadline. A period reads
    a row per unit and whole month, and the days of its ends (and of a month in which a unit
    changed place) one by one. Exact for `as_of` today, when the cases' current state is the
    state on that day (reports.figures decides when to ask). One known difference: a case that
    left a group and came back later counts here only for the days the group held it, where
    the counting query's single window per group also gives it the days in between."""
    scope = scope_periods(split=split)
    params = {"scope_roots": list(root_ids)}
    places: dict[int, list[tuple[int, date, date]]] = defaultdict(list)
    for unit_id, grp, valid_from, valid_to in db.session.execute(
        select(scope.c.unit_id, scope.c.grp, scope.c.valid_from, scope.c.valid_to), params
    ):
        places[unit_id].append((grp, valid_from, valid_to))
    found: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    s = SummaryDay
    months = _whole_months(start, as_of)
    ranges = [(start, as_of)]
    cut: list[tuple[int, date]] = []
    if months:
        rows = db.session.execute(
            select(s.unit_id, s.metric, s.day, func.sum(s.n))
            .where(s.metric.in_(list(MONTH_METRICS)), s.day >= months[0], s.day <= months[-1])
            .group_by(s.unit_id, s.metric, s.day)
        )
        ends = {month: _month_end(month) for month in months}
        # The months in which a unit joined or left a group part of the way through.
        changed = {
            unit_id: {
                day.replace(day=1)
                for _grp, valid_from, valid_to in held
                for day in (
                    valid_from,
                    valid_to if valid_to == date.max else valid_to + timedelta(days=1),
                )
                if day.day != 1
            }
            for unit_id, held in places.items()
        }
        for unit_id, metric, month, n in rows:
            if month in changed.get(unit_id, ()):
                cut.append((unit_id, month))  # it changed place that month: count its days
                continue
            end = ends[month]
            for grp, valid_from, valid_to in places.get(unit_id, ()):
                if valid_from <= month and valid_to >= end:
                    found[grp][MONTH_METRICS[metric]] += int(n or 0)
        ranges = [
            (first, last)
            for first, last in (
                (start, months[0] - timedelta(days=1)),
                (_month_end(months[-1]) + timedelta(days=1), as_of),
            )
            if first <= last
        ]
    # One range a query, so that each reads its stretch of the (metric, day) index.
    spans: list[tuple[date, date, list[int] | None]] = [(a, b, None) for a, b in ranges]
    cut_units: dict[date, list[int]] = defaultdict(list)
    for unit_id, month in sorted(set(cut)):
        cut_units[month].append(unit_id)
    spans += [(month, _month_end(month), ids) for month, ids in cut_units.items()]
    for first, last, unit_ids in spans:
        query = (
            select(s.unit_id, s.metric, s.day, func.sum(s.n))
            .where(s.metric.in_(list(REPORT_METRICS)), s.day >= first, s.day <= last)
            .group_by(s.unit_id, s.metric, s.day)
        )
        if unit_ids is not None:
            query = query.where(s.unit_id.in_(unit_ids))
        for unit_id, metric, day, n in db.session.execute(query):
            for grp, valid_from, valid_to in places.get(unit_id, ()):
                if valid_from <= day <= valid_to:
                    found[grp][REPORT_METRICS[metric]] += int(n or 0)
    o = SummaryOpen
    overdue = (
        select(scope.c.grp, func.sum(o.n))
        .join(
            scope,
            and_(
                scope.c.unit_id == o.unit_id,
                scope.c.valid_from <= as_of,
                scope.c.valid_to >= as_of,
            ),
        )
        .where(o.status.in_(sorted(PENDING)), o.due_on < as_of)
        .group_by(scope.c.grp)
    )
    for grp, n in db.session.execute(overdue, params):
        found[grp]["open_overdue"] += int(n or 0)
    return {grp: dict(counts) for grp, counts in found.items()}


def status_counts(unit_ids=None) -> dict[str, int]:
    """{status: cases} today, of the units given (all for None), from the summaries."""
    s = SummaryDay
    names = [STATUS_PREFIX + str(status) for status in workflow.STATES]
    query = (
        select(s.metric, func.sum(s.n))
        .where(s.metric.in_(names), s.day == STATUS_DAY)
        .group_by(s.metric)
    )
    if unit_ids is not None:
        query = query.where(s.unit_id.in_(list(unit_ids)))
    return {
        metric.removeprefix(STATUS_PREFIX): int(n) for metric, n in db.session.execute(query) if n
    }
