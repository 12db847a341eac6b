"""The navigation menu by role, as data: (label, endpoint, permission)."""

from flask_babel import lazy_gettext as _l

from petitions.permissions import SIGNED_IN

STAFF_MENU = (
    (_l("Tiếp nhận đơn"), "intake.desk", "intake.record"),
    (_l("Hồ sơ vụ việc"), "cases.index", "cases.read"),
    (_l("Tiếp công dân"), "reception.index", "reception.read"),
    (_l("Giám sát"), "oversight.dashboard", "oversight.read"),
    (_l("Báo cáo"), "reports.index", "reports.read"),
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


def menu_for(user) -> dict:
    public = list(PUBLIC_MENU)
    staff = []
    if user is not None:
        staff = [
            (label, endpoint) for label, endpoint, permission in STAFF_MENU if user.can(permission)
        ]
    return {"public": public, "staff": staff}
