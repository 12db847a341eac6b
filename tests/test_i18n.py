"""Vietnamese first, English complete, dates as dd/mm/yyyy."""

from datetime import UTC, date, datetime

from petitions import catalogues
from petitions.i18n import format_day, format_moment


def test_every_source_string_has_an_english_translation():
    assert catalogues.missing() == []


def test_the_home_page_speaks_vietnamese_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert 'lang="vi"' in page
    assert "Gửi và theo dõi đơn thư của công dân" in page


def test_the_language_switch_turns_the_site_into_english_and_back(client):
    response = client.get("/language/en?next=/")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page
    assert "Gửi và theo dõi đơn thư của công dân" not in page
    client.get("/language/vi?next=/")
    assert 'lang="vi"' in client.get("/").get_data(as_text=True)


def test_the_language_switch_never_redirects_to_another_site(client):
    response = client.get("/language/en?next=https://evil.example/")
    assert response.headers["Location"].endswith("/")
    assert "evil.example" not in response.headers["Location"]


def test_dates_show_day_month_year_in_vietnam_time():
    assert format_day(date(2026, 2, 3)) == "03/02/2026"
    late_evening_utc = datetime(2026, 2, 3, 18, 30, tzinfo=UTC)
    assert format_day(late_evening_utc) == "04/02/2026"
    assert format_moment(late_evening_utc) == "04/02/2026 01:30"


def test_built_in_form_messages_are_in_vietnamese(client):
    page = client.post("/login", data={"username": "", "password": ""}).get_data(as_text=True)
    assert "Trường này là bắt buộc." in page
    assert "This field is required." not in page
