"""Each staff role's work queue: what waits for the user today, counted and listed.

Every function takes the user and the day (`today=`); the counts are single COUNT queries on
indexed columns (assignments.user_id, cases.due_on, visits.case_id, reception_sessions.head_id),
so the navigation can show them on every page. A user with several roles gets the sections
of each role, once.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, exists, func, select

from petitions.accounts.models import User
from petitions.cases.access import visible_unit_ids
from petitions.cases.deadline_views import due_soon_days
from petitions.cases.models import Assignment, Case, CaseEvent, statuses
from petitions.cases.proposals import pending_proposals
from petitions.domain import workflow
from petitions.extensions import db
from petitions.permissions import Role
from petitions.reception.models import (
    ACTIVE_SESSION_STATUSES,
    Classification,
    ReceptionSession,
    Route,
    Visit,
)

# How far back a returned proposal stays in the handler's queue.
RETURNED_DAYS = 30
# How many rows a section lists; its count and its link give the rest.
SHOWN = 10

# The sections of each role's start page, in the order shown.
ROLE_SECTIONS: dict[Role, tuple[str, ...]] = {
    Role.HANDLER: ("my_overdue", "my_due_soon", "my_cases", "returned"),
    Role.UNIT_HEAD: ("proposals", "my_sessions", "unit_overdue"),
    Role.RECEPTION_OFFICER: ("todays_sessions", "visits_to_cases", "desk_intake"),
    Role.INSPECTOR: ("oversight",),
    Role.HOME_AFFAIRS: ("submissions",),
    Role.ADMIN: ("admin",),
}
# Sections whose count asks for action (they add up to the number in the navigation).
URGENT = frozenset(
    {"my_overdue", "my_due_soon", "returned", "proposals", "unit_overdue", "visits_to_cases"}
)


@dataclass
class Section:
    key: str
    count: int
    items: list = field(default_factory=list)


def sections_for(user: User) -> list[str]:
    """The section keys of every role the user holds, each once, in role order."""
    keys: list[str] = []
    for role in user.sorted_roles:
        keys += [key for key in ROLE_SECTIONS.get(role, ()) if key not in keys]
    return keys


# -- the queries ----------------------------------------------------------------------------


def _open(query: Select) -> Select:
    return query.where(Case.status.in_(statuses(workflow.OPEN_STATES)))


def _mine(user: User) -> Select:
    """Open cases assigned to the user."""
    assigned = exists().where(
        Assignment.case_id == Case.id,
        Assignment.user_id == user.id,
        Assignment.active.is_(True),
    )
    return _open(select(Case).where(assigned))


def _my_overdue(user: User, today: date) -> Select:
    return _mine(user).where(Case.due_on < today)


def _my_due_soon(user: User, today: date) -> Select:
    until = today + timedelta(days=due_soon_days())
    return _mine(user).where(Case.due_on >= today, Case.due_on <= until)


def _unit_overdue(user: User, today: date) -> Select:
    units = visible_unit_ids(user)
    query = _open(select(Case)).where(Case.due_on < today)
    if units is not None:
        query = query.where(Case.unit_id.in_(units))
    return query


def _week(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def _my_sessions(user: User, today: date) -> Select:
    monday, sunday = _week(today)
    return select(ReceptionSession).where(
        ReceptionSession.head_id == user.id,
        ReceptionSession.day.between(monday, sunday),
        ReceptionSession.status.in_(ACTIVE_SESSION_STATUSES),
    )


def _todays_sessions(user: User, today: date) -> Select:
    return select(ReceptionSession).where(
        ReceptionSession.unit_id == user.unit_id,
        ReceptionSession.day == today,
        ReceptionSession.status.in_(ACTIVE_SESSION_STATUSES),
    )


def _visits_to_cases(user: User) -> Select:
    """Visits of the unit about a petition that no case records yet (neither refused,
    guided, forwarded nor answered on the spot)."""
    return select(Visit).where(
        Visit.unit_id == user.unit_id,
        Visit.case_id.is_(None),
        Visit.classification != Classification.OTHER,
        Visit.route.is_(None) | (Visit.route == Route.ACCEPTED),
    )


def _received_today(user: User, today: date) -> Select:
    return select(Case).where(Case.receiving_unit_id == user.unit_id, Case.received_on == today)


def _count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


# -- proposals: waiting for the head, returned to the handler -----------------------------------


def _proposal_cases(unit_id: int) -> Select:
    """Open cases of the unit with at least one proposal (the candidates; pending_proposals
    then drops those approved, returned or no longer allowed)."""
    proposed = exists().where(CaseEvent.case_id == Case.id, CaseEvent.action == "proposal")
    return _open(select(Case).where(Case.unit_id == unit_id, proposed))


def waiting_proposals(user: User) -> list[CaseEvent]:
    """Proposals of the head's unit waiting for a decision, oldest first."""
    waiting = [
        event
        for case in db.session.scalars(_proposal_cases(user.unit_id))
        for event in pending_proposals(case)
    ]
    return sorted(waiting, key=lambda event: (event.entered_at, event.id))


def returned_proposals(user: User, today: date) -> list[tuple[CaseEvent, CaseEvent]]:
    """(return, proposal) of the user's proposals a head returned in the last RETURNED_DAYS
    days, on cases still open, newest first."""
    since = today - timedelta(days=RETURNED_DAYS)
    returns = db.session.scalars(
        _open(
            select(CaseEvent)
            .join(Case, Case.id == CaseEvent.case_id)
            .where(
                CaseEvent.action == "proposal_returned",
                CaseEvent.effective_on >= since,
                Case.unit_id == user.unit_id,
            )
        ).order_by(CaseEvent.entered_at.desc(), CaseEvent.id.desc())
    )
    pairs = []
    for returned in returns:
        proposal = db.session.get(CaseEvent, (returned.details or {}).get("returns") or 0)
        if proposal is not None and proposal.actor_id == user.id:
            pairs.append((returned, proposal))
    return pairs


# -- counts and sections --------------------------------------------------------------------


def count(key: str, user: User, today: date) -> int:
    """The number shown for a section (also summed into the navigation's count)."""
    match key:
        case "my_cases":
            return _count(_mine(user))
        case "my_overdue":
            return _count(_my_overdue(user, today))
        case "my_due_soon":
            return _count(_my_due_soon(user, today))
        case "returned":
            return len(returned_proposals(user, today))
        case "proposals":
            return len(waiting_proposals(user))
        case "my_sessions":
            return _count(_my_sessions(user, today))
        case "unit_overdue":
            return _count(_unit_overdue(user, today))
        case "todays_sessions":
            return _count(_todays_sessions(user, today))
        case "visits_to_cases":
            return _count(_visits_to_cases(user))
        case "desk_intake":
            return _count(_received_today(user, today))
    return 0


def urgent_count(user: User, today: date) -> int:
    """What the navigation shows next to "My work": the items that ask for action."""
    return sum(count(key, user, today) for key in sections_for(user) if key in URGENT)


def _cases(query: Select) -> list[Case]:
    return list(db.session.scalars(query.order_by(Case.due_on.is_(None), Case.due_on, Case.id)))


def section(key: str, user: User, today: date) -> Section:
    """A section of the start page: its count and the first rows."""
    match key:
        case "my_cases" | "my_overdue" | "my_due_soon" | "unit_overdue":
            query = {
                "my_cases": lambda: _mine(user),
                "my_overdue": lambda: _my_overdue(user, today),
                "my_due_soon": lambda: _my_due_soon(user, today),
                "unit_overdue": lambda: _unit_overdue(user, today),
            }[key]()
            return Section(key, _count(query), _cases(query.limit(SHOWN)))
        case "returned":
            pairs = returned_proposals(user, today)
            return Section(key, len(pairs), pairs[:SHOWN])
        case "proposals":
            waiting = waiting_proposals(user)
            return Section(key, len(waiting), waiting[:SHOWN])
        case "my_sessions" | "todays_sessions":
            mine = key == "my_sessions"
            query = _my_sessions(user, today) if mine else _todays_sessions(user, today)
            rows = db.session.scalars(
                query.order_by(ReceptionSession.day, ReceptionSession.starts_at).limit(SHOWN)
            )
            return Section(key, _count(query), list(rows))
        case "visits_to_cases":
            query = _visits_to_cases(user)
            rows = db.session.scalars(query.order_by(Visit.visited_on, Visit.id).limit(SHOWN))
            return Section(key, _count(query), list(rows))
        case "desk_intake":
            query = _received_today(user, today)
            rows = db.session.scalars(query.order_by(Case.id.desc()).limit(SHOWN))
            return Section(key, _count(query), list(rows))
    return Section(key, 0)
