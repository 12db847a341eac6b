"""The subject area of the statistical forms (Circular 01/2024/TT-TTCP) is taken at intake."""

from petitions.cases.models import Case
from petitions.extensions import db
from tests.intake.helpers import petition


def test_desk_intake_records_the_subject_area(api, officer):
    response = api(officer).post(
        "/api/v1/cases", json=petition(channel="mail", subject_area="admin_land")
    )
    assert response.status_code == 201, response.get_json()
    assert db.session.get(Case, response.get_json()["id"]).subject_area == "admin_land"


def test_an_unknown_subject_area_is_named_in_the_answer(api, officer):
    response = api(officer).post("/api/v1/cases", json=petition(channel="mail", subject_area="x"))
    assert response.status_code == 422
    assert "subject_area" in response.get_json()["error"]["fields"]


def test_a_citizen_cannot_set_it(client, province):
    response = client.post("/api/v1/petitions", json=petition(subject_area="corruption"))
    assert response.status_code == 201, response.get_json()
    case = db.session.scalar(db.select(Case).order_by(Case.id.desc()))
    assert case.subject_area is None


def test_the_desk_form_offers_the_areas(client, login, officer):
    login(officer)
    page = client.get("/intake/desk").get_data(as_text=True)
    assert 'name="subject_area"' in page
    assert "Hành chính: đất đai, nhà cửa" in page and "Tham nhũng" in page
