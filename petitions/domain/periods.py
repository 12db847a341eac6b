"""Reporting periods: the inspection-sector year, its quarters, six and nine months, custom."""

# Reporting periods: the inspection-sector year (15 December to 14 December), its quarters,
# six and nine months (Circular 01/2024/TT-TTCP), and custom ranges.

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from petitions.domain.dates import FIRST_YEAR, LAST_YEAR, DayOutOfRange, check_day

# Circular 01/2024/TT-TTCP (Thanh tra Chính phủ, 20/01/2024, in force 5/3/2024), on the data
# closing dates of periodic reports: Q1 from 15 December of the previous year to 14 March; Q2, Q3
# and Q4 from the 15th of the last month of the previous quarter to the 14th of the last month of
# the quarter; 6 months from 15 December to 14 June; 9 months from 15 December to 14 September;
# the year from 15 December to 14 December. Kept as defaults (REPORT_PERIOD_START), never as
# constants.
DEFAULT_START_MONTH = 12
DEFAULT_START_DAY = 15

_SPEC = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<part>[QqHh])(?P<number>\d)|-(?P<nine>9[Mm]))?$"
    r"|^(?P<start>\d{4}-\d{2}-\d{2})\.\.(?P<end>\d{4}-\d{2}-\d{2})$"
)


class PeriodError(ValueError):
    """A period that cannot exist (bad year, quarter, or start after end)."""


@dataclass(frozen=True)
class Period:
    """An inclusive range of days with the name reports print for it."""

    start: date
    end: date
    kind: str = "custom"  # year, quarter, half, nine_months, custom
    year: int | None = None
    number: int | None = None

    def __post_init__(self):
        if self.start > self.end:
            raise PeriodError(f"period starts {self.start} after it ends {self.end}")

    @property
    def key(self) -> str:
        """The compact form `parse` reads back: 2026, 2026-Q1, 2026-H2, 2026-01-01..2026-03-31."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "half":
            return f"{self.year}-H{self.number}"
        if self.kind == "nine_months":
            return f"{self.year}-9M"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def code(self) -> str:
        """The circular's name of the period as the statistics API takes it: Q1-Q4, H1, 9M, Y
        (H2 is no report of the circular, but a half-year the product can still compute)."""
        if self.kind == "year":
            return "Y"
        if self.kind == "quarter":
            return f"Q{self.number}"
        if self.kind == "half":
            return f"H{self.number}"
        if self.kind == "nine_months":
            return "9M"
        return "custom"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def as_of(self, today: date) -> date:
        """The day the figures stand at: the period's end, or today while it is still running."""
        return min(self.end, max(today, self.start))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _check_start(start_month: int, start_day: int) -> None:
    if not 1 <= start_month <= 12:
        raise PeriodError(f"start month {start_month} is not a month")
    # Days up to 28 exist in every month, so every quarter starts on the same day number.
    if not 1 <= start_day <= 28:
        raise PeriodError(f"start day {start_day} must be between 1 and 28")


def _shift(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def _check_year(year: int) -> None:
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(f"year {year!r} is out of range")


def year_start(year: int, start_month: int, start_day: int) -> date:
    """First day of reporting year `year`: the year is named after the calendar year it ends in."""
    _check_year(year)
    _check_start(start_month, start_day)
    begins_on_new_year = (start_month, start_day) == (1, 1)
    return date(year if begins_on_new_year else year - 1, start_month, start_day)


def annual(
    year: int, *, start_month: int = DEFAULT_START_MONTH, start_day: int = DEFAULT_START_DAY
) -> Period:
    """The reporting year: by default 15 December of year-1 to 14 December of year."""
    start = year_start(year, start_month, start_day)
    return Period(start, _shift(start, 12) - timedelta(days=1), "year", year)


def quarter(
    year: int,
    number: int,
    *,
    start_month: int = DEFAULT_START_MONTH,
    start_day: int = DEFAULT_START_DAY,
) -> Period:
    """Quarter 1-4 of the reporting year (by default Q1 is 15 December to 14 March)."""
    if number not in (1, 2, 3, 4):
        raise PeriodError(f"quarter {number} does not exist")
    start = _shift(year_start(year, start_month, start_day), 3 * (number - 1))
    return Period(start, _shift(start, 3) - timedelta(days=1), "quarter", year, number)


def half(
    year: int,
    number: int,
    *,
    start_month: int = DEFAULT_START_MONTH,
    start_day: int = DEFAULT_START_DAY,
) -> Period:
    """Half-year 1 or 2 of the reporting year (the six-month report)."""
    if number not in (1, 2):
        raise PeriodError(f"half-year {number} does not exist")
    start = _shift(year_start(year, start_month, start_day), 6 * (number - 1))
    return Period(start, _shift(start, 6) - timedelta(days=1), "half", year, number)


def nine_months(
    year: int, *, start_month: int = DEFAULT_START_MONTH, start_day: int = DEFAULT_START_DAY
) -> Period:
    """The nine-month report: the reporting year's first nine months (15 December to 14
    September by default)."""
    start = year_start(year, start_month, start_day)
    return Period(start, _shift(start, 9) - timedelta(days=1), "nine_months", year)


# The periodic reports of Circular 01/2024/TT-TTCP, by the codes the statistics API takes.
STATISTICAL_PERIODS = ("Q1", "Q2", "Q3", "Q4", "H1", "9M", "Y")


def statistical_period(
    code: str,
    year: int,
    *,
    start_month: int = DEFAULT_START_MONTH,
    start_day: int = DEFAULT_START_DAY,
) -> Period:
    """A periodic report's period: Q1-Q4 (each quarter on its own), H1 (6 months), 9M (9
    months), Y (the year), all closing on the 14th by default. Q2-Q4 are reported by the
    statistical forms only (the circular asks no narrative for them)."""
    options = {"start_month": start_month, "start_day": start_day}
    text = (code or "").strip().upper()
    if text == "Y":
        return annual(year, **options)
    if text == "9M":
        return nine_months(year, **options)
    if text == "H1":
        return half(year, 1, **options)
    if len(text) == 2 and text[0] == "Q" and text[1] in "1234":
        return quarter(year, int(text[1]), **options)
    raise PeriodError(f"period {code!r} is not one of {', '.join(STATISTICAL_PERIODS)}")


def custom(start: date, end: date) -> Period:
    try:
        check_day(start)
        check_day(end)
    except DayOutOfRange as error:
        raise PeriodError(str(error)) from None
    return Period(start, end, "custom")


def reporting_year(
    day: date, *, start_month: int = DEFAULT_START_MONTH, start_day: int = DEFAULT_START_DAY
) -> int:
    """The reporting year a day falls in (16 December 2025 belongs to 2026 by default)."""
    _check_start(start_month, start_day)
    candidate = day.year + 1
    while not annual(candidate, start_month=start_month, start_day=start_day).contains(day):
        candidate -= 1
    return candidate


def parse(
    text: str, *, start_month: int = DEFAULT_START_MONTH, start_day: int = DEFAULT_START_DAY
) -> Period:
    """Read "2026", "2026-Q1", "2026-H2", "2026-9M" or "2026-01-01..2026-06-30"."""
    match = _SPEC.match((text or "").strip())
    if match is None:
        raise PeriodError(f"cannot read period {text!r}")
    options = {"start_month": start_month, "start_day": start_day}
    if match["start"]:
        try:
            return custom(date.fromisoformat(match["start"]), date.fromisoformat(match["end"]))
        except ValueError as error:
            raise PeriodError(str(error)) from None
    year = int(match["year"])
    if match["nine"]:
        return nine_months(year, **options)
    part = (match["part"] or "").upper()
    if part == "Q":
        return quarter(year, int(match["number"]), **options)
    if part == "H":
        return half(year, int(match["number"]), **options)
    return annual(year, **options)
