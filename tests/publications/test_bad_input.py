"""Bad input on the publication pages and API: answered as such, never with an error page."""

import pytest
from sqlalchemy import select

from petitions.extensions import db
from petitions.publications.models import Publication
from tests.cases.factories import create_office
from tests.publications.support import state_of
from tests.publications.test_flow import document_id, prepare, second_round_decision


@pytest.fixture
def office(app):
    return create_office(code="TQ-BQ")


@pytest.mark.parametrize(
    "query",
    [
        "year=abc&unit=<script>alert(1)</script>&kind=x",
        "year=99999999999999999999",
        "page=-1",
        "page=99999999999999999999",
        "unit=" + "x" * 5000,
    ],
)
def test_bad_filters_on_the_public_list_never_give_an_error_page(app, client, query):
    response = client.get(f"/decisions/?{query}")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query", ["year=abc", "year=1999", "page=-1", "page=0", "page=abc", "kind=x"]
)
def test_bad_filters_on_the_api_are_refused_as_such(app, client, query):
    assert client.get(f"/api/v1/publications?{query}").status_code == 422


@pytest.mark.parametrize(
    "path", ["/decisions/0", "/decisions/99999999999999", "/decisions/1.pdf", "/decisions/x"]
)
def test_unknown_or_malformed_publications_are_not_found(app, client, path):
    assert client.get(path).status_code == 404
    assert client.get("/api/v1/publications/99999999999999").status_code == 404


def test_a_malformed_document_number_when_preparing_is_not_found(app, client, api, login, office):
    unit, staff = office
    case = second_round_decision(api, office)
    login(staff["handler"])
    for raw in ("abc", "", "-1", "99999999999999999999"):
        response = client.post(f"/cases/{case.id}/publications", data={"document": raw})
        assert response.status_code == 404, raw


def test_an_empty_or_too_long_text_is_refused_next_to_its_field(app, client, api, login, office):
    unit, staff = office
    case = second_round_decision(api, office)
    doc = document_id(api(staff["unit_head"]), case.id, "complaint_decision")
    login(staff["handler"])
    edit = prepare(client, case, doc)
    publication = db.session.scalars(select(Publication)).one()
    for title, text in (("", "x"), ("Tiêu đề", " \n "), ("x" * 301, "x"), ("T", "x" * 100_001)):
        response = client.post(edit, data={"action": "save", "title": title, "text": text})
        assert response.status_code == 422
    assert state_of(publication.id).text == publication.text
