"""The working calendar: which days state agencies work in 2024-2027, and arithmetic over them."""

from datetime import date

import pytest

from petitions.domain.calendar import Override, WorkingCalendar

CALENDAR = WorkingCalendar(years=range(2024, 2028))


@pytest.mark.parametrize(
    ("day", "name_vi"),
    [
        (date(2024, 1, 1), "Tết Dương lịch"),
        (date(2024, 2, 8), "29 Tết"),  # Tết 2024 off Thu 08/02 - Wed 14/02
        (date(2024, 2, 14), "Mùng năm Tết Nguyên Đán"),
        (date(2024, 4, 18), "Ngày Giỗ Tổ Hùng Vương"),
        (date(2024, 4, 29), "Ngày nghỉ (thay cho ngày 04/05/2024)"),
        (date(2024, 9, 3), "Quốc khánh"),
        (date(2025, 1, 27), "29 Tết"),  # Tết 2025 off Sat 25/01 - Sun 02/02
        (date(2025, 1, 31), "Mùng ba Tết Nguyên Đán"),
        (date(2025, 5, 2), "Ngày nghỉ (thay cho ngày 26/04/2025)"),
        (date(2025, 9, 1), "Quốc khánh"),
        (date(2026, 1, 2), "Công văn 12729/VPCP-KGVX"),  # shipped as data, not in `holidays`
        (date(2026, 2, 16), "Giao thừa Tết Nguyên Đán"),  # Tết 2026 off Sat 14/02 - Sun 22/02
        (date(2026, 2, 20), "Mùng bốn Tết Nguyên Đán"),
        (date(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),  # 26/04/2026 is a Sunday
        (date(2026, 8, 31), "Ngày nghỉ (thay cho ngày 22/08/2026)"),
        (date(2027, 2, 4), "29 Tết"),  # Tết 2027 estimated: Thu 04/02 - Wed 10/02
        (date(2027, 2, 10), "Mùng năm Tết Nguyên Đán"),
        (date(2027, 5, 3), "Ngày Quốc tế Lao động (nghỉ bù)"),  # 01/05/2027 is a Saturday
        (date(2027, 9, 3), "Quốc khánh"),
    ],
)
def test_a_public_holiday_is_a_day_off_named_in_vietnamese(day, name_vi):
    reason = CALENDAR.day_off_reason(day)
    assert not CALENDAR.is_working_day(day)
    assert reason is not None
    assert reason.kind == "holiday"
    assert name_vi in reason.name_vi


@pytest.mark.parametrize(
    "saturday",
    [date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)],
)
def test_a_saturday_declared_as_a_swapped_working_day_is_a_working_day(saturday):
    assert saturday.weekday() == 5
    assert CALENDAR.is_working_day(saturday)
    assert CALENDAR.day_off_reason(saturday) is None


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 2, 7),  # the Wednesday before Tết 2024
        date(2024, 2, 15),  # back after Tết 2024
        date(2025, 2, 3),  # back after Tết 2025
        date(2025, 11, 24),  # Vietnamese Culture Day is not in the package before 2026
        date(2026, 11, 24),  # nor a day off in 2026: Labour Code art. 112 not amended yet
        date(2027, 11, 24),
        date(2026, 2, 23),  # back after Tết 2026
        date(2026, 9, 3),  # back after 2 September 2026
        date(2027, 2, 11),  # back after Tết 2027
    ],
)
def test_an_ordinary_weekday_is_a_working_day(day):
    assert CALENDAR.is_working_day(day)


def test_a_weekend_day_is_off_with_its_weekday_name_in_both_languages():
    saturday = CALENDAR.day_off_reason(date(2025, 3, 15))
    sunday = CALENDAR.day_off_reason(date(2025, 3, 16))
    assert (saturday.kind, saturday.name_vi, saturday.name_en) == ("weekend", "Thứ Bảy", "Saturday")
    assert (sunday.kind, sunday.name_vi, sunday.name_en) == ("weekend", "Chủ nhật", "Sunday")


def test_a_holiday_on_a_weekend_is_reported_as_the_holiday():
    reason = CALENDAR.day_off_reason(date(2025, 2, 1))  # a Saturday, the 4th day of Tết
    assert reason.kind == "holiday"
    assert reason.name_en == "Fourth Day of Lunar New Year"


def test_english_names_of_substituted_days_show_the_date_day_first():
    # The package writes 05/04/2024 (US order) for 4 May; the product shows dd/mm/yyyy.
    reason = CALENDAR.day_off_reason(date(2024, 4, 29))
    assert reason.name_en == "Day off (substituted from 04/05/2024)"


@pytest.mark.parametrize(
    ("year", "working_days"),
    [
        # 2024: 262 weekdays - 12 weekday holidays (01/01; 08,09,12,13,14/02; 18/04; 29,30/04;
        # 01/05; 02,03/09) + Saturday 04/05 = 251.
        (2024, 251),
        # 2025: 261 weekdays - 12 (01/01; 27-31/01; 07/04; 30/04; 01,02/05; 01,02/09) + 26/04.
        (2025, 250),
        # 2026: 261 - 13 (01,02/01; 16-20/02; 27/04; 30/04; 01/05; 31/08; 01,02/09)
        # + Saturdays 10/01 and 22/08 = 250 (24/11 is not a day off until confirmed).
        (2026, 250),
        # 2027: 261 - 11 (01/01; 04,05,08,09,10/02; 16/04; 30/04; 03/05; 02,03/09) = 250.
        (2027, 250),
    ],
)
def test_a_year_has_the_hand_counted_number_of_working_days(year, working_days):
    assert CALENDAR.working_days_between(date(year - 1, 12, 31), date(year, 12, 31)) == working_days


def test_working_days_between_counts_the_end_but_not_the_start():
    # Mon 03/03/2025 .. Fri 07/03/2025: (Mon, Fri] holds Tue, Wed, Thu, Fri.
    assert CALENDAR.working_days_between(date(2025, 3, 3), date(2025, 3, 7)) == 4
    assert CALENDAR.working_days_between(date(2025, 3, 7), date(2025, 3, 3)) == -4
    assert CALENDAR.working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0


def test_next_working_day_is_the_day_itself_when_it_is_a_working_day():
    assert CALENDAR.next_working_day(date(2025, 3, 5)) == date(2025, 3, 5)


def test_next_working_day_jumps_over_the_whole_of_tet():
    assert CALENDAR.next_working_day(date(2025, 1, 25)) == date(2025, 2, 3)


def test_add_working_days_does_not_count_the_start_day():
    # Wed 22/01/2025: Thu 23 (1), Fri 24 (2), Tết 25/01-02/02, Mon 03/02 (3).
    assert CALENDAR.add_working_days(date(2025, 1, 22), 3) == date(2025, 2, 3)


def test_add_zero_working_days_gives_the_next_working_day():
    assert CALENDAR.add_working_days(date(2025, 1, 25), 0) == date(2025, 2, 3)


def test_add_calendar_days_rolls_a_day_off_forward_to_the_next_working_day():
    # 20/01/2025 + 10 = Thu 30/01/2025, inside Tết 25/01-02/02 -> Mon 03/02/2025.
    assert CALENDAR.add_calendar_days(date(2025, 1, 20), 10) == date(2025, 2, 3)


def test_counting_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_working_days(date(2025, 1, 1), -1)


def test_years_outside_the_built_range_are_indexed_on_demand():
    calendar = WorkingCalendar(years=range(2025, 2026))
    assert not calendar.is_working_day(date(2031, 1, 1))
    assert calendar.next_working_day(date(2023, 12, 30)) == date(2024, 1, 2)  # Sat, Sun, 1/1
    # Thu 29/12/2022 + 3 working days: Fri 30/12, Mon 02/01/2023 is New Year observed,
    # Tue 03/01, Wed 04/01.
    assert calendar.add_working_days(date(2022, 12, 29), 3) == date(2023, 1, 4)


def test_a_date_from_a_mistyped_year_is_refused_rather_than_indexing_centuries():
    with pytest.raises(ValueError, match="1900-2199"):
        WorkingCalendar().is_working_day(date(202, 5, 1))


def test_a_lazily_built_calendar_agrees_with_one_built_up_front():
    lazy = WorkingCalendar()
    assert lazy.add_working_days(date(2025, 12, 29), 10) == CALENDAR.add_working_days(
        date(2025, 12, 29), 10
    )
    assert lazy.working_days_between(date(2024, 1, 1), date(2027, 12, 31)) == 251 + 250 + 250 + 250


def test_an_admin_day_off_is_reported_with_its_note():
    calendar = WorkingCalendar(
        [Override(date(2025, 3, 13), False, "Nghỉ do bão số 3", "Storm No. 3 closure")]
    )
    reason = calendar.day_off_reason(date(2025, 3, 13))
    assert not calendar.is_working_day(date(2025, 3, 13))
    assert (reason.kind, reason.name_vi, reason.name_en) == (
        "override",
        "Nghỉ do bão số 3",
        "Storm No. 3 closure",
    )


def test_an_admin_working_day_makes_a_saturday_count():
    calendar = WorkingCalendar([Override(date(2025, 3, 15), True, "Làm bù")])
    assert calendar.is_working_day(date(2025, 3, 15))
    # Fri 14/03 + 1 working day is now Saturday 15/03, not Monday 17/03.
    assert calendar.add_working_days(date(2025, 3, 14), 1) == date(2025, 3, 15)


def test_an_admin_override_can_revoke_a_holiday():
    calendar = WorkingCalendar([Override(date(2026, 4, 27), True, "Làm việc")])
    assert calendar.is_working_day(date(2026, 4, 27))
    assert CALENDAR.day_off_reason(date(2026, 4, 27)) is not None


def test_culture_day_is_provisional_and_a_working_day_until_an_admin_confirms_it():
    # 24/11 comes from the package on the strength of a Politburo resolution; the Labour Code
    # (art. 112) had not been amended, so the day counts as a working day until confirmed.
    [culture_day] = [p for p in CALENDAR.provisional_days(2026) if p.day.month == 11]
    assert (culture_day.day, culture_day.off) == (date(2026, 11, 24), False)
    assert "Văn hóa" in culture_day.name_vi
    confirmed = WorkingCalendar([Override(date(2026, 11, 24), False, "Xác nhận ngày nghỉ")])
    reason = confirmed.day_off_reason(date(2026, 11, 24))
    assert (reason.kind, reason.provisional) == ("holiday", False)
    assert "Văn hóa" in reason.name_vi
    assert confirmed.provisional_days(2026) == []


def test_tet_2027_is_the_packages_estimate_off_but_provisional_until_confirmed():
    reason = CALENDAR.day_off_reason(date(2027, 2, 8))
    assert reason.provisional
    provisional = {p.day for p in CALENDAR.provisional_days(2027) if p.off}
    # Tết 04/02-10/02 (weekdays), Hùng Kings 16/04, the Monday after 01/05, 03/09 — not the
    # days the Labour Code fixes by solar date (01/01, 30/04, 02/09).
    assert {date(2027, 2, 4), date(2027, 2, 10), date(2027, 9, 3)} <= provisional
    assert not {date(2027, 1, 1), date(2027, 4, 30), date(2027, 9, 2)} & provisional
    assert not CALENDAR.day_off_reason(date(2026, 2, 16)).provisional  # Tết 2026 was decided
    confirmed = WorkingCalendar([Override(date(2027, 2, 8), False, "Xác nhận")])
    assert not confirmed.day_off_reason(date(2027, 2, 8)).provisional


def test_an_override_on_a_day_already_off_keeps_the_holiday_as_the_reason():
    calendar = WorkingCalendar([Override(date(2025, 1, 29), False, "Nghỉ thêm")])
    assert calendar.day_off_reason(date(2025, 1, 29)).name_vi == "Tết Nguyên Đán"


def test_the_calendar_lists_its_overrides_by_date():
    later = Override(date(2025, 6, 2), False, "b")
    earlier = Override(date(2025, 6, 1), False, "a")
    assert WorkingCalendar([later, earlier]).overrides == (earlier, later)


def test_days_off_lists_each_skipped_day_with_its_reason():
    days = list(CALENDAR.days_off(date(2024, 4, 26), date(2024, 5, 6)))
    assert [day for day, _ in days] == [
        date(2024, 4, 27),
        date(2024, 4, 28),
        date(2024, 4, 29),
        date(2024, 4, 30),
        date(2024, 5, 1),
        date(2024, 5, 5),  # Saturday 04/05 was a working day
    ]
    assert days[3][1].name_en == "Liberation Day/Reunification Day"
