"""Oversight numbers as SQL aggregates, the lists behind them, reminders and the daily digest.

Everything is computed "as of" a day, from the deadlines table alone, so that the past can be
looked at: a deadline was running on `as_of` when it had started (start_on <= as_of), was not
yet met (met_on is null or later), not cancelled, not paused by a suspension, and is a duty
(not the citizen's own window). A case is open on `as_of` when one of its deadlines was
running; it is overdue when its earliest running deadline fell before `as_of`, due soon when
that deadline falls within DUE_SOON_DAYS calendar days (the same rule as the case list's
badge and filter). Units roll up: a unit's numbers include every unit below it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, false, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from petitions.accounts.models import User
from petitions.audit.services import record
from petitions.cases.deadline_views import due_soon_days
from petitions.cases.models import Assignment, Case, CaseDeadline, CaseEvent, Kind, Status
from petitions.clock import LOCAL_TZ
from petitions.domain import workflow
from petitions.errors import Refused
from petitions.extensions import db
from petitions.notifications.services import InvalidRecipient, public_url, queue_email
from petitions.oversight.models import Reminder
from petitions.permissions import Role
from petitions.text import clean
from petitions.units.models import Unit

STATES = ("open", "overdue", "due_soon", "long_standing", "repeated", "flagged")


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


def long_standing_days() -> int:
    return int(current_app.config["OVERSIGHT_LONG_STANDING_DAYS"])


def _running_branches(as_of: date) -> tuple:
    """Which deadline rows were running on `as_of`: started, not cancelled, not paused by a
    suspension, a duty, and either still unmet or met only after `as_of`. Two branches rather
    than an OR, so that each is a range on ix_case_deadlines_open_due (met_on, cancelled,
    due_on): for today the second is empty and the first reads only open deadlines."""
    common = (
        CaseDeadline.start_on <= as_of,
        CaseDeadline.cancelled == false(),
        or_(CaseDeadline.suspended_on.is_(None), CaseDeadline.suspended_on > as_of),
        CaseDeadline.rule.not_in(workflow.PASSIVE_RULES),
    )
    return (
        and_(CaseDeadline.met_on.is_(None), *common),
        and_(CaseDeadline.met_on > as_of, *common),
    )


def running_deadlines(as_of: date, *, due_before: date | None = None):
    """The deadline rows running on `as_of` (optionally only those due before a day)."""
    columns = (CaseDeadline.id, CaseDeadline.case_id, CaseDeadline.rule, CaseDeadline.due_on)
    parts = []
    for branch in _running_branches(as_of):
        part = select(*columns).where(branch)
        if due_before is not None:
            part = part.where(CaseDeadline.due_on < due_before)
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


def _state_condition(state: str, opened, as_of: date):
    soon_until = as_of + timedelta(days=due_soon_days())
    conditions = {
        "open": literal(True),
        "overdue": opened.c.due_on < as_of,
        "due_soon": and_(opened.c.due_on >= as_of, opened.c.due_on <= soon_until),
        "long_standing": Case.received_on <= as_of - timedelta(days=long_standing_days()),
        "repeated": Case.repeat_number > 1,
        "flagged": or_(Case.complexity.is_not(None), Case.public_interest.is_(True)),
    }
    if state not in conditions:
        raise Refused(422, fields={"state": [_("Nhóm hồ sơ không hợp lệ.")]})
    return conditions[state]


def _scoped(query: Select, filters: Filters) -> Select:
    if filters.unit_id is not None or filters.root_id is not None:
        tree = subtree(filters.unit_id if filters.unit_id is not None else filters.root_id)
        query = query.where(Case.unit_id.in_(select(tree.c.id)))
    if filters.kind is not None:
        query = query.where(Case.kind == filters.kind)
    if filters.status is not None:
        query = query.where(Case.status == filters.status)
    return query


def case_list(filters: Filters) -> Select:
    """The cases behind a number: (Case, earliest running due date), most overdue first."""
    opened = open_cases(filters.as_of)
    query = (
        select(Case, opened.c.due_on)
        .join(opened, opened.c.case_id == Case.id)
        .where(_state_condition(filters.state, opened, filters.as_of))
        .order_by(opened.c.due_on, Case.id)
    )
    return _scoped(query, filters)


# -- the dashboard --------------------------------------------------------------------------------


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


def counts_by(column, filters: Filters) -> dict:
    """Open, overdue and due-soon counts grouped by a Case column (kind, status)."""
    opened = open_cases(filters.as_of)
    query = (
        select(column, *_count_columns(opened, filters.as_of))
        .select_from(opened)
        .join(Case, Case.id == opened.c.case_id)
        .group_by(column)
    )
    rows = db.session.execute(_scoped(query, filters))
    return {value: Counts(int(n), int(late), int(soon)) for value, n, late, soon in rows}


def totals(filters: Filters) -> Counts:
    opened = open_cases(filters.as_of)
    query = select(*_count_columns(opened, filters.as_of)).select_from(opened)
    query = query.join(Case, Case.id == opened.c.case_id)
    n, late, soon = db.session.execute(_scoped(query, filters)).one()
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


def counts_by_unit(filters: Filters) -> list[UnitRow]:
    """Each unit of the scope with the numbers of its whole subtree, in tree order; units
    with nothing open are left out."""
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
    rule: str
    due_on: date
    days_overdue: int

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
        }


def overdue_query(filters: Filters) -> Select:
    """One row per deadline that was running and past due on `as_of`, most overdue first."""
    running = running_deadlines(filters.as_of, due_before=filters.as_of)
    query = (
        select(
            Case.id,
            Case.tracking_code,
            Case.title,
            Unit.code,
            Unit.name,
            Case.kind,
            Case.status,
            running.c.rule,
            running.c.due_on,
        )
        .select_from(running)
        .join(Case, Case.id == running.c.case_id)
        .join(Unit, Unit.id == Case.unit_id)
        .order_by(running.c.due_on, Case.id, running.c.id)
    )
    return _scoped(query, filters)


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
    )


def overdue_items(filters: Filters, *, limit: int | None = None) -> tuple[int, list[OverdueItem]]:
    query = overdue_query(filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    if limit is not None:
        query = query.limit(limit)
    items = [overdue_item(row, filters.as_of) for row in db.session.execute(query)]
    return total or 0, items


def backdated_events(filters: Filters, *, limit: int = 20) -> tuple[int, list[CaseEvent]]:
    """History entries whose effective date is earlier than the day they were entered."""
    entered_before = datetime.combine(filters.as_of + timedelta(days=1), time(0), LOCAL_TZ)
    query = (
        select(CaseEvent)
        .join(Case, Case.id == CaseEvent.case_id)
        .where(CaseEvent.backdated.is_(True), CaseEvent.entered_at < entered_before)
    )
    query = _scoped(
        query,
        Filters(
            as_of=filters.as_of, root_id=filters.root_id, unit_id=filters.unit_id, kind=filters.kind
        ),
    )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(CaseEvent.entered_at.desc(), CaseEvent.id.desc()).limit(limit)
    )
    return total, list(rows)


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
    """Cases received and resolved (concluded, or closed without a conclusion) per month."""
    first = _months_back(filters.as_of, months)[0]
    received_key = _month_key(Case.received_on)
    received = select(received_key, func.count()).where(
        Case.received_on >= first, Case.received_on <= filters.as_of
    )
    received = _scoped(received, _unstated(filters)).group_by(received_key)
    done_on = func.coalesce(Case.concluded_on, Case.closed_on)
    resolved_key = _month_key(done_on)
    resolved = select(resolved_key, func.count()).where(done_on >= first, done_on <= filters.as_of)
    resolved = _scoped(resolved, _unstated(filters)).group_by(resolved_key)
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
    unit: Unit
    on_time: int
    late: int

    @property
    def rate(self) -> int | None:
        total = self.on_time + self.late
        return round(100 * self.on_time / total) if total else None


def on_time_by_unit(filters: Filters, *, months: int = 12) -> list[OnTimeRow]:
    """Deadlines met on time vs late over the last `months`, per unit one level below the top
    of the scope (rolled up). Deadlines still running past due count as late."""
    first = _months_back(filters.as_of, months)[0]
    closure = _closure()
    top = filters.unit_id if filters.unit_id is not None else filters.root_id
    roots = (
        select(Unit.id).where(Unit.parent_id.is_(None))
        if top is None
        else select(Unit.id).where(Unit.id == top)
    )
    # The top of the scope (all of it) and each unit one level below (their subtrees).
    top_ids = set(db.session.scalars(roots)) | set(
        db.session.scalars(select(Unit.id).where(Unit.parent_id.in_(roots)))
    )
    met = and_(
        CaseDeadline.met_on >= first,
        CaseDeadline.met_on <= filters.as_of,
        CaseDeadline.cancelled == false(),
        CaseDeadline.rule.not_in(workflow.PASSIVE_RULES),
    )
    on_time = case((CaseDeadline.met_on <= CaseDeadline.due_on, 1), else_=0)
    late = case((CaseDeadline.met_on > CaseDeadline.due_on, 1), else_=0)
    met_query = (
        select(closure.c.ancestor_id, func.sum(on_time), func.sum(late))
        .select_from(CaseDeadline)
        .join(Case, Case.id == CaseDeadline.case_id)
        .join(closure, closure.c.unit_id == Case.unit_id)
        .where(closure.c.ancestor_id.in_(top_ids), met)
        .group_by(closure.c.ancestor_id)
    )
    # Deadlines still running past due count as late (DOMAIN.md, reporting).
    running = running_deadlines(filters.as_of, due_before=filters.as_of)
    late_query = (
        select(closure.c.ancestor_id, literal(0), func.count())
        .select_from(running)
        .join(Case, Case.id == running.c.case_id)
        .join(closure, closure.c.unit_id == Case.unit_id)
        .where(closure.c.ancestor_id.in_(top_ids))
        .group_by(closure.c.ancestor_id)
    )
    numbers: dict[int, tuple[int, int]] = {}
    for query in (met_query, late_query):
        if filters.kind is not None:
            query = query.where(Case.kind == filters.kind)
        for unit_id, good, bad in db.session.execute(query):
            before = numbers.get(unit_id, (0, 0))
            numbers[unit_id] = (before[0] + int(good or 0), before[1] + int(bad or 0))
    units = db.session.scalars(select(Unit).where(Unit.id.in_(top_ids)))
    ordered = sorted(units, key=lambda u: (u.parent_id in top_ids, u.code))
    return [OnTimeRow(u, *numbers[u.id]) for u in ordered if u.id in numbers]


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

    def counted(state: str) -> int:
        return count_of(
            Filters(filters.as_of, filters.root_id, filters.unit_id, filters.kind, None, state)
        )

    return Dashboard(
        filters=filters,
        totals=totals(filters),
        by_unit=counts_by_unit(filters),
        by_kind=counts_by(Case.kind, filters),
        by_status=counts_by(Case.status, filters),
        overdue_total=overdue_total,
        overdue=overdue,
        long_standing=counted("long_standing"),
        repeated=counted("repeated"),
        flagged=counted("flagged"),
        backdated_total=backdated_total,
        backdated=backdated,
        trend=monthly_trend(filters),
        on_time=on_time_by_unit(filters),
        reminders=reminders_to(filters.unit_id or filters.root_id, limit=10),
    )


# -- reminders (đôn đốc) --------------------------------------------------------------------------


def may_remind_in_scope(user: User, unit_code: str) -> bool:
    """Whether `user` may remind a unit already known to lie in their oversight scope (a row of
    their own lists, so no subtree look-up): the inspectorate any, a head any but their own."""
    if not user.can("cases.remind"):
        return False
    return sees_everything(user) or unit_code != user.unit.code


def may_remind(user: User, unit: Unit) -> bool:
    """The inspectorate reminds any unit; a head reminds the units below their own."""
    return may_remind_in_scope(user, unit.code) and (
        sees_everything(user) or in_subtree(unit.id, user.unit_id)
    )


def _unit_staff(unit_id: int, *, handlers_of: Case | None = None) -> list[User]:
    """The unit's heads, and the case's assigned handlers (or, without a case, its handlers)."""
    heads = select(User).where(
        User.unit_id == unit_id, User.role == Role.UNIT_HEAD, User.active.is_(True)
    )
    people = list(db.session.scalars(heads))
    if handlers_of is not None:
        people += [a.user for a in handlers_of.assignments if a.active and a.user.active]
    else:
        people += list(
            db.session.scalars(
                select(User).where(
                    User.unit_id == unit_id, User.role == Role.HANDLER, User.active.is_(True)
                )
            )
        )
    seen, unique = set(), []
    for person in people:
        if person.id not in seen:
            seen.add(person.id)
            unique.append(person)
    return unique


def send_reminder(
    *,
    sender: User,
    message: str,
    today: date,
    now: datetime,
    unit: Unit | None = None,
    case_: Case | None = None,
    respond_by: date | None = None,
) -> Reminder:
    """Record a reminder to a unit (about one case or in general) and email its head and
    handlers. On a case it is also written to the case's history."""
    if case_ is not None:
        unit = case_.unit
        if not case_.is_open:
            raise Refused(409, _("Hồ sơ đã kết thúc, không cần đôn đốc."))
    if unit is None:
        raise Refused(422, fields={"unit": [_("Chọn đơn vị cần đôn đốc.")]})
    if not may_remind(sender, unit):
        raise Refused(403, _("Bạn không thể đôn đốc đơn vị này."))
    message = clean(message)
    if not message:
        raise Refused(422, fields={"message": [_("Nhập nội dung đôn đốc.")]})
    if len(message) > 5000:
        raise Refused(422, fields={"message": [_("Nội dung quá dài (tối đa 5000 ký tự).")]})
    if respond_by is not None and respond_by < today:
        raise Refused(422, fields={"respond_by": [_("Hạn báo cáo không được trước hôm nay.")]})
    reminder = Reminder(
        unit_id=unit.id,
        case_id=case_.id if case_ is not None else None,
        sent_by_id=sender.id,
        sent_at=now,
        sent_on=today,
        message=message,
        respond_by=respond_by,
    )
    db.session.add(reminder)
    db.session.flush()
    if case_ is not None:
        # The same history entry the workflow writes when a unit receives a reminder.
        case_.events.append(
            CaseEvent(
                effective_on=today,
                backdated=False,
                actor_id=sender.id,
                action="reminder_received",
                note=message,
                details={
                    "reminder_id": reminder.id,
                    "from_unit": sender.unit.code,
                    "respond_by": respond_by.isoformat() if respond_by else None,
                },
            )
        )
    with force_locale("vi"):
        if case_ is not None:
            subject = _("Đôn đốc giải quyết hồ sơ %(code)s", code=case_.tracking_code)
        else:
            subject = _("Đôn đốc của %(unit)s", unit=sender.unit.name)
        lines = [
            _("%(unit)s đôn đốc %(to)s:", unit=sender.unit.name, to=unit.name),
            "",
            message,
            "",
        ]
        if case_ is not None:
            lines.append(
                _("Hồ sơ %(code)s — %(title)s", code=case_.tracking_code, title=case_.title)
            )
            if case_.due_on:
                lines.append(_("Hạn: %(day)s", day=case_.due_on.strftime("%d/%m/%Y")))
        if respond_by:
            lines.append(
                _(
                    "Đề nghị báo cáo kết quả trước ngày %(day)s.",
                    day=respond_by.strftime("%d/%m/%Y"),
                )
            )
        lines.append(_("Người gửi: %(name)s", name=sender.display_name))
        lines.append(public_url("oversight.dashboard"))
    body = "\n".join(lines)
    for person in _unit_staff(unit.id, handlers_of=case_):
        if person.email:
            try:
                queue_email(
                    to=person.email,
                    subject=subject,
                    body=body,
                    case_id=case_.id if case_ is not None else None,
                )
            except InvalidRecipient:
                continue
    record(
        sender,
        "oversight.remind",
        reminder,
        {"unit": unit.code, "case_id": case_.id if case_ is not None else None},
    )
    db.session.flush()
    return reminder


def reminders_to(root_id: int | None, *, limit: int = 20) -> list[Reminder]:
    """The newest reminders received by the unit `root_id` and the units below it."""
    query = select(Reminder).order_by(Reminder.sent_at.desc(), Reminder.id.desc()).limit(limit)
    if root_id is not None:
        query = query.where(Reminder.unit_id.in_(select(subtree(root_id).c.id)))
    return list(db.session.scalars(query))


def count_reminders(
    *,
    unit_id: int | None,
    start: date,
    end: date,
    direction: str = "received",
    include_subunits: bool = True,
) -> int:
    """Reminders (đôn đốc) in [start, end] for the reports: `received` by the unit (and its
    sub-units), or `sent` by its staff. `unit_id=None` counts the whole province."""
    query = select(func.count(Reminder.id)).where(
        Reminder.sent_on >= start, Reminder.sent_on <= end
    )
    if unit_id is not None:
        units = select(subtree(unit_id).c.id) if include_subunits else select(literal(unit_id))
        if direction == "received":
            query = query.where(Reminder.unit_id.in_(units))
        elif direction == "sent":
            query = query.join(User, User.id == Reminder.sent_by_id).where(User.unit_id.in_(units))
        else:
            raise ValueError(f"direction must be received or sent, not {direction}")
    return db.session.scalar(query) or 0


# -- the daily digest -----------------------------------------------------------------------------


def send_deadline_digests(*, today: date) -> int:
    """Email each handler their assigned cases, and each head their units' cases, that are
    overdue or due within DUE_SOON_DAYS. Returns the number of emails queued."""
    opened = open_cases(today)
    soon_until = today + timedelta(days=due_soon_days())
    pressing = (
        select(Case.id, Case.tracking_code, Case.title, opened.c.due_on, Case.unit_id)
        .join(opened, opened.c.case_id == Case.id)
        .where(opened.c.due_on <= soon_until)
    )
    by_person: dict[int, list] = {}
    handler_rows = db.session.execute(
        pressing.add_columns(Assignment.user_id)
        .join(Assignment, and_(Assignment.case_id == Case.id, Assignment.active.is_(True)))
        .order_by(opened.c.due_on, Case.id)
    )
    for row in handler_rows:
        by_person.setdefault(row.user_id, []).append(row)
    heads = db.session.scalars(
        select(User).where(
            User.role == Role.UNIT_HEAD, User.active.is_(True), User.email.is_not(None)
        )
    )
    for head in heads:
        tree = subtree(head.unit_id)
        rows = db.session.execute(
            pressing.where(Case.unit_id.in_(select(tree.c.id))).order_by(opened.c.due_on, Case.id)
        )
        by_person.setdefault(head.id, []).extend(rows)
    queued = 0
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(by_person))))}
    for person_id, rows in by_person.items():
        person = people.get(person_id)
        if person is None or not person.active or not person.email or not rows:
            continue
        with force_locale("vi"):
            subject, body = _digest_text(
                rows,
                today,
                public_url("oversight.dashboard") if person.role == Role.UNIT_HEAD else None,
            )
        try:
            queue_email(to=person.email, subject=subject, body=body)
        except InvalidRecipient:
            continue
        queued += 1
    return queued


DIGEST_LINES = 40


def _digest_text(rows: list, today: date, dashboard_url: str | None) -> tuple[str, str]:
    seen, unique = set(), []
    for row in rows:
        if row.id not in seen:
            seen.add(row.id)
            unique.append(row)
    late = [r for r in unique if r.due_on < today]
    soon = [r for r in unique if r.due_on >= today]
    subject = _(
        "Hồ sơ quá hạn và sắp đến hạn ngày %(day)s: %(late)d quá hạn, %(soon)d sắp đến hạn",
        day=today.strftime("%d/%m/%Y"),
        late=len(late),
        soon=len(soon),
    )
    lines = []
    for heading, group in ((_("Quá hạn"), late), (_("Sắp đến hạn"), soon)):
        if not group:
            continue
        lines.append(f"{heading} ({len(group)}):")
        for row in group[:DIGEST_LINES]:
            if row.due_on < today:
                when = _("quá hạn %(n)d ngày", n=(today - row.due_on).days)
            else:
                when = _("hạn %(day)s", day=row.due_on.strftime("%d/%m/%Y"))
            link = public_url("cases.show", case_id=row.id)
            lines.append(f"- {row.tracking_code} · {row.title} · {when} · {link}")
        if len(group) > DIGEST_LINES:
            lines.append(_("… và %(n)d hồ sơ khác.", n=len(group) - DIGEST_LINES))
        lines.append("")
    if dashboard_url:
        lines.append(_("Xem toàn bộ trên trang giám sát: %(url)s", url=dashboard_url))
    return subject, "\n".join(lines)
