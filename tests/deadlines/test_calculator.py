"""The public deadline calculator page."""

import re
from datetime import date

import pytest
from flask import g

from petitions.calendars.models import CalendarOverride, RulePeriod
from petitions.extensions import db

URL = "/deadlines/calculator"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_anyone_can_open_the_calculator_and_read_the_rules(client):
    response = client.get(URL)

    assert response.status_code == 200
    page = text_of(response)
    assert "Tính thời hạn giải quyết đơn" in page
    # The rule select shows each rule's title with its legal basis.
    assert "Thụ lý khiếu nại (Luật Khiếu nại 2011, sửa đổi bởi Luật 136/2025/QH15, Điều 27)" in page
    # The rules table: key, period and unit, variants, basis.
    assert "denunciation.resolve" in page
    assert "vùng sâu, vùng xa và phức tạp: 60 ngày" in page
    assert "10 ngày làm việc" in page
    assert "Luật Tố cáo 2018, sửa đổi bởi Luật 136/2025/QH15, Điều 30" in page


def test_a_complaint_received_before_tet_shows_the_holiday_in_the_explanation(client):
    response = client.get(URL, query_string={"rule": "complaint.accept", "start": "2026-02-10"})

    page = text_of(response)
    assert "Thứ Hai, 23/02/2026" in page
    assert "20/02/2026 không phải ngày làm việc: Mùng bốn Tết Nguyên Đán." in page
    assert "Bộ luật Dân sự 2015, Điều 148" in page
    assert "Căn cứ pháp lý:</strong> Luật Khiếu nại 2011, Điều 27" in page


def test_the_flags_are_taken_into_account(client):
    response = client.get(
        URL,
        query_string={
            "rule": "denunciation.resolve",
            "start": "02/03/2026",
            "complexity": "very",
            "extensions": "2",
        },
    )
    # 02/03/2026 + 90 = Sun 31/05/2026 -> Mon 01/06/2026.
    page = text_of(response)
    assert "Thứ Hai, 01/06/2026" in page
    assert "Gia hạn lần 2: thêm 30 ngày" in page


def test_the_form_keeps_what_was_asked_so_a_result_can_be_linked(client):
    page = client.get(
        URL,
        query_string={
            "rule": "complaint.resolve.first",
            "start": "2026-03-02",
            "remote": "y",
            "complexity": "complex",
        },
    ).get_data(as_text=True)

    assert '<option selected value="complaint.resolve.first">' in page
    assert 'value="2026-03-02"' in page
    assert re.search(r'<input[^>]*checked[^>]*name="remote"', page)
    assert re.search(r'<input[^>]*checked[^>]*value="complex"', page)
    assert "04/05/2026" in page  # 02/03 + 60 = Fri 01/05 (Labour Day) -> Mon 04/05


def test_the_complexity_choice_is_a_fieldset_with_a_legend_and_every_field_has_a_label(client):
    page = client.get(URL).get_data(as_text=True)
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Mức độ phức tạp của vụ việc", page)
    assert len(re.findall(r'<input[^>]*name="complexity" type="radio"', page)) == 3
    for name in ("rule", "start", "remote", "multi_site", "extensions"):
        assert f'for="{name}"' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"rule": "complaint.accept", "start": ""}, "Mục này không được để trống."),
        ({"rule": "complaint.accept", "start": "30/02/2026"}, "Ngày không hợp lệ"),
        ({"rule": "complaint.accept", "start": "hôm qua"}, "Ngày không hợp lệ"),
        (
            {"rule": "no.such.rule", "start": "2026-02-10"},
            "Không có quy tắc thời hạn «no.such.rule».",
        ),
        (
            {"rule": "denunciation.resolve", "start": "2026-02-10", "extensions": "1"},
            "cho phép gia hạn tối đa 0 lần",
        ),
        (
            {
                "rule": "denunciation.resolve",
                "start": "2026-02-10",
                "complexity": "complex",
                "extensions": "2",
            },
            "cho phép gia hạn tối đa 1 lần",
        ),
        (
            {"rule": "denunciation.resolve", "start": "2026-02-10", "extensions": "-3"},
            "không âm",
        ),
        ({"rule": "complaint.accept", "start": "2026-02-10", "extensions": "nhiều"}, "số nguyên"),
        ({"rule": "complaint.accept", "start": "2026-02-10", "complexity": "x"}, "Hãy chọn"),
        ({"rule": "complaint.accept", "start": "1066-10-14"}, "ngoài phạm vi lịch làm việc"),
        ({"rule": "complaint.accept", "start": "9999-12-31"}, "ngoài phạm vi lịch làm việc"),
    ],
)
def test_bad_input_is_explained_and_never_fails(client, query, message):
    response = client.get(URL, query_string=query)

    assert response.status_code == 200
    page = text_of(response)
    assert "Chưa tính được thời hạn" in page
    assert message in page
    assert "due-date" not in page


@pytest.mark.parametrize(
    "query",
    [
        "rule=complaint.accept&start=2026-02-10&extensions=99999999999999999999999",
        "rule=&start=",
        "start=2026-02-10",
        "rule=complaint.accept&rule=x&start=2026-02-10&start=y",
        "rule=%ff&start=%ff%fe",
    ],
)
def test_odd_query_strings_get_a_page_not_an_error(client, query):
    assert client.get(f"{URL}?{query}").status_code == 200


def test_the_page_and_the_explanation_switch_to_english(client):
    g.pop("_flask_babel", None)  # the test's app context outlives requests
    response = client.get(
        URL, query_string={"rule": "complaint.accept", "start": "2026-02-10", "lang": "en"}
    )

    page = text_of(response)
    assert 'lang="en"' in page
    assert "Deadline calculator" in page
    assert (
        "Accept a complaint (Law on Complaints 2011 as amended by Law 136/2025/QH15, art. 27)"
        in page
    )
    assert "20/02/2026 is not a working day: Fourth Day of Lunar New Year." in page
    assert "Monday, 23/02/2026" in page
    # The form carries the language so the shared link opens in English too.
    assert '<input type="hidden" name="lang" value="en">' in page


def test_english_error_messages_come_from_the_engine_in_english(client):
    g.pop("_flask_babel", None)
    page = text_of(
        client.get(URL, query_string={"rule": "nope", "start": "2026-02-10", "lang": "en"})
    )
    assert "No deadline rule &#39;nope&#39;." in page


def test_the_calculator_counts_the_provinces_calendar_and_rule_periods(client):
    db.session.add(CalendarOverride(day=date(2026, 3, 12), working=False, note="Nghỉ do bão lũ"))
    db.session.add(RulePeriod(rule="feedback.resolve", period=20))
    db.session.commit()

    page = text_of(
        client.get(URL, query_string={"rule": "complaint.accept", "start": "2026-03-02"})
    )
    assert "12/03/2026 không phải ngày làm việc: Nghỉ do bão lũ." in page
    assert "Thứ Sáu, 13/03/2026" in page
    assert "Tỉnh đã điều chỉnh thời hạn cơ bản của quy tắc này thành 20." in page

    page = text_of(
        client.get(URL, query_string={"rule": "feedback.resolve", "start": "2026-03-02"})
    )
    # 02/03 + 20 = Sun 22/03 -> Mon 23/03.
    assert "Thứ Hai, 23/03/2026" in page
    assert "Thời hạn 20 do quản trị hệ thống điều chỉnh (mặc định của quy tắc: 30)." in page
