"""Report lines (recipient, due dates, the levels that report) and the reporting year's start."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from petitions.accounts.models import User
from petitions.audit.services import record
from petitions.domain import periods
from petitions.domain.periods import Period, PeriodError
from petitions.errors import Refused
from petitions.extensions import db
from petitions.permissions import Role
from petitions.reports.models import ReportLine
from petitions.text import clean
from petitions.units.models import UnitLevel
from petitions.units.services import get_by_code

log = logging.getLogger(__name__)

HOME_AFFAIRS_LINE = "home_affairs"
INSPECTION_LINE = "inspection"


# Recipients and due dates: these defaults, overridden by the REPORT_RECIPIENTS setting
# (instance/config.py) and then by the rows admins save in report_lines. Plan 09/KH-UBND: units to Sở Nội vụ by 30 November,
# Sở Nội vụ consolidates by 10 December. The inspection line's dates are "verify".
DEFAULT_LINES: dict[str, dict[str, Any]] = {
    HOME_AFFAIRS_LINE: {
        "recipient": "HG-SNV",
        "reviewer_role": "home_affairs",
        "unit_due": "11-30",
        "consolidated_due": "12-10",
        "levels": ("department", "district"),
    },
    INSPECTION_LINE: {
        "recipient": "HG-TTT",
        "reviewer_role": "inspector",
        "unit_due": "12-16",
        "consolidated_due": "12-20",
        "levels": ("department", "district"),
    },
}
LINE_NAMES = {
    HOME_AFFAIRS_LINE: _l(
        "Báo cáo kết quả công tác tiếp công dân, giải quyết đơn thư gửi Sở Nội vụ"
    ),
    INSPECTION_LINE: _l(
        "Báo cáo thống kê công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, "
        "tố cáo gửi Thanh tra tỉnh"
    ),
}


def period_options() -> dict[str, int]:
    """The reporting year's first day from REPORT_PERIOD_START ("MM-DD", default 12-15)."""
    raw = str(current_app.config["REPORT_PERIOD_START"])
    try:
        month, day = (int(part) for part in raw.split("-"))
    except ValueError:
        log.warning("REPORT_PERIOD_START %r is not MM-DD; using 12-15", raw)
        month, day = periods.DEFAULT_START_MONTH, periods.DEFAULT_START_DAY
    return {"start_month": month, "start_day": day}


def annual_period(year: int) -> Period:
    return periods.annual(year, **period_options())


def parse_period(text: str) -> Period:
    return periods.parse(text, **period_options())


def current_year(today: date) -> int:
    return periods.reporting_year(today, **period_options())


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    recipient: str
    reviewer_role: str
    unit_due: str
    consolidated_due: str
    levels: tuple[str, ...]
    active: bool = True

    def unit_due_on(self, year: int) -> date:
        return _month_day(year, self.unit_due)

    def consolidated_due_on(self, year: int) -> date:
        return _month_day(year, self.consolidated_due)


def _month_day(year: int, text: str) -> date:
    month, day = (int(part) for part in text.split("-"))
    return date(year, month, day)


def recipient_name(line: Line) -> str:
    """The receiving unit's name, or its code when no such unit exists (yet)."""
    unit = get_by_code(line.recipient) if line.recipient else None
    return unit.name if unit is not None else line.recipient


def valid_month_day(text: str) -> bool:
    try:
        _month_day(2024, text)  # a leap year, so 02-29 is accepted
    except (ValueError, TypeError):
        return False
    return len(text) == 5


def lines() -> list[Line]:
    """The report lines: code defaults, then REPORT_RECIPIENTS, then the admin's overrides."""
    configured = {code: dict(values) for code, values in DEFAULT_LINES.items()}
    for code, values in current_app.config["REPORT_RECIPIENTS"].items():
        configured.setdefault(code, {}).update(values)
    overrides = {row.code: row for row in db.session.scalars(select(ReportLine))}
    result = []
    for code, values in configured.items():
        row = overrides.get(code)
        name = values.get("name") or str(LINE_NAMES.get(code, code))
        line = Line(
            code=code,
            name=row.name if row else name,
            recipient=row.recipient_code if row else values.get("recipient", ""),
            reviewer_role=row.reviewer_role if row else values.get("reviewer_role", "home_affairs"),
            unit_due=row.unit_due if row else values.get("unit_due", "11-30"),
            consolidated_due=row.consolidated_due
            if row
            else values.get("consolidated_due", "12-10"),
            levels=tuple(row.levels.split(",")) if row else tuple(values.get("levels", ())),
            active=row.active if row else values.get("active", True),
        )
        result.append(line)
    return result


def get_line(code: str) -> Line:
    for line in lines():
        if line.code == code:
            return line
    raise Refused(404, _("Không có tuyến báo cáo %(code)s.", code=code))


def save_line(
    code: str,
    *,
    name: str,
    recipient: str,
    reviewer_role: str,
    unit_due: str,
    consolidated_due: str,
    levels: Sequence[str],
    active: bool,
    actor: User | None,
) -> ReportLine:
    """An admin changes a line's recipient, due dates or the levels that must report."""
    get_line(code)
    if not valid_month_day(unit_due):
        raise Refused(422, _("Hạn gửi phải có dạng MM-DD."), field="unit_due")
    if not valid_month_day(consolidated_due):
        raise Refused(422, _("Hạn tổng hợp phải có dạng MM-DD."), field="consolidated_due")
    if get_by_code(recipient) is None:
        raise Refused(422, _("Không tìm thấy đơn vị %(code)s.", code=recipient), field="recipient")
    if reviewer_role not in {Role.HOME_AFFAIRS.value, Role.INSPECTOR.value}:
        raise Refused(422, _("Vai trò tiếp nhận không hợp lệ."), field="reviewer_role")
    bad_levels = set(levels) - {level.value for level in UnitLevel}
    if bad_levels or not levels:
        raise Refused(422, _("Cấp đơn vị không hợp lệ."), field="levels")
    row = db.session.scalar(select(ReportLine).where(ReportLine.code == code))
    if row is None:
        row = ReportLine(code=code)
        db.session.add(row)
    row.name = clean(name) or str(LINE_NAMES.get(code, code))
    row.recipient_code = clean(recipient).upper()
    row.reviewer_role = reviewer_role
    row.unit_due = unit_due
    row.consolidated_due = consolidated_due
    row.levels = ",".join(levels)
    row.active = active
    row.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(
        actor,
        "report_line.update",
        row,
        {"code": code, "unit_due": unit_due, "consolidated_due": consolidated_due},
    )
    return row


def check_year(raw: Any) -> int:
    """A reporting year given as text or number; Refused 422 when it is not one."""
    text = str(raw).strip() if raw is not None else ""
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise Refused(422, _("Năm báo cáo phải là số từ 2000 đến 2100."), field="year")
    return int(text)


def statistical_period_or_error(code: str, year: int) -> Period:
    """A periodic report's period of Circular 01/2024/TT-TTCP (Q1-Q4, H1, 9M, Y)."""
    try:
        return periods.statistical_period(code, year, **period_options())
    except PeriodError:
        raise Refused(
            422,
            _(
                "Kỳ báo cáo phải là một trong %(codes)s.",
                codes=", ".join(periods.STATISTICAL_PERIODS),
            ),
            field="period",
        ) from None


def period_or_error(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError:
        raise Refused(
            422, _("Kỳ báo cáo không hợp lệ: %(text)s.", text=text), field="period"
        ) from None
