"""Routing under two tiers: the case page says which unit the law makes competent, a
denunciation forwarded with whose conduct it is about goes there, and a complaint outside the
unit's competence is guided to the competent body (Circular 05/2021/TT-TTCP: complaints are
guided, not forwarded), each with the basis recorded."""

from datetime import date

from petitions.cases.models import Case
from petitions.extensions import db
from tests.cases.factories import create_received_case
from tests.factories import create_unit, create_user


def _two_tier_province():
    province = create_unit(code="TQX", name="Ủy ban nhân dân tỉnh Tuyên Quang", level="province")
    commune = create_unit(code="TQX-BQ", name="Xã Bắc Quang", level="commune", parent=province)
    head = create_user(role="unit_head", unit=commune, email="head.bq@example.vn")
    return province, commune, head


def _act(client, case_id, action, **fields):
    return client.post(f"/api/v1/cases/{case_id}/actions", json={"action": action, **fields})


def _event(case_id, action):
    return next(e for e in db.session.get(Case, case_id).events if e.action == action)


def test_a_denunciation_of_a_commune_chair_goes_to_the_province(app, api):
    province, commune, head = _two_tier_province()
    case = create_received_case(kind="denunciation", unit=commune, received_on=date(2026, 5, 4))

    response = _act(api(head), case.id, "forward", about="commune_chair", on="2026-05-05")

    assert response.status_code == 200, response.get_json()
    linked = db.session.get(Case, response.get_json()["linked_case_id"])
    assert linked.unit_id == province.id
    event = _event(case.id, "forward")
    assert event.details["about"] == "commune_chair"
    assert event.details["competent_unit"] == "TQX"
    assert "141/2025" in event.details["competence_basis"]


def test_a_second_complaint_about_a_commune_chair_is_guided_to_the_province(app, api):
    _, commune, head = _two_tier_province()
    case = create_received_case(unit=commune, received_on=date(2026, 5, 4))
    case.complaint_round = 2
    db.session.commit()

    response = _act(api(head), case.id, "guide", about="commune_chair", on="2026-05-05")

    assert response.status_code == 200, response.get_json()
    event = _event(case.id, "guide")
    assert event.details["to_body"] == "Ủy ban nhân dân tỉnh Tuyên Quang"
    assert event.details["competent_unit"] == "TQX"
    assert "Luật Khiếu nại 2011, Điều 21" in event.details["competence_basis"]


def test_an_unknown_subject_or_a_central_competence_is_refused_with_a_field(app, api):
    _, commune, head = _two_tier_province()
    case = create_received_case(kind="denunciation", unit=commune, received_on=date(2026, 5, 4))
    client = api(head)

    unknown = _act(client, case.id, "forward", about="mayor", on="2026-05-05")
    central = _act(client, case.id, "forward", about="province_chair", on="2026-05-05")

    assert unknown.status_code == 422 and "about" in unknown.get_json()["error"]["fields"]
    assert central.status_code == 422 and "to_unit" in central.get_json()["error"]["fields"]


def test_the_case_page_lists_the_competent_units_with_their_basis(app, client, login):
    _, commune, head = _two_tier_province()
    case = create_received_case(kind="denunciation", unit=commune, received_on=date(2026, 5, 4))

    login(head)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)

    assert "Đơn vị có thẩm quyền giải quyết theo quy định" in page
    assert "Ủy ban nhân dân tỉnh Tuyên Quang" in page  # a commune chair: the provincial chair
    assert "Luật Tố cáo 2018, Điều 13" in page
    assert 'name="about"' in page
