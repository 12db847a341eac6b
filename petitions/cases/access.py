"""Who may read, act on and reveal a case: the object-level checks, in one place."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from petitions.accounts.models import User
from petitions.cases.models import (
    Case,
)
from petitions.domain import workflow
from petitions.errors import Refused
from petitions.extensions import db
from petitions.guards import MAX_ID
from petitions.permissions import Role
from petitions.units.services import subtree_ids

STAFF_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.HANDLER, Role.UNIT_HEAD})
READ_ALL_ROLES = frozenset({Role.INSPECTOR, Role.HOME_AFFAIRS, Role.ADMIN})
# What a reception officer may do with a petition beyond recording it.
RECEPTION_ACTIONS = frozenset({"classify", "guide", "file", "remind"})


def roles_of(user) -> frozenset[Role]:
    """Every role the user holds (commune staff often both receive citizens and handle cases)."""
    return frozenset(getattr(user, "roles", None) or ())


def visible_unit_ids(user: User) -> set[int] | None:
    """Units whose cases the user may list: None means every unit (the inspectorate)."""
    if roles_of(user) & READ_ALL_ROLES:
        return None
    if Role.UNIT_HEAD in roles_of(user):
        return subtree_ids(user.unit)
    return {user.unit_id}


def can_read(user: User | None, case: Case) -> bool:
    """Own unit (heads: and units below), the unit that received it, the unit that forwarded
    it (to follow the reply), and the inspectorate, home affairs and admins everywhere."""
    if user is None or not user.is_active:
        return False
    if roles_of(user) & READ_ALL_ROLES:
        return True
    if user.unit_id in (case.unit_id, case.receiving_unit_id):
        return True
    if case.forwarded_from is not None and case.forwarded_from.unit_id == user.unit_id:
        return True
    units = visible_unit_ids(user)
    return units is not None and case.unit_id in units


def is_assigned(user: User | None, case: Case) -> bool:
    return user is not None and any(a.active and a.user_id == user.id for a in case.assignments)


def can_act(user: User | None, case: Case, action: str) -> bool:
    """Whether the user's role and unit let them take `action` on the case (not the state).

    Staff act only on their own unit's cases; accept, forward, extend and conclude are the
    unit head's (a handler proposes them); the inspectorate sends reminders on any case.
    A user with several roles may do what any of them allows.
    """
    if user is None or not user.is_active:
        return False
    roles = roles_of(user)
    staff = roles & STAFF_ROLES
    if action == "remind":
        if Role.INSPECTOR in roles:
            return True
        return bool(staff) and case.unit_id == user.unit_id
    if not staff or case.unit_id != user.unit_id:
        return False
    if action == "propose":
        return bool(staff & {Role.HANDLER, Role.RECEPTION_OFFICER})
    if action in workflow.HEAD_ONLY_ACTIONS:
        return Role.UNIT_HEAD in staff
    if staff == {Role.RECEPTION_OFFICER}:
        return action in RECEPTION_ACTIONS
    return True


def can_reveal(user: User | None, case: Case) -> bool:
    """Only the head of the resolving unit and the staff assigned to the case (LTC art. 47)."""
    if user is None or not user.is_active or not case.sealed:
        return False
    if user.unit_id != case.unit_id:
        return False
    return Role.UNIT_HEAD in roles_of(user) or is_assigned(user, case)


def get_case_for(user: User, case_id: int, *, lock: bool = False) -> Case:
    """The case if it exists (404) and this user may read it (403)."""
    if not 0 < case_id <= MAX_ID:
        raise Refused(404, _("Không tìm thấy hồ sơ."), code="not_found")
    query = select(Case).where(Case.id == case_id)
    if lock:
        query = query.with_for_update()
    case = db.session.scalar(query)
    if case is None:
        raise Refused(404, _("Không tìm thấy hồ sơ."), code="not_found")
    if not can_read(user, case):
        raise Refused(403, _("Hồ sơ này thuộc đơn vị khác."), code="forbidden")
    return case
