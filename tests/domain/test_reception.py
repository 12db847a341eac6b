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
    assess_level,
    clashes,
    minimum_for,
    minimums_between,
    move_to_working_day,
    online_allowed,
    periods_of,
    plan,
    reception_rule_rows,
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
    minimum = minimum_for(level, on=date(2025, 3, 1))
    assert (minimum.days, minimum.period) == (days, period)
    assert minimum.basis_vi.startswith(f"Luật Tiếp công dân 2013, {article}")
    assert article.replace("Điều", "art.") in minimum.basis_en
    assert minimum.delegable


@pytest.mark.parametrize(
    ("level", "days", "period", "article"),
    [
        # Law 136/2025/QH15, art. 1: the commune chair at least 02 days in 01 month.
        ("commune", 2, "month", "Điều 15"),
        ("province", 1, "month", "Điều 12"),
        ("department", 1, "month", "Điều 18"),
    ],
)
def test_from_july_2026_the_amended_minimums_apply_and_may_not_be_delegated(
    level, days, period, article
):
    minimum = minimum_for(level, on=date(2026, 7, 1))
    assert (minimum.days, minimum.period) == (days, period)
    assert article in minimum.basis_vi and "136/2025/QH15" in minimum.basis_vi
    assert "136/2025/QH15" in minimum.basis_en
    assert minimum.valid_from == date(2026, 7, 1) and minimum.valid_to is None
    assert not minimum.delegable
    assert "không ủy quyền" in minimum.requirement("vi")


def test_the_old_versions_end_on_30_june_2026():
    assert minimum_for("commune", on=date(2026, 6, 30)).period == "week"
    assert minimum_for("commune", on=date(2026, 7, 1)).period == "month"


def test_district_chairs_owe_nothing_once_the_district_level_ended():
    assert minimum_for("district", on=date(2025, 6, 30)).days == 2
    assert minimum_for("district", on=date(2025, 7, 1)) is None
    assert minimums_between("district", date(2026, 1, 1), date(2026, 12, 31)) == []


def test_rule_rows_carry_every_version_with_its_period_and_basis():
    rows = reception_rule_rows()
    keys = {"key", "title_vi", "title_en", "requirement_vi", "requirement_en", "valid_from"}
    assert all(keys | {"valid_to", "basis_vi", "basis_en"} == set(r) for r in rows)
    commune = [r for r in rows if r["key"] == "reception.commune_chair"]
    assert [(r["valid_from"], r["valid_to"]) for r in commune] == [
        (date(2014, 7, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), None),
    ]
    assert [r["requirement_en"] for r in commune] == [
        "at least 1 day a week",
        "at least 2 days a month, in person (may not be delegated)",
    ]
    district = next(r for r in rows if r["key"] == "reception.district_chair")
    assert district["valid_to"] == date(2025, 6, 30)


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
    result = assess_level("province", 2026, held, CALENDAR, today=date(2026, 7, 10))
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
    minimum = minimum_for("commune", on=date(2026, 1, 1))
    result = assess(minimum, 2026, [], CALENDAR, today=date(2026, 3, 1))
    tet_week = next(p for p in result.periods if p.start == date(2026, 2, 16))
    assert tet_week.required == 0 and tet_week.status == "not_required"
    week_before = next(p for p in result.periods if p.start == date(2026, 2, 9))
    assert week_before.status == "missed"


def test_a_district_chair_needs_two_days_a_month():
    minimum = minimum_for("district", on=date(2025, 1, 1))
    held = [(date(2025, 3, 5), False), (date(2025, 3, 20), True), (date(2025, 4, 7), False)]
    result = assess(minimum, 2025, held, CALENDAR, today=date(2025, 5, 1))
    assert [p.status for p in result.periods[2:4]] == ["met_with_delegation", "missed"]
    assert result.periods[3].required == 2


def test_a_district_chairs_2025_ends_with_june():
    result = assess_level("district", 2025, [], CALENDAR, today=date(2025, 12, 1))
    assert [p.index for p in result.periods] == [1, 2, 3, 4, 5, 6]
    assert result.periods[-1].end == date(2025, 6, 30)
    assert assess_level("district", 2026, [], CALENDAR, today=date(2026, 12, 1)).periods == ()


def test_a_commune_chairs_2026_is_weekly_to_30_june_and_monthly_from_1_july():
    """Worked by hand: ISO weeks 1-26 of 2026 run 29/12/2025 to 28/6/2026; week 27 runs
    29/6-5/7, so the weekly rule covers only Monday 29/6 and Tuesday 30/6 of it: 2 of its 5
    working days, 1 x 2/5 rounded down owes 0 days. Months July to December owe 2 days each,
    and a delegated day counts only before 1/7/2026."""
    held = [
        (date(2026, 6, 25), True),  # Thursday of week 26, by the vice chair
        (date(2026, 6, 30), False),  # the weekly rule's last day: week 27, not July
        (date(2026, 7, 2), False),
        (date(2026, 7, 16), True),
        (date(2026, 8, 6), False),
        (date(2026, 8, 20), False),
        (date(2026, 9, 3), False),
        (date(2026, 10, 1), False),
        (date(2026, 10, 15), False),
        (date(2026, 10, 29), True),
        (date(2026, 11, 5), True),
        (date(2026, 11, 19), True),
        (date(2026, 12, 3), False),
    ]
    result = assess_level("commune", 2026, held, CALENDAR, today=date(2026, 12, 5))
    weeks = [p for p in result.periods if p.period == "week"]
    months = [p for p in result.periods if p.period == "month"]
    assert result.periods == (*weeks, *months)
    assert [p.index for p in weeks] == list(range(1, 28))
    assert weeks[0].start == date(2025, 12, 29)
    assert max(p.end for p in weeks) == date(2026, 6, 30)
    assert (weeks[25].start, weeks[25].end, weeks[25].status) == (
        date(2026, 6, 22),
        date(2026, 6, 28),
        "met_with_delegation",
    )
    assert (weeks[26].start, weeks[26].end, weeks[26].required) == (
        date(2026, 6, 29),
        date(2026, 6, 30),
        0,
    )
    assert (weeks[26].in_person, weeks[26].status) == (1, "not_required")
    assert [(p.index, p.start, p.end) for p in months] == [
        (7, date(2026, 7, 1), date(2026, 7, 31)),
        (8, date(2026, 8, 1), date(2026, 8, 31)),
        (9, date(2026, 9, 1), date(2026, 9, 30)),
        (10, date(2026, 10, 1), date(2026, 10, 31)),
        (11, date(2026, 11, 1), date(2026, 11, 30)),
        (12, date(2026, 12, 1), date(2026, 12, 31)),
    ]
    assert all(p.required == 2 and not p.delegation_counts for p in months)
    assert [(p.in_person, p.delegated, p.status) for p in months] == [
        (1, 1, "missed"),  # the delegated 16/7 does not count
        (2, 0, "met"),
        (1, 0, "missed"),
        (2, 1, "met"),
        (0, 2, "missed"),  # two delegated days, none counts
        (1, 0, "in_progress"),
    ]
    # Weeks 1-26: week 26 met by delegation, the Tết week (16-22/2) owes nothing, the other
    # 24 were missed; months: 2 met, 3 missed.
    assert (result.met, result.met_in_person, result.missed) == (3, 2, 27)
    assert [m.valid_from for m in result.minimums] == [date(2014, 7, 1), date(2026, 7, 1)]


def test_online_reception_exists_from_1_july_2026():
    assert not online_allowed(date(2026, 6, 30))
    assert online_allowed(date(2026, 7, 1))
