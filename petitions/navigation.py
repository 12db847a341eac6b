"""The navigation menu by role, as data: (label, endpoint, permission), and the number of
things waiting for the signed-in user next to "My work"."""

import logging

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError

from petitions import clock
from petitions.permissions import SIGNED_IN
from petitions.work.queues import urgent_count

log = logging.getLogger(__name__)

STAFF_MENU = (
    (_l("Việc của tôi"), "work.start", SIGNED_IN),
    (_l("Tiếp nhận đơn"), "intake.desk", "intake.record"),
    (_l("Hồ sơ vụ việc"), "cases.index", "cases.read"),
    (_l("Tiếp công dân"), "reception.index", "reception.read"),
    (_l("Giám sát"), "oversight.dashboard", "oversight.read"),
    (_l("Báo cáo"), "reports.index", "reports.read"),
    (_l("Quản trị"), "work.admin_index", "users.manage"),
    (_l("Đơn vị"), "units.index", "units.manage"),
    (_l("Tài khoản"), "accounts.users", "users.manage"),
    (_l("Lịch làm việc"), "calendar.overrides", "calendar.manage"),
    (_l("Tác vụ định kỳ"), "jobs.index", "jobs.manage"),
    (_l("Hồ sơ cá nhân"), "accounts.profile", SIGNED_IN),
)

PUBLIC_MENU = (
    (_l("Gửi đơn trực tuyến"), "intake.submit"),
    (_l("Tra cứu hồ sơ"), "intake.track"),
    (_l("Lịch tiếp công dân"), "reception.public_calendar"),
    (_l("Tính thời hạn"), "deadlines.calculator"),
    (_l("Thống kê công khai"), "reports.public_statistics"),
)


def waiting_count(user) -> int | None:
    """What waits for the user, counted once per request; None when it cannot be counted
    (an error page after a failed transaction still shows its menu)."""
    if "waiting_count" not in g:
        try:
            g.waiting_count = urgent_count(user, clock.today())
        except SQLAlchemyError:
            log.warning("the navigation's count could not be computed", exc_info=True)
            g.waiting_count = None
    return g.waiting_count


def menu_for(user) -> dict:
    public = list(PUBLIC_MENU)
    staff = []
    if user is not None:
        for label, endpoint, permission in STAFF_MENU:
            if user.can(permission):
                count = waiting_count(user) if endpoint == "work.start" else None
                staff.append((label, endpoint, count))
    return {"public": public, "staff": staff}
