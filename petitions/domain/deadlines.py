"""Statutory deadline rules as data, due-date arithmetic over the working calendar, explanations."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Literal

from petitions.domain.calendar import OffReason, WorkingCalendar
from petitions.domain.rules import (
    DAYS,
    RULE_VERSIONS,
    RULES,
    WORKING_DAYS,
    Rule,
    Unit,
    rule_in_force,
)

Complexity = Literal["complex", "very"]

COMPLEXITIES = (None, "complex", "very")


# -- errors ---------------------------------------------------------------------------------------


class DeadlineError(ValueError):
    """A request the deadline rules cannot answer; carries the message in both UI languages."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en

    def __str__(self) -> str:
        # KeyError (a base of UnknownRule) would otherwise quote the message.
        return self.message_en


class UnknownRule(DeadlineError, KeyError):
    def __init__(self, key: str) -> None:
        super().__init__(
            f"Không có quy tắc thời hạn «{key}».",
            f"No deadline rule {key!r}.",
        )
        self.key = key


class TooManyExtensions(DeadlineError):
    def __init__(self, key: str, complexity: str | None, extensions: int, allowed: int) -> None:
        label_vi, label_en = _COMPLEXITY_LABELS[complexity]
        super().__init__(
            f"Quy tắc «{key}» cho phép gia hạn tối đa {allowed} lần đối với vụ việc "
            f"{label_vi}; đã yêu cầu {extensions} lần.",
            f"Rule {key!r} allows at most {allowed} extension(s) for {label_en} cases; "
            f"{extensions} requested.",
        )
        self.allowed = allowed


class InvalidPeriod(DeadlineError):
    pass


class InvalidComplexity(DeadlineError):
    def __init__(self, complexity: object) -> None:
        super().__init__(
            f"Mức độ phức tạp không hợp lệ: {complexity!r} (chỉ nhận None, 'complex', 'very').",
            f"Invalid complexity {complexity!r} (expected None, 'complex' or 'very').",
        )


_COMPLEXITY_LABELS: Mapping[str | None, tuple[str, str]] = {
    None: ("thông thường", "normal"),
    "complex": ("phức tạp", "complex"),
    "very": ("đặc biệt phức tạp", "especially complex"),
}


# -- rules ----------------------------------------------------------------------------------------

# The rule table lives in petitions.domain.rules; these names are the engine's public surface.
__all__ = [
    "DAYS",
    "RULES",
    "RULE_VERSIONS",
    "WORKING_DAYS",
    "Rule",
    "rule_in_force",
]

# A period longer than ten years is a typing mistake, not a rule.
MAX_PERIOD = 3650


# -- due dates ------------------------------------------------------------------------------------


StepKind = Literal["start", "period", "extension", "nominal_end", "skipped", "counted", "due"]


@dataclass(frozen=True, slots=True)
class Step:
    """One line of the reasoning behind a due date, in structured form.

    Kinds, in order: ``start`` (day), ``period`` (count before extensions, variant), one
    ``extension`` per extension (count), ``nominal_end`` for day rules (start + period), one
    ``skipped`` per non-working day passed over (day, reason; ``reason.provisional`` when the
    day off is only the holidays package's estimate), one ``counted`` per day the package lists
    as a holiday that no law makes a day off yet, counted as a working day (day, reason), and
    ``due`` (day).
    """

    kind: StepKind
    day: date | None = None
    count: int | None = None
    variant: str | None = None
    reason: OffReason | None = None


@dataclass(frozen=True, init=False)
class Deadline:
    """A computed due date with what it rests on; ``explanation`` is built only when read."""

    rule: Rule
    start: date
    due_on: date
    period: int  # total, extensions included
    variant: str | None  # e.g. "complex", "remote+complex", "multi_site", "configured"
    extensions: int = 0
    calendar: WorkingCalendar | None = field(default=None, repr=False, compare=False)
    # Days each extension added (LTC art. 30: at most extension_days each); empty when none.
    extension_lengths: tuple[int, ...] = ()

    def __init__(
        self,
        rule: Rule,
        start: date,
        due_on: date,
        period: int,
        variant: str | None,
        extensions: int = 0,
        calendar: WorkingCalendar | None = None,
        extension_lengths: tuple[int, ...] = (),
    ) -> None:
        # Listing pages compute a deadline per case, so this is the hot path. Filling __dict__
        # in one go costs half of the generated frozen __init__, which sets field by field
        # through object.__setattr__; the instance stays frozen for everyone else.
        self.__dict__.update(
            rule=rule,
            start=start,
            due_on=due_on,
            period=period,
            variant=variant,
            extensions=extensions,
            calendar=calendar,
            extension_lengths=extension_lengths or (rule.extension_days,) * extensions,
        )

    @property
    def rule_key(self) -> str:
        return self.rule.key

    @property
    def unit(self) -> Unit:
        return self.rule.unit

    @property
    def basis_vi(self) -> str:
        return self.rule.basis_vi

    @property
    def basis_en(self) -> str:
        return self.rule.basis_en

    @property
    def nominal_end(self) -> date | None:
        """For day rules, start + period before rolling forward; None for working-day rules."""
        if self.rule.unit == WORKING_DAYS:
            return None
        return self.start + timedelta(days=self.period)

    @cached_property
    def explanation(self) -> tuple[Step, ...]:
        # Built on demand: listing due dates is hot, explaining one is rare.
        steps = [
            Step("start", day=self.start),
            Step(
                "period",
                count=self.period - sum(self.extension_lengths),
                variant=self.variant,
            ),
        ]
        steps += [Step("extension", count=days) for days in self.extension_lengths]
        calendar = self.calendar or WorkingCalendar()
        nominal = self.nominal_end
        if nominal is not None:
            steps.append(Step("nominal_end", day=nominal))
            # The days rolled over: from the nominal end up to, not including, the due date.
            skipped = calendar.days_off(nominal - timedelta(days=1), self.due_on - timedelta(1))
        else:
            # The days not counted within a working-day period.
            skipped = calendar.days_off(self.start, self.due_on)
        steps += [Step("skipped", day=day, reason=reason) for day, reason in skipped]
        counted_from = self.start if nominal is None else nominal - timedelta(days=1)
        steps += [
            Step("counted", day=p.day, reason=OffReason("holiday", p.name_vi, p.name_en, True))
            for p in calendar.provisional_working_days(counted_from, self.due_on)
        ]
        steps.append(Step("due", day=self.due_on))
        return tuple(steps)

    def describe(self, lang: str = "vi") -> list[str]:
        """The explanation as sentences in Vietnamese (default) or English; dates as dd/mm/yyyy."""
        en = lang.startswith("en")
        col = 1 if en else 0  # column of the (vi, en) label pairs
        rule = self.rule
        lines = []
        extension_no = 0
        for step in self.explanation:
            day = _dmy(step.day)
            if step.kind == "start":
                lines.append(
                    f"Start: {day} (this day is not counted)."
                    if en
                    else f"Ngày bắt đầu: {day} (không tính ngày này)."
                )
            elif step.kind == "period":
                unit = _UNIT_LABELS[rule.unit][col]
                variant = _VARIANT_LABELS[step.variant][col] if step.variant else ""
                variant = f" ({variant})" if variant else ""
                lines.append(
                    f"{rule.title_en}: {step.count} {unit}{variant}, under {rule.basis_en}."
                    if en
                    else f"{rule.title_vi}: {step.count} {unit}{variant}, theo {rule.basis_vi}."
                )
                version = version_line(rule, self.start, en)
                if version:
                    lines.append(version)
            elif step.kind == "extension":
                extension_no += 1
                lines.append(
                    f"Extension {extension_no}: {step.count} more days ({rule.basis_en})."
                    if en
                    else f"Gia hạn lần {extension_no}: thêm {step.count} ngày ({rule.basis_vi})."
                )
            elif step.kind == "nominal_end":
                lines.append(
                    f"{self.period} days after the start: {day}."
                    if en
                    else f"Ngày thứ {self.period} kể từ ngày bắt đầu: {day}."
                )
            elif step.kind == "skipped":
                assert step.reason is not None
                if step.reason.provisional:
                    lines.append(
                        f"{day} is not a working day: {step.reason.name_en} (provisional: the "
                        "holidays package's estimate, not yet confirmed by an administrator)."
                        if en
                        else f"{day} không phải ngày làm việc: {step.reason.name_vi} (tạm tính "
                        "theo dự kiến, quản trị chưa xác nhận lịch nghỉ chính thức)."
                    )
                else:
                    lines.append(
                        f"{day} is not a working day: {step.reason.name_en}."
                        if en
                        else f"{day} không phải ngày làm việc: {step.reason.name_vi}."
                    )
            elif step.kind == "counted":
                assert step.reason is not None
                lines.append(
                    f"{day} ({step.reason.name_en}) is counted as a working day: no law makes it "
                    "a day off yet (provisional, until an administrator confirms it)."
                    if en
                    else f"{day} ({step.reason.name_vi}) được tính là ngày làm việc: chưa có văn "
                    "bản quy định là ngày nghỉ (tạm tính, chờ quản trị xác nhận)."
                )
            elif step.kind == "due":
                if rule.unit == DAYS and step.day != self.nominal_end:
                    lines.append(
                        "The period ends on a day off, so it runs to the next working day "
                        "(Civil Code 2015, art. 148)."
                        if en
                        else "Ngày cuối cùng của thời hạn là ngày nghỉ nên thời hạn kết thúc "
                        "vào ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 148)."
                    )
                weekday = _WEEKDAYS[step.day.weekday()][col] if step.day else ""
                lines.append(f"Due on {weekday} {day}." if en else f"Hạn cuối: {weekday}, {day}.")
        return lines


_UNIT_LABELS: Mapping[str, tuple[str, str]] = {
    DAYS: ("ngày", "days"),
    WORKING_DAYS: ("ngày làm việc", "working days"),
}
_VARIANT_LABELS: Mapping[str, tuple[str, str]] = {
    "complex": ("vụ việc phức tạp", "complex case"),
    "remote": ("vùng sâu, vùng xa đi lại khó khăn", "remote area"),
    "remote+complex": ("vùng sâu, vùng xa và vụ việc phức tạp", "remote area, complex case"),
    "multi_site": ("xác minh ở nhiều địa điểm", "verification at several places"),
    "configured": ("theo quy định của đơn vị", "set by the unit"),
}
_WEEKDAYS = (
    ("Thứ Hai", "Monday"),
    ("Thứ Ba", "Tuesday"),
    ("Thứ Tư", "Wednesday"),
    ("Thứ Năm", "Thursday"),
    ("Thứ Sáu", "Friday"),
    ("Thứ Bảy", "Saturday"),
    ("Chủ nhật", "Sunday"),
)


def _dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def version_line(rule: Rule, start: date, en: bool = False) -> str:
    """Which version of the rule was applied and why, or "" for a rule with one open version."""
    if rule.valid_from is None and rule.valid_to is None:
        return ""
    if en:
        span = f"in force from {_dmy(rule.valid_from)}" if rule.valid_from else "in force"
        span += f" to {_dmy(rule.valid_to)}" if rule.valid_to else ""
        return f"Version applied: {rule.basis_en}, {span}, the text in force on {_dmy(start)}."
    span = f"có hiệu lực từ {_dmy(rule.valid_from)}" if rule.valid_from else "có hiệu lực"
    span += f" đến {_dmy(rule.valid_to)}" if rule.valid_to else ""
    return (
        f"Văn bản áp dụng: {rule.basis_vi}, {span}, là quy định có hiệu lực vào ngày {_dmy(start)}."
    )


# Variant lookups are pure functions of (rule version, traits); caching them keeps due_date cheap.
_VARIANT_CACHE: dict[tuple[str, int, bool, bool, bool], tuple[Rule, str | None, int]] = {}
# For each rule, the first day of each version after the first, oldest first.
_SWITCHES: dict[str, tuple[date, ...]] = {
    key: tuple(rule.valid_from for rule in versions[1:] if rule.valid_from is not None)
    for key, versions in RULE_VERSIONS.items()
}


def _resolve(
    rule_key: str, version: int, remote: bool, complexity: str | None, multi_site: bool
) -> tuple[Rule, str | None, int]:
    try:
        rule = RULE_VERSIONS[rule_key][version]
    except (KeyError, TypeError, IndexError):
        raise UnknownRule(rule_key) from None
    traits = (bool(remote), complexity is not None, bool(multi_site))
    variant, period = rule.variant_for(
        remote=traits[0], complex_case=traits[1], multi_site=traits[2]
    )
    _VARIANT_CACHE[(rule_key, version, *traits)] = resolved = (rule, variant, period)
    return resolved


def _version_index(rule_key: str, day: date) -> int:
    try:
        switches = _SWITCHES[rule_key]
    except (KeyError, TypeError):
        raise UnknownRule(rule_key) from None
    return bisect_right(switches, day) if switches else 0


def _extension_lengths(
    rule: Rule, complexity: str | None, extensions: int, lengths: Sequence[int] | None
) -> tuple[int, ...]:
    """The days each extension adds, checked against LTC art. 30 (how many, how long each)."""
    allowed = rule.max_extensions.get(complexity, 0)
    if lengths is None:
        if type(extensions) is not int or extensions < 0:
            raise InvalidPeriod(
                f"Số lần gia hạn phải là số nguyên không âm, không phải {extensions!r}.",
                f"Extensions must be a non-negative whole number, not {extensions!r}.",
            )
        if extensions > allowed:
            raise TooManyExtensions(rule.key, complexity, extensions, allowed)
        lengths = (rule.extension_days,) * extensions
    lengths = tuple(lengths)
    if len(lengths) > allowed:
        raise TooManyExtensions(rule.key, complexity, len(lengths), allowed)
    for days in lengths:
        if type(days) is not int or not 1 <= days <= rule.extension_days:
            raise InvalidPeriod(
                f"Mỗi lần gia hạn từ 1 đến {rule.extension_days} ngày ({rule.basis_vi}), "
                f"không phải {days!r}.",
                f"Each extension adds 1 to {rule.extension_days} days ({rule.basis_en}), "
                f"not {days!r}.",
            )
    return lengths


def due_date(
    rule_key: str,
    start: date,
    calendar: WorkingCalendar,
    *,
    remote: bool = False,
    complexity: Complexity | None = None,
    multi_site: bool = False,
    extensions: int = 0,
    period: int | None = None,
    extension_lengths: Sequence[int] | None = None,
    in_force_on: date | None = None,
) -> Deadline:
    """When a rule's period that starts on ``start`` runs out.

    "N days": the start day is not counted; the period ends N calendar days later and, if that is
    not a working day, on the next working day (Civil Code 2015, art. 147-148). "N working days":
    the Nth working day after the start day. Each extension adds its length (by default
    ``rule.extension_days``, at most that; ``extension_lengths`` gives each one's days) before
    rolling forward (Law on Denunciation, art. 30). ``period`` replaces the period the rule and
    variant would give (a unit's own rule for feedback, or an admin's correction).
    Traits a rule has no variant for (e.g. ``remote`` on a denunciation) are ignored.
    The rule's version is the one in force on ``in_force_on`` (default: the start day).
    """
    if complexity not in COMPLEXITIES:
        raise InvalidComplexity(complexity)
    version = _version_index(rule_key, start if in_force_on is None else in_force_on)
    try:
        rule, variant, days = _VARIANT_CACHE[
            (rule_key, version, remote, complexity is not None, multi_site)
        ]
    except (KeyError, TypeError):
        rule, variant, days = _resolve(rule_key, version, remote, complexity, multi_site)
    if period is not None:
        _check_period(period)
        days, variant = period, "configured"
    lengths: tuple[int, ...] = ()
    if extensions or extension_lengths:
        lengths = _extension_lengths(rule, complexity, extensions, extension_lengths)
        days += sum(lengths)
    if rule.unit == DAYS:
        due_on = calendar.add_calendar_days(start, days)
    else:
        due_on = calendar.add_working_days(start, days)
    return Deadline(rule, start, due_on, days, variant, len(lengths), calendar, lengths)


def _check_period(period: object) -> None:
    if type(period) is not int or not 1 <= period <= MAX_PERIOD:
        raise InvalidPeriod(
            f"Thời hạn phải là số nguyên từ 1 đến {MAX_PERIOD}, không phải {period!r}.",
            f"A period must be a whole number from 1 to {MAX_PERIOD}, not {period!r}.",
        )


# -- suspension and status ------------------------------------------------------------------------


def resume(
    deadline_or_due: Deadline | date,
    unit: Unit | None,
    suspended_on: date,
    resumed_on: date,
    calendar: WorkingCalendar,
) -> date:
    """The new due date after the clock stopped on ``suspended_on`` and restarted on ``resumed_on``.

    Suspension (tạm đình chỉ) stops the clock: the days up to and including ``suspended_on``
    are used, the rest are left. Resumption restarts it as if ``resumed_on`` were a new start
    day (not counted) with the days that were left:

    - day rules: calendar days left = end - suspended_on, where the end is the nominal end
      (start + period, before rolling forward) when a Deadline is given, or the given date; the
      new due date is resumed_on + days left, rolled forward to a working day;
    - working-day rules: working days left = working days in (suspended_on, due]; the new due
      date is that many working days after resumed_on.

    Suspending and resuming on the same day changes nothing. A suspension that begins after
    the due date cannot revive a lapsed period: the due date is returned unchanged. Chain
    several suspensions by passing each result back in (as a date).
    """
    if resumed_on < suspended_on:
        raise InvalidPeriod(
            f"Ngày tiếp tục ({_dmy(resumed_on)}) trước ngày tạm đình chỉ ({_dmy(suspended_on)}).",
            f"Resumed on {_dmy(resumed_on)}, before the suspension on {_dmy(suspended_on)}.",
        )
    if isinstance(deadline_or_due, Deadline):
        unit = deadline_or_due.unit
        due_on = deadline_or_due.due_on
        end = deadline_or_due.nominal_end or due_on
    elif unit in (DAYS, WORKING_DAYS):
        due_on = end = deadline_or_due
    else:
        raise InvalidPeriod(
            f"Đơn vị thời hạn không hợp lệ: {unit!r}.", f"Invalid period unit {unit!r}."
        )
    if suspended_on > due_on:
        return due_on
    if unit == DAYS:
        left = max(0, (end - suspended_on).days)
        return calendar.next_working_day(resumed_on + timedelta(days=left))
    left = calendar.working_days_between(suspended_on, due_on)
    return calendar.add_working_days(resumed_on, left)


def is_overdue(due_on: date, today: date) -> bool:
    """Late once the due day has fully passed: the due day itself is still on time."""
    return today > due_on


def days_overdue(due_on: date, today: date) -> int:
    """Calendar days past the due date; 0 when not overdue."""
    return max(0, (today - due_on).days)


def is_due_soon(due_on: date, today: date, *, within_days: int) -> bool:
    """Not yet overdue and due within ``within_days`` calendar days (today included)."""
    return 0 <= (due_on - today).days <= within_days
