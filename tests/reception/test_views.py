"""Reception pages: schedules, the log and its exports, compliance, the public calendar and feed."""

from datetime import date
from io import BytesIO

import icalendar
import pytest
from openpyxl import load_workbook
from sqlalchemy import func

from petitions import clock
from petitions.extensions import db
from petitions.reception.models import ReceptionSession, SessionStatus, Visit
from tests.factories import create_user
from tests.reception.factories import citizen, create_office, create_session, log_visit


@pytest.fixture
def today(monkeypatch):
    """Pin the clock the views read to 10/07/2026."""
    day = date(2026, 7, 10)
    monkeypatch.setattr(clock, "today", lambda: day)
    return day


def test_the_staff_page_lists_the_month_s_sessions_and_flags_clashes(app, client, login, today):
    unit, head, officer = create_office()
    create_session(unit=unit, head=head, day=date(2026, 7, 15), starts=(7, 30), ends=(11, 30))
    create_session(unit=unit, head=head, day=date(2026, 7, 15), starts=(9, 0), ends=(10, 0))
    login(officer)
    page = client.get("/reception/?month=2026-07").get_data(as_text=True)
    assert "15/07/2026" in page
    assert page.count("trùng lịch") == 2


def test_the_public_calendar_shows_only_published_sessions(app, client, today):
    unit, head, _officer = create_office()
    create_session(unit=unit, head=head, day=date(2026, 7, 15), place="Hội trường A")
    create_session(
        unit=unit, head=head, day=date(2026, 7, 16), place="Phòng kín B", published=False
    )
    page = client.get(f"/reception/calendar?unit={unit.code}&month=2026-07").get_data(as_text=True)
    assert "Hội trường A" in page
    assert "Phòng kín B" not in page
    assert "/reception/calendar.ics?unit=" in page


def test_the_public_calendar_answers_bad_input_without_an_error(app, client, today):
    assert client.get("/reception/calendar?month=garbage").status_code == 200
    assert client.get("/reception/calendar?month=2026-13").status_code == 200
    assert client.get("/reception/calendar?unit=NOPE").status_code == 404


def test_the_icalendar_feed_parses_and_marks_cancelled_sessions(app, client, today):
    unit, head, _officer = create_office()
    held = create_session(
        unit=unit, head=head, day=date(2026, 7, 15), place="Trụ sở; tầng 2, phòng 3"
    )
    cancelled = create_session(unit=unit, head=head, day=date(2026, 7, 22), status="cancelled")
    create_session(unit=unit, head=head, day=date(2026, 7, 29), published=False)
    response = client.get(f"/reception/calendar.ics?unit={unit.code}")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data()
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(body)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 2
    first = next(e for uid, e in events.items() if uid.startswith(f"reception-session-{held.id}@"))
    start = first.decoded("DTSTART")
    assert start.isoformat() == "2026-07-15T07:30:00+07:00"
    assert first.decoded("DTEND").isoformat() == "2026-07-15T11:30:00+07:00"
    assert str(first["LOCATION"]) == "Trụ sở; tầng 2, phòng 3"
    assert head.full_name in str(first["SUMMARY"])
    assert str(first["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in first
    gone = next(
        e for uid, e in events.items() if uid.startswith(f"reception-session-{cancelled.id}@")
    )
    assert str(gone["STATUS"]) == "CANCELLED"


def test_the_feed_without_a_unit_covers_every_unit(app, client, today):
    first_unit, first_head, _ = create_office()
    second_unit, second_head, _ = create_office()
    create_session(unit=first_unit, head=first_head, day=date(2026, 7, 15))
    create_session(unit=second_unit, head=second_head, day=date(2026, 7, 16))
    calendar = icalendar.Calendar.from_ical(client.get("/reception/calendar.ics").get_data())
    assert len(list(calendar.walk("VEVENT"))) == 2


def test_an_officer_schedules_a_year_on_the_fifteenth(app, client, login, today):
    unit, head, officer = create_office()
    login(officer)
    response = client.post(
        "/reception/sessions/schedule",
        data={
            "head": head.id,
            "pattern": "month_days",
            "month_days": "15",
            "weekday": "3",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "starts_at": "07:30",
            "ends_at": "11:30",
            "place": "Trụ sở Tiếp công dân tỉnh",
            "published": "y",
        },
    )
    assert response.status_code == 302
    days = db.session.scalars(db.select(ReceptionSession.day).order_by(ReceptionSession.day)).all()
    assert len(days) == 12 and date(2026, 2, 23) in days


def test_a_bad_schedule_rule_is_shown_on_the_form(app, client, login, today):
    unit, head, officer = create_office()
    login(officer)
    response = client.post(
        "/reception/sessions/schedule",
        data={
            "head": head.id,
            "pattern": "month_days",
            "month_days": "quinze",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "starts_at": "07:30",
            "ends_at": "11:30",
            "place": "Trụ sở",
        },
    )
    assert response.status_code == 200
    assert "cách nhau bởi dấu phẩy" in response.get_data(as_text=True)


def test_an_officer_postpones_and_cancels_sessions_from_the_session_page(app, client, login, today):
    unit, head, officer = create_office()
    postponed = create_session(unit=unit, head=head, day=date(2026, 7, 15))
    cancelled = create_session(unit=unit, head=head, day=date(2026, 7, 22))
    login(officer)
    response = client.post(
        f"/reception/sessions/{postponed.id}/postpone",
        data={"postpone-new_day": "2026-07-20", "postpone-reason": "Họp khẩn"},
    )
    assert response.status_code == 302
    client.post(f"/reception/sessions/{cancelled.id}/cancel", data={"cancel-reason": "Bão"})
    db.session.expire_all()
    assert postponed.status == SessionStatus.POSTPONED
    assert postponed.postponed_to.day == date(2026, 7, 20)
    assert cancelled.status == SessionStatus.CANCELLED and cancelled.status_reason == "Bão"
    page = client.get(f"/reception/sessions/{postponed.id}").get_data(as_text=True)
    assert "Họp khẩn" in page and "20/07/2026" in page


def test_staff_of_another_unit_cannot_change_a_session(app, client, login, today):
    unit, head, _officer = create_office()
    _other, _other_head, other_officer = create_office()
    session = create_session(unit=unit, head=head, day=date(2026, 7, 15))
    login(other_officer)
    assert client.post(
        f"/reception/sessions/{session.id}/cancel", data={"cancel-reason": "x"}
    ).status_code in (403, 404)
    assert client.get(f"/reception/sessions/{session.id}").status_code == 404


def test_an_officer_logs_a_group_visit_through_the_form(app, client, login, today):
    unit, _head, officer = create_office()
    login(officer)
    data = {
        "session": "",
        "visited_on": "2026-07-10",
        "people": "12",
        "content": "Đề nghị bồi thường đất làm đường",
        "classification": "recommendation",
        "first_visit": "first",
        "route": "",
        "refusal_ground": "",
    }
    for i in range(5):
        data[f"citizens-{i}-full_name"] = f"Người đại diện {i + 1}"
        data[f"citizens-{i}-id_number"] = f"00208900123{i}"
    response = client.post("/reception/visits/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    visit = db.session.scalar(db.select(Visit))
    assert visit.people == 12 and len(visit.citizens) == 5
    assert all(c.representative for c in visit.citizens)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tạo hồ sơ từ lượt tiếp này" in page
    assert "/intake/desk?visit=" in page


def test_five_representatives_for_a_group_of_eight_are_refused_on_the_form(
    app, client, login, today
):
    unit, _head, officer = create_office()
    login(officer)
    data = {
        "session": "",
        "route": "",
        "refusal_ground": "",
        "visited_on": "2026-07-10",
        "people": "12",
        "content": "Khiếu nại",
        "classification": "complaint",
        "first_visit": "first",
    }
    for i in range(5):
        data[f"citizens-{i}-full_name"] = f"Người {i}"
    response = client.post("/reception/visits/new", data=data)
    assert response.status_code == 302  # five is the limit for twelve people
    data.update({"people": "8"})
    response = client.post("/reception/visits/new", data=data)
    assert response.status_code == 200
    assert "tối đa 2 người đại diện" in response.get_data(as_text=True)


def test_the_log_prints_and_exports_without_formulas_and_with_denouncers_sealed(
    app, client, login, today
):
    unit, _head, officer = create_office()
    log_visit(
        unit=unit,
        officer=officer,
        visited_on=date(2026, 7, 1),
        citizens=[citizen('=HYPERLINK("http://evil","x")')],
        notes="+1-2",
        handled_by="@SUM(A1)",
    )
    log_visit(
        unit=unit,
        officer=officer,
        visited_on=date(2026, 7, 2),
        classification="denunciation",
        citizens=[citizen("Người Tố Cáo")],
    )
    login(officer)
    printed = client.get("/reception/log/print?from=2026-07-01&to=2026-07-31").get_data(
        as_text=True
    )
    assert "SỔ TIẾP CÔNG DÂN" in printed
    assert "Người Tố Cáo" not in printed
    response = client.get("/reception/log.xlsx?from=2026-07-01&to=2026-07-31")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.get_data()))
    sheet = book.active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    texts = [str(cell.value) for cell in cells]
    assert any(t.startswith('=HYPERLINK("http://evil"') for t in texts)
    assert "@SUM(A1)" in texts
    assert not any("Người Tố Cáo" in t for t in texts)
    first_row = [c.value for c in sheet[6]]
    assert first_row[0] == 1


def test_a_head_sees_their_own_compliance_and_the_inspectorate_sees_everyone(
    app, client, login, today
):
    unit, head, _officer = create_office(level="province")
    other, other_head, _ = create_office(level="commune")
    create_session(unit=unit, head=head, day=date(2026, 1, 15), status="held")
    login(head)
    response = client.get("/reception/compliance/mine?year=2026")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Luật Tiếp công dân 2013, Điều 12" in page
    assert "Tháng 1" in page
    client.post("/logout")
    inspector = create_user(role="inspector")
    login(inspector)
    page = client.get("/reception/compliance?year=2026").get_data(as_text=True)
    assert head.full_name in page and "Điều 15" in page


@pytest.mark.parametrize(
    "path",
    [
        "/reception/",
        "/reception/log",
        "/reception/compliance",
        "/reception/sessions/new",
        "/reception/visits/new",
        "/reception/sessions/schedule",
    ],
)
def test_staff_pages_need_a_sign_in(app, client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/reception/sessions/new", "/reception/visits/new"])
def test_a_handler_may_read_but_not_write_the_log(app, client, login, path, today):
    handler = create_user(role="handler")
    login(handler)
    assert client.get("/reception/log").status_code == 200
    assert client.get(path).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/reception/",
        "/reception/log",
        "/reception/compliance",
        "/reception/sessions/new",
        "/reception/visits/new",
        "/reception/sessions/schedule",
        "/reception/calendar",
    ],
)
def test_the_pages_render_in_english(app, client, login, path, today):
    unit, head, officer = create_office()
    login(officer)
    response = client.get(path + ("&" if "?" in path else "?") + "lang=en")
    assert response.status_code == 200


def test_the_visit_page_shows_a_denouncer_only_to_the_units_reception_and_records_it(
    app, client, login, today
):
    from sqlalchemy import select

    from petitions.audit.models import AuditEntry

    unit, head, officer = create_office()
    handler = create_user(role="handler", unit=unit)
    visit = log_visit(
        unit=unit,
        officer=officer,
        visited_on=date(2026, 7, 2),
        classification="denunciation",
        citizens=[citizen("Người Tố Cáo", id_number="002190009999")],
    )

    login(handler)
    hidden = client.get(f"/reception/visits/{visit.id}").get_data(as_text=True)
    client.post("/logout")
    login(head)
    shown = client.get(f"/reception/visits/{visit.id}").get_data(as_text=True)

    assert "Người Tố Cáo" not in hidden and "giữ bí mật" in hidden
    assert "Người Tố Cáo" in shown and "002190009999" in shown
    reveals = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "reception.visit.reveal")
    ).all()
    assert [(r.actor_id, r.object_id) for r in reveals] == [(head.id, visit.id)]


def _group_of_twelve(named: int, *, representatives: int = 0, **extra) -> dict:
    """The visit form for a group of twelve naming `named` people, the first
    `representatives` of them marked as the group's representatives."""
    data = {
        "session": "",
        "visited_on": "2026-07-10",
        "people": "12",
        "content": "Đề nghị bồi thường",
        "classification": "recommendation",
        "first_visit": "first",
        "route": "",
        "refusal_ground": "",
        **extra,
    }
    for i in range(named):
        data[f"citizens-{i}-full_name"] = f"Người {i + 1}"
        if i < representatives:
            data[f"citizens-{i}-representative"] = "y"
    return data


def test_without_script_the_add_button_gives_the_visit_form_a_row_more(app, client, login, today):
    unit, _head, officer = create_office()
    login(officer)
    response = client.post("/reception/visits/new", data=_group_of_twelve(5, add_row="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="citizens-5-full_name"' in page and 'name="citizens-6-full_name"' not in page
    assert 'value="Người 5"' in page  # what was typed stays
    assert db.session.scalar(db.select(func.count()).select_from(Visit)) == 0


def test_a_group_of_twelve_names_everyone_and_marks_five_representatives(app, client, login, today):
    unit, _head, officer = create_office()
    login(officer)
    data = _group_of_twelve(12, representatives=5)
    response = client.post("/reception/visits/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    visit = db.session.scalar(db.select(Visit))
    assert [c.full_name for c in visit.citizens] == [f"Người {i + 1}" for i in range(12)]
    assert [c.representative for c in visit.citizens] == [True] * 5 + [False] * 7

    data["citizens-5-representative"] = "y"  # six speak for the group: one too many
    response = client.post("/reception/visits/new", data=data)
    assert response.status_code == 200
    assert "cử tối đa 5 người đại diện" in response.get_data(as_text=True)
