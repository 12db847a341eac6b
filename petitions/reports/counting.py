"""The SQL that fills the statistical forms (form_specs.py).

Each case-based cell is a condition over one row of "case facts" (a subquery that derives, per
case, the day it was settled, the route it took, its resolution deadline and whether it stood
overdue); the forms are filled by one `SUM(CASE WHEN ...)` query grouped by unit, never by
loading cases into Python.

Counting rules (DOMAIN.md "Reporting", API.md):
- the figures stand "as of" a day: the period's end, or today while the period runs; a case
  settled after that day still counts as open;
- a case forwarded to another unit counts as received where it arrives (the linked case with
  channel "transferred"); the forwarding unit reports it only as forwarded, so a province-wide
  total never counts it twice;
- carried over = received before the period and not yet settled (or, for the resolution forms,
  accepted before the period and not yet resolved) on its first day;
- a resolved case is on time when it was settled no later than its resolution deadline (the
  latest non-cancelled one, extensions included); a case without a resolution deadline cannot
  be late; open cases past any running deadline count as late in the on-time rate;
- a matter (vụ việc) is the petitions linked as duplicates, repeats (a complaint's second round
  among them) or forwarded copies of one first petition: `matter_id` is that first petition,
  found by following the links up to MATTER_DEPTH steps; matter cells count distinct matters.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import (
    Date,
    Float,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import aliased

from petitions.cases.models import Case, CaseDeadline, CaseEvent, CaseHolding, CaseResult
from petitions.cases.subjects import OTHER
from petitions.domain import workflow
from petitions.domain.periods import Period
from petitions.extensions import db
from petitions.oversight.models import Reminder
from petitions.reports.cells import Cell, Facts, FormSpec
from petitions.reports.form_specs import FORMS, SUMMARY
from petitions.units.history import scope_periods
from petitions.units.models import END_OF_TIME

# Routes out of "received" that end the case for the unit: settled without a decision. The
# state groups and deadline rule lists themselves are the workflow's (domain.workflow).
ROUTES = workflow.SETTLED_STATES - workflow.DECIDED_STATES
# The unit chasing the agency it forwarded a petition to (workflow step "remind"), and a
# reminder arriving on one of the unit's cases (from that agency or from the inspectorate).
REMINDER_SENT = "remind"
REMINDER_RECEIVED = "reminder_received"
# Links followed to a matter's first petition; a longer chain (never seen in practice) counts
# its older part as another matter.
MATTER_DEPTH = 4
MILLION = 1_000_000  # the forms print money in millions of đồng (Trđ)
RESULT_AMOUNTS = (
    "recover_money",
    "recover_land",
    "return_org_money",
    "return_org_land",
    "return_person_money",
    "return_person_land",
    "restored_orgs",
    "restored_people",
    "discipline_people",
    "discipline_officials",
    "investigation_cases",
    "investigation_people",
    "investigation_officials",
)


def _link(table):
    """The petition this one continues: the one it duplicates, repeats, or was forwarded from."""
    return func.coalesce(table.duplicate_of_id, table.repeat_of_id, table.forwarded_from_id)


def _decided_by(table, day):
    return case((and_(table.concluded_on.is_not(None), table.concluded_on <= day), 1), else_=0)


def scope_cte(*, split: bool = False):
    """(unit_id, grp, valid_from, valid_to): every unit under the roots (the `scope_roots`
    parameter) and the days it was under them, on the tree as it stood each day
    (units.history.scope_periods). With `split`, each child of a root is its own group."""
    return scope_periods(split=split)


def holdings():
    """(case_id, unit_id, valid_from, valid_to): which unit held each case on which days —
    the units that held it before (CaseHolding), then today's since `unit_since`."""
    current = select(
        Case.id.label("case_id"),
        Case.unit_id.label("unit_id"),
        func.coalesce(Case.unit_since, Case.received_on).label("valid_from"),
        literal(END_OF_TIME, Date).label("valid_to"),
    )
    earlier = select(
        CaseHolding.case_id, CaseHolding.unit_id, CaseHolding.valid_from, CaseHolding.valid_to
    )
    return union_all(current, earlier).subquery("holdings")


def held_windows(scope):
    """(grp, case_id, held_from, held_to): the days each group held each case, on the tree of
    those days. A case that stayed in the group across a reorganisation is one window."""
    held = holdings()
    start = case(
        (held.c.valid_from > scope.c.valid_from, held.c.valid_from), else_=scope.c.valid_from
    )
    end = case((held.c.valid_to < scope.c.valid_to, held.c.valid_to), else_=scope.c.valid_to)
    return (
        select(
            scope.c.grp,
            held.c.case_id,
            type_coerce(func.min(start), Date).label("held_from"),
            type_coerce(func.max(end), Date).label("held_to"),
        )
        .join(
            scope,
            and_(
                scope.c.unit_id == held.c.unit_id,
                scope.c.valid_from <= held.c.valid_to,
                scope.c.valid_to >= held.c.valid_from,
            ),
        )
        .group_by(scope.c.grp, held.c.case_id)
        .subquery("held_windows")
    )


def _settled_on(case_table):
    """The day the case left the unit's hands; NULL while the unit still works it.

    Correlated lookups (by the indexed case_id) rather than joins with whole-table groupings,
    so that a unit's report reads that unit's cases and their rows, not every case's.
    """
    settling_event = (
        select(func.min(CaseEvent.effective_on))
        .where(CaseEvent.case_id == case_table.id, CaseEvent.to_status.in_(workflow.SETTLED_STATES))
        .scalar_subquery()
    )
    return case(
        (case_table.status.in_(workflow.PENDING_STATES), None),
        else_=func.coalesce(
            case_table.concluded_on, settling_event, case_table.closed_on, case_table.received_on
        ),
    )


def facts_subquery(scope):
    """One row per case and group that held it, for cases received by the as-of day, with
    what the cells need (the days the group held it among them)."""
    as_of = bindparam("period_as_of", type_=Date)
    resolve_due = (
        select(func.max(CaseDeadline.due_on))
        .where(
            CaseDeadline.case_id == Case.id,
            CaseDeadline.rule.in_(workflow.RESOLUTION_RULES),
            CaseDeadline.cancelled.is_(False),
        )
        .scalar_subquery()
    )
    overdue = (
        select(CaseDeadline.id)
        .where(
            CaseDeadline.case_id == Case.id,
            CaseDeadline.cancelled.is_(False),
            CaseDeadline.suspended_on.is_(None),
            CaseDeadline.rule.not_in(workflow.PASSIVE_RULES),
            CaseDeadline.due_on < as_of,
            or_(CaseDeadline.met_on.is_(None), CaseDeadline.met_on > as_of),
        )
        .exists()
    )
    destination = aliased(Case)
    reply = (
        select(func.min(_settled_on(destination)))
        .where(destination.forwarded_from_id == Case.id)
        .scalar_subquery()
    )
    settled_on = type_coerce(_settled_on(Case), Date)
    windows = held_windows(scope)
    ancestors = [aliased(Case, name=f"matter_{depth}") for depth in range(MATTER_DEPTH)]
    matter_id = func.coalesce(
        _link(ancestors[-1]), *(a.id for a in reversed(ancestors)), Case.id
    ).label("matter_id")
    # Earlier decisions on the same matter, for "already resolved once / several times".
    prior_decisions = (_decided_by(ancestors[0], as_of) + _decided_by(ancestors[1], as_of)).label(
        "prior_decisions"
    )
    signers = case(
        (Case.anonymous.is_(True), "other"), (Case.group_size >= 2, "many"), else_="one"
    ).label("signers")
    result_columns = [
        (
            cast(func.coalesce(getattr(CaseResult, name), 0), Float) / MILLION
            if name.endswith("_money")
            else func.coalesce(getattr(CaseResult, name), 0)
        ).label(name)
        for name in RESULT_AMOUNTS
    ]
    route = case(
        (Case.accepted_on.is_not(None), "accepted"),
        (Case.status.in_(ROUTES), Case.status),
        else_="accepted",
    )
    return (
        select(
            windows.c.grp,
            windows.c.held_from,
            windows.c.held_to,
            Case.id,
            Case.tracking_code,
            Case.unit_id,
            Case.kind,
            Case.channel,
            Case.status,
            Case.received_on,
            Case.accepted_on,
            settled_on.label("settled_on"),
            type_coerce(func.coalesce(Case.accepted_on, settled_on), Date).label("handled_on"),
            route.label("route"),
            type_coerce(resolve_due, Date).label("resolve_due"),
            case((overdue, 1), else_=0).label("overdue"),
            type_coerce(case((Case.status == "forwarded", reply)), Date).label("reply_on"),
            Case.complaint_round,
            case((or_(Case.repeat_number > 1, Case.repeat_of_id.is_not(None)), 1), else_=0).label(
                "repeated"
            ),
            Case.duplicate_of_id,
            Case.group_size,
            Case.eligible,
            Case.within_competence,
            Case.extensions,
            Case.outcome,
            Case.concluded_on,
            func.coalesce(Case.subject_area, OTHER).label("subject_area"),
            matter_id,
            prior_decisions,
            signers,
            CaseResult.enforced_on,
            *result_columns,
        )
        .select_from(windows)
        .join(Case, Case.id == windows.c.case_id)
        .outerjoin(ancestors[0], ancestors[0].id == _link(Case))
        .outerjoin(ancestors[1], ancestors[1].id == _link(ancestors[0]))
        .outerjoin(ancestors[2], ancestors[2].id == _link(ancestors[1]))
        .outerjoin(ancestors[3], ancestors[3].id == _link(ancestors[2]))
        .outerjoin(CaseResult, CaseResult.case_id == Case.id)
        .where(Case.received_on <= as_of)
        # Materialised: every cell reads these columns, and the correlated lookups behind
        # them must run once per case, not once per cell.
        .cte("case_facts")
        .prefix_with("MATERIALIZED")
    )


def query_params(root_ids: Sequence[int], period: Period, as_of: date) -> dict:
    return {
        "scope_roots": list(root_ids),
        "period_start": period.start,
        "period_as_of": as_of,
    }


def _case_cells(specs: Iterable[FormSpec]) -> list[tuple[str, str, Cell]]:
    return [(spec.code, cell.key, cell) for spec in specs for cell in spec.cells if cell.when]


def case_counts(
    root_ids: Sequence[int], period: Period, as_of: date, *, split: bool = False
) -> dict[int, dict[str, dict[str, int | float]]]:
    """{group unit id: {form code: {cell: count}}} for every case-based cell, one query."""
    query, cells = _counting_query(split)
    result: dict[int, dict[str, dict[str, int | float]]] = {}
    for row in db.session.execute(query, query_params(root_ids, period, as_of)):
        forms = result.setdefault(row.grp, {})
        for index, (code, key, cell) in enumerate(cells):
            forms.setdefault(code, {})[key] = _number(row[index + 1], cell)
    return result


def _number(value, cell: Cell) -> int | float:
    if cell.amount and cell.amount.endswith(("_money", "_land")):
        return round(float(value or 0), 3)
    return int(value or 0)


def _aggregate(cell: Cell, f: Facts):
    if cell.matter:
        return func.count(func.distinct(case((cell.when(f), f.c.matter_id))))
    if cell.amount:
        return func.coalesce(func.sum(case((cell.when(f), f.c[cell.amount]), else_=0)), 0)
    return func.coalesce(func.sum(case((cell.when(f), 1), else_=0)), 0)


@functools.cache
def _counting_query(split: bool):
    """The statement is built once: scope and days are bound parameters, so building its
    ~100 conditions (and compiling them) is not paid again on every report."""
    facts = facts_subquery(scope_cte(split=split))
    f = Facts(facts)
    cells = _case_cells((SUMMARY, *FORMS))
    columns = [
        _aggregate(cell, f).label(f"c{index}") for index, (_code, _key, cell) in enumerate(cells)
    ]
    return select(facts.c.grp, *columns).group_by(facts.c.grp), cells


def reminder_counts(
    root_ids: Sequence[int], period: Period, as_of: date, *, split: bool = False
) -> dict[int, dict[str, int]]:
    """Reminders (đôn đốc) in the period, per group: `reminders` sent about forwarded
    petitions, and `reminders_received` by the scope's units, on a case (its history) or, from
    the inspectorate, to the unit as a whole (petitions.oversight)."""
    scope = scope_cte(split=split)
    windows = held_windows(scope)
    params = {"scope_roots": list(root_ids)}
    query = (
        select(windows.c.grp, CaseEvent.action, func.count(CaseEvent.id))
        .join(CaseEvent, CaseEvent.case_id == windows.c.case_id)
        .where(
            CaseEvent.action.in_((REMINDER_SENT, REMINDER_RECEIVED)),
            CaseEvent.effective_on.between(period.start, as_of),
            CaseEvent.effective_on.between(windows.c.held_from, windows.c.held_to),
        )
        .group_by(windows.c.grp, CaseEvent.action)
    )
    counts: dict[int, dict[str, int]] = {}
    keys = {REMINDER_SENT: "reminders", REMINDER_RECEIVED: "reminders_received"}
    for grp, action, total in db.session.execute(query, params):
        bucket = counts.setdefault(grp, {"reminders": 0, "reminders_received": 0})
        bucket[keys[action]] += int(total)
    # A reminder about a case is already in that case's history; count the others here.
    unit_level = (
        select(scope.c.grp, func.count(Reminder.id))
        .join(Reminder, Reminder.unit_id == scope.c.unit_id)
        .where(
            Reminder.case_id.is_(None),
            Reminder.sent_on.between(period.start, as_of),
            Reminder.sent_on.between(scope.c.valid_from, scope.c.valid_to),
        )
        .group_by(scope.c.grp)
    )
    for grp, total in db.session.execute(unit_level, params):
        bucket = counts.setdefault(grp, {"reminders": 0, "reminders_received": 0})
        bucket["reminders_received"] += int(total)
    return counts


def group_units(root_ids: Sequence[int], *, split: bool) -> dict[int, list[int]]:
    """The unit ids of each group, for the statistics another package computes by unit list."""
    scope = scope_cte(split=split)
    groups: dict[int, list[int]] = {}
    query = select(scope.c.unit_id, scope.c.grp).distinct()
    for unit_id, grp in db.session.execute(query, {"scope_roots": list(root_ids)}):
        groups.setdefault(grp, []).append(unit_id)
    return groups
