"""The one permission mechanism: every view declares its access, roles grant permissions.

`@public` marks a page anyone may open; `@requires("perm")` a page for staff whose role
grants `perm`; `@requires()` any signed-in staff member. A test walks the URL map and fails
on any view that declares neither.
"""

import enum
from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user


class Role(enum.StrEnum):
    """The one role each staff user has; the table below says what it may do."""

    RECEPTION_OFFICER = "reception_officer"
    HANDLER = "handler"
    UNIT_HEAD = "unit_head"
    INSPECTOR = "inspector"
    HOME_AFFAIRS = "home_affairs"
    ADMIN = "admin"


R = Role
# Permissions as data: who may do what. Object-level checks (own unit, assigned handler)
# live on the models as can_* predicates; this table is the coarse gate in front of them.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "units.manage": frozenset({R.ADMIN}),
    "users.manage": frozenset({R.ADMIN}),
    "calendar.manage": frozenset({R.ADMIN}),
    "rules.manage": frozenset({R.ADMIN}),
    "audit.read": frozenset({R.ADMIN, R.INSPECTOR}),
    "intake.record": frozenset({R.RECEPTION_OFFICER, R.HANDLER, R.UNIT_HEAD}),
    "cases.read": frozenset(
        {R.RECEPTION_OFFICER, R.HANDLER, R.UNIT_HEAD, R.INSPECTOR, R.HOME_AFFAIRS, R.ADMIN}
    ),
    "cases.act": frozenset({R.RECEPTION_OFFICER, R.HANDLER, R.UNIT_HEAD}),
    "cases.approve": frozenset({R.UNIT_HEAD}),
    "cases.read_all": frozenset({R.INSPECTOR, R.HOME_AFFAIRS, R.ADMIN}),
    "cases.remind": frozenset({R.INSPECTOR, R.UNIT_HEAD}),
    "reception.manage": frozenset({R.RECEPTION_OFFICER, R.UNIT_HEAD}),
    # Reading every unit's schedules, log and compliance (others read their own subtree).
    "reception.read_all": frozenset({R.INSPECTOR, R.HOME_AFFAIRS, R.ADMIN}),
    "reception.read": frozenset(
        {R.RECEPTION_OFFICER, R.HANDLER, R.UNIT_HEAD, R.INSPECTOR, R.HOME_AFFAIRS, R.ADMIN}
    ),
    "oversight.read": frozenset({R.INSPECTOR, R.UNIT_HEAD, R.ADMIN}),
    "reports.read": frozenset({R.UNIT_HEAD, R.INSPECTOR, R.HOME_AFFAIRS, R.ADMIN, R.HANDLER}),
    "reports.draft": frozenset({R.HANDLER, R.UNIT_HEAD}),
    "reports.approve": frozenset({R.UNIT_HEAD}),
    # Receive, return and consolidate units' reports: Sở Nội vụ, and Thanh tra tỉnh for its line.
    "reports.consolidate": frozenset({R.HOME_AFFAIRS, R.INSPECTOR}),
    "reports.configure": frozenset({R.ADMIN}),
    "jobs.manage": frozenset({R.ADMIN}),
    # Retention, data subjects' requests and records of access (the data-protection officer).
    "privacy.manage": frozenset({R.ADMIN}),
    # A person's own data, handed over at the desk once their identity document is checked.
    "privacy.desk": frozenset({R.RECEPTION_OFFICER, R.UNIT_HEAD, R.ADMIN}),
}

SIGNED_IN = "signed_in"
PUBLIC = "public"


def role_has(role: Role | str, permission: str) -> bool:
    if permission == SIGNED_IN:
        return True
    return Role(role) in PERMISSIONS[permission]


def public(view):
    view.access = PUBLIC
    return view


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/open311/"))


def requires(permission: str = SIGNED_IN):
    if permission != SIGNED_IN and permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission}")

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                if wants_json():
                    abort(401)
                return redirect(url_for("accounts.login", next=request.full_path))
            if not current_user.can(permission):
                abort(403)
            return view(*args, **kwargs)

        guarded.access = permission
        return guarded

    return decorate
