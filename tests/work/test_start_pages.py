"""Each staff role lands on its own start page after sign-in and finds its work counted."""

import re
from datetime import time, timedelta

import pytest
from sqlalchemy import select

from petitions import clock
from petitions.cases.models import Assignment, Case, CaseEvent, Status
from petitions.cases.steps import take_action
from petitions.extensions import db
from petitions.reception.models import ReceptionSession
from tests.cases.factories import create_office, create_received_case
from tests.factories import PASSWORD, create_case, create_unit, create_user


def counted(html: str, section: str) -> int:
    """The number shown on the start page's summary for a section."""
    match = re.search(
        rf'data-section="{re.escape(section)}"[^>]*>\s*(?:<a[^>]*>)?\s*'
        r'<span class="stat__number">(\d+)</span>',
        html,
    )
    assert match, f"no {section} on the page"
    return int(match.group(1))


def nav_count(html: str) -> int | None:
    match = re.search(r"data-nav-count>(\d+)<", html)
    return int(match.group(1)) if match else None


def assigned_case(
    unit, user, *, due_in: int | None, status: str = "verifying", title="Đơn"
) -> Case:
    case = create_case(unit=unit, status=status, title=title)
    case.due_on = None if due_in is None else clock.today() + timedelta(days=due_in)
    case.assignments.append(Assignment(user_id=user.id, assigned_on=clock.today(), active=True))
    db.session.commit()
    return case


def test_signing_in_lands_on_the_start_page_and_a_next_page_still_wins(app, client):
    user = create_user(role="handler")
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"].endswith("/work/")
    client.post("/logout")
    response = client.post(
        "/login?next=/cases/", data={"username": user.username, "password": PASSWORD}
    )
    assert response.headers["Location"].endswith("/cases/")


def test_a_stranger_is_sent_to_sign_in_from_the_start_page(app, client):
    response = client.get("/work/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_handler_sees_own_cases_due_soon_overdue_and_returned_proposals(app, client, login):
    unit, staff = create_office()
    handler = staff["handler"]
    assigned_case(unit, handler, due_in=-2, title="Quá hạn")
    assigned_case(unit, handler, due_in=1, title="Sắp đến hạn")
    assigned_case(unit, handler, due_in=20, title="Còn lâu")
    assigned_case(unit, staff["handler2"], due_in=-5, title="Của người khác")
    assigned_case(unit, handler, due_in=-9, status="closed", title="Đã đóng")
    login(handler)
    html = client.get("/work/").get_data(as_text=True)
    # Three open cases are the handler's; one is two days late, one due tomorrow.
    assert counted(html, "my_cases") == 3
    assert counted(html, "my_overdue") == 1
    assert counted(html, "my_due_soon") == 1
    assert counted(html, "returned") == 0
    assert "Quá hạn" in html and "Của người khác" not in html and "Đã đóng" not in html
    # The navigation counts what asks for action: one overdue and one due soon.
    assert nav_count(html) == 2


def _proposal(case, handler, **fields) -> CaseEvent:
    event = take_action(
        case,
        {"action": "propose", "proposal": "accept", **fields},
        actor=handler,
        today=clock.today(),
    )
    db.session.commit()
    return event


def test_the_head_approves_a_proposal_in_one_click_from_the_start_page(app, client, login):
    unit, staff = create_office()
    case = create_received_case(unit=unit, received_on=clock.today())
    _proposal(case, staff["handler"], complex="true", note="Nhiều hộ liên quan")
    login(staff["unit_head"])
    html = client.get("/work/").get_data(as_text=True)
    assert counted(html, "proposals") == 1
    # The proposal in words: the step, never field names.
    words = re.search(r'<p class="work-item__words">([^<]*)</p>', html).group(1)
    assert "Đề xuất «Thụ lý»" in words
    assert "complex" not in words and "true" not in words
    assert nav_count(html) == 1
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.action == "proposal"))
    response = client.post(f"/work/proposals/{event.id}/approve")
    assert response.status_code == 302 and "/work/" in response.headers["Location"]
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == Status.ACCEPTED
    html = client.get("/work/").get_data(as_text=True)
    assert counted(html, "proposals") == 0
    # Deciding twice is refused with a message, not a second step.
    client.post(f"/work/proposals/{event.id}/approve")
    steps = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == "accept")
    ).all()
    assert len(steps) == 1


def test_a_returned_proposal_leaves_the_heads_queue_and_reaches_the_handler(app, client, login):
    unit, staff = create_office()
    case = create_received_case(unit=unit, received_on=clock.today())
    event = _proposal(case, staff["handler"])
    login(staff["unit_head"])
    response = client.post(
        f"/work/proposals/{event.id}/return", data={"reason": "Bổ sung biên bản làm việc"}
    )
    assert response.status_code == 302
    html = client.get("/work/").get_data(as_text=True)
    assert counted(html, "proposals") == 0
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == Status.RECEIVED
    client.post("/logout")
    login(staff["handler"])
    html = client.get("/work/").get_data(as_text=True)
    assert counted(html, "returned") == 1
    assert "Bổ sung biên bản làm việc" in html
    # The case page's history names the return in words.
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Thủ trưởng trả lại đề xuất" in page


def test_another_units_head_cannot_decide_a_proposal(app, client, login):
    unit, staff = create_office()
    _other, others = create_office()
    event = _proposal(create_received_case(unit=unit, received_on=clock.today()), staff["handler"])
    login(others["unit_head"])
    assert client.post(f"/work/proposals/{event.id}/approve").status_code == 404
    assert client.post(f"/work/proposals/{event.id}/return").status_code == 404
    login(staff["handler"])
    assert client.post(f"/work/proposals/{event.id}/approve").status_code == 403


def test_the_head_sees_this_weeks_sessions_and_the_units_overdue(app, client, login):
    from tests.reception.factories import create_session

    unit, staff = create_office()
    head = staff["unit_head"]
    day = clock.today()
    monday = day - timedelta(days=day.weekday())
    for days in (1, 3, 8):
        create_session(unit=unit, head=head, day=monday + timedelta(days=days), today=monday)
    assigned_case(unit, staff["handler"], due_in=-1)
    assigned_case(unit, staff["handler"], due_in=-3)
    assigned_case(unit, staff["handler"], due_in=4)
    login(head)
    html = client.get("/work/").get_data(as_text=True)
    # Tuesday and Thursday of this week; next Tuesday is not this week.
    assert counted(html, "my_sessions") == 2
    assert counted(html, "unit_overdue") == 2


def test_the_reception_officer_sees_todays_sessions_and_visits_to_turn_into_cases(
    app, client, login
):
    from tests.reception.factories import log_visit

    unit, staff = create_office()
    officer = staff["reception_officer"]
    day = clock.today()
    # Stored as held today, whatever day of the week the test runs on.
    db.session.add(
        ReceptionSession(
            unit_id=unit.id,
            head_id=staff["unit_head"].id,
            day=day,
            starts_at=time(7, 30),
            ends_at=time(11, 0),
            place="Trụ sở tiếp công dân",
        )
    )
    db.session.commit()
    waiting = log_visit(unit=unit, officer=officer, visited_on=day, today=day)
    log_visit(unit=unit, officer=officer, visited_on=day, today=day, classification="other")
    log_visit(unit=unit, officer=officer, visited_on=day, today=day, route="guided")
    create_case(unit=unit, receiving_unit=unit, received_on=day, channel="reception")
    login(officer)
    html = client.get("/work/").get_data(as_text=True)
    assert counted(html, "todays_sessions") == 1
    # Of three visits, one is about a petition still without a case (not "other", not guided).
    assert counted(html, "visits_to_cases") == 1
    assert f"/intake/desk?visit={waiting.id}" in html
    assert counted(html, "desk_intake") == 1
    assert nav_count(html) == 1


def test_a_user_with_two_roles_sees_the_sections_of_both(app, client, login):
    unit = create_unit(level="commune")
    both = create_user(role="reception_officer,handler", unit=unit, username="canbo.xa")
    assigned_case(unit, both, due_in=-1)
    login(both)
    html = client.get("/work/").get_data(as_text=True)
    for section in ("my_cases", "my_overdue", "visits_to_cases", "todays_sessions"):
        counted(html, section)
    assert counted(html, "my_overdue") == 1
    assert "Cán bộ tiếp công dân, Cán bộ xử lý đơn" in html


def test_the_inspector_sees_the_province_wide_figures(app, client, login):
    unit, staff = create_office()
    assigned_case(unit, staff["handler"], due_in=-1)
    inspector = create_user(role="inspector", unit=create_unit(level="province"))
    login(inspector)
    html = client.get("/work/").get_data(as_text=True)
    assert "/oversight/" in html
    assert counted(html, "oversight-open") >= 1


def test_home_affairs_sees_the_reports_due_and_received(app, client, login):
    province = create_unit(level="province")
    create_unit(level="department", parent=province)
    create_unit(level="district", parent=province)
    login(create_user(role="home_affairs", unit=province))
    html = client.get("/work/").get_data(as_text=True)
    # Two units must report, none has sent its report yet.
    assert counted(html, "missing-home_affairs") == 2
    assert counted(html, "submitted-home_affairs") == 0


@pytest.mark.parametrize("role", ["handler", "reception_officer", "inspector", "home_affairs"])
def test_only_the_admin_opens_the_admin_index(app, client, login, role):
    login(create_user(role=role))
    assert client.get("/admin/").status_code == 403


def test_the_admin_index_lists_every_admin_area_with_its_count(app, client, login):
    unit = create_unit(level="province")
    admin = create_user(role="admin", unit=unit)
    create_user(role="handler", unit=unit)
    login(admin)
    html = client.get("/admin/").get_data(as_text=True)
    for path in (
        "/admin/users",
        "/admin/units/",
        "/admin/units/changes",
        "/admin/calendar/",
        "/admin/calendar/rules",
        "/reports/lines",
        "/admin/jobs/",
    ):
        assert f'href="{path}"' in html, path
    # Two active accounts: the admin and the handler.
    assert re.search(
        r'href="/admin/users">[^<]*</a></h3>\s*<p[^>]*><span class="stat__number">2<', html
    )
    start = client.get("/work/").get_data(as_text=True)
    assert 'href="/admin/users"' in start


def test_the_start_page_and_the_admin_index_speak_english(app, client, login):
    unit = create_unit(level="province")
    both = create_user(role="unit_head,admin", unit=unit, username="chutich.qt")
    login(both)
    html = client.get("/work/?lang=en").get_data(as_text=True)
    assert "My work" in html and "Proposals waiting for my decision" in html
    assert "Staff accounts" in html and "Việc của tôi" not in html
    admin = client.get("/admin/?lang=en").get_data(as_text=True)
    assert "Administration areas" in admin and "Scheduled jobs" in admin
