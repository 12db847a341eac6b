"""Helpers shared by the publication tests: a published version and its state read afresh."""

from sqlalchemy import select

from petitions.extensions import db
from petitions.publications.models import Publication
from tests.publications.test_flow import (
    denunciation_conclusion,
    document_id,
    prepare,
    second_round_decision,
)


def published(client, login, api, office, *, denunciation=False):
    unit, staff = office
    case = (
        denunciation_conclusion(api, office) if denunciation else second_round_decision(api, office)
    )
    instrument = "denunciation_conclusion" if denunciation else "complaint_decision"
    doc = document_id(api(staff["unit_head"]), case.id, instrument)
    login(staff["unit_head"])
    edit = prepare(client, case, doc)
    publication = db.session.scalars(select(Publication)).one()
    response = client.post(
        edit, data={"action": "approve", "title": publication.title, "text": publication.text}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return case, edit, publication.id


def state_of(publication_id):
    db.session.expire_all()
    return db.session.get(Publication, publication_id)
