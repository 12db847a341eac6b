"""Personal data that reached the public site or the chained history by a reason: a return
or withdrawal reason naming the denouncer."""

import pytest
from sqlalchemy import select

from petitions.cases.models import CaseEvent
from petitions.extensions import db
from petitions.publications.models import Publication
from tests.cases.factories import create_office
from tests.documents.conftest import flat, pdf_text
from tests.publications.support import published, state_of
from tests.publications.test_flow import (
    denunciation_conclusion,
    document_id,
    prepare,
    public_texts,
)


@pytest.fixture
def office(app):
    return create_office(code="TQ-BQ")


def test_a_withdrawal_reason_naming_the_denouncer_is_refused_and_never_shown(
    app, client, api, login, office
):
    case, edit, publication_id = published(client, login, api, office, denunciation=True)
    response = client.post(
        edit, data={"action": "withdraw", "reason": "Bà Lo Thi Mai đề nghị gỡ, SĐT 0912.345.678"}
    )
    assert response.status_code == 422
    assert "Còn thông tin của người tố cáo" in response.get_data(as_text=True)
    assert state_of(publication_id).state.value == "published"
    client.get("/logout")
    for shown in public_texts(client, publication_id):
        shown = shown if isinstance(shown, str) else flat(pdf_text(shown.get_data()))
        assert "Lo Thi Mai" not in shown and "0912.345.678" not in shown
    notes = db.session.scalars(select(CaseEvent.note).where(CaseEvent.case_id == case.id))
    assert not any("Lo Thi Mai" in (note or "") for note in notes)


def test_a_return_reason_naming_the_denouncer_stays_out_of_the_chained_history(
    app, client, api, login, office
):
    unit, staff = office
    case = denunciation_conclusion(api, office)
    doc = document_id(api(staff["unit_head"]), case.id, "denunciation_conclusion")
    login(staff["handler"])
    edit = prepare(client, case, doc)
    publication = db.session.scalars(select(Publication)).one()
    client.post(
        edit, data={"action": "submit", "title": publication.title, "text": publication.text}
    )
    login(staff["unit_head"])
    # The history row of a return is hash-chained: never rewritten, not even when the case's
    # personal data are removed, and read by staff who may not open the seal.
    response = client.post(
        edit, data={"action": "return", "reason": "Đoạn 2 còn nhắc bà Lò Thị Mai, sửa lại"}
    )
    assert response.status_code == 422
    assert state_of(publication.id).state.value == "submitted"
    notes = db.session.scalars(select(CaseEvent.note).where(CaseEvent.case_id == case.id))
    assert not any("Đoạn 2 còn nhắc" in (note or "") for note in notes)
