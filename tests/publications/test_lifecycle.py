"""A public version's life around approval and retention: a correction arriving after the
approval, a case whose personal data were removed before its version was prepared, a published
version that outlives the case's personal data."""

from datetime import date

import pytest
from sqlalchemy import select

from petitions.audit.chain import verify
from petitions.cases.models import Case, Status
from petitions.extensions import db
from petitions.privacy import retention
from petitions.publications.models import Publication
from tests.cases.factories import create_office
from tests.factories import create_user
from tests.publications.support import published, state_of
from tests.publications.test_flow import document_id, second_round_decision


@pytest.fixture
def office(app):
    return create_office(code="TQ-BQ")


def test_a_correction_saved_after_approval_is_refused_not_reported_saved(
    app, client, api, login, office
):
    unit, staff = office
    case, edit, publication_id = published(client, login, api, office)
    published_text = state_of(publication_id).text
    # The handler's page was loaded before the head approved; the correction arrives after.
    login(staff["handler"])
    response = client.post(
        edit, data={"action": "save", "title": "Sửa", "text": "Bản sửa"}, follow_redirects=True
    )
    assert response.status_code in (409, 422)
    assert "Đã lưu bản công khai" not in response.get_data(as_text=True)
    assert state_of(publication_id).text == published_text


def test_an_anonymised_case_cannot_start_a_public_version_and_shows_no_error(
    app, client, api, login, office
):
    unit, staff = office
    case = second_round_decision(api, office)
    doc = document_id(api(staff["unit_head"]), case.id, "complaint_decision")
    stored = db.session.get(Case, case.id)
    stored.status, stored.closed_on = Status.CLOSED, date(2026, 3, 10)
    db.session.commit()
    admin = create_user(role="admin")
    assert retention.anonymise([case.id], actor=admin, today=date(2060, 1, 1)) == 1
    db.session.commit()
    login(staff["unit_head"])
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200
    assert "Chuẩn bị bản công khai" not in page.get_data(as_text=True)
    response = client.post(f"/cases/{case.id}/publications", data={"document": doc})
    assert response.status_code == 302
    assert db.session.scalars(select(Publication)).first() is None


def test_a_published_version_survives_anonymisation_and_the_trail_still_verifies(
    app, client, api, login, office
):
    case, edit, publication_id = published(client, login, api, office, denunciation=True)
    # (The test factories write history rows outside the chain: compare with the trail before.)
    before = verify(db.session).breaks
    stored = db.session.get(Case, case.id)
    stored.status, stored.closed_on = Status.CLOSED, date(2026, 3, 10)
    db.session.commit()
    admin = create_user(role="admin")
    assert retention.anonymise([case.id], actor=admin, today=date(2060, 1, 1)) == 1
    db.session.commit()
    client.get("/logout")
    assert client.get(f"/decisions/{publication_id}").status_code == 200
    assert client.get(f"/decisions/{publication_id}.pdf").status_code == 200
    assert verify(db.session).breaks == before
