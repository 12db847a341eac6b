"""Publishing a second-round complaint decision and a denunciation conclusion: the handler
prepares a public version without personal data, the unit's head approves or returns it, the
public site shows it only then, and a withdrawal leaves a public note."""

from datetime import date

import pytest
from sqlalchemy import select

from petitions.audit.models import AuditEntry
from petitions.cases.models import CaseEvent
from petitions.extensions import db
from petitions.publications.models import Publication
from tests.cases.factories import create_office, create_received_case, create_sealed_case
from tests.documents.conftest import flat, pdf_text

DENOUNCER = {
    "full_name": "Lò Thị Mai",
    "id_number": "002190001234",
    "address": "Thôn Nà Khương, xã Minh Ngọc",
    "phone": "0912345678",
    "email": "mai@example.vn",
}


def act(client, case_id, action, **fields):
    response = client.post(
        f"/api/v1/cases/{case_id}/actions", json={"action": action, "on": "2026-03-10", **fields}
    )
    assert response.status_code == 200, response.get_json()


@pytest.fixture
def office(app):
    return create_office(code="TQ-BQ")


def second_round_decision(api, office, **kwargs):
    unit, staff = office
    case = create_received_case(
        kind="complaint",
        unit=unit,
        full_name="Trần Thị Hoa",
        title="Khiếu nại quyết định thu hồi đất của ông Nguyễn Văn Xuân",
        content="Bà Trần Thị Hoa, số điện thoại 0987 654 321, khiếu nại lần hai.",
        **kwargs,
    )
    head = api(staff["unit_head"])
    act(head, case.id, "classify", complaint_round=2)
    act(head, case.id, "accept")
    act(head, case.id, "dialogue", minutes="Hai bên trình bày ý kiến.")
    act(head, case.id, "conclude", outcome="correct", decision_number="45/QĐ-UBND")
    return case


def denunciation_conclusion(api, office):
    unit, staff = office
    case = create_sealed_case(unit=unit, received_on=date(2026, 3, 2), identity=DENOUNCER)
    head = api(staff["unit_head"])
    act(head, case.id, "accept")
    act(
        head,
        case.id,
        "conclude",
        outcome="partly_correct",
        decision_number="12/KL-UBND",
        summary="Ông Phạm Văn Đức, cán bộ địa chính, đã nhận tiền của bà Lò Thị Mai "
        "(điện thoại 0912 345 678, thôn Nà Khương, xã Minh Ngọc).",
    )
    return case


def document_id(client, case_id, instrument):
    [item] = [
        d
        for d in client.get(f"/api/v1/cases/{case_id}/documents").get_json()
        if d["type"] == instrument
    ]
    return item["id"]


def prepare(client, case, document):
    response = client.post(f"/cases/{case.id}/publications", data={"document": document})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def public_texts(client, publication_id):
    listing = client.get("/decisions/").get_data(as_text=True)
    page = client.get(f"/decisions/{publication_id}").get_data(as_text=True)
    pdf = client.get(f"/decisions/{publication_id}.pdf")
    api_list = client.get("/api/v1/publications").get_data(as_text=True)
    api_item = client.get(f"/api/v1/publications/{publication_id}").get_data(as_text=True)
    return listing, page, pdf, api_list, api_item


def test_a_second_round_decision_is_prepared_approved_and_published_without_names(
    app, client, api, login, office
):
    unit, staff = office
    case = second_round_decision(api, office)
    doc = document_id(api(staff["unit_head"]), case.id, "complaint_decision")

    login(staff["handler"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Công khai quyết định, kết luận" in page
    # Decree 124/2020 art. 29: within 15 days of 10/03/2026 → 25/03/2026.
    assert "Hạn công khai: 25/03/2026" in page
    edit = prepare(client, case, doc)
    text = client.get(edit).get_data(as_text=True)
    assert "T.T.H." in text and "Trần Thị Hoa" not in text
    assert "ông N.V.X." in text and "Nguyễn Văn Xuân" not in text
    assert "0987 654 321" not in text
    [publication] = db.session.scalars(select(Publication)).all()

    # Nothing is public before the head approves, even once submitted.
    response = client.post(
        edit, data={"action": "submit", "title": publication.title, "text": publication.text}
    )
    assert response.status_code == 302
    client.get("/logout")
    assert client.get(f"/decisions/{publication.id}").status_code == 404
    assert client.get(f"/api/v1/publications/{publication.id}").status_code == 404
    assert client.get("/api/v1/publications").get_json()["total"] == 0

    # A handler cannot approve.
    login(staff["handler"])
    db.session.expire_all()
    publication = db.session.get(Publication, publication.id)
    response = client.post(
        edit, data={"action": "approve", "title": publication.title, "text": publication.text}
    )
    assert response.status_code in (403, 409, 422)
    assert db.session.get(Publication, publication.id).state.value == "submitted"

    login(staff["unit_head"])
    response = client.post(
        edit, data={"action": "approve", "title": publication.title, "text": publication.text}
    )
    assert response.status_code == 302
    client.get("/logout")
    listing, page, pdf, api_list, api_item = public_texts(client, publication.id)
    assert "45/QĐ-UBND" in listing and "45/QĐ-UBND" in page
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    pdf_words = flat(pdf_text(pdf.get_data()))
    assert "QUYẾT ĐỊNH" in pdf_words and "T.T.H." in pdf_words
    for shown in (listing, page, pdf_words, api_list, api_item):
        assert "Trần Thị Hoa" not in shown and "001203004005" not in shown
        assert "dan@example.vn" not in shown
    assert (
        client.get("/decisions/?kind=denunciation").get_data(as_text=True).count("45/QĐ-UBND") == 0
    )
    assert client.get("/api/v1/publications?year=2025").get_json()["total"] == 0
    assert (
        client.get(f"/api/v1/publications?unit={unit.code}&kind=complaint&year=2026").get_json()[
            "total"
        ]
        == 1
    )

    actions = [
        e.action for e in db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))
    ]
    assert actions[-3:] == [
        "publication_prepared",
        "publication_submitted",
        "publication_published",
    ]
    audited = set(db.session.scalars(select(AuditEntry.action)))
    assert {"publication.prepared", "publication.approved", "publication.published"} <= audited


def test_the_denouncer_never_appears_even_when_typed_back_into_the_text(
    app, client, api, login, office
):
    unit, staff = office
    case = denunciation_conclusion(api, office)
    doc = document_id(api(staff["unit_head"]), case.id, "denunciation_conclusion")
    login(staff["unit_head"])
    edit = prepare(client, case, doc)
    draft = client.get(edit).get_data(as_text=True)
    for value in ("Lò Thị Mai", "Nà Khương", "0912 345 678", "L.T.M."):
        assert value not in draft
    assert "người tố cáo" in draft and "Ông P.V.Đ., cán bộ địa chính" in draft
    assert "bà người tố cáo" not in draft and "[địa chỉ [" not in draft
    publication = db.session.scalars(select(Publication)).one()

    # The head types the denouncer back in (without accents, with spaces in the phone):
    # approval is refused on the server and the page says what is left, never the value.
    typed = publication.text + "\n\nNguoi to cao: Lo Thi Mai, 0912 345 678, mai@example.vn."
    response = client.post(
        edit, data={"action": "approve", "title": publication.title, "text": typed}
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Còn thông tin của người tố cáo" in body
    assert "Lo Thi Mai, 0912" in body  # the head's own text comes back to be corrected
    db.session.expire_all()
    assert db.session.get(Publication, publication.id).state.value == "draft"
    client.get("/logout")
    assert client.get(f"/decisions/{publication.id}").status_code == 404

    # The JSON of a publication refused the same way: nothing public.
    assert client.get("/api/v1/publications").get_json()["total"] == 0

    login(staff["unit_head"])
    response = client.post(
        edit, data={"action": "approve", "title": publication.title, "text": publication.text}
    )
    assert response.status_code == 302
    client.get("/logout")
    listing, page, pdf, api_list, api_item = public_texts(client, publication.id)
    pdf_words = flat(pdf_text(pdf.get_data()))
    for shown in (listing, page, pdf_words, api_list, api_item):
        for value in DENOUNCER.values():
            assert value not in shown
        assert "0912 345 678" not in shown and "L.T.M." not in shown


def test_the_head_returns_a_version_with_a_reason_and_the_handler_sees_it(
    app, client, api, login, office
):
    unit, staff = office
    case = second_round_decision(api, office)
    doc = document_id(api(staff["unit_head"]), case.id, "complaint_decision")
    login(staff["handler"])
    edit = prepare(client, case, doc)
    publication = db.session.scalars(select(Publication)).one()
    client.post(
        edit, data={"action": "submit", "title": publication.title, "text": publication.text}
    )
    login(staff["unit_head"])
    assert client.post(edit, data={"action": "return", "reason": ""}).status_code == 422
    response = client.post(edit, data={"action": "return", "reason": "Lược bỏ thêm tên thửa đất"})
    assert response.status_code == 302
    login(staff["handler"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "thủ trưởng trả lại: Lược bỏ thêm tên thửa đất" in page
    assert db.session.get(Publication, publication.id).state.value == "draft"


def test_a_withdrawn_publication_keeps_a_public_note_and_drops_its_text(
    app, client, api, login, office
):
    unit, staff = office
    case = second_round_decision(api, office)
    doc = document_id(api(staff["unit_head"]), case.id, "complaint_decision")
    login(staff["unit_head"])
    edit = prepare(client, case, doc)
    publication = db.session.scalars(select(Publication)).one()
    client.post(
        edit, data={"action": "approve", "title": publication.title, "text": publication.text}
    )
    # A handler may not withdraw.
    login(staff["handler"])
    client.post(edit, data={"action": "withdraw", "reason": "Sai số"})
    db.session.expire_all()
    assert db.session.get(Publication, publication.id).state.value == "published"
    login(staff["unit_head"])
    response = client.post(edit, data={"action": "withdraw", "reason": "Bản án hủy quyết định"})
    assert response.status_code == 302
    client.get("/logout")
    page = client.get(f"/decisions/{publication.id}").get_data(as_text=True)
    assert "đã được gỡ khỏi trang công khai" in page and "Bản án hủy quyết định" in page
    assert "Điều 1." not in page
    assert client.get(f"/decisions/{publication.id}.pdf").status_code == 404
    item = client.get(f"/api/v1/publications/{publication.id}").get_json()
    assert item["state"] == "withdrawn" and item["text"] == [] and item["pdf"] is None
    actions = [
        e.action for e in db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))
    ]
    assert actions[-1] == "publication_withdrawn"


def test_only_the_resolving_units_head_approves(app, client, api, login, office):
    unit, staff = office
    _other, strangers = create_office(code="TQ-VT")
    case = second_round_decision(api, office)
    doc = document_id(api(staff["unit_head"]), case.id, "complaint_decision")
    login(staff["handler"])
    edit = prepare(client, case, doc)
    publication = db.session.scalars(select(Publication)).one()
    login(strangers["unit_head"])
    response = client.post(
        edit, data={"action": "approve", "title": publication.title, "text": publication.text}
    )
    assert response.status_code in (403, 404)
    login(staff["reception_officer"])
    assert client.post(f"/cases/{case.id}/publications", data={"document": doc}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Publication, publication.id).state.value == "draft"


def test_a_first_round_decision_has_nothing_to_publish(app, client, api, login, office):
    unit, staff = office
    case = create_received_case(kind="complaint", unit=unit)
    head = api(staff["unit_head"])
    act(head, case.id, "accept")
    act(head, case.id, "conclude", outcome="incorrect")
    doc = document_id(head, case.id, "complaint_decision")
    login(staff["unit_head"])
    assert "Công khai quyết định, kết luận" not in client.get(f"/cases/{case.id}").get_data(
        as_text=True
    )
    response = client.post(f"/cases/{case.id}/publications", data={"document": doc})
    assert response.status_code == 302
    assert db.session.scalars(select(Publication)).first() is None
