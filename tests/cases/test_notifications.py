"""E-mails caused by steps go to the outbox in the step's transaction: the citizen hears of
decisions, staff of what concerns them; a denouncer's address never lies in clear."""

from datetime import date

from sqlalchemy import select

from petitions.extensions import db
from petitions.notifications.models import Outbox
from tests.cases.factories import create_office, create_received_case, create_sealed_case


def act(client, case_id, action, **fields):
    return client.post(f"/api/v1/cases/{case_id}/actions", json={"action": action, **fields})


def outbox():
    return db.session.scalars(select(Outbox).order_by(Outbox.id)).all()


def test_the_citizen_is_written_to_in_vietnamese_when_the_case_is_accepted(app, api):
    unit, staff = create_office(code="HGM", staff=("unit_head",))
    case = create_received_case(unit=unit, email="binh@example.vn")
    head = api(staff["unit_head"])
    response = head.post(
        f"/api/v1/cases/{case.id}/actions",
        json={"action": "accept", "on": "2026-03-05"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    [message] = outbox()
    assert message.recipient == "binh@example.vn" and message.case_id == case.id
    assert case.tracking_code in message.subject and "Thụ lý" in message.subject
    assert "Hạn giải quyết: 06/04/2026" in message.body
    assert "http://localhost/" in message.body


def test_a_denouncers_address_is_queued_only_sealed(app, api):
    unit, staff = create_office(code="HGM", staff=("unit_head",))
    case = create_sealed_case(unit=unit, received_on=date(2026, 3, 2))
    assert act(api(staff["unit_head"]), case.id, "accept", on="2026-03-04").status_code == 200
    [message] = outbox()
    assert message.sealed and message.recipient == "" and message.body == ""
    assert "mai@example.vn" not in message.subject


def test_assigned_staff_hear_of_their_assignment_and_of_key_steps(app, api):
    unit, staff = create_office(code="HGM", staff=("unit_head", "handler"))
    case = create_received_case(unit=unit, email=None)
    head = api(staff["unit_head"])
    act(head, case.id, "accept", on="2026-03-05")
    act(head, case.id, "assign", user=staff["handler"].username, on="2026-03-06")
    act(head, case.id, "suspend", on="2026-03-07", reason="Chờ giám định", ground="await_expertise")
    recipients = [(m.recipient, m.subject) for m in outbox()]
    handler_mail = [s for r, s in recipients if r == staff["handler"].email]
    assert len(handler_mail) == 2
    assert "Bạn được giao xác minh" in handler_mail[0]
    assert f"/cases/{case.id}" in outbox()[0].body


def test_a_proposal_goes_to_the_unit_head(app, api):
    unit, staff = create_office(code="HGM", staff=("unit_head", "handler"))
    case = create_received_case(unit=unit, email=None)
    act(api(staff["handler"]), case.id, "propose", proposal="accept")
    assert [m.recipient for m in outbox()] == [staff["unit_head"].email]


def test_a_refused_step_queues_nothing(app, api):
    unit, staff = create_office(code="HGM", staff=("unit_head",))
    case = create_received_case(unit=unit)
    assert act(api(staff["unit_head"]), case.id, "conclude", outcome="x").status_code == 409
    assert act(api(staff["unit_head"]), case.id, "file").status_code == 422
    assert outbox() == []
