"""The calendar admin pages: overrides, the year's holidays, rule periods."""

from datetime import date

import pytest
from flask import g
from sqlalchemy import select

from petitions.calendars.models import CalendarOverride, RulePeriod
from petitions.extensions import db
from tests.factories import create_case, create_user


@pytest.fixture
def admin(login):
    return login(create_user(role="admin"))


def forget_locale() -> None:
    # The test app context outlives requests, and Flask-Babel caches the locale in its `g`.
    g.pop("_flask_babel", None)


def test_the_page_lists_the_years_holidays_the_statutory_swaps_and_the_overrides(client, admin):
    db.session.add(CalendarOverride(day=date(2026, 3, 12), working=False, note="Nghỉ do bão lũ"))
    db.session.commit()

    page = client.get("/admin/calendar/?year=2026").get_data(as_text=True)

    assert "Nghỉ do bão lũ" in page
    assert "Tết Nguyên Đán" in page
    assert "12729/VPCP-KGVX" in page  # the built-in New Year 2026 swap
    assert "10/01/2026" in page  # the Saturday worked in its place
    assert "Ngày nghỉ năm 2026" in page


@pytest.mark.parametrize("year", ["abc", "0", "99999", "-1"])
def test_a_bad_year_shows_the_current_year_rather_than_failing(client, admin, year):
    response = client.get(f"/admin/calendar/?year={year}")
    assert response.status_code == 200


def test_adding_a_day_off_recomputes_open_cases_and_says_how_many(client, admin):
    case = create_case(received_on=date(2026, 3, 2), rules=("complaint.accept",))

    response = client.post(
        "/admin/calendar/",
        data={"day": "2026-03-12", "working": "off", "note": "Nghỉ do bão", "note_en": "Storm"},
        follow_redirects=True,
    )

    page = response.get_data(as_text=True)
    assert "Đã lưu: 12/03/2026 là ngày nghỉ. Đã tính lại 1 thời hạn đang chạy." in page
    db.session.refresh(case)
    assert case.due_on == date(2026, 3, 13)
    row = db.session.scalars(select(CalendarOverride)).one()
    assert (row.working, row.note, row.note_en, row.created_by_id) == (
        False,
        "Nghỉ do bão",
        "Storm",
        admin.id,
    )


def test_a_day_off_on_a_sunday_is_saved_with_a_warning_that_nothing_changed(client, admin):
    response = client.post(
        "/admin/calendar/",
        data={"day": "15/03/2026", "working": "off", "note": "Chủ nhật"},
        follow_redirects=True,
    )
    assert "vốn đã là ngày nghỉ" in response.get_data(as_text=True)


def test_deleting_an_override_pulls_the_deadline_back(client, admin):
    case = create_case(received_on=date(2026, 3, 2), rules=("complaint.accept",))
    client.post("/admin/calendar/", data={"day": "2026-03-12", "working": "off", "note": "Bão"})
    row = db.session.scalars(select(CalendarOverride)).one()

    response = client.post(f"/admin/calendar/{row.id}/delete", follow_redirects=True)

    assert "Đã xóa ngày điều chỉnh. Đã tính lại 1 thời hạn đang chạy." in response.get_data(
        as_text=True
    )
    db.session.refresh(case)
    assert case.due_on == date(2026, 3, 12)
    assert db.session.scalars(select(CalendarOverride)).all() == []


def test_deleting_an_override_twice_says_it_is_gone(client, admin):
    response = client.post("/admin/calendar/12345/delete", follow_redirects=True)
    assert response.status_code == 200
    assert "Không tìm thấy ngày điều chỉnh này" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day": "", "working": "off", "note": "x"}, "Mục này không được để trống."),
        ({"day": "31/02/2026", "working": "off", "note": "x"}, "Ngày không hợp lệ"),
        ({"day": "2026-03-12", "working": "off", "note": ""}, "Mục này không được để trống."),
        (
            {"day": "2026-03-12", "working": "maybe", "note": "x"},
            "Hãy chọn một trong các phương án.",
        ),
        ({"day": "1800-03-12", "working": "off", "note": "x"}, "ngoài phạm vi lịch làm việc"),
    ],
)
def test_bad_input_is_explained_next_to_the_field(client, admin, data, message):
    response = client.post("/admin/calendar/", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(CalendarOverride)).all() == []


def test_the_page_speaks_english_when_asked(client, admin):
    db.session.add(
        CalendarOverride(day=date(2026, 3, 12), working=False, note="Nghỉ", note_en="Storm day")
    )
    db.session.commit()
    forget_locale()
    page = client.get("/admin/calendar/?year=2026&lang=en").get_data(as_text=True)
    assert "Working calendar" in page
    assert "Days off in 2026" in page
    assert "Lunar New Year" in page
    assert "Thursday, 12/03/2026" in page


@pytest.mark.parametrize("role", ["reception_officer", "handler", "unit_head", "inspector"])
def test_only_admins_may_change_the_calendar(client, login, role):
    login(create_user(role=role))
    assert client.get("/admin/calendar/").status_code == 403
    assert client.post("/admin/calendar/", data={"day": "2026-03-12"}).status_code == 403
    assert client.get("/admin/calendar/rules").status_code == 403


def test_an_admin_sets_and_resets_a_rule_period(client, admin):
    case = create_case(kind="feedback", received_on=date(2026, 3, 2), rules=("feedback.resolve",))

    response = client.post(
        "/admin/calendar/rules",
        data={"rule": "feedback.resolve", "period": "20", "note": "QĐ 12/QĐ-UBND"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Đã tính lại 1 thời hạn đang chạy." in page
    assert "QĐ 12/QĐ-UBND" in page
    db.session.refresh(case)
    assert case.due_on == date(2026, 3, 23)

    response = client.post("/admin/calendar/rules/feedback.resolve/reset", follow_redirects=True)
    assert "trở về thời hạn mặc định" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.due_on == date(2026, 4, 1)
    assert db.session.scalars(select(RulePeriod)).all() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rule": "feedback.resolve", "period": "abc"}, "Hãy nhập một số nguyên."),
        ({"rule": "feedback.resolve", "period": "0"}, "Thời hạn phải là số nguyên từ 1 đến"),
        ({"rule": "nope", "period": "10"}, "Không có quy tắc thời hạn «nope»."),
    ],
)
def test_a_bad_rule_period_is_explained(client, admin, data, message):
    response = client.post("/admin/calendar/rules", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_resetting_a_rule_without_a_change_says_so(client, admin):
    response = client.post("/admin/calendar/rules/feedback.resolve/reset", follow_redirects=True)
    assert "đang dùng thời hạn mặc định" in response.get_data(as_text=True)


def test_culture_day_is_listed_as_provisional_and_an_admin_confirms_it_as_a_day_off(client, admin):
    # 14/11/2026 + 10 = Tue 24/11/2026: a working day until confirmed, then Wed 25/11/2026.
    case = create_case(received_on=date(2026, 11, 14), rules=("complaint.accept",))
    [row] = case.deadlines
    assert row.due_on == date(2026, 11, 24)
    page = client.get("/admin/calendar/?year=2026").get_data(as_text=True)
    assert "Ngày nghỉ tạm tính, chờ xác nhận" in page
    assert "Ngày Văn hóa Việt Nam" in page

    response = client.post(
        "/admin/calendar/provisional/2026-11-24", data={"decision": "off"}, follow_redirects=True
    )

    assert response.status_code == 200
    assert "Đã xác nhận ngày nghỉ. Đã tính lại 1 thời hạn đang chạy." in response.get_data(
        as_text=True
    )
    override = db.session.scalar(select(CalendarOverride))
    assert (override.day, override.working) == (date(2026, 11, 24), False)
    assert "Ngày Văn hóa Việt Nam" in override.note
    db.session.refresh(row)
    assert row.due_on == date(2026, 11, 25)
    page = client.get("/admin/calendar/?year=2026").get_data(as_text=True)
    assert "Ngày nghỉ tạm tính, chờ xác nhận" not in page


def test_an_estimated_tet_day_can_be_confirmed_and_a_day_that_is_not_provisional_cannot(
    client, admin
):
    page = client.get("/admin/calendar/?year=2027").get_data(as_text=True)
    assert "Ngày nghỉ (dự kiến)" in page  # Tết 2027, the package's estimate
    confirmed = client.post(
        "/admin/calendar/provisional/2027-02-08", data={"decision": "off"}, follow_redirects=True
    )
    assert confirmed.status_code == 200
    assert db.session.scalar(select(CalendarOverride)).day == date(2027, 2, 8)
    refused = client.post(
        "/admin/calendar/provisional/2026-03-03", data={"decision": "off"}, follow_redirects=True
    )
    assert "không phải ngày nghỉ tạm tính" in refused.get_data(as_text=True)
    assert client.post("/admin/calendar/provisional/not-a-day").status_code == 404
