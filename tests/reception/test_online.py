"""Online reception (LTCD art. 3a, added by Law 136/2025/QH15 from 1/7/2026) and the
amended minimums on the pages: the link on the calendar and feed, the mode in the log."""

from datetime import date, time

import icalendar
import pytest

from petitions import clock
from petitions.errors import Refused
from petitions.extensions import db
from petitions.reception import sessions
from petitions.reception.compliance import compliance
from petitions.reception.models import ReceptionSession, SessionMode, Visit
from tests.reception.factories import create_office, create_session, log_visit

LINK = "https://hop.tuyenquang.gov.vn/tiep-cong-dan/xa-bac-quang"


@pytest.fixture
def today(monkeypatch):
    day = date(2026, 7, 10)
    monkeypatch.setattr(clock, "today", lambda: day)
    return day


def online_session(*, unit, head, day=date(2026, 7, 15), recorded=True, place="", **extra):
    return sessions.create_session(
        unit=unit,
        head=head,
        day=day,
        starts_at=time(8, 0),
        ends_at=time(11, 0),
        place=place,
        mode="online",
        online_url=LINK,
        recorded=recorded,
        today=date(2026, 12, 31),
        **extra,
    )


def test_an_online_session_keeps_its_link_and_needs_no_room(app):
    unit, head, _officer = create_office(level="commune")
    session = online_session(unit=unit, head=head)
    assert session.mode == SessionMode.ONLINE and session.online
    assert (session.online_url, session.recorded, session.place) == (LINK, True, "")


def test_an_in_person_session_keeps_no_link(app):
    unit, head, _officer = create_office()
    session = sessions.create_session(
        unit=unit,
        head=head,
        day=date(2026, 7, 15),
        starts_at=time(8, 0),
        ends_at=time(11, 0),
        place="Trụ sở tiếp công dân",
        online_url=LINK,
        recorded=True,
        today=date(2026, 7, 1),
    )
    assert session.mode == SessionMode.IN_PERSON
    assert (session.online_url, session.recorded) == (None, False)


def test_online_reception_before_1_july_2026_is_refused(app):
    unit, head, _officer = create_office()
    with pytest.raises(Refused) as caught:
        online_session(unit=unit, head=head, day=date(2026, 6, 30))
    assert "mode" in caught.value.fields
    assert "01/07/2026" in caught.value.fields["mode"][0]


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://hop.tuyenquang.gov.vn/a",
        "javascript:alert(1)",
        "https://",
        "https://localhost/a",
        "https://hop.tuyenquang.gov.vn/a b",
        "https://user:secret@hop.tuyenquang.gov.vn/a",
        "https://" + "a" * 500 + ".vn",
    ],
)
def test_an_online_session_needs_a_full_https_link(app, url):
    unit, head, _officer = create_office()
    with pytest.raises(Refused) as caught:
        sessions.create_session(
            unit=unit,
            head=head,
            day=date(2026, 7, 15),
            starts_at=time(8, 0),
            ends_at=time(11, 0),
            place="",
            mode="online",
            online_url=url,
            today=date(2026, 7, 1),
        )
    assert list(caught.value.fields) == ["online_url"]


def test_an_unknown_mode_is_refused_on_its_field(app):
    unit, head, _officer = create_office()
    with pytest.raises(Refused) as caught:
        sessions.create_session(
            unit=unit,
            head=head,
            day=date(2026, 7, 15),
            starts_at=time(8, 0),
            ends_at=time(11, 0),
            place="Trụ sở",
            mode="hologram",
            today=date(2026, 7, 1),
        )
    assert "mode" in caught.value.fields


def test_a_postponed_online_session_keeps_its_link(app):
    unit, head, _officer = create_office()
    session = online_session(unit=unit, head=head)
    later = sessions.postpone_session(
        session, new_day=date(2026, 7, 22), reason="Trùng họp", today=date(2026, 7, 10)
    )
    assert (later.mode, later.online_url, later.recorded) == (SessionMode.ONLINE, LINK, True)


def test_an_online_session_counts_toward_the_minimum_like_one_in_person(app):
    """A commune chair in July 2026 owes 2 days: one online (9/7) and one in person (2/7)."""
    unit, head, _officer = create_office(level="commune")
    create_session(unit=unit, head=head, day=date(2026, 7, 2), status="held")
    held = online_session(unit=unit, head=head, day=date(2026, 7, 9))
    sessions.mark_held(held, today=date(2026, 7, 10))
    report = compliance(year=2026, unit=unit, today=date(2026, 8, 3), head_id=head.id)
    july = next(p for p in report["heads"][0]["periods"] if p["period"] == "month")
    assert (july["index"], july["in_person"], july["status"]) == (7, 2, "met")


def test_a_visit_at_an_online_session_is_logged_as_online(app):
    unit, head, _officer = create_office()
    session = online_session(unit=unit, head=head, day=date(2026, 7, 9))
    online = log_visit(unit=unit, session=session, visited_on=date(2026, 7, 9))
    desk = log_visit(unit=unit, visited_on=date(2026, 7, 9))
    assert online.mode == SessionMode.ONLINE and desk.mode == SessionMode.IN_PERSON


def test_a_visit_cannot_be_online_before_1_july_2026(app):
    unit, _head, _officer = create_office()
    with pytest.raises(Refused) as caught:
        log_visit(unit=unit, visited_on=date(2026, 6, 30), mode="online")
    assert "mode" in caught.value.fields


def test_the_public_calendar_says_how_to_join(app, client, today):
    unit, head, _officer = create_office()
    online_session(unit=unit, head=head)
    page = client.get(f"/reception/calendar?unit={unit.code}&month=2026-07").get_data(as_text=True)
    assert "Tiếp công dân trực tuyến." in page
    assert f'href="{LINK}"' in page
    assert "Buổi tiếp được ghi hình." in page


def test_the_feed_gives_the_link_as_location_and_in_the_description(app, client, today):
    unit, head, _officer = create_office()
    online_session(unit=unit, head=head, recorded=False)
    feed = client.get(f"/reception/calendar.ics?unit={unit.code}").get_data()
    (event,) = icalendar.Calendar.from_ical(feed).walk("VEVENT")
    assert str(event["LOCATION"]) == f"Trực tuyến: {LINK}"
    assert f"tham gia tại: {LINK}" in str(event["DESCRIPTION"])
    assert "ghi hình" not in str(event["DESCRIPTION"])


def test_an_officer_schedules_an_online_session_through_the_form(app, client, login, today):
    unit, head, officer = create_office()
    login(officer)
    response = client.post(
        "/reception/sessions/new",
        data={
            "head": str(head.id),
            "kind": "periodic",
            "day": "2026-07-15",
            "starts_at": "08:00",
            "ends_at": "11:00",
            "mode": "online",
            "place": "",
            "online_url": LINK,
            "recorded": "y",
            "published": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    session = db.session.scalar(db.select(ReceptionSession))
    assert (session.mode, session.online_url, session.recorded) == (SessionMode.ONLINE, LINK, True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Trực tuyến" in page and LINK in page


def test_the_form_shows_a_bad_link_next_to_its_field(app, client, login, today):
    unit, head, officer = create_office()
    login(officer)
    response = client.post(
        "/reception/sessions/new",
        data={
            "head": str(head.id),
            "kind": "periodic",
            "day": "2026-07-15",
            "starts_at": "08:00",
            "ends_at": "11:00",
            "mode": "online",
            "online_url": "http://hop.example.vn/x",
            "published": "y",
        },
    )
    assert response.status_code in (200, 422)
    assert "https://" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(ReceptionSession)) is None


def test_the_api_creates_an_online_session_and_logs_its_visit_online(app, api, today):
    unit, head, officer = create_office()
    response = api(officer).post(
        "/api/v1/reception/sessions",
        json={
            "head": head.username,
            "date": "2026-07-10",
            "starts_at": "08:00",
            "ends_at": "11:00",
            "mode": "online",
            "online_url": LINK,
            "recorded": True,
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["mode"], body["online_url"], body["recorded"]) == ("online", LINK, True)
    visit = api(officer).post(
        "/api/v1/reception/visits",
        json={
            "session": body["id"],
            "visited_on": "2026-07-10",
            "citizens": [{"full_name": "Lý Văn Páo"}],
            "content": "Đề nghị cấp giấy chứng nhận quyền sử dụng đất",
            "classification": "recommendation",
        },
    )
    assert visit.status_code == 201, visit.get_json()
    assert visit.get_json()["mode"] == "online"
    assert db.session.get(Visit, visit.get_json()["id"]).mode == SessionMode.ONLINE


def test_the_api_refuses_an_online_session_without_a_link(app, api, today):
    unit, head, officer = create_office()
    response = api(officer).post(
        "/api/v1/reception/sessions",
        json={
            "head": head.username,
            "date": "2026-07-15",
            "starts_at": "08:00",
            "ends_at": "11:00",
            "mode": "online",
        },
    )
    assert response.status_code == 422
    assert "online_url" in response.get_json()["error"]["fields"]


def test_the_head_s_page_marks_delegated_days_after_1_july_as_not_counted(
    app, client, login, today
):
    unit, head, _officer = create_office(level="commune")
    deputy = {"delegated": True, "delegate_name": "Phó Chủ tịch Lê Văn C"}
    create_session(unit=unit, head=head, day=date(2026, 6, 25), status="held", **deputy)
    create_session(unit=unit, head=head, day=date(2026, 7, 2), status="held", **deputy)
    login(head)
    page = client.get(f"/reception/compliance/{head.id}?year=2026").get_data(as_text=True)
    assert "Tuần 26" in page and "Tháng 7" in page
    assert page.count("(không tính)") == 1
    assert "Luật 136/2025/QH15" in page
    july = db.session.scalar(
        db.select(ReceptionSession.id).where(ReceptionSession.day == date(2026, 7, 2))
    )
    session_page = client.get(f"/reception/sessions/{july}").get_data(as_text=True)
    assert "không được tính vào mức tối thiểu" in session_page


def test_the_demo_holds_one_commune_session_online(app, monkeypatch):
    from petitions import demo as core_demo
    from petitions.reception import demo

    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 29))
    core_demo.load_units()
    core_demo.load_users()
    db.session.flush()
    demo.load()
    db.session.commit()
    (online,) = db.session.scalars(
        db.select(ReceptionSession).where(ReceptionSession.mode == SessionMode.ONLINE)
    ).all()
    assert online.day == date(2026, 10, 20) and online.recorded
    assert online.online_url.startswith("https://")
