"""What oversight looks at: the viewer's scope, the deadlines running on a day, the filters.

Everything is computed "as of" a day, from the deadlines table alone, so that the past can be
looked at: a deadline was running on `as_of` when it had started (start_on <= as_of), was not
yet met (met_on is null or later), not cancelled, not paused by a suspension, and is a duty
(not the citizen's own window). A case is open on `as_of` when one of its deadlines was
running; it is overdue when its earliest running deadline fell before `as_of`, due soon when
that deadline falls within DUE_SOON_DAYS calendar days (the same rule as the case list's
badge and filter). Units roll up: a unit's numbers include every unit below it.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, and_, false, func, or_, select, union_all
from sqlalchemy.orm import aliased

from petitions.accounts.models import User
from petitions.cases.models import Case, CaseDeadline, Kind, Status
from petitions.domain import workflow
from petitions.errors import Refused
from petitions.extensions import db
from petitions.units.models import Unit

# -- who sees what --------------------------------------------------------------------------------


def sees_everything(user: User) -> bool:
    """The inspectorate (and admins) oversee the whole province; a head their own subtree."""
    return user.can("cases.read_all")


def scope_root(user: User) -> int | None:
    """The unit at the top of what the user oversees, or None for the whole province."""
    return None if sees_everything(user) else user.unit_id


def subtree(root_id: int | None):
    """A recursive CTE of the ids of `root_id` and every unit below it (all units for None)."""
    start = select(Unit.id.label("id"))
    start = start.where(Unit.parent_id.is_(None) if root_id is None else Unit.id == root_id)
    tree = start.cte("scope_units", recursive=True)
    child = aliased(Unit)
    return tree.union_all(select(child.id).where(child.parent_id == tree.c.id))


def in_subtree(unit_id: int, root_id: int | None) -> bool:
    if root_id is None:
        return True
    tree = subtree(root_id)
    return db.session.scalar(select(func.count()).where(tree.c.id == unit_id)) > 0


def resolve_unit(code: str | None, root_id: int | None) -> Unit | None:
    """The unit named by `code`, which must lie in the viewer's scope."""
    if not code:
        return None
    unit = db.session.scalar(select(Unit).where(Unit.code == code.strip()))
    if unit is None:
        raise Refused(422, fields={"unit": [_("Không tìm thấy đơn vị %(code)s.", code=code)]})
    if not in_subtree(unit.id, root_id):
        raise Refused(403, _("Đơn vị này nằm ngoài phạm vi giám sát của bạn."))
    return unit


def parse_kind(value: str | None) -> Kind | None:
    if not value:
        return None
    try:
        return Kind(value)
    except ValueError:
        raise Refused(422, fields={"kind": [_("Loại đơn không hợp lệ.")]}) from None


# -- the running clocks ---------------------------------------------------------------------------


def _running_common(as_of: date) -> tuple:
    """Started, not cancelled, not paused by a suspension on `as_of`, a duty."""
    return (
        CaseDeadline.start_on <= as_of,
        CaseDeadline.cancelled == false(),
        or_(CaseDeadline.suspended_on.is_(None), CaseDeadline.suspended_on > as_of),
        CaseDeadline.rule.not_in(workflow.PASSIVE_RULES),
    )


def _running_branches(as_of: date) -> tuple:
    """Which deadline rows were running on `as_of`: started, not cancelled, not paused by a
    suspension, a duty, and either still unmet or met only after `as_of`. Two branches rather
    than an OR, so that each is a range on ix_case_deadlines_open_due (met_on, cancelled,
    due_on): for today the second is empty and the first reads only open deadlines."""
    common = _running_common(as_of)
    return (
        and_(CaseDeadline.met_on.is_(None), *common),
        and_(CaseDeadline.met_on > as_of, *common),
    )


def running_deadlines(
    as_of: date, *, due_before: date | None = None, case_ids: list[int] | None = None
):
    """The deadline rows running on `as_of` (optionally only those due before a day, or only
    those of some cases)."""
    columns = (CaseDeadline.id, CaseDeadline.case_id, CaseDeadline.rule, CaseDeadline.due_on)
    if case_ids is not None:
        # A few cases: their rows by the case_id index, unmet or met after `as_of` in one
        # condition that no met_on index can take (a range of it would read every case's).
        part = select(*columns).where(
            CaseDeadline.case_id.in_(case_ids),
            func.coalesce(CaseDeadline.met_on, date.max) > as_of,
            *_running_common(as_of),
        )
        if due_before is not None:
            part = part.where(CaseDeadline.due_on < due_before)
        return part.subquery("running")
    parts = []
    for branch in _running_branches(as_of):
        part = select(*columns).where(branch)
        if due_before is not None:
            part = part.where(CaseDeadline.due_on < due_before)
        if case_ids is not None:
            part = part.where(CaseDeadline.case_id.in_(case_ids))
        parts.append(part)
    return union_all(*parts).subquery("running")


def open_cases(as_of: date):
    """One row per case open on `as_of` with its earliest running due date."""
    running = running_deadlines(as_of)
    return (
        select(running.c.case_id.label("case_id"), func.min(running.c.due_on).label("due_on"))
        .group_by(running.c.case_id)
        .subquery("open_cases")
    )


@dataclass(frozen=True)
class Filters:
    """What a number or a list is about; every dashboard link carries these."""

    as_of: date
    root_id: int | None = None  # the viewer's scope
    unit_id: int | None = None  # a unit inside it (rolled up)
    kind: Kind | None = None
    status: Status | None = None
    state: str = "open"

    def query_args(self, **changes) -> dict:
        """URL arguments for the list behind a number (unit by code, resolved by the view)."""
        args = {"as_of": self.as_of.isoformat(), "state": self.state}
        if self.kind:
            args["kind"] = self.kind.value
        if self.status:
            args["status"] = self.status.value
        args.update(dict(changes.items()))
        return {k: v for k, v in args.items() if v not in (None, "")}


def scoped(query: Select, filters: Filters, *, by_due_date: bool = False) -> Select:
    """The query narrowed to the filters' units, kind and status. `by_due_date`: the query
    reads a range of the case's due date (ix_cases_due_on); the unit condition is then written
    so that SQLite does not take the unit's index instead, which would read every case the
    units ever had rather than the few open ones."""
    if filters.unit_id is not None or filters.root_id is not None:
        tree = subtree(filters.unit_id if filters.unit_id is not None else filters.root_id)
        unit = (Case.unit_id + 0) if by_due_date else Case.unit_id
        query = query.where(unit.in_(select(tree.c.id)))
    if filters.kind is not None:
        query = query.where(Case.kind == filters.kind)
    if filters.status is not None:
        query = query.where(Case.status == filters.status)
    return query


def unit_tree(root_id: int | None) -> list[tuple[Unit, int]]:
    """Units of the scope in tree order with their depth below the scope's top."""
    units = list(db.session.scalars(select(Unit).order_by(Unit.code)))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    rows: list[tuple[Unit, int]] = []

    def walk(unit: Unit, depth: int) -> None:
        rows.append((unit, depth))
        for child in children.get(unit.id, []):
            walk(child, depth + 1)

    tops = children.get(None, []) if root_id is None else [u for u in units if u.id == root_id]
    for top in tops:
        walk(top, 0)
    return rows
