"""Linking a case to another (repeat, duplicate) needs read access to the other case."""

from sqlalchemy import select

from petitions.cases.models import CaseEvent
from petitions.extensions import db
from tests.cases.factories import create_office, create_received_case


def act(client, case_id, action, **fields):
    return client.post(f"/api/v1/cases/{case_id}/actions", json={"action": action, **fields})


def test_a_district_handler_cannot_link_a_provincial_case_it_cannot_read(app, api):
    province, _province_staff = create_office(code="HGP", staff=("unit_head",))
    district, staff = create_office(code="HGD", parent=province, staff=("handler",))
    provincial = create_received_case(unit=province)
    own = create_received_case(unit=district)

    for field, value in (
        ("duplicate_of", provincial.id),
        ("repeat_of", provincial.tracking_code),
        ("repeat_of", provincial.id),
    ):
        response = act(api(staff["handler"]), own.id, "classify", **{field: value})
        assert response.status_code == 422, (field, value)
        assert field in response.get_json()["error"]["fields"]

    db.session.expire_all()
    assert own.repeat_of is None and own.duplicate_of is None


def test_a_second_complaint_writes_nothing_into_a_case_the_actor_cannot_read(app, api):
    province, _province_staff = create_office(code="HGP", staff=("unit_head",))
    district, staff = create_office(code="HGD", parent=province, staff=("handler",))
    provincial = create_received_case(unit=province)
    own = create_received_case(unit=district)

    response = act(
        api(staff["handler"]),
        own.id,
        "classify",
        complaint_round=2,
        repeat_of=provincial.id,
    )

    assert response.status_code == 422
    written = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == provincial.id)).all()
    assert [e.action for e in written if e.action == "second_complaint"] == []


def test_a_case_of_the_same_unit_can_still_be_linked_as_a_repeat(app, api):
    unit, staff = create_office(code="HGD", staff=("handler",))
    first = create_received_case(unit=unit)
    second = create_received_case(unit=unit)

    response = act(api(staff["handler"]), second.id, "classify", repeat_of=first.tracking_code)

    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    assert second.repeat_of_id == first.id and second.repeat_number == 2


def test_the_desk_cannot_link_a_new_petition_to_a_case_it_cannot_read(app, api):
    from tests.factories import create_user
    from tests.intake.helpers import petition

    province, _province_staff = create_office(code="HGP", staff=("unit_head",))
    district, _staff = create_office(code="HGD", parent=province, staff=())
    district_case = create_received_case(unit=district)
    # A provincial reception officer's subtree holds the district, but the officer may not
    # read the district's cases: a link would confirm and touch what they cannot see.
    officer = create_user(role="reception_officer", unit=province)

    response = api(officer).post(
        "/api/v1/cases",
        json=petition(channel="mail", repeat_of=district_case.id),
    )

    assert response.status_code == 422
    assert "repeat_of" in response.get_json()["error"]["fields"]
