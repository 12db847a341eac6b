"""Reporting periods: the inspection year from 15 December, quarters ending on the 14th."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petitions.domain import periods


def test_the_reporting_year_runs_from_15_december_of_the_previous_year_to_14_december():
    period = periods.annual(2026)
    assert (period.start, period.end) == (date(2025, 12, 15), date(2026, 12, 14))
    assert period.key == "2026"


@pytest.mark.parametrize(
    ("number", "start", "end"),
    [
        (1, date(2025, 12, 15), date(2026, 3, 14)),
        (2, date(2026, 3, 15), date(2026, 6, 14)),
        (3, date(2026, 6, 15), date(2026, 9, 14)),
        (4, date(2026, 9, 15), date(2026, 12, 14)),
    ],
)
def test_quarters_end_on_the_14th(number, start, end):
    period = periods.quarter(2026, number)
    assert (period.start, period.end) == (start, end)
    assert period.key == f"2026-Q{number}"


def test_the_six_month_report_covers_15_december_to_14_june():
    first = periods.half(2026, 1)
    assert (first.start, first.end) == (date(2025, 12, 15), date(2026, 6, 14))
    assert periods.half(2026, 2).start == date(2026, 6, 15)


def test_a_calendar_year_can_be_configured_instead():
    period = periods.annual(2026, start_month=1, start_day=1)
    assert (period.start, period.end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert periods.quarter(2026, 2, start_month=1, start_day=1).end == date(2026, 6, 30)


def test_another_start_day_moves_every_boundary():
    period = periods.annual(2026, start_day=20)
    assert (period.start, period.end) == (date(2025, 12, 20), date(2026, 12, 19))


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2025, 12, 14), 2025),
        (date(2025, 12, 15), 2026),
        (date(2026, 1, 1), 2026),
        (date(2026, 12, 14), 2026),
        (date(2026, 12, 15), 2027),
    ],
)
def test_a_day_belongs_to_the_reporting_year_whose_period_holds_it(day, year):
    assert periods.reporting_year(day) == year


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2025, 12, 15), date(2026, 12, 14)),
        ("2026-Q3", date(2026, 6, 15), date(2026, 9, 14)),
        ("2026-h2", date(2026, 6, 15), date(2026, 12, 14)),
        ("2026-01-01..2026-03-31", date(2026, 1, 1), date(2026, 3, 31)),
    ],
)
def test_periods_are_read_from_their_compact_form(text, start, end):
    period = periods.parse(text)
    assert (period.start, period.end) == (start, end)
    assert periods.parse(period.key) == period


@pytest.mark.parametrize(
    "text", ["", "26", "2026-Q5", "2026-H3", "2026-02-30..2026-03-01", "2026-03-01..2026-02-01"]
)
def test_impossible_periods_are_refused(text):
    with pytest.raises(periods.PeriodError):
        periods.parse(text)


@pytest.mark.parametrize(("month", "day"), [(0, 1), (13, 1), (12, 29), (12, 0)])
def test_a_start_day_that_some_months_lack_is_refused(month, day):
    with pytest.raises(periods.PeriodError):
        periods.annual(2026, start_month=month, start_day=day)


def test_the_figures_of_a_running_period_stand_at_today():
    period = periods.annual(2026)
    assert period.as_of(date(2026, 11, 30)) == date(2026, 11, 30)
    assert period.as_of(date(2027, 2, 1)) == date(2026, 12, 14)


@given(
    year=st.integers(2000, 2100),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
)
def test_quarters_tile_the_year_without_gap_or_overlap(year, month, day):
    options = {"start_month": month, "start_day": day}
    whole = periods.annual(year, **options)
    quarters = [periods.quarter(year, n, **options) for n in (1, 2, 3, 4)]
    assert quarters[0].start == whole.start and quarters[-1].end == whole.end
    for before, after in zip(quarters, quarters[1:], strict=False):
        assert (after.start - before.end).days == 1
    assert sum(q.days for q in quarters) == whole.days
    assert (periods.annual(year + 1, **options).start - whole.end).days == 1
