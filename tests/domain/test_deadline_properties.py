"""Properties every due date must have, whatever the rule, start day and case traits."""

from datetime import date, timedelta

import holidays
from hypothesis import given
from hypothesis import strategies as st

from petitions.domain.calendar import STATUTORY_ADJUSTMENTS, WorkingCalendar
from petitions.domain.deadlines import RULES, due_date

CALENDAR = WorkingCalendar(years=range(2024, 2028))

starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
rule_keys = st.sampled_from(sorted(RULES))
day_rule_keys = st.sampled_from(sorted(k for k, r in RULES.items() if r.unit == "days"))
working_day_rule_keys = st.sampled_from(
    sorted(k for k, r in RULES.items() if r.unit == "working_days")
)
traits = st.fixed_dictionaries(
    {
        "remote": st.booleans(),
        "complexity": st.sampled_from([None, "complex", "very"]),
        "multi_site": st.booleans(),
    }
)


# An oracle independent of the calendar's index: the package's own day-by-day answer.
HOLIDAYS = holidays.country_holidays("VN", years=range(2023, 2030))
ADJUSTED = {adjustment.day: adjustment.working for adjustment in STATUTORY_ADJUSTMENTS}


def _slow_is_working_day(day: date) -> bool:
    # 24/11 is in the package but not a day off until an admin confirms it.
    if (day.month, day.day) == (11, 24) and day.weekday() < 5:
        return True
    return ADJUSTED.get(day, HOLIDAYS.is_working_day(day))


@given(rule_keys, starts, traits)
def test_a_due_date_is_always_a_working_day(rule_key, start, options):
    due_on = due_date(rule_key, start, CALENDAR, **options).due_on
    assert CALENDAR.is_working_day(due_on)
    assert due_on > start


@given(rule_keys, starts, st.integers(min_value=0, max_value=60), traits)
def test_a_later_start_never_gives_an_earlier_due_date(rule_key, start, delay, options):
    earlier = due_date(rule_key, start, CALENDAR, **options).due_on
    later = due_date(rule_key, start + timedelta(days=delay), CALENDAR, **options).due_on
    assert later >= earlier


@given(working_day_rule_keys, starts, traits)
def test_a_working_day_period_spans_exactly_its_number_of_working_days(rule_key, start, options):
    deadline = due_date(rule_key, start, CALENDAR, **options)
    assert CALENDAR.working_days_between(start, deadline.due_on) == deadline.period
    # ... and the due day is the one that completes the count, not a later one.
    assert CALENDAR.working_days_between(start, deadline.due_on - timedelta(days=1)) == (
        deadline.period - 1
    )


@given(day_rule_keys, starts, traits)
def test_a_day_period_ends_on_the_first_working_day_on_or_after_its_nominal_end(
    rule_key, start, options
):
    deadline = due_date(rule_key, start, CALENDAR, **options)
    nominal = start + timedelta(days=deadline.period)
    assert deadline.due_on >= nominal
    gap = (deadline.due_on - nominal).days
    assert all(not _slow_is_working_day(nominal + timedelta(days=i)) for i in range(gap))
    skipped = [step for step in deadline.explanation if step.kind == "skipped"]
    assert len(skipped) == gap


@given(starts, st.sampled_from([("complex", 1), ("very", 1), ("very", 2)]))
def test_an_extension_adds_thirty_days_before_rolling_forward(start, extension):
    complexity, extensions = extension
    deadline = due_date(
        "denunciation.resolve", start, CALENDAR, complexity=complexity, extensions=extensions
    )
    nominal = start + timedelta(days=30 * (1 + extensions))
    assert deadline.period == 30 * (1 + extensions)
    assert deadline.due_on == CALENDAR.next_working_day(nominal)
    assert deadline.due_on >= due_date("denunciation.resolve", start, CALENDAR).due_on


@given(starts, st.integers(min_value=0, max_value=400))
def test_the_indexed_working_day_count_agrees_with_counting_day_by_day(start, length):
    end = start + timedelta(days=length)
    slow = sum(_slow_is_working_day(start + timedelta(days=i)) for i in range(1, length + 1))
    assert CALENDAR.working_days_between(start, end) == slow


@given(starts, st.integers(min_value=0, max_value=300))
def test_adding_working_days_agrees_with_stepping_day_by_day(start, n):
    day, counted = start, 0
    while counted < n or not _slow_is_working_day(day):
        day += timedelta(days=1)
        counted += _slow_is_working_day(day)
    assert CALENDAR.add_working_days(start, n) == day
