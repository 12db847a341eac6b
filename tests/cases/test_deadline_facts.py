"""The facts a case's deadlines hang on: remote area, the decision's delivery, extension days."""

from datetime import date

import pytest
from sqlalchemy import select

from petitions.cases.models import Case, CaseEvent
from petitions.extensions import db
from tests.cases.conftest import TODAY
from tests.cases.factories import create_office, create_received_case, create_sealed_case


@pytest.fixture(autouse=True)
def facts_today(monkeypatch):
    import petitions.cases.fact_api
    import petitions.cases.fact_views

    monkeypatch.setattr(petitions.cases.fact_api, "today", lambda: TODAY)
    monkeypatch.setattr(petitions.cases.fact_views, "today", lambda: TODAY)


def act(client, case_id, action, **fields):
    return client.post(f"/api/v1/cases/{case_id}/actions", json={"action": action, **fields})


def facts(client, case_id, **fields):
    return client.post(f"/api/v1/cases/{case_id}/facts", json=fields)


def ok(response):
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def deadline(body, rule):
    return next(d for d in body["deadlines"] if d["rule"] == rule)


@pytest.fixture
def office(app):
    return create_office(code="HGF", staff=("unit_head", "handler"))


def test_the_remote_fact_starts_from_the_unit_at_intake(app):
    unit, _staff = create_office(code="HGR", remote=True, staff=("handler",))
    case = create_received_case(unit=unit)
    assert case.remote is True
    unit.remote = False  # the unit changes later (a merger): the case keeps its own fact
    db.session.flush()
    assert db.session.get(Case, case.id).remote is True


def test_the_handler_sets_the_remote_fact_and_the_resolution_period_is_recomputed(app, api, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    head, handler = api(staff["unit_head"]), api(staff["handler"])
    body = ok(act(head, case.id, "accept", on="2026-03-04"))
    # 04/03/2026 + 30 = Fri 03/04/2026.
    assert deadline(body, "complaint.resolve.first")["due_on"] == "2026-04-03"

    body = ok(facts(handler, case.id, remote=True, note="Thôn ở xã vùng cao"))

    # Remote area, 45 days: 04/03/2026 + 45 = Sat 18/04/2026 -> Mon 20/04/2026.
    assert body["remote"] is True
    assert deadline(body, "complaint.resolve.first")["due_on"] == "2026-04-20"
    event = db.session.get(CaseEvent, body["event_id"])
    assert event.action == "facts_changed"
    assert event.details["changes"] == {"remote": [False, True]}
    assert event.details["deadlines"] == [
        {"rule": "complaint.resolve.first", "old": "2026-04-03", "new": "2026-04-20"}
    ]
    assert event.note == "Thôn ở xã vùng cao"
    # Saying the same again changes nothing and records nothing.
    assert ok(facts(handler, case.id, remote=True))["event_id"] is None


def test_the_second_complaint_window_runs_from_the_day_the_decision_was_received(app, api, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    head = api(staff["unit_head"])
    ok(act(head, case.id, "accept", on="2026-03-04"))
    body = ok(
        act(
            head,
            case.id,
            "conclude",
            on="2026-04-01",
            outcome="partly_correct",
            decided_on="2026-04-01",
            decision_number="12/QĐ-UBND",
        )
    )
    # Until the delivery is known the window counts from the decision: 01/04 + 30 = Fri 01/05
    # (Labour Day), Sat 02, Sun 03 -> Mon 04/05/2026.
    assert deadline(body, "complaint.second_window")["due_on"] == "2026-05-04"

    refused = facts(head, case.id, decision_delivered_on="2026-03-31")
    assert refused.status_code == 422
    assert "decision_delivered_on" in refused.get_json()["error"]["fields"]

    body = ok(facts(head, case.id, decision_delivered_on="2026-04-10"))

    # Received on 10/04/2026: + 30 = Sun 10/05/2026 -> Mon 11/05/2026 (LKN art. 33).
    window = deadline(body, "complaint.second_window")
    assert (window["start_on"], window["due_on"]) == ("2026-04-10", "2026-05-11")
    assert body["decision_delivered_on"] == "2026-04-10"


def test_a_first_round_that_lapsed_without_a_decision_opens_the_window_from_its_end(
    app, api, office
):
    unit, staff = office
    case = create_received_case(unit=unit)
    head = api(staff["unit_head"])
    ok(act(head, case.id, "accept", on="2026-03-04"))

    body = ok(head.get(f"/api/v1/cases/{case.id}/facts"))

    # First round due Fri 03/04/2026, no decision by 01/06: the window runs from 03/04,
    # + 30 = Sun 03/05/2026 -> Mon 04/05/2026.
    lapse = body["second_window_after_lapse"]
    assert (lapse["start_on"], lapse["due_on"]) == ("2026-04-03", "2026-05-04")
    assert lapse["basis"] == "Luật Khiếu nại 2011, Điều 33"


def test_an_extension_adds_the_days_the_head_states(app, api, office):
    unit, staff = office
    case = create_sealed_case(unit=unit, received_on=date(2026, 3, 2))
    head = api(staff["unit_head"])
    ok(act(head, case.id, "accept", on="2026-03-04", complex="complex"))

    too_long = act(head, case.id, "extend", on="2026-03-30", reason="Xác minh", days=31)
    assert too_long.status_code == 422
    assert "days" in too_long.get_json()["error"]["fields"]

    body = ok(act(head, case.id, "extend", on="2026-03-30", reason="Xác minh", days=20))

    # 04/03/2026 + 30 + 20 = Thu 23/04/2026.
    assert deadline(body, "denunciation.resolve")["due_on"] == "2026-04-23"
    event = db.session.scalar(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == "extend")
    )
    assert event.details["days"] == 20
    assert db.session.get(Case, case.id).extension_days == [20]


def test_an_extension_after_the_period_ended_is_refused(app, api, office):
    unit, staff = office
    case = create_sealed_case(unit=unit, received_on=date(2026, 3, 2))
    head = api(staff["unit_head"])
    ok(act(head, case.id, "accept", on="2026-03-04", complex="complex"))

    # The period ended on Fri 03/04/2026.
    late = act(head, case.id, "extend", on="2026-04-06", reason="Xác minh thêm")

    assert late.status_code == 422
    assert "03/04/2026" in late.get_json()["error"]["fields"]["on"][0]


def test_staff_of_another_unit_cannot_set_the_facts(app, api, office):
    unit, _staff = office
    case = create_received_case(unit=unit)
    _other, other_staff = create_office(code="HGO", staff=("handler",))
    response = facts(api(other_staff["handler"]), case.id, remote=True)
    assert response.status_code in (403, 404)
    assert db.session.get(Case, case.id).remote is False


def test_the_case_page_shows_the_facts_and_saves_the_form(app, client, login, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    login(staff["handler"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Tình tiết tính thời hạn" in page

    response = client.post(f"/cases/{case.id}/facts", data={"remote": "1", "note": "Xã vùng cao"})

    assert response.status_code == 302
    assert db.session.get(Case, case.id).remote is True
