"""The inspectorate's letter of reminder (công văn đôn đốc), numbered in its own register."""

from tests.cases.factories import create_received_case
from tests.documents.conftest import docx_text, flat, pdf_text
from tests.factories import create_unit, create_user


def test_a_reminder_goes_with_a_numbered_letter_from_the_inspectorate(
    app, api, province, commune, inspectorate
):
    unit, staff = commune
    inspection, people = inspectorate
    case = create_received_case(kind="complaint", unit=unit, full_name="Trần Thị Hoa")
    head = api(people["inspector"])
    sent = head.post(
        "/api/v1/oversight/reminders",
        json={
            "case": case.id,
            "message": "Đề nghị khẩn trương giải quyết đơn.",
            "respond_by": "2099-12-31",
        },
    )
    assert sent.status_code in (200, 201), sent.get_json()
    reminder_id = sent.get_json()["id"]
    # The reminded unit sees the letter among the case's documents.
    [item] = api(staff["unit_head"]).get(f"/api/v1/cases/{case.id}/documents").get_json()
    assert item["type"] == "reminder" and item["number"] == "01/TTr"
    pdf = head.get(f"/api/v1/reminders/{reminder_id}/letter.pdf")
    assert pdf.status_code == 200
    docx = head.get(f"/api/v1/reminders/{reminder_id}/letter.docx")
    for text in (flat(pdf_text(pdf.get_data())), flat(docx_text(docx.get_data()))):
        assert "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG THANH TRA TỈNH" in text
        assert "Số: 01/TTr" in text
        assert f"V/v đôn đốc giải quyết hồ sơ {case.tracking_code}" in text
        assert "Kính gửi: Ủy ban nhân dân xã Bắc Quang" in text
        assert "Đề nghị khẩn trương giải quyết đơn." in text
        # Drafted by an inspector, signed by the chief inspector on paper: no one's name.
        assert "CHÁNH THANH TRA" in text and "Đặng Quốc Bảo" not in text
    # A unit that neither sent nor received it does not get it.
    stranger_unit = create_unit(code="TQ-X", name="Xã Minh Ngọc", level="commune", parent=province)
    stranger = create_user(role="unit_head", unit=stranger_unit)
    assert api(stranger).get(f"/api/v1/reminders/{reminder_id}/letter.pdf").status_code == 404
