"""The lists behind the oversight numbers: cases by state, overdue cases, backdated entries."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import selectinload

from petitions import clock
from petitions.cases.deadline_views import due_soon_days
from petitions.cases.models import Case, CaseEvent
from petitions.clock import LOCAL_TZ
from petitions.errors import Refused
from petitions.extensions import db
from petitions.oversight.scope import Filters, open_cases, running_deadlines, scoped
from petitions.units.models import Unit

STATES = ("open", "overdue", "due_soon", "long_standing", "repeated", "flagged")


def long_standing_days() -> int:
    return int(current_app.config["OVERSIGHT_LONG_STANDING_DAYS"])


def _state_condition(state: str, due_on, as_of: date):
    """The condition of a list; `due_on` is the case's earliest running due date."""
    soon_until = as_of + timedelta(days=due_soon_days())
    conditions = {
        "open": literal(True),
        "overdue": due_on < as_of,
        "due_soon": and_(due_on >= as_of, due_on <= soon_until),
        "long_standing": Case.received_on <= as_of - timedelta(days=long_standing_days()),
        "repeated": Case.repeat_number > 1,
        "flagged": or_(Case.complexity.is_not(None), Case.public_interest.is_(True)),
    }
    if state not in conditions:
        raise Refused(422, fields={"state": [_("Nhóm hồ sơ không hợp lệ.")]})
    return conditions[state]


def _is_today(filters: Filters) -> bool:
    """Whether the case's mirror of its earliest running duty (cases.due_on, kept by
    cases.timing.refresh_current_due) answers for `as_of`: only for today."""
    return filters.as_of == clock.today()


def case_list(filters: Filters) -> Select:
    """The cases behind a number: (Case, earliest running due date), most overdue first. For
    today, the case's mirror of its earliest running duty (a case is open exactly when it has
    one); for a day in the past, the deadlines as they ran on that day."""
    if _is_today(filters):
        query = (
            select(Case, Case.due_on)
            .where(Case.due_on >= date.min)  # a range of the due_on index: the open cases
            .where(_state_condition(filters.state, Case.due_on, filters.as_of))
            .order_by(Case.due_on, Case.id)
        )
        return scoped(query, filters, by_due_date=True)
    opened = open_cases(filters.as_of)
    query = (
        select(Case, opened.c.due_on)
        .join(opened, opened.c.case_id == Case.id)
        .where(_state_condition(filters.state, opened.c.due_on, filters.as_of))
        .order_by(opened.c.due_on, Case.id)
    )
    return scoped(query, filters)


def counts_of(filters: Filters, states: tuple[str, ...]) -> dict[str, int]:
    """How many cases each list shows, in one pass over the open cases (for the dashboard's
    long-standing, repeated and flagged numbers): today, those of the due_on index."""
    today = _is_today(filters)
    opened = None if today else open_cases(filters.as_of)
    due_on = Case.due_on if today else opened.c.due_on
    columns = [
        func.coalesce(
            func.sum(case((_state_condition(state, due_on, filters.as_of), 1), else_=0)), 0
        )
        for state in states
    ]
    if today:
        query = scoped(select(*columns).where(Case.due_on >= date.min), filters, by_due_date=True)
    else:
        query = scoped(select(*columns).join(opened, opened.c.case_id == Case.id), filters)
    row = db.session.execute(query).one()
    return {state: int(value) for state, value in zip(states, row, strict=True)}


def count_of(filters: Filters) -> int:
    """How many cases a list shows (for the long-standing, repeated and flagged numbers)."""
    inner = case_list(filters).order_by(None).with_only_columns(Case.id).subquery()
    return db.session.scalar(select(func.count()).select_from(inner)) or 0


@dataclass
class OverdueItem:
    id: int
    tracking_code: str
    title: str
    unit_code: str
    unit_name: str
    kind: str
    status: str
    rule: str  # the earliest deadline past due
    due_on: date
    days_overdue: int
    # How many of the case's running deadlines are past due (the earliest one included).
    overdue_deadlines: int = 1

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "tracking_code": self.tracking_code,
            "unit": self.unit_code,
            "kind": self.kind,
            "status": self.status,
            "rule": self.rule,
            "due_on": self.due_on.isoformat(),
            "days_overdue": self.days_overdue,
            "overdue_deadlines": self.overdue_deadlines,
        }


# What an overdue row shows of its case, before the deadline's rule, day and count.
_ITEM_COLUMNS = (
    Case.id,
    Case.tracking_code,
    Case.title,
    Unit.code,
    Unit.name,
    Case.kind,
    Case.status,
)


def overdue_query(filters: Filters) -> Select:
    """One row per case with a deadline running and past due on `as_of`, most overdue first:
    its earliest such deadline, and how many it has. A case past two deadlines (classifying
    and notifying, say) is one overdue case, as the dashboard counts it (open_cases)."""
    running = running_deadlines(filters.as_of, due_before=filters.as_of)
    by_case = {"partition_by": running.c.case_id}
    ranked = select(
        running.c.case_id,
        running.c.rule,
        running.c.due_on,
        func.row_number().over(**by_case, order_by=(running.c.due_on, running.c.id)).label("rank"),
        func.count().over(**by_case).label("deadlines"),
    ).subquery("overdue_ranked")
    query = (
        select(
            *_ITEM_COLUMNS,
            ranked.c.rule,
            ranked.c.due_on,
            ranked.c.deadlines,
        )
        .select_from(ranked)
        .join(Case, Case.id == ranked.c.case_id)
        .join(Unit, Unit.id == Case.unit_id)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.due_on, Case.id)
    )
    return scoped(query, filters)


def overdue_item(row, as_of: date) -> OverdueItem:
    """An OverdueItem from a row of overdue_query."""
    return OverdueItem(
        id=row[0],
        tracking_code=row[1],
        title=row[2],
        unit_code=row[3],
        unit_name=row[4],
        kind=getattr(row[5], "value", row[5]),
        status=getattr(row[6], "value", row[6]),
        rule=row[7],
        due_on=row[8],
        days_overdue=(as_of - row[8]).days,
        overdue_deadlines=int(row[9]),
    )


def _overdue_today(filters: Filters) -> Select:
    """overdue_query for today, on the case's mirror of its earliest running duty
    (cases.due_on, cases.due_rule: cases.timing.refresh_current_due): a case is overdue today
    exactly when that day has passed, and its earliest overdue deadline is that one. A range
    of the due_on index, read as far as the page goes; `deadlines` is filled per page."""
    query = (
        select(
            *_ITEM_COLUMNS,
            Case.due_rule,
            Case.due_on,
            literal(1).label("deadlines"),
        )
        .join(Unit, Unit.id == Case.unit_id)
        .where(Case.due_on < filters.as_of)
        .order_by(Case.due_on, Case.id)
    )
    return scoped(query, filters, by_due_date=True)


def _overdue_deadlines(case_ids: list[int], as_of: date) -> dict[int, int]:
    """How many running deadlines of each case are past due on `as_of`."""
    if not case_ids:
        return {}
    running = running_deadlines(as_of, due_before=as_of, case_ids=case_ids)
    query = select(running.c.case_id, func.count()).group_by(running.c.case_id)
    return dict(db.session.execute(query).all())


def overdue_items(
    filters: Filters, *, limit: int | None = None, offset: int = 0
) -> tuple[int, list[OverdueItem]]:
    """How many cases are overdue, and (a page of) them. For today the case's mirror of its
    earliest running duty answers (an index range); for a day in the past, the deadlines as
    they ran on that day (overdue_query)."""
    if _is_today(filters):
        query = _overdue_today(filters)
        total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
        if limit is not None:
            query = query.limit(limit).offset(offset)
        rows = list(db.session.execute(query))
        counts = _overdue_deadlines([row[0] for row in rows], filters.as_of)
        items = [overdue_item(row, filters.as_of) for row in rows]
        for item in items:
            item.overdue_deadlines = counts.get(item.id, 1)
        return total or 0, items
    query = overdue_query(filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    items = [overdue_item(row, filters.as_of) for row in db.session.execute(query)]
    return total or 0, items


def iter_overdue_items(filters: Filters, *, batch: int = 1000) -> Iterator[OverdueItem]:
    """Every overdue case, most overdue first, read `batch` rows at a time (a streamed
    cursor), so a file of all of them never holds them all in memory."""
    query = overdue_query(filters).execution_options(yield_per=batch)
    for row in db.session.execute(query):
        yield overdue_item(row, filters.as_of)


def backdated_events(filters: Filters, *, limit: int = 20) -> tuple[int, list[CaseEvent]]:
    """History entries whose effective date is earlier than the day they were entered."""
    entered_before = datetime.combine(filters.as_of + timedelta(days=1), time(0), LOCAL_TZ)
    query = select(CaseEvent).where(
        CaseEvent.backdated.is_(True), CaseEvent.entered_at < entered_before
    )
    if filters.root_id is not None or filters.unit_id is not None or filters.kind is not None:
        # Only a scope needs the case (its unit, its kind); the whole province reads the
        # (backdated, entered_at) index alone.
        query = scoped(
            query.join(Case, Case.id == CaseEvent.case_id),
            Filters(
                as_of=filters.as_of,
                root_id=filters.root_id,
                unit_id=filters.unit_id,
                kind=filters.kind,
            ),
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(CaseEvent.entered_at.desc(), CaseEvent.id.desc())
        .limit(limit)
        # What the list shows of each: its case's code and who entered it (one query each).
        .options(
            selectinload(CaseEvent.case).load_only(Case.tracking_code),
            selectinload(CaseEvent.actor),
        )
    )
    return total, list(rows)
