"""Keeping the summaries in the same transaction as each change, and rebuilding them.

A session hook notes the cases a flush or a bulk statement touched (their rows in cases,
case_deadlines, case_holdings, case_events, case_results); before the commit it recomputes
those cases' contributions from the database as it then stands, applies the difference to the
count tables (an upsert adding to `n`, safe under concurrent writers: PostgreSQL's
ON CONFLICT DO UPDATE takes the row lock, SQLite writers are serialised by BEGIN IMMEDIATE)
and stores the new contributions. No service needs to know: intake, workflow steps,
forwarding, back-dating, deadline recomputes, reorganisations and anonymisation all go through
the session. `rebuild` computes every contribution afresh; the property test in
tests/summaries checks that the two always agree.

The same hook notes the earliest day a change can alter figures of (the effective day of a new
history entry, the dates a row had or has) and drops the frozen figures of every period ending
on or after it (petitions.reports.frozen).
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable
from datetime import date

from sqlalchemy import (
    Date,
    Delete,
    Insert,
    Update,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from petitions.cases.models import Case, CaseDeadline, CaseEvent, CaseHolding
from petitions.domain import workflow
from petitions.summaries.models import (
    FiguresGeneration,
    FrozenFigures,
    SummaryContribution,
    SummaryDay,
    SummaryOpen,
)

# Tables whose rows belong to one case (column case_id, or the case's own id).
CASE_TABLES = frozenset({"cases", "case_deadlines", "case_holdings", "case_events", "case_results"})
# Other rows the statistical forms count by their dates (reception log, reminders, the tree).
DATED_TABLES = frozenset(
    {"reminders", "reception_visits", "reception_sessions", "unit_parents", "unit_changes"}
)
_TOUCHED = "summaries_touched"
_SINCE = "summaries_since"  # the earliest day changed, or date.min
_UNDATED = "summaries_undated"  # cases changed without a date of their own
_EVENTS = "summaries_event_cases"  # cases with a new history entry in this transaction
# A session with this set in its info leaves the summaries alone (a bulk load rebuilds after).
DEFERRED = "summaries_deferred"
BATCH = 2000


def _text(value) -> str:
    return str(getattr(value, "value", value))


def _iso(value) -> str:
    return value.isoformat()


# -- contributions --------------------------------------------------------------------------------


def contributions(session: Session, case_ids: Iterable[int]) -> dict[int, tuple[list, date | None]]:
    """{case id: (keys, valid_from)} of the cases as the database holds them; a case that no
    longer exists is absent. A case still pending needs no history read, one never moved no
    holdings: a new petition costs two SELECTs."""
    ids = sorted(set(case_ids))
    result: dict[int, tuple[list, date | None]] = {}
    c, d = Case.__table__, CaseDeadline.__table__
    e, h = CaseEvent.__table__, CaseHolding.__table__
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        cases = session.execute(
            select(
                c.c.id,
                c.c.unit_id,
                c.c.unit_since,
                c.c.kind,
                c.c.channel,
                c.c.status,
                c.c.received_on,
                c.c.accepted_on,
                c.c.concluded_on,
                c.c.closed_on,
            ).where(c.c.id.in_(chunk))
        ).all()
        if not cases:
            continue
        deadlines: dict[int, list] = {}
        rows = session.execute(
            select(
                d.c.case_id, d.c.rule, d.c.start_on, d.c.due_on, d.c.met_on, d.c.suspended_on
            ).where(d.c.case_id.in_(chunk), d.c.cancelled.is_(False))
        )
        for row in rows:
            deadlines.setdefault(row.case_id, []).append(row)
        unsettled = [r.id for r in cases if _text(r.status) not in PENDING and not r.concluded_on]
        settling: dict[int, date] = {}
        if unsettled:
            settling = dict(
                session.execute(
                    select(e.c.case_id, func.min(e.c.effective_on))
                    .where(e.c.case_id.in_(unsettled), e.c.to_status.in_(SETTLED))
                    .group_by(e.c.case_id)
                ).all()
            )
        moved = [r.id for r in cases if r.unit_since is not None]
        held: dict[int, list] = {}
        if moved:
            rows = session.execute(
                select(h.c.case_id, h.c.unit_id, h.c.valid_from, h.c.valid_to).where(
                    h.c.case_id.in_(moved)
                )
            )
            for row in rows:
                held.setdefault(row.case_id, []).append((row.unit_id, row.valid_from, row.valid_to))
        for row in cases:
            result[row.id] = case_keys(
                row, deadlines.get(row.id, []), settling.get(row.id), held.get(row.id, [])
            )
    return result


PENDING = frozenset(str(s) for s in workflow.PENDING_STATES)
SETTLED = tuple(sorted(str(s) for s in workflow.SETTLED_STATES))
DECIDED = frozenset(str(s) for s in workflow.DECIDED_STATES)
# Ended after acceptance without a decision: resolved as the forms count (reports.cells).
ENDED_ACCEPTED = frozenset({workflow.WITHDRAWN, workflow.TERMINATED})
# The statistical forms' summary, by the unit holding the case on each day (reports.counting):
# per day and per calendar month (the day the month's first), without kind and channel (the forms'
# summary has neither), so that a year is read as twelve rows a unit and its ends day by day
# (summaries.queries).
REPORT_METRICS = {
    "report_received": "received",
    "report_accepted": "accepted",
    "report_on_time": "resolved_on_time",
    "report_late": "resolved_late",
}
MONTH_METRICS = {
    "month_received": "received",
    "month_accepted": "accepted",
    "month_on_time": "resolved_on_time",
    "month_late": "resolved_late",
}
MONTHLY = dict(zip(REPORT_METRICS, MONTH_METRICS, strict=True))
# The dashboard's trend (received, resolved under today's unit) per calendar month as well, by
# kind (channel "-"): twelve months read a row per unit, kind and month (summaries.queries).
TREND_MONTHS = {"received": "received_month", "resolved": "resolved_month"}
# Every case under its unit, kind and status today (`status_<status>`, day STATUS_DAY): the case
# list's counts by status without a pass over the whole status index (summaries.queries).
STATUS_PREFIX = "status_"
STATUS_DAY = date(2000, 1, 1)


def case_keys(
    row, deadlines: list, settling_on: date | None = None, holdings: Iterable = ()
) -> tuple[list, date | None]:
    """What one case adds to the counts, and the last day its open state depends on.

    Open: the earliest due date among its running duties (oversight.scope: started, not met,
    not cancelled, not paused, not the citizen's own window), under its unit, kind and status.
    Days, under today's unit (the dashboard's trend): received, accepted, resolved (concluded,
    or closed without a conclusion) on time or late against its latest resolution deadline,
    closed. Days as the statistical forms count them, under the unit that held the case that
    day (`report_*`): received unless forwarded on, accepted, and resolved on time or late on
    the day it was settled (reports.counting: decided, or withdrawn/terminated after acceptance;
    on time when no later than its latest resolution deadline).
    """
    unit, kind, channel = row.unit_id, _text(row.kind), _text(row.channel)
    status = _text(row.status)
    duties = [dl for dl in deadlines if dl.rule not in workflow.PASSIVE_RULES]
    keys: list = []
    running = [dl.due_on for dl in duties if dl.met_on is None and dl.suspended_on is None]
    if running:
        keys.append(["o", unit, kind, status, _iso(min(running))])
    depends = [
        day for dl in duties for day in (dl.start_on, dl.met_on, dl.suspended_on) if day is not None
    ]

    def happened(metric: str, day: date | None) -> None:
        if day is not None:
            keys.append(["d", unit, kind, channel, metric, _iso(day)])
            if metric in TREND_MONTHS:
                keys.append(["d", unit, kind, "-", TREND_MONTHS[metric], _iso(day.replace(day=1))])

    keys.append(["d", unit, kind, "-", STATUS_PREFIX + status, _iso(STATUS_DAY)])
    happened("received", row.received_on)
    happened("accepted", row.accepted_on)
    done_on = row.concluded_on or row.closed_on
    happened("resolved", done_on)
    resolve_due = max(
        (dl.due_on for dl in deadlines if dl.rule in workflow.RESOLUTION_RULES), default=None
    )
    if done_on is not None:
        late = resolve_due is not None and done_on > resolve_due
        happened("resolved_late" if late else "resolved_on_time", done_on)
    happened("closed", row.closed_on)

    windows = [*holdings, (unit, row.unit_since or row.received_on, date.max)]

    def held(metric: str, day: date | None) -> None:
        if day is None:
            return
        month = _iso(day.replace(day=1))
        for holder in sorted({u for u, first, last in windows if first <= day <= last}):
            keys.append(["d", holder, "-", "-", metric, _iso(day)])
            keys.append(["d", holder, "-", "-", MONTHLY[metric], month])

    settled_on = (
        None
        if status in PENDING
        else row.concluded_on or settling_on or row.closed_on or row.received_on
    )
    if status != workflow.FORWARDED:
        held("report_received", row.received_on)
    held("report_accepted", row.accepted_on)
    if settled_on is not None and (
        status in DECIDED or (status in ENDED_ACCEPTED and row.accepted_on is not None)
    ):
        on_time = resolve_due is None or settled_on <= resolve_due
        held("report_on_time" if on_time else "report_late", settled_on)
    return keys, (max(depends) if depends else None)


# -- applying differences -------------------------------------------------------------------------


def insert_for(session: Session, table):
    """An INSERT of the session's dialect, which can take ON CONFLICT."""
    return (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert(table)


def _upsert(session: Session, table, columns: tuple[str, ...], rows: list[dict]) -> None:
    if not rows:
        return
    statement = insert_for(session, table)
    statement = statement.on_conflict_do_update(
        index_elements=list(columns), set_={"n": table.c.n + statement.excluded.n}
    )
    session.execute(statement, rows)


OPEN_COLUMNS = ("unit_id", "kind", "status", "due_on")
DAY_COLUMNS = ("unit_id", "kind", "channel", "metric", "day")


def apply_deltas(session: Session, deltas: Counter) -> None:
    """Add each key's difference to its count row, in key order (so that concurrent writers
    lock rows in the same order), and drop rows that came down to zero."""
    open_rows, day_rows = [], []
    for key in sorted(k for k, n in deltas.items() if n):
        n = deltas[key]
        if key[0] == "o":
            _, unit, kind, status, due = key
            open_rows.append(
                {
                    "unit_id": unit,
                    "kind": kind,
                    "status": status,
                    "due_on": date.fromisoformat(due),
                    "n": n,
                }
            )
        else:
            _, unit, kind, channel, metric, day = key
            day_rows.append(
                {
                    "unit_id": unit,
                    "kind": kind,
                    "channel": channel,
                    "metric": metric,
                    "day": date.fromisoformat(day),
                    "n": n,
                }
            )
    for table, columns, rows in (
        (SummaryOpen.__table__, OPEN_COLUMNS, open_rows),
        (SummaryDay.__table__, DAY_COLUMNS, day_rows),
    ):
        _upsert(session, table, columns, rows)
        fell = [{f"k_{c}": row[c] for c in columns} for row in rows if row["n"] < 0]
        if fell:
            condition = [table.c[c] == _bind(f"k_{c}", table.c[c].type) for c in columns]
            session.execute(delete(table).where(*condition, table.c.n == 0), fell)


def _bind(name: str, type_):
    return bindparam(name, type_=type_)


def refresh(session: Session, case_ids: Iterable[int]) -> None:
    """Bring the summaries of these cases up to date with the database."""
    ids = sorted(set(case_ids))
    s = SummaryContribution.__table__
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        query = select(s.c.case_id, s.c["keys"]).where(s.c.case_id.in_(chunk))
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        old = {row[0]: row[1] for row in session.execute(query)}
        new = contributions(session, chunk)
        deltas: Counter = Counter()
        for case_id in chunk:
            for key in old.get(case_id) or []:
                deltas[tuple(key)] -= 1
            for key in new.get(case_id, ([], None))[0]:
                deltas[tuple(key)] += 1
        apply_deltas(session, deltas)
        gone = [case_id for case_id in chunk if case_id in old and case_id not in new]
        if gone:
            session.execute(delete(s).where(s.c.case_id.in_(gone)))
        changed = [
            {"c_id": case_id, "keys": keys, "valid_from": valid_from}
            for case_id, (keys, valid_from) in new.items()
            if case_id in old
        ]
        if changed:
            session.execute(
                update(s).where(s.c.case_id == _bind("c_id", s.c.case_id.type)), changed
            )
        added = [
            {"case_id": case_id, "keys": keys, "valid_from": valid_from}
            for case_id, (keys, valid_from) in new.items()
            if case_id not in old
        ]
        if added:
            session.execute(insert(s), added)


def rebuild(session: Session) -> int:
    """Every summary computed afresh from the cases; returns the number of cases read."""
    for table in (SummaryContribution, SummaryOpen, SummaryDay):
        session.execute(delete(table.__table__))
    totals: Counter = Counter()
    last = 0
    count = 0
    s = SummaryContribution.__table__
    while True:
        ids = list(
            session.scalars(
                select(Case.__table__.c.id)
                .where(Case.__table__.c.id > last)
                .order_by(Case.__table__.c.id)
                .limit(BATCH * 5)
            )
        )
        if not ids:
            break
        new = contributions(session, ids)
        rows = []
        for case_id, (keys, valid_from) in new.items():
            totals.update(tuple(k) for k in keys)
            rows.append({"case_id": case_id, "keys": keys, "valid_from": valid_from})
        session.execute(insert(s), rows)
        last, count = ids[-1], count + len(ids)
    apply_deltas(session, totals)
    session.info.pop(_TOUCHED, None)
    return count


def open_exact_from(session: Session) -> date | None:
    """The first day the open counts answer for exactly (None: any day)."""
    return session.scalar(select(func.max(SummaryContribution.valid_from)))


# -- the hook -------------------------------------------------------------------------------------


def has_pending_changes(session: Session) -> bool:
    """Whether the session holds changes the stored figures do not know yet (dropped only at
    commit): figures read now must be computed, not read back, and not stored."""
    if any(session.info.get(key) for key in (_TOUCHED, _SINCE, _UNDATED, "summaries_everything")):
        return True
    watched = CASE_TABLES | DATED_TABLES
    return any(
        getattr(getattr(obj, "__table__", None), "name", None) in watched
        for obj in (*session.new, *session.dirty, *session.deleted)
    )


def _touch(session: Session, case_ids: Iterable[int]) -> None:
    session.info.setdefault(_TOUCHED, set()).update(i for i in case_ids if i is not None)


def _since(session: Session, day: date | None) -> None:
    if day is None:
        return
    current = session.info.get(_SINCE)
    if current is None or day < current:
        session.info[_SINCE] = day


def _case_id(obj) -> int | None:
    return obj.id if obj.__table__.name == "cases" else getattr(obj, "case_id", None)


# The case's mirror of its current deadline: the reports read the deadlines themselves.
NOT_DATES = frozenset({("cases", "due_on")})


def _date_columns(obj) -> list[str]:
    table = obj.__table__.name
    return [
        c.key
        for c in obj.__mapper__.column_attrs
        if isinstance(c.columns[0].type, Date) and (table, c.key) not in NOT_DATES
    ]


def _dates_of(obj, *, changed_only: bool) -> tuple[list[date], bool]:
    """The dates a row has (or, when changed_only, had and has in the columns that changed),
    and whether a column other than a date changed."""
    state = inspect(obj)
    days: list[date] = []
    other = False
    dates = set(_date_columns(obj))
    for attr in obj.__mapper__.column_attrs:
        history = state.attrs[attr.key].history
        if changed_only and not history.has_changes():
            continue
        if attr.key not in dates:
            if (obj.__table__.name, attr.key) not in NOT_DATES:
                other = other or changed_only
            continue
        values = (*history.added, *history.deleted) if changed_only else (*history.sum(),)
        days.extend(v for v in values if isinstance(v, date))
    return days, other


def _moved_dates(details) -> list[date]:
    """The old and new due dates a recompute entry names (details "old", "new")."""
    days = []
    for key in ("old", "new"):
        with contextlib.suppress(ValueError, TypeError):
            days.append(date.fromisoformat(str((details or {}).get(key))))
    return days


def _note_dates(session: Session, obj, *, new_or_deleted: bool) -> None:
    table = obj.__table__.name
    if table == "reception_visit_citizens":
        visit = obj.__dict__.get("visit")
        _since(session, getattr(visit, "visited_on", None) or date.min)
        return
    if table not in CASE_TABLES and table not in DATED_TABLES:
        return
    days, other = _dates_of(obj, changed_only=not new_or_deleted)
    if table == "case_events":
        days.extend(_moved_dates(obj.details))
    if days:
        _since(session, min(days))
    elif new_or_deleted and table in DATED_TABLES:
        _since(session, date.min)
    if table == "case_events" and new_or_deleted:
        session.info.setdefault(_EVENTS, set()).add(obj.case_id)
    elif table in CASE_TABLES and other:
        session.info.setdefault(_UNDATED, set()).add(_case_id(obj))


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, flush_context) -> None:
    if session.info.get(DEFERRED):
        return
    for group, fresh in ((session.new, True), (session.dirty, False), (session.deleted, True)):
        for obj in group:
            table = getattr(obj, "__table__", None)
            if table is None:
                continue
            if table.name in CASE_TABLES:
                _touch(session, [_case_id(obj)])
            if fresh or session.is_modified(obj, include_collections=False):
                _note_dates(session, obj, new_or_deleted=fresh)


def _bulk_case_ids(state, table) -> tuple[set[int], bool]:
    """The cases a bulk statement on a case table touches, and whether all were found."""
    params = state.parameters
    many = params if isinstance(params, list) else [params or {}]
    found: set[int] = set()
    key = "id" if table.name == "cases" else "case_id"
    for row in many:
        for name in (key, "case_id", "c_id"):
            if row.get(name) is not None:
                found.add(row[name])
                break
    if found or isinstance(state.statement, Insert):
        return found, bool(found) or not many
    if table.name == "case_deadlines" and any("deadline_id" in row for row in many):
        ids = [row["deadline_id"] for row in many]
        rows = state.session.execute(select(table.c.case_id).where(table.c.id.in_(ids)))
        return {r for (r,) in rows}, True
    where = state.statement.whereclause
    if where is not None and len(many) == 1:
        column = table.c.id if table.name == "cases" else table.c.case_id
        rows = state.session.execute(select(column).where(where), many[0])
        return {r for (r,) in rows}, True
    return found, False


# Columns no count or figure reads: the tamper-evident chain of the history (petitions.audit),
# written by its own hook after this one's, at every commit that adds history.
UNCOUNTED = {"case_events": frozenset({"seq", "prev_hash", "hash", "case_prev_hash"})}


def _uncounted(state) -> bool:
    """Whether a bulk UPDATE sets only columns in UNCOUNTED."""
    statement = state.statement
    ignored = UNCOUNTED.get(getattr(statement.table, "name", None))
    if not ignored or not isinstance(statement, Update):
        return False
    params = state.parameters
    rows = params if isinstance(params, list) else [params or {}]
    written = {getattr(k, "key", k) for k in (statement._values or {})}
    written.update(k for row in rows for k in row if k in statement.table.c)
    return bool(written) and written <= ignored


@event.listens_for(Session, "do_orm_execute")
def _note_bulk(state) -> None:
    statement = state.statement
    if not isinstance(statement, Insert | Update | Delete) or state.session.info.get(DEFERRED):
        return
    table = statement.table
    name = getattr(table, "name", None)
    if _uncounted(state):
        return
    if name in DATED_TABLES:
        _since(state.session, date.min)
    if name not in CASE_TABLES:
        return
    session = state.session
    ids, complete = _bulk_case_ids(state, table)
    if not complete:
        session.info["summaries_everything"] = True
    _touch(session, ids)
    params = state.parameters
    rows = params if isinstance(params, list) else [params or {}]
    if name == "case_events" and isinstance(statement, Insert):
        for row in rows:
            days = [row.get("effective_on"), *_moved_dates(row.get("details"))]
            _since(session, min((d for d in days if isinstance(d, date)), default=date.min))
        session.info.setdefault(_EVENTS, set()).update(ids)
    else:
        session.info.setdefault(_UNDATED, set()).update(ids)


@event.listens_for(Session, "before_commit")
def _update_before_commit(session: Session) -> None:
    # A savepoint's release commits nothing yet: the work waits for the real commit, where it
    # reads the database as the whole transaction left it (a rolled-back savepoint included).
    if session.info.get(DEFERRED) or session.in_nested_transaction():
        return
    for _round in range(5):
        if not (
            session.info.get(_TOUCHED)
            or session.info.get("summaries_everything")
            or any(
                getattr(getattr(o, "__table__", None), "name", None) in CASE_TABLES
                for o in (*session.new, *session.dirty, *session.deleted)
            )
        ):
            break
        session.flush()
        if session.info.pop("summaries_everything", False):
            rebuild(session)
        touched = session.info.pop(_TOUCHED, set())
        if touched:
            refresh(session, touched)
    _invalidate_frozen(session)


def _invalidate_frozen(session: Session) -> None:
    undated = session.info.pop(_UNDATED, set()) - session.info.pop(_EVENTS, set())
    since = session.info.pop(_SINCE, None)
    if undated:
        since = date.min
    if since is not None:
        # The counter first: its row lock (PostgreSQL) orders this change after a store that
        # began earlier, whose row the delete below then sees and drops (reports.frozen).
        table = FiguresGeneration.__table__
        counted = insert_for(session, table).values(id=1, n=1)
        session.execute(
            counted.on_conflict_do_update(index_elements=["id"], set_={"n": table.c.n + 1})
        )
        session.execute(delete(FrozenFigures.__table__).where(FrozenFigures.period_end >= since))


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    # A savepoint rolled back leaves the transaction's earlier changes to count at its commit
    # (a case it touched is recomputed from the database all the same).
    if session.in_nested_transaction():
        return
    for key in (_TOUCHED, _SINCE, _UNDATED, _EVENTS, "summaries_everything"):
        session.info.pop(key, None)
