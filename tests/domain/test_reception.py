"""Heads' reception: legal minimums, recurrence, moves off days off, clashes, compliance."""

from datetime import date, time

import pytest

from petitions.domain.calendar import Override, WorkingCalendar
from petitions.domain.reception import (
    MINIMUMS,
    Recurrence,
    ScheduleError,
    Slot,
    assess,
    clashes,
    minimum_for,
    move_to_working_day,
    periods_of,
    plan,
    representatives_limit,
)

CALENDAR = WorkingCalendar()


@pytest.mark.parametrize(
    ("level", "days", "period", "article"),
    [
        ("province", 1, "month", "Điều 12"),
        ("district", 2, "month", "Điều 13"),
        ("commune", 1, "week", "Điều 15"),
        ("department", 1, "month", "Điều 18"),
        ("office", 1, "month", "Điều 18"),
    ],
)
def test_each_level_of_head_has_its_legal_minimum_and_basis(level, days, period, article):
    minimum = minimum_for(level)
    assert (minimum.days, minimum.period) == (days, period)
    assert minimum.basis_vi == f"Luật Tiếp công dân 2013, {article}"
    assert article.replace("Điều", "art.") in minimum.basis_en


def test_every_minimum_is_described_in_both_languages():
    for minimum in MINIMUMS:
        assert minimum.describe("vi").startswith("ít nhất")
        assert minimum.describe("en").startswith("at least")


@pytest.mark.parametrize(
    ("people", "limit"), [(1, None), (4, None), (5, 2), (10, 2), (11, 5), (12, 5), (300, 5)]
)
def test_groups_send_at_most_two_or_five_representatives(people, limit):
    assert representatives_limit(people) == limit


def test_the_fifteenth_of_each_month_gives_twelve_nominal_days():
    rule = Recurrence("monthly", month_days=(15,))
    days = rule.occurrences(date(2026, 1, 1), date(2026, 12, 31))
    assert days == [date(2026, m, 15) for m in range(1, 13)]


def test_a_day_past_the_end_of_a_short_month_falls_on_its_last_day():
    rule = Recurrence("monthly", month_days=(31,))
    days = rule.occurrences(date(2026, 1, 1), date(2026, 4, 30))
    assert days == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_every_thursday_gives_the_year_s_thursdays():
    rule = Recurrence("weekly", weekday=3)
    days = rule.occurrences(date(2026, 1, 1), date(2026, 12, 31))
    assert days[0] == date(2026, 1, 1)  # 1 January 2026 is a Thursday
    assert len(days) == 53
    assert all(d.weekday() == 3 for d in days)


def test_the_first_and_third_monday_of_each_month():
    rule = Recurrence("monthly", weekday=0, nth=(1, 3))
    days = rule.occurrences(date(2026, 3, 1), date(2026, 4, 30))
    assert days == [date(2026, 3, 2), date(2026, 3, 16), date(2026, 4, 6), date(2026, 4, 20)]


def test_the_last_friday_of_the_month():
    rule = Recurrence("monthly", weekday=4, nth=(-1,))
    assert rule.occurrences(date(2026, 7, 1), date(2026, 7, 31)) == [date(2026, 7, 31)]


@pytest.mark.parametrize(
    "arguments",
    [
        {"frequency": "daily"},
        {"frequency": "weekly"},
        {"frequency": "weekly", "weekday": 9},
        {"frequency": "monthly"},
        {"frequency": "monthly", "month_days": (0,)},
        {"frequency": "monthly", "month_days": (32,)},
        {"frequency": "monthly", "weekday": 1, "nth": (6,)},
        {"frequency": "monthly", "month_days": (5,), "weekday": 1},
    ],
)
def test_a_malformed_rule_is_refused_with_a_message_in_both_languages(arguments):
    with pytest.raises(ScheduleError) as raised:
        Recurrence(**arguments)
    assert raised.value.message("vi") and raised.value.message("en")


def test_rules_describe_themselves():
    assert Recurrence("monthly", month_days=(15,)).describe() == "ngày 15 hằng tháng"
    assert Recurrence("weekly", weekday=3).describe("en") == "every Thursday"
    assert Recurrence("weekly", weekday=3).describe() == "Thứ Năm hằng tuần"


def test_a_session_on_the_sunday_in_tet_2026_moves_past_the_whole_break():
    # 15/02/2026 is a Sunday; Tết 2026 is off from Mon 16/02 to Fri 20/02, then a weekend.
    planned = move_to_working_day(date(2026, 2, 15), CALENDAR)
    assert planned.day == date(2026, 2, 23)
    assert planned.moved
    assert [d for d, _reason in planned.skipped] == [date(2026, 2, d) for d in range(15, 23)]
    note = planned.note("vi")
    assert "15/02/2026" in note and "23/02/2026" in note and "Tết Nguyên Đán" in note
    assert "Lunar New Year" in planned.note("en")


def test_a_session_on_a_working_day_stays_and_has_no_note():
    planned = move_to_working_day(date(2026, 1, 15), CALENDAR)
    assert planned.day == date(2026, 1, 15)
    assert planned.note() == ""


def test_an_admin_day_off_moves_a_session_too():
    calendar = WorkingCalendar([Override(date(2026, 4, 15), False, "Nghỉ bầu cử")])
    assert move_to_working_day(date(2026, 4, 15), calendar).day == date(2026, 4, 16)
    assert "Nghỉ bầu cử" in move_to_working_day(date(2026, 4, 15), calendar).note()


def test_a_year_of_the_fifteenth_lands_every_session_on_a_working_day():
    planned = plan(
        Recurrence("monthly", month_days=(15,)), date(2026, 1, 1), date(2026, 12, 31), CALENDAR
    )
    assert [p.day for p in planned] == [
        date(2026, 1, 15),
        date(2026, 2, 23),  # Sunday in Tết
        date(2026, 3, 16),  # Sunday
        date(2026, 4, 15),
        date(2026, 5, 15),
        date(2026, 6, 15),
        date(2026, 7, 15),
        date(2026, 8, 17),  # Saturday
        date(2026, 9, 15),
        date(2026, 10, 15),
        date(2026, 11, 16),  # Sunday
        date(2026, 12, 15),
    ]
    assert all(CALENDAR.is_working_day(p.day) for p in planned)


def test_a_weekly_session_in_the_tet_week_folds_into_the_next_one():
    planned = plan(Recurrence("weekly", weekday=0), date(2026, 2, 9), date(2026, 2, 28), CALENDAR)
    assert [p.day for p in planned] == [date(2026, 2, 9), date(2026, 2, 23)]
    folded = planned[1]
    assert folded.nominal == date(2026, 2, 23) and folded.merged == (date(2026, 2, 16),)
    assert "16/02/2026" in folded.note()


def test_a_schedule_must_not_end_before_it_starts():
    with pytest.raises(ScheduleError):
        plan(Recurrence("weekly", weekday=0), date(2026, 3, 1), date(2026, 2, 1), CALENDAR)


def _slot(key, head="chair", day=date(2026, 3, 5), starts=(8, 0), ends=(11, 0), in_person=True):
    return Slot(key, head, day, time(*starts), time(*ends), in_person)


def test_two_sessions_of_the_same_head_at_overlapping_times_clash():
    found = clashes([_slot(1), _slot(2, starts=(10, 30), ends=(12, 0)), _slot(3, starts=(14, 0))])
    assert found == {1: {2}, 2: {1}}


@pytest.mark.parametrize(
    "other",
    [
        _slot(2, head="deputy"),
        _slot(2, day=date(2026, 3, 6)),
        _slot(2, starts=(11, 0), ends=(12, 0)),
        _slot(2, in_person=False),
    ],
    ids=["another head", "another day", "back to back", "delegated"],
)
def test_sessions_that_do_not_need_the_head_at_the_same_time_do_not_clash(other):
    assert clashes([_slot(1), other]) == {}


def test_weeks_of_2026_are_iso_weeks():
    weeks = periods_of("week", 2026)
    assert weeks[0] == (1, date(2025, 12, 29), date(2026, 1, 4))
    assert len(weeks) == 53


def test_a_hand_built_year_of_a_provincial_chair():
    """Twelve monthly sessions planned on the 15th, with what really happened."""
    minimum = minimum_for("province")
    held = [
        (date(2026, 1, 15), False),
        # February's session on Sunday 15/02 (Tết) was moved and held on Monday 23/02.
        (date(2026, 2, 23), False),
        # March: held by the vice chair.
        (date(2026, 3, 16), True),
        # April: cancelled, nothing held.
        (date(2026, 5, 15), False),
        (date(2026, 5, 15), True),  # a deputy the same day does not add a day
        (date(2026, 6, 15), False),
        (date(2026, 6, 25), False),  # an extra day
    ]
    result = assess(minimum, 2026, held, CALENDAR, today=date(2026, 7, 10))
    statuses = [p.status for p in result.periods]
    assert statuses == [
        "met",
        "met",
        "met_with_delegation",
        "missed",
        "met",
        "met",
        "in_progress",
        *["upcoming"] * 5,
    ]
    assert result.periods[1].in_person == 1
    assert result.periods[5].in_person == 2
    assert (result.in_person, result.delegated) == (5, 1)
    assert (result.assessed, result.met, result.met_in_person, result.missed) == (6, 5, 4, 1)
    assert result.rate == pytest.approx(5 / 6, abs=1e-4)


def test_a_commune_chair_owes_nothing_in_the_tet_week():
    minimum = minimum_for("commune")
    result = assess(minimum, 2026, [], CALENDAR, today=date(2026, 3, 1))
    tet_week = next(p for p in result.periods if p.start == date(2026, 2, 16))
    assert tet_week.required == 0 and tet_week.status == "not_required"
    week_before = next(p for p in result.periods if p.start == date(2026, 2, 9))
    assert week_before.status == "missed"


def test_a_district_chair_needs_two_days_a_month():
    minimum = minimum_for("district")
    held = [(date(2026, 3, 5), False), (date(2026, 3, 20), True), (date(2026, 4, 6), False)]
    result = assess(minimum, 2026, held, CALENDAR, today=date(2026, 5, 1))
    assert [p.status for p in result.periods[2:4]] == ["met_with_delegation", "missed"]
    assert result.periods[3].required == 2
