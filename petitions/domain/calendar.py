"""Vietnamese working-day calendar: weekends, public holidays, declared swaps and admin overrides."""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from typing import Literal

import holidays

OffKind = Literal["weekend", "holiday", "override"]


@dataclass(frozen=True, slots=True)
class Override:
    """An administrator's change to the calendar for one day.

    ``working=False`` adds a day off (e.g. a provincial decision); ``working=True`` makes a day a
    working day (e.g. a Saturday swapped with a weekday). ``note`` says why, in Vietnamese; the
    optional ``note_en`` is its English rendering for the English UI.
    """

    day: date
    working: bool
    note: str
    note_en: str = ""


@dataclass(frozen=True, slots=True)
class OffReason:
    """Why a day is not a working day, in both languages of the product.

    ``provisional``: the day comes from the `holidays` package's estimate, not yet from a
    published government decision (see ``is_provisional``); an admin confirms it with an
    override.
    """

    kind: OffKind
    name_vi: str
    name_en: str
    provisional: bool = False

    def name(self, lang: str = "vi") -> str:
        return self.name_en if lang.startswith("en") else self.name_vi


@dataclass(frozen=True, slots=True)
class ProvisionalDay:
    """A holiday the `holidays` package gives that is not settled law (yet).

    ``off``: counted as a day off until an admin decides (the package's estimate of a future
    Tết, say); False for a day that is not a day off until confirmed (24/11, Vietnamese Culture
    Day: a Politburo resolution, Labour Code art. 112 not yet amended).
    """

    day: date
    name_vi: str
    name_en: str
    off: bool


# The last year whose holiday schedule the government has announced (Tết, the day next to 2/9,
# swaps). Later years' movable days are the `holidays` package's estimate: provisional.
SETTLED_THROUGH = 2026
# Holidays fixed by the Labour Code 2019, art. 112, on solar dates: settled in every year.
FIXED_HOLIDAYS = frozenset({(1, 1), (4, 30), (5, 1), (9, 2)})
# Days the package lists that no law makes a day off yet: (month, day) -> first year listed.
# 24/11, Vietnamese Culture Day: chosen by the Politburo (Resolution 80-NQ/TW); Government
# Resolution 30/NQ-CP (2026) asks for Labour Code art. 112 to be amended, which had not been
# done when this was written.
NOT_YET_LAW = {(11, 24): 2026}


def is_provisional(day: date) -> bool:
    """Whether a holiday of the package on ``day`` is only its estimate or not law yet."""
    if (day.month, day.day) in NOT_YET_LAW:
        return True
    return day.year > SETTLED_THROUGH and (day.month, day.day) not in FIXED_HOLIDAYS


# Government decisions the `holidays` package (checked against 0.109) does not encode. They are
# law, not local choices, so they are reported as holidays rather than as admin overrides. The
# package does encode the other 2024-2026 swaps (29/04/2024 off for Sat 04/05/2024, 02/05/2025
# off for Sat 26/04/2025, 31/08/2026 off for Sat 22/08/2026) and 24/11 from 2026; the tests pin
# those so an older or changed package is caught.
STATUTORY_ADJUSTMENTS: tuple[Override, ...] = (
    Override(
        date(2026, 1, 2),
        False,
        "Nghỉ Tết Dương lịch 2026, hoán đổi với thứ Bảy 10/01/2026 "
        "(Công văn 12729/VPCP-KGVX ngày 25/12/2025)",
        "New Year 2026 day off, swapped with Saturday 10/01/2026 "
        "(Official letter 12729/VPCP-KGVX of 25/12/2025)",
    ),
    Override(
        date(2026, 1, 10),
        True,
        "Làm việc bù cho thứ Sáu 02/01/2026 (Công văn 12729/VPCP-KGVX ngày 25/12/2025)",
        "Working day in place of Friday 02/01/2026 (Official letter 12729/VPCP-KGVX of 25/12/2025)",
    ),
)

_SATURDAY = OffReason("weekend", "Thứ Bảy", "Saturday")
_SUNDAY = OffReason("weekend", "Chủ nhật", "Sunday")
_DATE_IN_NAME = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


def _english_name(name_en: str, name_vi: str) -> str:
    """Give English holiday names the dd/mm/yyyy dates the product shows everywhere.

    The package renders "Day off (substituted from 05/04/2024)" in US month-first order, which a
    Vietnamese reader takes for 5 April; the Vietnamese name carries the same dates day-first.
    """
    dates_vi = _DATE_IN_NAME.findall(name_vi)
    if not dates_vi or len(dates_vi) != len(_DATE_IN_NAME.findall(name_en)):
        return name_en
    replacements = iter(dates_vi)
    return _DATE_IN_NAME.sub(lambda _match: next(replacements), name_en)


@dataclass(frozen=True, slots=True)
class _Index:
    """Day-by-day tables over a contiguous run of whole years, replaced (never mutated) on growth."""

    first_year: int
    last_year: int
    base: int  # ordinal of 1 January of first_year
    size: int
    working: bytes  # 1 when the day is a working day
    counts: list[int]  # counts[i]: working days in [base, base + i]
    next_working: list[int]  # next_working[i]: first working index >= i, or -1 past the end


_EMPTY_INDEX = _Index(0, -1, 0, 0, b"", [], [])

# The index is contiguous, so one mistyped year (0202 for 2025) would otherwise make it index
# eighteen centuries; no case of this product lies outside these years.
FIRST_YEAR, LAST_YEAR = 1900, 2199


class WorkingCalendar:
    """Which days are working days for state agencies, and arithmetic over them.

    Built from the `holidays` package (country VN: public holidays, compensatory days, declared
    swaps), then ``STATUTORY_ADJUSTMENTS``, then ``overrides`` on top (for one day, the last
    override given wins). Each year is indexed once, lazily, so lookups never call into
    `holidays` per day. The calendar is immutable: when an admin changes the overrides, build a
    new one and recompute open deadlines.
    """

    def __init__(self, overrides: Iterable[Override] = (), years: range | None = None) -> None:
        self._overrides: dict[date, Override] = {o.day: o for o in overrides}
        self._reasons: dict[int, OffReason] = {}  # by ordinal, only days that are off
        self._year_flags: dict[int, bytes] = {}
        self._provisional: dict[int, ProvisionalDay] = {}  # by ordinal
        self._index = _EMPTY_INDEX
        self._lock = threading.Lock()
        if years:
            self._ensure(years[0], years[-1])

    @property
    def overrides(self) -> tuple[Override, ...]:
        return tuple(sorted(self._overrides.values(), key=lambda o: o.day))

    def is_working_day(self, day: date) -> bool:
        idx = self._index
        i = day.toordinal() - idx.base
        if not 0 <= i < idx.size:
            idx = self._ensure(day.year, day.year)
            i = day.toordinal() - idx.base
        return idx.working[i] == 1

    def next_working_day(self, day: date) -> date:
        """The day itself when it is a working day, otherwise the first working day after it."""
        idx = self._index
        o = day.toordinal()
        i = o - idx.base
        if 0 <= i < idx.size:
            j = idx.next_working[i]
            if j == i:
                return day
            if j > i:
                return date.fromordinal(idx.base + j)
        idx = self._ensure(day.year, day.year + 1)
        return date.fromordinal(idx.base + idx.next_working[o - idx.base])

    def add_calendar_days(self, start: date, n: int) -> date:
        """The day ``n`` calendar days after ``start``, moved on to the next working day if needed.

        This is how a period of "N days" ends (Civil Code 2015, art. 147-148).
        """
        idx = self._index
        i = start.toordinal() + n - idx.base
        if 0 <= i < idx.size:
            j = idx.next_working[i]
            if j >= 0:
                return date.fromordinal(idx.base + j)
        return self.next_working_day(date.fromordinal(start.toordinal() + n))

    def add_working_days(self, start: date, n: int) -> date:
        """The nth working day after ``start`` (``start`` itself is never counted).

        ``n == 0`` gives the next working day on or after ``start``.
        """
        if n < 0:
            raise ValueError(f"cannot count a negative number of working days ({n})")
        if n == 0:
            return self.next_working_day(start)
        o = start.toordinal()
        idx = self._index
        while True:
            i = o - idx.base
            if 0 <= i < idx.size:
                counts = idx.counts
                target = counts[i] + n
                if target <= counts[-1]:
                    return date.fromordinal(idx.base + bisect_left(counts, target, i))
            # About 250 working days a year; grow far enough to find the target.
            idx = self._ensure(start.year, max(idx.last_year, start.year) + n // 200 + 1)

    def working_days_between(self, after: date, through: date) -> int:
        """Working days in (after, through]; negative when ``through`` is before ``after``."""
        idx = self._index
        i = after.toordinal() - idx.base
        j = through.toordinal() - idx.base
        if not (0 <= i < idx.size and 0 <= j < idx.size):
            idx = self._ensure(min(after.year, through.year), max(after.year, through.year))
            i = after.toordinal() - idx.base
            j = through.toordinal() - idx.base
        return idx.counts[j] - idx.counts[i]

    def day_off_reason(self, day: date) -> OffReason | None:
        """Why ``day`` is not a working day, or None when it is one."""
        if self.is_working_day(day):
            return None
        return self._reasons[day.toordinal()]

    def provisional_days(self, year: int) -> list[ProvisionalDay]:
        """The year's holidays that are the package's estimate or not law yet, unconfirmed."""
        self._ensure(year, year)
        first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        return [p for o, p in sorted(self._provisional.items()) if first <= o <= last]

    def provisional_working_days(self, after: date, through: date) -> list[ProvisionalDay]:
        """Days in (after, through] the package lists as holidays but that count as working days
        until an admin confirms them (see NOT_YET_LAW)."""
        self.working_days_between(after, through)  # makes sure both years are indexed
        a, b = after.toordinal(), through.toordinal()
        return [
            p
            for o, p in sorted(self._provisional.items())
            if a < o <= b and not p.off and self.is_working_day(p.day)
        ]

    def days_off(self, after: date, through: date) -> Iterator[tuple[date, OffReason]]:
        """Each non-working day in (after, through] with its reason, in order."""
        self.working_days_between(after, through)  # makes sure both years are indexed
        reasons = self._reasons
        for o in range(after.toordinal() + 1, through.toordinal() + 1):
            reason = reasons.get(o)
            if reason is not None:
                yield date.fromordinal(o), reason

    # -- indexing -------------------------------------------------------------------------------

    def _ensure(self, first_year: int, last_year: int) -> _Index:
        if first_year < FIRST_YEAR or last_year > LAST_YEAR:
            raise ValueError(
                f"the working calendar covers {FIRST_YEAR}-{LAST_YEAR}, "
                f"not {first_year}-{last_year}"
            )
        with self._lock:
            idx = self._index
            if idx.size and idx.first_year <= first_year and last_year <= idx.last_year:
                return idx
            if idx.size:
                # Keep the run contiguous so one ordinal offset addresses every table.
                first_year = min(first_year, idx.first_year)
                last_year = max(last_year, idx.last_year)
            for year in range(first_year, last_year + 1):
                if year not in self._year_flags:
                    self._year_flags[year] = self._index_year(year)
            working = b"".join(self._year_flags[y] for y in range(first_year, last_year + 1))
            size = len(working)
            next_working = [-1] * size
            upcoming = -1
            for i in range(size - 1, -1, -1):
                if working[i]:
                    upcoming = i
                next_working[i] = upcoming
            idx = _Index(
                first_year=first_year,
                last_year=last_year,
                base=date(first_year, 1, 1).toordinal(),
                size=size,
                working=working,
                counts=list(accumulate(working)),
                next_working=next_working,
            )
            self._index = idx
            return idx

    def _index_year(self, year: int) -> bytes:
        vi = holidays.country_holidays("VN", years=year, language="vi")
        en = holidays.country_holidays("VN", years=year, language="en_US")
        reasons = self._reasons
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        for o in range(first, last + 1):
            weekday = (o + 6) % 7  # ordinal 1 (1 January of year 1) was a Monday
            if weekday >= 5:
                reasons[o] = _SATURDAY if weekday == 5 else _SUNDAY
        for day in vi.weekend_workdays:
            if day.year == year:
                reasons.pop(day.toordinal(), None)
        for day, name_vi in vi.items():
            if day.year == year:
                name_en = _english_name(en.get(day, name_vi), name_vi)
                o = day.toordinal()
                if day in self._overrides or not is_provisional(day):
                    # Settled law, or an admin has decided the day either way.
                    reasons[o] = OffReason("holiday", name_vi, name_en)
                elif (day.month, day.day) in NOT_YET_LAW:
                    self._provisional[o] = ProvisionalDay(day, name_vi, name_en, off=False)
                else:
                    self._provisional[o] = ProvisionalDay(day, name_vi, name_en, off=True)
                    reasons[o] = OffReason("holiday", name_vi, name_en, provisional=True)
        for adjustment in STATUTORY_ADJUSTMENTS:
            if adjustment.day.year == year:
                self._apply(adjustment, "holiday")
        for override in self._overrides.values():
            if override.day.year == year:
                self._apply(override, "override")
        return bytes(0 if o in reasons else 1 for o in range(first, last + 1))

    def _apply(self, change: Override, kind: OffKind) -> None:
        o = change.day.toordinal()
        if change.working:
            self._reasons.pop(o, None)
        elif o not in self._reasons:
            # A day that is off anyway keeps its own, more telling, reason.
            self._reasons[o] = OffReason(kind, change.note, change.note_en or change.note)
