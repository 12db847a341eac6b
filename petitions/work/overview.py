"""The start page's summaries that are not queues: the inspectorate's province-wide figures,
the report lines a reviewer receives, and the admin areas with their counts."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from petitions.accounts.models import User
from petitions.audit.models import AuditEntry
from petitions.calendars.models import CalendarOverride, RulePeriod
from petitions.domain import deadlines as engine
from petitions.extensions import db
from petitions.jobs import SCHEDULE
from petitions.oversight.dashboard import Counts, totals
from petitions.oversight.scope import Filters, scope_root
from petitions.reports.lines import Line, current_year, lines
from petitions.reports.submissions import status_counts, submission_statuses
from petitions.units.models import ChangeStatus, Unit, UnitChange


def oversight_totals(user: User, today: date) -> Counts:
    """Open, overdue and due-soon cases in what the user oversees (the dashboard's head)."""
    return totals(Filters(as_of=today, root_id=scope_root(user)))


@dataclass
class LineSummary:
    line: Line
    year: int
    due_on: date
    counts: dict[str, int]
    expected: int


def received_reports(user: User, today: date) -> list[LineSummary]:
    """For each report line this user reviews (Sở Nội vụ, Thanh tra tỉnh): how many units'
    reports are due, sent, accepted, returned or missing this year."""
    year = current_year(today)
    summaries = []
    for line in lines():
        if not line.active or not user.has_role(line.reviewer_role):
            continue
        rows = submission_statuses(year, line.code, today=today)
        summaries.append(
            LineSummary(
                line=line,
                year=year,
                due_on=line.unit_due_on(year),
                counts=status_counts(rows),
                expected=sum(1 for row in rows if row.expected),
            )
        )
    return summaries


@dataclass
class Area:
    title: str
    endpoint: str
    permission: str
    count: int | None
    count_label: str
    description: str


def _scalar(query) -> int:
    return db.session.scalar(query) or 0


def admin_areas(user: User, today: date) -> list[Area]:
    """The admin section's areas the user may manage, each with what it holds."""
    areas = [
        Area(
            _l("Tài khoản cán bộ"),
            "accounts.users",
            "users.manage",
            _scalar(select(func.count(User.id)).where(User.active.is_(True))),
            _l("tài khoản đang hoạt động"),
            _l("Tạo tài khoản, giao vai trò (một người có thể giữ nhiều vai trò), khóa tài khoản."),
        ),
        Area(
            _l("Đơn vị hành chính"),
            "units.index",
            "units.manage",
            _scalar(
                select(func.count(Unit.id)).where(
                    Unit.active.is_(True),
                    (Unit.valid_to.is_(None)) | (Unit.valid_to >= today),
                )
            ),
            _l("đơn vị đang hoạt động"),
            _l("Cây đơn vị theo thời gian; sáp nhập, chia tách, chuyển đơn vị cấp trên."),
        ),
        Area(
            _l("Sắp xếp đơn vị"),
            "units.changes",
            "units.manage",
            _scalar(
                select(func.count(UnitChange.id)).where(UnitChange.status == ChangeStatus.DRAFT)
            ),
            _l("đề án chia tách chờ rà soát"),
            _l("Các lần sắp xếp đã áp dụng, kèm văn bản pháp lý; chia tách chờ xác nhận."),
        ),
        Area(
            _l("Lịch làm việc"),
            "calendar.overrides",
            "calendar.manage",
            _scalar(
                select(func.count(CalendarOverride.id)).where(
                    CalendarOverride.day >= date(today.year, 1, 1)
                )
            ),
            _l("ngày nghỉ, ngày làm bù từ đầu năm"),
            _l("Ngày nghỉ lễ, ngày hoán đổi theo thông báo của Chính phủ."),
        ),
        Area(
            _l("Thời hạn giải quyết"),
            "calendar.rules",
            "rules.manage",
            len(engine.RULES),
            _l("quy tắc thời hạn"),
            _l("Các thời hạn theo luật và điều chỉnh của tỉnh (%(n)d đã điều chỉnh).")
            % {"n": _scalar(select(func.count(RulePeriod.id)))},
        ),
        Area(
            _l("Tuyến báo cáo"),
            "reports.lines",
            "reports.configure",
            len([line for line in lines() if line.active]),
            _l("tuyến báo cáo đang dùng"),
            _l("Cơ quan nhận báo cáo, hạn gửi, cấp đơn vị phải báo cáo."),
        ),
        Area(
            _l("Tác vụ định kỳ"),
            "jobs.index",
            "jobs.manage",
            len(SCHEDULE),
            _l("tác vụ theo lịch"),
            _l("Nhắc hạn, gửi thư, sao lưu: lần chạy gần nhất, chạy lại cho một ngày."),
        ),
        Area(
            _l("Nhật ký kiểm tra"),
            "",
            "audit.read",
            _scalar(select(func.count(AuditEntry.id))),
            _l("mục nhật ký"),
            _l("Mọi thao tác quản trị được ghi và nối chuỗi băm; kiểm tra bằng lệnh"),
        ),
    ]
    return [area for area in areas if user.can(area.permission)]
