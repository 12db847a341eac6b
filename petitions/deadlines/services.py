"""Computing one due date on request, for the `petitions deadline` command and the public page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from petitions.deadlines.settings import DeadlineSettings, deadline_settings
from petitions.domain import dates
from petitions.domain import deadlines as engine
from petitions.domain.calendar import FIRST_YEAR, LAST_YEAR, WorkingCalendar
from petitions.domain.rules import all_versions
from petitions.extensions import db

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DMY_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_day(raw: str) -> date:
    """A start date written YYYY-MM-DD (or dd/mm/yyyy, as Vietnamese documents write it)."""
    text = (raw or "").strip()
    try:
        if _ISO_DAY.fullmatch(text):
            return date.fromisoformat(text)
        match = _DMY_DAY.fullmatch(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        pass
    raise engine.DeadlineError(
        f"Ngày không hợp lệ: «{text}» (nhập theo dạng YYYY-MM-DD, ví dụ 2026-02-10).",
        f"Invalid date {text!r} (expected YYYY-MM-DD, e.g. 2026-02-10).",
    )


def settings_or_statutory() -> tuple[DeadlineSettings, bool]:
    """The database's calendar and rule periods, or the statutory ones when there is no database.

    On a fresh install the tables do not exist yet (the schema is created by `petitions serve`
    or `petitions db upgrade`); a calculation still makes sense there, with the holidays the
    law sets. The second value says whether the database was read.
    """
    try:
        return deadline_settings(), True
    except SQLAlchemyError:
        db.session.rollback()
        return DeadlineSettings(WorkingCalendar(), {}), False


@dataclass(frozen=True)
class Calculation:
    deadline: engine.Deadline
    # The period an admin set for the rule province-wide, when it was used.
    rule_period: int | None

    @property
    def due_on(self) -> date:
        return self.deadline.due_on

    def describe(self, lang: str = "vi") -> list[str]:
        lines = self.deadline.describe(lang)
        if self.rule_period is not None:
            with force_locale(lang):
                note = _(
                    "Thời hạn %(period)d do quản trị hệ thống điều chỉnh (mặc định của quy tắc: "
                    "%(default)d).",
                    period=self.rule_period,
                    default=self.deadline.rule.period,
                )
            lines.insert(2, note)
        return lines


def calculate(
    rule: str,
    start: date,
    *,
    remote: bool = False,
    complexity: engine.Complexity | None = None,
    multi_site: bool = False,
    extensions: int = 0,
    settings: DeadlineSettings | None = None,
) -> Calculation:
    """The due date of ``rule`` from ``start`` with the given traits; raises DeadlineError."""
    settings = settings or deadline_settings()
    try:
        dates.check_day(start)
    except dates.DayOutOfRange:
        raise _out_of_range() from None
    params = settings.params_for(
        rule,
        {
            "remote": remote,
            "complexity": complexity,
            "multi_site": multi_site,
            "extensions": extensions,
        },
    )
    try:
        deadline = engine.due_date(rule, start, settings.calendar, **params)
    except engine.DeadlineError:
        raise
    except ValueError:
        # The calendar ends in LAST_YEAR; a long period from its last years runs off the end.
        raise _out_of_range() from None
    period = params.get("period") if deadline.variant == "configured" else None
    return Calculation(deadline, period)


def _out_of_range() -> engine.DeadlineError:
    return engine.DeadlineError(
        f"Ngày nằm ngoài phạm vi lịch làm việc ({FIRST_YEAR}–{LAST_YEAR}).",
        f"The date is outside the working calendar ({FIRST_YEAR}-{LAST_YEAR}).",
    )


# -- the list of rules -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodGroup:
    """Rule versions that are in force over the same days (admin list, grouped by period)."""

    valid_from: date | None
    valid_to: date | None
    rules: list[engine.Rule]
    reception: list[dict]


def rule_versions() -> list[engine.Rule]:
    """Every version of every deadline rule, from the table the engine counts with."""
    return all_versions()


def reception_rows() -> list[dict]:
    """The reception minimums as rows (petitions.domain.reception), or none if not available."""
    try:
        # Guarded: the reception minimums (issue 14, part B) may not be in this build.
        from petitions.domain.reception import reception_rule_rows
    except ImportError:
        return []
    return reception_rule_rows()


def rules_by_period() -> list[PeriodGroup]:
    """Deadline rule versions and reception minimums grouped by their period of validity,
    the open-ended ones last, each group in table order."""
    groups: dict[tuple, PeriodGroup] = {}
    for rule in rule_versions():
        span = (rule.valid_from, rule.valid_to)
        groups.setdefault(span, PeriodGroup(*span, [], [])).rules.append(rule)
    for row in reception_rows():
        span = (row["valid_from"], row["valid_to"])
        groups.setdefault(span, PeriodGroup(*span, [], [])).reception.append(row)
    return sorted(
        groups.values(),
        key=lambda g: (g.valid_to or date.max, g.valid_from or date.min),
    )
