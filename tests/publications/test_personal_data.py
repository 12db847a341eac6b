"""Personal data that reached the public site, the chained history or the approval: a
reason naming the denouncer, a name with an invisible character inside, the denouncer's given
name or initials, the address the case's mail goes to."""

import pytest
from sqlalchemy import select

from petitions.cases.models import Case, CaseEvent
from petitions.extensions import db
from petitions.publications import redaction, services
from petitions.publications.models import Publication
from tests.cases.factories import create_office
from tests.documents.conftest import flat, pdf_text
from tests.publications.support import published, state_of
from tests.publications.test_flow import (
    denunciation_conclusion,
    document_id,
    prepare,
    public_texts,
    second_round_decision,
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


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b", "\u2060", "\ufeff", "\u200c"])
def test_a_name_with_an_invisible_character_inside_is_still_found(
    app, client, api, login, office, invisible
):
    unit, staff = office
    case = second_round_decision(api, office)
    doc = document_id(api(staff["unit_head"]), case.id, "complaint_decision")
    login(staff["unit_head"])
    edit = prepare(client, case, doc)
    publication = db.session.scalars(select(Publication)).one()
    # Pasted from a word processor: a soft hyphen or a zero-width character inside the name
    # shows nothing on the page, but it defeated the comparison.
    typed = publication.text + f"\n\nBà Trần Thị Ho{invisible}a đã nhận quyết định."
    response = client.post(
        edit, data={"action": "approve", "title": publication.title, "text": typed}
    )
    assert response.status_code == 422
    assert state_of(publication.id).state.value == "draft"


def test_invisible_characters_are_not_kept_in_the_public_text(app, client, api, login, office):
    unit, staff = office
    case = second_round_decision(api, office)
    doc = document_id(api(staff["unit_head"]), case.id, "complaint_decision")
    login(staff["handler"])
    edit = prepare(client, case, doc)
    publication = db.session.scalars(select(Publication)).one()
    client.post(
        edit,
        data={"action": "save", "title": publication.title, "text": "Điều\u00ad 1.\u200b Giữ"},
    )
    assert state_of(publication.id).text == "Điều 1. Giữ"


def test_the_denouncer_called_by_the_given_name_is_not_reduced_to_an_initial(
    app, client, api, login, office
):
    unit, staff = office
    case = denunciation_conclusion(api, office)
    doc = document_id(api(staff["unit_head"]), case.id, "denunciation_conclusion")
    login(staff["unit_head"])
    edit = prepare(client, case, doc)
    publication = db.session.scalars(select(Publication)).one()
    # How a conclusion speaks of people: "bà Mai". The generated draft must not print "bà M."
    values = services.personal_values(db.session.get(Case, case.id))
    cleaned = redaction.remove("Theo lời bà Mai, việc xảy ra.", values, denunciation=True)
    assert "bà M." not in cleaned and "người tố cáo" in cleaned
    # Typed back by the head, the given name after a title or the initials are refused.
    for typed in ("Theo lời bà Mai, việc xảy ra.", "Người tố cáo (bà L.T.M.) cho biết."):
        response = client.post(
            edit,
            data={"action": "approve", "title": publication.title, "text": typed},
        )
        assert response.status_code == 422, typed
        assert "Còn thông tin của người tố cáo" in response.get_data(as_text=True)
    assert state_of(publication.id).state.value == "draft"


def test_the_address_mail_is_sent_to_counts_as_personal_data(app, client, api, login, office):
    unit, staff = office
    case = second_round_decision(api, office)
    case = db.session.get(Case, case.id)
    case.notify_email = "hoa.tran.thi@example.vn"
    db.session.commit()
    doc = document_id(api(staff["unit_head"]), case.id, "complaint_decision")
    login(staff["unit_head"])
    edit = prepare(client, case, doc)
    publication = db.session.scalars(select(Publication)).one()
    typed = publication.text + "\n\nLiên hệ: hoa.tran.thi@example.vn"
    response = client.post(
        edit, data={"action": "approve", "title": publication.title, "text": typed}
    )
    assert response.status_code == 422


@pytest.mark.parametrize("written", ["0012 0900  1234", "001.209.001.234", "001-209 / 001234"])
def test_an_id_number_with_any_separators_is_found_and_removed(written):
    value = redaction.PersonalValue(field="id_number", value="001209001234", sealed=False)
    text = f"Số CCCD {written} cấp ngày 01/01/2021."
    assert [found.field for found in redaction.leftovers(text, [value])] == ["id_number"]
    assert "1234" not in redaction.remove(text, [value], denunciation=False)


def test_the_public_version_leaves_out_the_case_s_tracking_code(app, client, api, login, office):
    case, _edit, publication_id = published(client, login, api, office)
    publication = state_of(publication_id)
    assert case.tracking_code not in publication.text + publication.title
    assert "mã hồ sơ" not in publication.text
    page = client.get(f"/decisions/{publication_id}").get_data(as_text=True)
    assert case.tracking_code not in page
