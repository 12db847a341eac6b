"""Who may read and act: own unit only, head-only decisions, the inspectorate's reminders."""

from datetime import date

import pytest
from sqlalchemy import select

from petitions.cases.models import CaseEvent
from petitions.extensions import db
from tests.cases.factories import create_office, create_received_case, create_sealed_case
from tests.factories import create_unit, create_user


def act(client, case_id, action, **fields):
    return client.post(f"/api/v1/cases/{case_id}/actions", json={"action": action, **fields})


@pytest.mark.parametrize("action", ["accept", "forward", "extend", "conclude"])
def test_a_handler_cannot_take_the_heads_decisions(app, api, action):
    unit, staff = create_office(code="HGQ", staff=("handler",))
    case = create_received_case(unit=unit)
    response = act(api(staff["handler"]), case.id, action)
    assert response.status_code == 403
    assert "propose" in response.get_json()["error"]["message"]


def test_a_handler_proposes_and_the_head_approves_by_taking_the_step(app, api):
    unit, staff = create_office(code="HGQ", staff=("unit_head", "handler"))
    case = create_received_case(unit=unit)
    proposed = act(
        api(staff["handler"]),
        case.id,
        "propose",
        proposal="accept",
        complex="true",
        note="Đủ điều kiện thụ lý",
    )
    assert proposed.status_code == 200 and proposed.get_json()["status"] == "received"
    proposal = db.session.scalar(select(CaseEvent).where(CaseEvent.action == "proposal"))
    assert proposal.details == {
        "proposal": "accept",
        "fields": {"complex": "true", "note": "Đủ điều kiện thụ lý"},
    }
    accepted = act(api(staff["unit_head"]), case.id, "accept", complex=True)
    assert accepted.status_code == 200
    approval = db.session.scalar(select(CaseEvent).where(CaseEvent.action == "accept"))
    assert approval.details["approves"] == proposal.id


def test_a_proposal_is_checked_like_the_step_itself(app, api):
    unit, staff = create_office(code="HGQ", staff=("handler",))
    case = create_received_case(unit=unit)
    handler = api(staff["handler"])
    assert act(handler, case.id, "propose", proposal="conclude").status_code == 409
    assert act(handler, case.id, "propose", proposal="forward", to_unit="HGQ").status_code == 409
    feedback = create_received_case(kind="feedback", unit=unit)
    bad = act(handler, feedback.id, "propose", proposal="forward", to_unit="NOWHERE")
    assert bad.status_code == 422 and "to_unit" in bad.get_json()["error"]["fields"]
    assert act(handler, case.id, "propose", proposal="assign").status_code == 422


def test_nobody_acts_on_or_reads_another_units_case(app, api):
    unit, _ = create_office(code="HGQ", staff=())
    _other, strangers = create_office(code="HGZ", staff=("unit_head", "handler"))
    case = create_received_case(unit=unit)
    for person in strangers.values():
        assert act(api(person), case.id, "classify").status_code == 403
        assert api(person).get(f"/api/v1/cases/{case.id}").status_code == 403


def test_an_unknown_case_is_not_found(app, api):
    _unit, staff = create_office(code="HGQ", staff=("unit_head",))
    assert act(api(staff["unit_head"]), 999999, "accept").status_code == 404
    assert api(staff["unit_head"]).get("/api/v1/cases/999999").status_code == 404


def test_the_inspectorate_reads_every_unit_and_sends_reminders_but_decides_nothing(app, api):
    unit, _ = create_office(code="HGQ", staff=())
    inspector = api(create_user(role="inspector", unit=create_unit(code="HG-TTT")))
    case = create_received_case(unit=unit)
    assert inspector.get(f"/api/v1/cases/{case.id}").status_code == 200
    assert inspector.get("/api/v1/cases").get_json()["total"] == 1
    assert act(inspector, case.id, "accept").status_code == 403
    reminded = act(inspector, case.id, "remind", note="Đề nghị xử lý đúng hạn.")
    assert reminded.status_code == 200
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.action == "remind"))
    assert event.note == "Đề nghị xử lý đúng hạn." and not event.public


@pytest.mark.parametrize("role", ["home_affairs", "admin"])
def test_home_affairs_and_admins_read_but_do_not_act(app, api, role):
    unit, _ = create_office(code="HGQ", staff=())
    reader = api(create_user(role=role))
    case = create_received_case(unit=unit)
    assert reader.get(f"/api/v1/cases/{case.id}").status_code == 200
    assert act(reader, case.id, "remind").status_code == 403
    assert act(reader, case.id, "classify").status_code == 403


def test_a_reception_officer_routes_at_the_desk_but_does_not_assign(app, api):
    unit, staff = create_office(code="HGQ", staff=("reception_officer", "handler"))
    officer = api(staff["reception_officer"])
    case = create_received_case(unit=unit)
    assert act(officer, case.id, "classify", eligible=True).status_code == 200
    other = create_received_case(unit=unit)
    assert act(officer, other.id, "guide", to_body="TAND huyện").status_code == 200
    accepted = create_received_case(unit=unit)
    accepted.status = accepted.status.ACCEPTED
    db.session.commit()
    assert act(officer, accepted.id, "assign", user=staff["handler"].username).status_code == 403


def test_a_head_lists_the_cases_of_the_units_below(app, api):
    district, staff = create_office(code="HGQ", staff=("unit_head", "handler"))
    commune, _ = create_office(code="HGQ-X", parent=district, staff=())
    elsewhere, _ = create_office(code="HGW", staff=())
    for unit in (district, commune, elsewhere):
        create_received_case(unit=unit)
    head_sees = api(staff["unit_head"]).get("/api/v1/cases").get_json()
    handler_sees = api(staff["handler"]).get("/api/v1/cases").get_json()
    assert sorted(item["unit"] for item in head_sees["items"]) == ["HGQ", "HGQ-X"]
    assert [item["unit"] for item in handler_sees["items"]] == ["HGQ"]


def test_only_the_head_and_assigned_staff_may_open_a_sealed_identity(app, api):
    unit, staff = create_office(code="HGQ", staff=("unit_head", "handler", "handler2"))
    inspector = create_user(role="inspector")
    case = create_sealed_case(unit=unit, received_on=date(2026, 3, 2))
    head = api(staff["unit_head"])
    assert act(head, case.id, "accept", complex=False).status_code == 200
    assert act(head, case.id, "assign", user=staff["handler"].username).status_code == 200
    reveal = {"reason": "Xác minh nhân thân"}
    for person, allowed in (
        (staff["unit_head"], True),
        (staff["handler"], True),
        (staff["handler2"], False),
        (inspector, False),
    ):
        response = api(person).post(f"/api/v1/cases/{case.id}/reveal", json=reveal)
        assert (response.status_code == 200) is allowed, person.role
        listed = api(person).get("/api/v1/cases").get_json()["items"]
        assert all(item["petitioner"] == {"sealed": True} for item in listed)


def test_revealing_needs_a_reason(app, api):
    unit, staff = create_office(code="HGQ", staff=("unit_head",))
    case = create_sealed_case(unit=unit)
    response = api(staff["unit_head"]).post(f"/api/v1/cases/{case.id}/reveal", json={})
    assert response.status_code == 422
    assert "reason" in response.get_json()["error"]["fields"]
