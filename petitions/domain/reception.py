"""Heads' reception duties: legal minimums, recurring schedules moved off days off, compliance."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Literal

from petitions.domain.calendar import OffReason, WorkingCalendar

Period = Literal["month", "week"]
Frequency = Literal["monthly", "weekly"]

WEEKDAY_NAMES_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class ScheduleError(ValueError):
    """A recurrence rule that cannot be expanded; carries the message in both UI languages."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang.startswith("en") else self.message_vi


# -- the legal minimums ---------------------------------------------------------------------------

# Law on Citizen Reception 42/2013/QH13 came into force on 1/7/2014.
LTCD_IN_FORCE = date(2014, 7, 1)
# The district level ended on 1/7/2025 (Law on the Organisation of Local Government 72/2025/QH15).
DISTRICTS_END = date(2025, 6, 30)
# Law 136/2025/QH15 (10/12/2025) amends the Law on Citizen Reception from 1/7/2026.
AMENDED_FROM = date(2026, 7, 1)
# Art. 3a (added by Law 136/2025/QH15, art. 1.1): reception in person or online.
ONLINE_RECEPTION_FROM = AMENDED_FROM

_LTCD_VI = "Luật Tiếp công dân 2013"
_LTCD_EN = "Law on Citizen Reception 2013"
_AMENDED_VI = "sửa đổi bởi Luật 136/2025/QH15"
_AMENDED_EN = "as amended by Law 136/2025/QH15"
# Arts. 12 and 18 keep their 1 day a month; from 1/7/2026 the head receives personally: the
# amending law provides for no delegation to a deputy (the Government Inspector General's
# report to the National Assembly before the vote, 10/12/2025).
_PERSONAL_VI = "tiếp trực tiếp, không ủy quyền theo Luật 136/2025/QH15"
_PERSONAL_EN = "in person, no delegation under Law 136/2025/QH15"


@dataclass(frozen=True, slots=True)
class Minimum:
    """How often a head must personally receive citizens, while, and the article that says so.

    ``delegable``: whether a day received by a deputy the head delegated still counts toward
    the head's minimum (it did until 30/6/2026; Law 136/2025/QH15 makes reception by the head
    personal, so from 1/7/2026 a delegated day is recorded but does not count).
    """

    key: str
    levels: tuple[str, ...]  # unit levels whose head this binds
    days: int  # reception days required in each period
    period: Period
    title_vi: str
    title_en: str
    basis_vi: str
    basis_en: str
    valid_from: date
    valid_to: date | None = None
    delegable: bool = True

    def title(self, lang: str = "vi") -> str:
        return self.title_en if lang.startswith("en") else self.title_vi

    def basis(self, lang: str = "vi") -> str:
        return self.basis_en if lang.startswith("en") else self.basis_vi

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def requirement(self, lang: str = "vi") -> str:
        """The duty alone: "at least 2 days a month, in person (not delegable)"."""
        if lang.startswith("en"):
            unit = "month" if self.period == "month" else "week"
            plural = "day" if self.days == 1 else "days"
            text = f"at least {self.days} {plural} a {unit}"
            return text + ("" if self.delegable else ", in person (may not be delegated)")
        unit = "tháng" if self.period == "month" else "tuần"
        text = f"ít nhất {self.days} ngày mỗi {unit}"
        return text + ("" if self.delegable else ", trực tiếp (không ủy quyền cấp phó)")

    def describe(self, lang: str = "vi") -> str:
        return f"{self.requirement(lang)} ({self.basis(lang)})"

    def row(self) -> dict:
        return {
            "key": self.key,
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "requirement_vi": self.requirement("vi"),
            "requirement_en": self.requirement("en"),
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "basis_vi": self.basis_vi,
            "basis_en": self.basis_en,
        }


_PROVINCE = ("Chủ tịch Ủy ban nhân dân cấp tỉnh", "Chair of the provincial People's Committee")
_COMMUNE = ("Chủ tịch Ủy ban nhân dân cấp xã", "Chair of the commune People's Committee")
_AGENCY = ("Thủ trưởng cơ quan hành chính nhà nước", "Head of a state administrative agency")
_BEFORE = date(2026, 6, 30)

# Each office's duty, one entry per version. Where units still carry a level whose rule has
# ended (a district after 30/6/2025), the head owes nothing from that day.
MINIMUMS: tuple[Minimum, ...] = (
    Minimum(
        "reception.provincial_chair",
        ("province",),
        1,
        "month",
        *_PROVINCE,
        f"{_LTCD_VI}, Điều 12",
        f"{_LTCD_EN}, art. 12",
        LTCD_IN_FORCE,
        _BEFORE,
    ),
    Minimum(
        "reception.provincial_chair",
        ("province",),
        1,
        "month",
        *_PROVINCE,
        f"{_LTCD_VI}, Điều 12 ({_PERSONAL_VI})",
        f"{_LTCD_EN}, art. 12 ({_PERSONAL_EN})",
        AMENDED_FROM,
        delegable=False,
    ),
    Minimum(
        "reception.district_chair",
        ("district",),
        2,
        "month",
        "Chủ tịch Ủy ban nhân dân cấp huyện",
        "Chair of the district People's Committee",
        f"{_LTCD_VI}, Điều 13",
        f"{_LTCD_EN}, art. 13",
        LTCD_IN_FORCE,
        DISTRICTS_END,
    ),
    Minimum(
        "reception.commune_chair",
        ("commune",),
        1,
        "week",
        *_COMMUNE,
        f"{_LTCD_VI}, Điều 15",
        f"{_LTCD_EN}, art. 15",
        LTCD_IN_FORCE,
        _BEFORE,
    ),
    Minimum(
        "reception.commune_chair",
        ("commune",),
        2,
        "month",
        *_COMMUNE,
        f"{_LTCD_VI}, Điều 15 ({_AMENDED_VI}, Điều 1)",
        f"{_LTCD_EN}, art. 15 ({_AMENDED_EN}, art. 1)",
        AMENDED_FROM,
        delegable=False,
    ),
    Minimum(
        "reception.department_head",
        ("department", "office"),
        1,
        "month",
        *_AGENCY,
        f"{_LTCD_VI}, Điều 18",
        f"{_LTCD_EN}, art. 18",
        LTCD_IN_FORCE,
        _BEFORE,
    ),
    Minimum(
        "reception.department_head",
        ("department", "office"),
        1,
        "month",
        *_AGENCY,
        f"{_LTCD_VI}, Điều 18 ({_PERSONAL_VI})",
        f"{_LTCD_EN}, art. 18 ({_PERSONAL_EN})",
        AMENDED_FROM,
        delegable=False,
    ),
)


def minimum_for(level: str, *, on: date) -> Minimum | None:
    """The minimum binding the head of a unit at ``level`` on a day, or None when none does."""
    for minimum in MINIMUMS:
        if level in minimum.levels and minimum.in_force(on):
            return minimum
    return None


def minimums_between(level: str, start: date, end: date) -> list[Minimum]:
    """The versions binding the head of a unit at ``level`` on some day of [start, end]."""
    return [
        m
        for m in MINIMUMS
        if level in m.levels and m.valid_from <= end and (m.valid_to is None or m.valid_to >= start)
    ]


def reception_rule_rows() -> list[dict]:
    """Every version of every minimum as plain rows, for the public list of rules."""
    return [m.row() for m in MINIMUMS]


def online_allowed(day: date) -> bool:
    """Online reception exists from the day art. 3a came into force."""
    return day >= ONLINE_RECEPTION_FROM


# -- groups ---------------------------------------------------------------------------------------

GROUP_SIZE = 5
REPRESENTATIVES_BASIS_VI = "Nghị định 124/2020/NĐ-CP, Điều 6"
REPRESENTATIVES_BASIS_EN = "Decree 124/2020/ND-CP, art. 6"


def is_group(people: int) -> bool:
    """Five or more people on the same matter come as a group (đoàn đông người)."""
    return people >= GROUP_SIZE


def representatives_limit(people: int) -> int | None:
    """How many representatives a group may send: 2 for 5-10 people, 5 for 11 or more."""
    if people < GROUP_SIZE:
        return None
    return 2 if people <= 10 else 5


# -- recurrence -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recurrence:
    """When periodic sessions fall, before any move off a day off.

    ``monthly`` with ``month_days`` (1-31; a day past the month's end means its last day),
    ``monthly`` with ``weekday`` and ``nth`` (1-5, -1 for the last: "the first Thursday"), or
    ``weekly`` with ``weekday`` (0 Monday ... 6 Sunday).
    """

    frequency: Frequency
    month_days: tuple[int, ...] = ()
    weekday: int | None = None
    nth: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.frequency not in ("monthly", "weekly"):
            raise ScheduleError(
                f"Tần suất không hợp lệ: {self.frequency!r}.",
                f"Invalid frequency {self.frequency!r}.",
            )
        if self.weekday is not None and self.weekday not in range(7):
            raise ScheduleError(
                "Thứ trong tuần phải từ 0 (Thứ Hai) đến 6 (Chủ nhật).",
                "The weekday must be 0 (Monday) to 6 (Sunday).",
            )
        if self.frequency == "weekly":
            if self.weekday is None or self.month_days or self.nth:
                raise ScheduleError(
                    "Lịch hằng tuần cần đúng một thứ trong tuần.",
                    "A weekly rule needs exactly one weekday.",
                )
            return
        if self.month_days:
            if self.weekday is not None or self.nth:
                raise ScheduleError(
                    "Lịch hằng tháng theo ngày không kèm thứ trong tuần.",
                    "A monthly rule by day of the month takes no weekday.",
                )
            if any(not 1 <= d <= 31 for d in self.month_days):
                raise ScheduleError(
                    "Ngày trong tháng phải từ 1 đến 31.", "Days of the month must be 1 to 31."
                )
        elif self.weekday is None or not self.nth:
            raise ScheduleError(
                "Lịch hằng tháng cần ngày trong tháng, hoặc thứ trong tuần và tuần thứ mấy.",
                "A monthly rule needs days of the month, or a weekday and which one.",
            )
        elif any(n not in (1, 2, 3, 4, 5, -1) for n in self.nth):
            raise ScheduleError(
                "Tuần thứ mấy trong tháng phải từ 1 đến 5, hoặc -1 (tuần cuối).",
                "Which weekday of the month must be 1 to 5, or -1 (the last).",
            )

    def occurrences(self, start: date, end: date) -> list[date]:
        """The nominal days in [start, end], in order, without moving any."""
        days: set[date] = set()
        if self.frequency == "weekly":
            first = start + timedelta(days=(self.weekday - start.weekday()) % 7)
            days.update(first + timedelta(weeks=k) for k in range((end - first).days // 7 + 1))
        else:
            year, month = start.year, start.month
            while date(year, month, 1) <= end:
                days.update(self._in_month(year, month))
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return sorted(d for d in days if start <= d <= end)

    def _in_month(self, year: int, month: int) -> list[date]:
        length = monthrange(year, month)[1]
        if self.month_days:
            return [date(year, month, min(d, length)) for d in self.month_days]
        same_weekday = [
            date(year, month, d)
            for d in range(1, length + 1)
            if date(year, month, d).weekday() == self.weekday
        ]
        chosen = []
        for n in self.nth:
            if n == -1:
                chosen.append(same_weekday[-1])
            elif n <= len(same_weekday):
                chosen.append(same_weekday[n - 1])
        return chosen

    def describe(self, lang: str = "vi") -> str:
        en = lang.startswith("en")
        if self.frequency == "weekly":
            names = WEEKDAY_NAMES_EN if en else WEEKDAY_NAMES_VI
            return f"every {names[self.weekday]}" if en else f"{names[self.weekday]} hằng tuần"
        if self.month_days:
            listed = ", ".join(str(d) for d in self.month_days)
            return f"day {listed} of each month" if en else f"ngày {listed} hằng tháng"
        names = WEEKDAY_NAMES_EN if en else WEEKDAY_NAMES_VI
        if en:
            order = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
            which = " and ".join(order[n] for n in self.nth)
            return f"the {which} {names[self.weekday]} of each month"
        order_vi = {1: "thứ nhất", 2: "thứ hai", 3: "thứ ba", 4: "thứ tư", 5: "thứ năm", -1: "cuối"}
        which = ", ".join(order_vi[n] for n in self.nth)
        return f"{names[self.weekday]} tuần {which} hằng tháng"


@dataclass(frozen=True, slots=True)
class PlannedDay:
    """A session's day: the rule's nominal day, and where it lands after days off."""

    nominal: date
    day: date
    # Days off passed over, starting with the nominal day itself.
    skipped: tuple[tuple[date, OffReason], ...] = ()
    # Other nominal days that moved onto this same day and were folded into it.
    merged: tuple[date, ...] = ()

    @property
    def moved(self) -> bool:
        return self.day != self.nominal

    def note(self, lang: str = "vi") -> str:
        """Why the session is not on its nominal day, or '' when it is."""
        if not self.moved and not self.merged:
            return ""
        en = lang.startswith("en")
        parts = []
        if self.moved:
            reasons: list[str] = []
            for _day, reason in self.skipped:
                name = reason.name("en" if en else "vi")
                if name not in reasons:
                    reasons.append(name)
            listed = "; ".join(reasons)
            if en:
                parts.append(
                    f"Scheduled for {_dmy(self.nominal)}, a day off ({listed}); moved to the "
                    f"next working day, {_dmy(self.day)}."
                )
            else:
                parts.append(
                    f"Lịch gốc {_dmy(self.nominal)} rơi vào ngày nghỉ ({listed}); chuyển sang "
                    f"ngày làm việc tiếp theo là {_dmy(self.day)}."
                )
        if self.merged:
            listed = ", ".join(_dmy(d) for d in self.merged)
            if en:
                parts.append(f"Also covers the session of {listed}, moved onto the same day.")
            else:
                parts.append(f"Gộp cả buổi tiếp theo lịch ngày {listed} (dời trùng ngày).")
        return " ".join(parts)


def move_to_working_day(day: date, calendar: WorkingCalendar) -> PlannedDay:
    """A session falling on a weekend or holiday moves to the next working day."""
    landed = calendar.next_working_day(day)
    if landed == day:
        return PlannedDay(nominal=day, day=day)
    skipped = ((day, calendar.day_off_reason(day)),) + tuple(
        calendar.days_off(day, landed - timedelta(days=1))
    )
    return PlannedDay(nominal=day, day=landed, skipped=skipped)


def plan(rule: Recurrence, start: date, end: date, calendar: WorkingCalendar) -> list[PlannedDay]:
    """The sessions a rule gives in [start, end], each on a working day.

    Two nominal days that land on the same working day (a weekly session in a holiday week
    moving onto next week's) become one session whose note says so.
    """
    if end < start:
        raise ScheduleError(
            "Ngày kết thúc phải sau ngày bắt đầu.", "The end date must not be before the start."
        )
    if (end - start).days > 366 * 2:
        raise ScheduleError(
            "Chỉ lập lịch tối đa hai năm một lần.", "A schedule may span at most two years."
        )
    by_day: dict[date, PlannedDay] = {}
    for nominal in rule.occurrences(start, end):
        planned = move_to_working_day(nominal, calendar)
        kept = by_day.get(planned.day)
        if kept is None:
            by_day[planned.day] = planned
        elif kept.moved and not planned.moved:
            # The session that was due that day anyway keeps the slot.
            by_day[planned.day] = PlannedDay(
                planned.nominal, planned.day, (), (*planned.merged, kept.nominal)
            )
        else:
            by_day[planned.day] = PlannedDay(
                kept.nominal, kept.day, kept.skipped, (*kept.merged, planned.nominal)
            )
    return [by_day[d] for d in sorted(by_day)]


# -- clashes --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Slot:
    """A session as far as clashes go: whose time it takes, and when."""

    key: Hashable
    head: Hashable
    day: date
    starts_at: time
    ends_at: time
    in_person: bool = True


def clashes(slots: Iterable[Slot]) -> dict[Hashable, set[Hashable]]:
    """For each slot, the other slots that need the same head at an overlapping time.

    A delegated session does not take the head's own time, so it never clashes.
    """
    by_head_day: dict[tuple[Hashable, date], list[Slot]] = {}
    for slot in slots:
        if slot.in_person:
            by_head_day.setdefault((slot.head, slot.day), []).append(slot)
    found: dict[Hashable, set[Hashable]] = {}
    for same_day in by_head_day.values():
        for i, a in enumerate(same_day):
            for b in same_day[i + 1 :]:
                if a.key != b.key and a.starts_at < b.ends_at and b.starts_at < a.ends_at:
                    found.setdefault(a.key, set()).add(b.key)
                    found.setdefault(b.key, set()).add(a.key)
    return found


# -- compliance -----------------------------------------------------------------------------------

PeriodStatus = Literal[
    "met", "met_with_delegation", "missed", "in_progress", "upcoming", "not_required"
]


@dataclass(frozen=True, slots=True)
class PeriodResult:
    index: int  # month 1-12, or ISO week number
    start: date
    end: date
    required: int
    in_person: int  # distinct days the head received in person (or online)
    delegated: int  # distinct days received by a delegate (and not also in person)
    status: PeriodStatus
    minimum: Minimum | None = None  # the version of the rule that governs the period

    @property
    def period(self) -> Period:
        return self.minimum.period if self.minimum else "month"

    @property
    def delegation_counts(self) -> bool:
        return self.minimum.delegable if self.minimum else True


@dataclass(frozen=True, slots=True)
class Assessment:
    minimums: tuple[Minimum, ...]  # the versions applied, in order
    year: int
    periods: tuple[PeriodResult, ...]

    @property
    def minimum(self) -> Minimum | None:
        """The latest version applied in the year."""
        return self.minimums[-1] if self.minimums else None

    @property
    def in_person(self) -> int:
        return sum(p.in_person for p in self.periods)

    @property
    def delegated(self) -> int:
        return sum(p.delegated for p in self.periods)

    @property
    def assessed(self) -> int:
        """Periods that count so far: those over, and the current one once met."""
        return sum(p.status in ("met", "met_with_delegation", "missed") for p in self.periods)

    @property
    def met(self) -> int:
        return sum(p.status in ("met", "met_with_delegation") for p in self.periods)

    @property
    def met_in_person(self) -> int:
        return sum(p.status == "met" for p in self.periods)

    @property
    def missed(self) -> int:
        return sum(p.status == "missed" for p in self.periods)

    @property
    def rate(self) -> float | None:
        """Share of assessed periods met (in person or by delegation); None before any."""
        return round(self.met / self.assessed, 4) if self.assessed else None


def periods_of(period: Period, year: int) -> list[tuple[int, date, date]]:
    """(index, first day, last day) of each month of the year, or of each ISO week of it."""
    if period == "month":
        return [(m, date(year, m, 1), date(year, m, monthrange(year, m)[1])) for m in range(1, 13)]
    weeks = date(year, 12, 28).isocalendar().week
    result = []
    for w in range(1, weeks + 1):
        monday = date.fromisocalendar(year, w, 1)
        result.append((w, monday, monday + timedelta(days=6)))
    return result


def _status(
    required: int, in_person: int, delegated: int, start: date, end: date, today: date
) -> PeriodStatus:
    if required == 0:
        return "not_required"
    if in_person >= required:
        return "met"
    if in_person + delegated >= required:
        return "met_with_delegation"
    if end < today:
        return "missed"
    if start <= today:
        return "in_progress"
    return "upcoming"


def _split_days(held: Iterable[tuple[date, bool]]) -> tuple[set[date], set[date]]:
    in_person_days: set[date] = set()
    delegated_days: set[date] = set()
    for day, delegated in held:
        (delegated_days if delegated else in_person_days).add(day)
    return in_person_days, delegated_days - in_person_days


def _version_periods(
    minimum: Minimum,
    year: int,
    in_person_days: set[date],
    delegated_days: set[date],
    calendar: WorkingCalendar,
    today: date,
) -> list[PeriodResult]:
    """The periods of ``year`` this version governs, cut at its first and last day.

    A period the version covers only in part (the ISO week 29/6-5/7/2026 for a commune chair,
    weekly until 30/6 and monthly from 1/7) keeps the part inside the version and owes its
    share of the minimum, rounded down: the law counts whole weeks, so the two working days
    29-30/6/2026 owe nothing, and days from 1/7 count toward July under the new rule.
    """
    results = []
    for index, start, end in periods_of(minimum.period, year):
        part_start = max(start, minimum.valid_from)
        part_end = end if minimum.valid_to is None else min(end, minimum.valid_to)
        if part_start > part_end:
            continue
        working = calendar.working_days_between(start - timedelta(days=1), end)
        required = min(minimum.days, working)
        if (part_start, part_end) != (start, end) and working:
            in_part = calendar.working_days_between(part_start - timedelta(days=1), part_end)
            required = required * in_part // working
        in_person = sum(part_start <= d <= part_end for d in in_person_days)
        delegated = sum(part_start <= d <= part_end for d in delegated_days)
        counted = delegated if minimum.delegable else 0
        status = _status(required, in_person, counted, part_start, part_end, today)
        results.append(
            PeriodResult(
                index, part_start, part_end, required, in_person, delegated, status, minimum
            )
        )
    return results


def assess(
    minimum: Minimum,
    year: int,
    held: Iterable[tuple[date, bool]],
    calendar: WorkingCalendar,
    today: date,
) -> Assessment:
    """Compare the days a head received citizens with one version of a minimum.

    ``held`` gives (day, delegated) for each session held; several sessions on one day are one
    reception day, and a day received in person is not also counted as delegated. A period
    with fewer working days than the minimum requires only the working days it has (a week
    wholly inside the Tết break requires none). A delegated day counts toward the minimum only
    under a version that allows delegation; otherwise it is recorded and not counted.
    """
    in_person_days, delegated_days = _split_days(held)
    periods = _version_periods(minimum, year, in_person_days, delegated_days, calendar, today)
    return Assessment(minimums=(minimum,), year=year, periods=tuple(periods))


def assess_level(
    level: str,
    year: int,
    held: Iterable[tuple[date, bool]],
    calendar: WorkingCalendar,
    today: date,
) -> Assessment:
    """The year of the head of a unit at ``level``, each period under the version in force
    then (a commune chair in 2026: ISO weeks up to 30/6, months from 1/7)."""
    in_person_days, delegated_days = _split_days(held)
    versions = minimums_between(level, date(year, 1, 1), date(year, 12, 31))
    periods: list[PeriodResult] = []
    for minimum in versions:
        periods += _version_periods(minimum, year, in_person_days, delegated_days, calendar, today)
    return Assessment(minimums=tuple(versions), year=year, periods=tuple(periods))
