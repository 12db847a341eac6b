"""Notices in official layout: the .docx opens in Word, the print page shows the same text,
a sealed identity never appears in either, and the citizen gets their documents as PDF."""

import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from petitions.cases import notices
from petitions.documents.issuers import vietnamese_date
from petitions.documents.models import OfficialDocument
from petitions.extensions import db
from tests.cases.factories import create_office, create_received_case, create_sealed_case


def act(client, case_id, action, **fields):
    response = client.post(f"/api/v1/cases/{case_id}/actions", json={"action": action, **fields})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def office(app):
    from tests.factories import create_unit

    province = create_unit(code="HGN", name="Ủy ban nhân dân tỉnh Hà Giang", level="province")
    return create_office(
        code="HGN-BQ",
        name="Ủy ban nhân dân huyện Bắc Quang",
        parent=province,
        staff=("unit_head", "handler"),
    )


@pytest.mark.parametrize(
    ("kind", "steps", "notice", "title"),
    [
        (
            "complaint",
            [("accept", {})],
            "acceptance",
            "Về việc thụ lý giải quyết khiếu nại lần đầu",
        ),
        (
            "complaint",
            [("reject", {"reason": "Quá thời hiệu"})],
            "refusal",
            "Về việc không thụ lý giải quyết đơn khiếu nại",
        ),
        (
            "complaint",
            [("guide", {"to_body": "Tòa án nhân dân huyện"})],
            "guidance",
            "PHIẾU HƯỚNG DẪN",
        ),
        ("feedback", [("forward", {"to_unit": "HGN"})], "forwarding", "PHIẾU CHUYỂN ĐƠN"),
        (
            "denunciation",
            [
                ("accept", {"complex": True}),
                ("extend", {"reason": "Nhiều nơi", "decision_number": "7"}),
            ],
            "extension",
            "Về việc gia hạn thời hạn giải quyết tố cáo",
        ),
        (
            "complaint",
            [
                ("accept", {}),
                ("conclude", {"outcome": "partly_correct", "decision_number": "25/QĐ-UBND"}),
            ],
            "conclusion",
            "Về việc giải quyết khiếu nại lần đầu",
        ),
    ],
)
def test_each_notice_opens_as_a_word_document_in_official_layout(
    app, api, client, login, office, kind, steps, notice, title
):
    unit, staff = office
    case = create_received_case(
        kind=kind, unit=unit, received_on=date(2026, 3, 2), full_name="Trần Thị Hoa"
    )
    head = api(staff["unit_head"])
    for action, fields in steps:
        body = act(head, case.id, action, on="2026-03-10", **fields)
    event = next(e for e in case.events if e.id == body["event_id"])
    assert event.details["notice"] == notice

    login(staff["handler"])
    response = client.get(f"/cases/{case.id}/notices/{event.id}.docx")
    assert response.status_code == 200
    assert response.mimetype == notices.DOCX_TYPE
    text = docx_text(response.get_data())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN HUYỆN BẮC QUANG" in text
    assert "Bắc Quang, ngày 10 tháng 3 năm 2026" in text
    assert "(Ký, ghi rõ họ tên" not in text
    assert case.tracking_code in text
    assert title in text

    page = client.get(f"/cases/{case.id}/notices/{event.id}").get_data(as_text=True)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and title in page
    assert case.tracking_code in page


def test_the_notice_is_entered_in_the_register_when_the_head_takes_the_step(app, api, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    act(api(staff["unit_head"]), case.id, "accept", on="2026-03-10")
    [document] = db.session.scalars(db.select(OfficialDocument)).all()
    assert (document.case_id, document.number, document.public) == (case.id, "01/TB-UBND", True)
    assert document.issued_on == date(2026, 3, 10) and document.signer_id == staff["unit_head"].id
    event = case.events[-1]
    assert event.public and event.details["documents"] == [document.id]


def test_a_notice_of_a_sealed_denunciation_names_no_one(app, api, client, login, office):
    unit, staff = office
    case = create_sealed_case(unit=unit, received_on=date(2026, 3, 2))
    body = act(api(staff["unit_head"]), case.id, "accept", on="2026-03-04", complex=True)
    login(staff["unit_head"])
    data = client.get(f"/cases/{case.id}/notices/{body['event_id']}.docx").get_data()
    text = docx_text(data)
    assert "Lò Thị Mai" not in text and "002190001234" not in text and "Minh Ngọc" not in text
    assert "QUYẾT ĐỊNH" in text and "Về việc thụ lý tố cáo" in text
    event = next(e for e in case.events if e.id == body["event_id"])
    to_denouncer = notices.build(case, event, "denunciation_acceptance_notice").text()
    assert "Người tố cáo (thông tin cá nhân được giữ bí mật" in to_denouncer
    assert "Lò Thị Mai" not in to_denouncer
    page = client.get(f"/cases/{case.id}/notices/{body['event_id']}").get_data(as_text=True)
    assert "Lò Thị Mai" not in page


def test_dates_in_notices_are_written_the_administrative_way():
    assert vietnamese_date(date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
    assert vietnamese_date(date(2026, 1, 15)) == "ngày 15 tháng 01 năm 2026"
    assert vietnamese_date(date(2026, 12, 1)) == "ngày 01 tháng 12 năm 2026"


def test_a_step_without_a_notice_has_no_notice_page(app, api, client, login, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    body = act(api(staff["unit_head"]), case.id, "classify", eligible=True)
    login(staff["unit_head"])
    assert client.get(f"/cases/{case.id}/notices/{body['event_id']}").status_code == 404


def test_the_citizen_downloads_the_acceptance_notice_as_pdf_with_code_and_key(
    app, api, client, office
):
    from petitions.intake.services import record_petition

    unit, staff = office
    receipt = record_petition(
        data={
            "kind": "complaint",
            "title": "Khiếu nại về bồi thường",
            "content": "Đề nghị xem xét lại mức bồi thường.",
            "unit": unit.code,
            "petitioner": {
                "full_name": "Trần Thị Hoa",
                "id_number": "002190003345",
                "address": "Tổ 3, thị trấn Việt Quang",
                "phone": "0868345129",
            },
        },
        channel="online",
        receiving_unit=unit,
        received_on=date(2026, 3, 2),
        today=date(2026, 3, 2),
    )
    db.session.commit()
    case = receipt.case
    act(api(staff["unit_head"]), case.id, "accept", on="2026-03-05")
    [document] = db.session.scalars(db.select(OfficialDocument)).all()
    tracked = client.post(
        "/intake/track", data={"code": case.tracking_code, "key": receipt.access_key}
    )
    page = tracked.get_data(as_text=True)
    # Listed by title and date, as PDF; no file name made of a slug.
    assert "Thông báo về việc thụ lý giải quyết khiếu nại lần đầu" in page
    assert "số 01/TB-UBND, ngày 05/03/2026" in page
    download = client.post(
        f"/intake/track/document/{document.id}.pdf",
        data={"code": case.tracking_code, "key": receipt.access_key},
    )
    assert download.mimetype == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(download.get_data())).pages[0].extract_text().split())
    assert "Về việc thụ lý giải quyết khiếu nại lần đầu" in text and "Trần Thị Hoa" in text
    download.close()
    wrong = client.post(
        f"/intake/track/document/{document.id}.pdf",
        data={"code": case.tracking_code, "key": "x"},
    )
    assert wrong.status_code == 404
