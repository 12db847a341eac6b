"""The oversight dashboard: open, overdue and due-soon counts by unit, kind and status; trends."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from petitions.cases.deadline_views import due_soon_days
from petitions.cases.models import Case, CaseEvent, Kind, Status
from petitions.domain.periods import Period
from petitions.extensions import db
from petitions.oversight.lists import OverdueItem, backdated_events, counts_of, overdue_items
from petitions.oversight.models import Reminder
from petitions.oversight.reminders import reminders_to
from petitions.oversight.scope import Filters, open_cases, scoped, subtree, unit_tree
from petitions.reports.figures import add_up, summary_by_unit
from petitions.reports.form_specs import SUMMARY
from petitions.reports.lines import annual_period, current_year
from petitions.summaries import queries as summaries
from petitions.units.models import Unit


@dataclass
class Counts:
    open: int = 0
    overdue: int = 0
    due_soon: int = 0

    @property
    def overdue_share(self) -> int:
        return round(100 * self.overdue / self.open) if self.open else 0


def _count_columns(opened, as_of: date):
    soon_until = as_of + timedelta(days=due_soon_days())
    return (
        func.count(),
        func.coalesce(func.sum(case((opened.c.due_on < as_of, 1), else_=0)), 0),
        func.coalesce(
            func.sum(
                case((and_(opened.c.due_on >= as_of, opened.c.due_on <= soon_until), 1), else_=0)
            ),
            0,
        ),
    )


def _from_summaries(filters: Filters, *, status: bool = True):
    """(scope tree, rows) from the summaries, or None where they cannot answer exactly (an
    as_of before the last change to a running deadline): the cases answer then."""
    if not summaries.answers_open_on(filters.as_of):
        return None
    top = filters.unit_id if filters.unit_id is not None else filters.root_id
    tree = summaries.units_below(top)
    rows = summaries.open_rows(
        filters.as_of,
        filters.as_of + timedelta(days=due_soon_days()),
        None if top is None else tree,
        filters.kind,
        filters.status if status else None,
    )
    return tree, rows


def _added(rows) -> Counts:
    return Counts(sum(r[3] for r in rows), sum(r[4] for r in rows), sum(r[5] for r in rows))


def _with_status(found, filters: Filters):
    """The summaries' rows (read without the status filter) of the filter's status."""
    if found is None or filters.status is None:
        return found
    return found[0], [row for row in found[1] if row[2] == str(filters.status)]


def counts_by(column, filters: Filters, *, found=False) -> dict:
    """Open, overdue and due-soon counts grouped by a Case column (kind, status); `found`,
    the summaries' rows of the scope read once for several numbers (dashboard)."""
    found = _from_summaries(filters) if found is False else _with_status(found, filters)
    if found is None:
        return counts_by_from_cases(column, filters)
    index, label = (1, Kind) if column is Case.kind else (2, Status)
    groups: dict = {}
    for row in found[1]:
        groups.setdefault(label(row[index]), []).append(row)
    return {value: _added(rows) for value, rows in groups.items()}


def counts_by_from_cases(column, filters: Filters) -> dict:
    opened = open_cases(filters.as_of)
    query = (
        select(column, *_count_columns(opened, filters.as_of))
        .select_from(opened)
        .join(Case, Case.id == opened.c.case_id)
        .group_by(column)
    )
    rows = db.session.execute(scoped(query, filters))
    return {value: Counts(int(n), int(late), int(soon)) for value, n, late, soon in rows}


def totals(filters: Filters, *, found=False) -> Counts:
    found = _from_summaries(filters) if found is False else _with_status(found, filters)
    return totals_from_cases(filters) if found is None else _added(found[1])


def totals_from_cases(filters: Filters) -> Counts:
    opened = open_cases(filters.as_of)
    query = select(*_count_columns(opened, filters.as_of)).select_from(opened)
    query = query.join(Case, Case.id == opened.c.case_id)
    n, late, soon = db.session.execute(scoped(query, filters)).one()
    return Counts(int(n), int(late), int(soon))


def _closure():
    """(ancestor, unit) for every unit and each unit above it, itself included."""
    closure = select(Unit.id.label("ancestor_id"), Unit.id.label("unit_id")).cte(
        "unit_closure", recursive=True
    )
    child = aliased(Unit)
    return closure.union_all(
        select(closure.c.ancestor_id, child.id).where(child.parent_id == closure.c.unit_id)
    )


@dataclass
class UnitRow:
    unit: Unit
    depth: int
    counts: Counts


def counts_by_unit(filters: Filters, *, found=False) -> list[UnitRow]:
    """Each unit of the scope with the numbers of its whole subtree, in tree order; units
    with nothing open are left out (the kind filter applies, not the status)."""
    found = _from_summaries(filters, status=False) if found is False else found
    if found is None:
        return counts_by_unit_from_cases(filters)
    top = filters.unit_id if filters.unit_id is not None else filters.root_id
    numbers = {
        unit_id: Counts(*counts) for unit_id, counts in summaries.rolled_up(*found[::-1]).items()
    }
    return [
        UnitRow(unit, depth, numbers[unit.id])
        for unit, depth in unit_tree(top)
        if unit.id in numbers
    ]


def counts_by_unit_from_cases(filters: Filters) -> list[UnitRow]:
    top = filters.unit_id if filters.unit_id is not None else filters.root_id
    opened = open_cases(filters.as_of)
    closure = _closure()
    tree = subtree(top)
    query = (
        select(closure.c.ancestor_id, *_count_columns(opened, filters.as_of))
        .select_from(opened)
        .join(Case, Case.id == opened.c.case_id)
        .join(closure, closure.c.unit_id == Case.unit_id)
        .where(closure.c.ancestor_id.in_(select(tree.c.id)))
        .group_by(closure.c.ancestor_id)
    )
    if filters.kind is not None:
        query = query.where(Case.kind == filters.kind)
    numbers = {
        unit_id: Counts(int(n), int(late), int(soon))
        for unit_id, n, late, soon in db.session.execute(query)
    }
    return [
        UnitRow(unit, depth, numbers[unit.id])
        for unit, depth in unit_tree(top)
        if unit.id in numbers
    ]


def _month_key(column):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _months_back(as_of: date, n: int) -> list[date]:
    year, month = as_of.year, as_of.month
    months = []
    for _i in range(n):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


@dataclass
class MonthPoint:
    month: date
    received: int
    resolved: int


def monthly_trend(filters: Filters, *, months: int = 12) -> list[MonthPoint]:
    """Cases received and resolved (concluded, or closed without a conclusion) per month, from
    the daily summaries of the units in scope."""
    first = _months_back(filters.as_of, months)[0]
    top = filters.unit_id if filters.unit_id is not None else filters.root_id
    unit_ids = None if top is None else summaries.units_below(top)
    both = summaries.monthly_of(
        unit_ids, filters.kind, ("received", "resolved"), first, filters.as_of
    )
    got, done = both["received"], both["resolved"]
    return [
        MonthPoint(m, got.get(m.strftime("%Y-%m"), 0), done.get(m.strftime("%Y-%m"), 0))
        for m in _months_back(filters.as_of, months)
    ]


def monthly_trend_from_cases(filters: Filters, *, months: int = 12) -> list[MonthPoint]:
    """The same from the cases (the summaries' check)."""
    first = _months_back(filters.as_of, months)[0]
    received_key = _month_key(Case.received_on)
    received = select(received_key, func.count()).where(
        Case.received_on >= first, Case.received_on <= filters.as_of
    )
    received = scoped(received, _unstated(filters)).group_by(received_key)
    done_on = func.coalesce(Case.concluded_on, Case.closed_on)
    resolved_key = _month_key(done_on)
    resolved = select(resolved_key, func.count()).where(done_on >= first, done_on <= filters.as_of)
    resolved = scoped(resolved, _unstated(filters)).group_by(resolved_key)
    got = dict(db.session.execute(received).all())
    done = dict(db.session.execute(resolved).all())
    return [
        MonthPoint(m, int(got.get(m.strftime("%Y-%m"), 0)), int(done.get(m.strftime("%Y-%m"), 0)))
        for m in _months_back(filters.as_of, months)
    ]


def _unstated(filters: Filters) -> Filters:
    return Filters(
        as_of=filters.as_of, root_id=filters.root_id, unit_id=filters.unit_id, kind=filters.kind
    )


@dataclass
class OnTimeRow:
    """A unit's on-time rate as the reports compute it (domain.rates: cases, not deadlines)."""

    unit: Unit
    resolved_on_time: int
    resolved: int
    open_overdue: int
    rate: float | None


def _on_time_row(unit: Unit, summary: dict) -> OnTimeRow:
    return OnTimeRow(
        unit,
        summary["resolved_on_time"],
        summary["resolved"],
        summary["open_overdue"],
        summary["on_time_rate"],
    )


def on_time_period(as_of: date) -> Period:
    """The reporting year the day falls in: the rates stand where the year's report stands."""
    return annual_period(current_year(as_of))


def on_time_by_unit(filters: Filters) -> list[OnTimeRow]:
    """The on-time rate of the top of the scope (all of it) and of each unit one level below
    (with its sub-units), for the reporting year that holds `as_of`, as of that day: the very
    figures of the reports, the public statistics and the exports (reports.figures). The kind
    filter does not apply: the rate is the summary's, over every kind. Units with nothing
    resolved and nothing overdue have no rate and are left out."""
    period = on_time_period(filters.as_of)
    top = filters.unit_id if filters.unit_id is not None else filters.root_id
    tops = (
        [db.session.get(Unit, top)]
        if top is not None
        else list(
            db.session.scalars(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.code))
        )
    )
    rows = []
    for unit in tops:
        groups = summary_by_unit(unit, period, today=filters.as_of)
        rows.append(_on_time_row(unit, add_up(SUMMARY, [summary for _u, summary in groups])))
        rows.extend(_on_time_row(u, summary) for u, summary in groups if u.id != unit.id)
    return [row for row in rows if row.rate is not None]


@dataclass
class Dashboard:
    filters: Filters
    totals: Counts
    by_unit: list[UnitRow]
    by_kind: dict
    by_status: dict
    overdue_total: int
    overdue: list[OverdueItem]
    long_standing: int
    repeated: int
    flagged: int
    backdated_total: int
    backdated: list[CaseEvent]
    trend: list[MonthPoint]
    on_time: list[OnTimeRow]
    reminders: list[Reminder] = field(default_factory=list)


def dashboard(filters: Filters) -> Dashboard:
    overdue_total, overdue = overdue_items(filters, limit=20)
    backdated_total, backdated = backdated_events(filters, limit=10)

    counted = counts_of(
        Filters(filters.as_of, filters.root_id, filters.unit_id, filters.kind, None),
        ("long_standing", "repeated", "flagged"),
    )

    found = _from_summaries(filters, status=False)  # every number below from one read
    return Dashboard(
        filters=filters,
        totals=totals(filters, found=found),
        by_unit=counts_by_unit(filters, found=found),
        by_kind=counts_by(Case.kind, filters, found=found),
        by_status=counts_by(Case.status, filters, found=found),
        overdue_total=overdue_total,
        overdue=overdue,
        long_standing=counted["long_standing"],
        repeated=counted["repeated"],
        flagged=counted["flagged"],
        backdated_total=backdated_total,
        backdated=backdated,
        trend=monthly_trend(filters),
        on_time=on_time_by_unit(filters),
        reminders=reminders_to(filters.unit_id or filters.root_id, limit=10),
    )
