"""Every instrument a case's steps issue, opened as .docx and as PDF: the header with the
issuer as the unit is named, the register number, the place and date, the title, the
signature block of the chair's personal competence, and the recipients taken from the case."""

from datetime import date
from urllib.parse import unquote

import pytest

from petitions.cases.models import Case
from petitions.extensions import db
from tests.cases.factories import create_received_case, create_sealed_case
from tests.documents.conftest import docx_text, flat, pdf_text

HEADER = "ỦY BAN NHÂN DÂN XÃ BẮC QUANG"
PLACE_AND_DATE = "Bắc Quang, ngày 10 tháng 3 năm 2026"


def act(client, case_id, action, **fields):
    response = client.post(
        f"/api/v1/cases/{case_id}/actions", json={"action": action, "on": "2026-03-10", **fields}
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# kind, steps (the last issues the instrument), instrument, number, title words, recipient
CASES = [
    (
        "complaint",
        [("accept", {})],
        "acceptance",
        "01/TB-UBND",
        "Về việc thụ lý giải quyết khiếu nại lần đầu",
        "Ông/Bà Trần Thị Hoa (người gửi đơn);",
    ),
    (
        "complaint",
        [("reject", {"reason": "Quá thời hiệu khiếu nại"})],
        "refusal",
        "01/TB-UBND",
        "Về việc không thụ lý giải quyết đơn khiếu nại",
        "Thanh tra tỉnh (để theo dõi);",
    ),
    (
        "complaint",
        [("guide", {"to_body": "Tòa án nhân dân khu vực 1"})],
        "guidance",
        "01/HD-UBND",
        "PHIẾU HƯỚNG DẪN",
        "Ông/Bà Trần Thị Hoa (người gửi đơn);",
    ),
    (
        "feedback",
        [("forward", {"to_unit": "TQ"})],
        "forwarding",
        "01/PC-UBND",
        "PHIẾU CHUYỂN ĐƠN",
        "Ông/Bà Trần Thị Hoa (người gửi đơn);",
    ),
    (
        "complaint",
        [
            ("accept", {}),
            ("conclude", {"outcome": "partly_correct", "decision_number": "45/QĐ-UBND"}),
        ],
        "complaint_decision",
        "45/QĐ-UBND",
        "Về việc giải quyết khiếu nại lần đầu",
        "Người bị khiếu nại;",
    ),
    (
        "complaint",
        [("accept", {}), ("conclude", {"outcome": "incorrect"})],
        "complaint_decision",
        "02/QĐ-UBND",
        "khởi kiện vụ án hành chính tại Tòa án trong thời hạn 01 năm",
        "Thanh tra tỉnh (để theo dõi);",
    ),
    (
        "recommendation",
        [("accept", {}), ("conclude", {"outcome": "correct"})],
        "result",
        "02/TB-UBND",
        "Kết quả giải quyết đơn kiến nghị",
        "Ông/Bà Trần Thị Hoa (người gửi đơn);",
    ),
    (
        "complaint",
        [
            ("accept", {}),
            (
                "suspend",
                {"ground": "await_other", "reason": "Chờ kết quả giải quyết vụ việc liên quan"},
            ),
        ],
        "suspension",
        "02/QĐ-UBND",
        "Về việc tạm đình chỉ việc giải quyết khiếu nại",
        "Ông/Bà Trần Thị Hoa (người gửi đơn);",
    ),
    (
        "complaint",
        [("accept", {}), ("withdraw", {"reason": "Người khiếu nại rút đơn"})],
        "termination",
        "02/QĐ-UBND",
        "Về việc đình chỉ việc giải quyết khiếu nại",
        "Thanh tra tỉnh (để theo dõi);",
    ),
]


def _documents(client, case_id):
    response = client.get(f"/api/v1/cases/{case_id}/documents")
    assert response.status_code == 200
    return response.get_json()


def _files(client, item):
    docx = client.get(item["docx"])
    pdf = client.get(item["pdf"])
    assert docx.status_code == pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    return docx, pdf


@pytest.mark.parametrize(("kind", "steps", "instrument", "number", "words", "recipient"), CASES)
def test_each_instrument_opens_as_docx_and_pdf_with_header_number_signature_and_recipients(
    app, api, province, commune, kind, steps, instrument, number, words, recipient
):
    unit, staff = commune
    case = create_received_case(
        kind=kind, unit=unit, received_on=date(2026, 3, 2), full_name="Trần Thị Hoa"
    )
    head = api(staff["unit_head"])
    for action, fields in steps:
        act(head, case.id, action, **fields)
    [item] = [d for d in _documents(head, case.id) if d["type"] == instrument]
    assert item["number"] == number and item["issued_on"] == "2026-03-10"
    docx, pdf = _files(head, item)
    name = number.replace("/", "-")
    assert unquote(pdf.headers["Content-Disposition"]).endswith(f" {name}.pdf")
    for text in (docx_text(docx.get_data()), flat(pdf_text(pdf.get_data()))):
        text = flat(text)
        assert HEADER in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert f"Số: {number}" in text
        assert PLACE_AND_DATE in text
        assert flat(words) in text
        assert "CHỦ TỊCH Hoàng Văn Chiến" in text
        assert "TM." not in text
        assert "Nơi nhận:" in text and flat(recipient) in text
        assert "Ký, ghi rõ họ tên" not in text
        # A People's Committee has no governing body line: nothing above its name.
        assert "TỈNH TUYÊN QUANG" not in text.split(HEADER)[0]
        assert case.tracking_code in text


def test_a_denunciation_gets_a_decision_to_accept_and_a_notice_to_the_denouncer(
    app, api, province, commune
):
    unit, staff = commune
    case = create_sealed_case(unit=unit, received_on=date(2026, 3, 2))
    head = api(staff["unit_head"])
    act(head, case.id, "accept", complex=True)
    act(head, case.id, "extend", reason="Xác minh tại nhiều nơi")
    act(head, case.id, "conclude", outcome="partly_correct", decision_number="12/KL-UBND")
    listed = {d["type"]: d for d in _documents(head, case.id)}
    assert {k: v["number"] for k, v in listed.items()} == {
        "denunciation_acceptance": "01/QĐ-UBND",
        "denunciation_acceptance_notice": "02/TB-UBND",
        "extension": "03/QĐ-UBND",
        "denunciation_conclusion": "12/KL-UBND",
        "denunciation_result": "04/TB-UBND",
    }
    texts = {}
    for key, item in listed.items():
        docx, pdf = _files(head, item)
        texts[key] = flat(pdf_text(pdf.get_data()))
        assert flat(docx_text(docx.get_data())).count(item["number"]) >= 1
    assert "QUYẾT ĐỊNH Về việc thụ lý tố cáo" in texts["denunciation_acceptance"]
    assert "Thời hạn giải quyết tố cáo là 30 ngày" in texts["denunciation_acceptance"]
    assert "Số: 12/KL-UBND" in texts["denunciation_conclusion"]
    assert "KẾT LUẬN" in texts["denunciation_conclusion"]
    assert "Về việc gia hạn thời hạn giải quyết tố cáo" in texts["extension"]
    # The file copies name no one: the denouncer is the sealed mention.
    for text in texts.values():
        assert "Lò Thị Mai" not in text and "Nà Khương" not in text
    assert "Người tố cáo (thông tin cá nhân được giữ bí mật" in texts["denunciation_result"]


def test_a_second_round_decision_says_it_is_final_and_cites_the_lawsuit_limitation(
    app, api, province, commune
):
    unit, staff = commune
    case = create_received_case(kind="complaint", unit=unit, received_on=date(2026, 3, 2))
    head = api(staff["unit_head"])
    act(head, case.id, "classify", complaint_round=2)
    act(head, case.id, "accept")
    act(head, case.id, "dialogue", minutes="Hai bên trình bày ý kiến.")
    act(head, case.id, "conclude", outcome="correct")
    [item] = [d for d in _documents(head, case.id) if d["type"] == "complaint_decision"]
    _docx, pdf = _files(head, item)
    text = flat(pdf_text(pdf.get_data()))
    assert "Về việc giải quyết khiếu nại lần hai" in text
    assert "01 năm kể từ ngày nhận được quyết định" in text
    assert "30 ngày" not in text


def test_a_decision_from_july_2026_cites_the_amending_law(app, api, province, commune):
    unit, staff = commune
    case = create_received_case(kind="complaint", unit=unit, received_on=date(2026, 7, 1))
    head = api(staff["unit_head"])
    response = head.post(
        f"/api/v1/cases/{case.id}/actions", json={"action": "accept", "on": "2026-07-02"}
    )
    if response.status_code != 200:  # "on" after today's clock: the test day decides
        pytest.skip(response.get_json()["error"]["message"])
    [item] = _documents(head, case.id)
    text = flat(pdf_text(head.get(item["pdf"]).get_data()))
    assert "136/2025/QH15" in text


def test_a_department_prints_its_governing_body_and_its_head_s_title(
    app, api, province, inspectorate
):
    unit, staff = inspectorate
    case = create_received_case(kind="complaint", unit=unit, received_on=date(2026, 3, 2))
    head = api(staff["unit_head"])
    act(head, case.id, "accept")
    [item] = _documents(head, case.id)
    assert item["number"] == "01/TB-TTr"
    text = flat(docx_text(head.get(item["docx"]).get_data()))
    assert "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG THANH TRA TỈNH" in text
    assert "Tuyên Quang, ngày 10 tháng 3 năm 2026" in text
    assert "CHÁNH THANH TRA Vũ Thị Lan" in text


def test_vietnamese_capitals_with_two_marks_render_in_the_pdf():
    from petitions.documents.issuers import Header, Signature
    from petitions.documents.paper import Paper, to_pdf

    words = "Ứ Ặ Ễ Ộ Ợ Ự ỨNG DỤNG"
    paper = Paper(
        header=Header("", "ỦY BAN NHÂN DÂN XÃ ĐỒNG VĂN", "UBND", "Đồng Văn"),
        number="01/TB-UBND",
        place_and_date="Đồng Văn, ngày 05 tháng 3 năm 2026",
        title="THÔNG BÁO",
        paragraphs=[words],
        signature=Signature("", "CHỦ TỊCH", "Sùng Mí Chứ"),
    )
    assert words in flat(pdf_text(to_pdf(paper)))


def test_the_pdf_is_rendered_once_and_kept(app, api, province, commune):
    unit, staff = commune
    case = create_received_case(kind="complaint", unit=unit, received_on=date(2026, 3, 2))
    head = api(staff["unit_head"])
    act(head, case.id, "accept")
    [item] = _documents(head, case.id)
    first = head.get(item["pdf"]).get_data()
    db.session.expire_all()
    kept = [
        a for a in db.session.get(Case, case.id).attachments if a.content_type == "application/pdf"
    ]
    assert len(kept) == 1 and kept[0].original_name == "Thông báo 01-TB-UBND.pdf"
    assert head.get(item["pdf"]).get_data() == first
    db.session.expire_all()
    assert (
        len(
            [
                a
                for a in db.session.get(Case, case.id).attachments
                if a.content_type == "application/pdf"
            ]
        )
        == 1
    )


def test_another_unit_cannot_list_the_documents(app, api, province, commune, inspectorate):
    unit, staff = commune
    case = create_received_case(kind="complaint", unit=unit)
    act(api(staff["unit_head"]), case.id, "accept")
    other = create_received_case(kind="complaint", unit=inspectorate[0])
    assert api(staff["handler"]).get(f"/api/v1/cases/{other.id}/documents").status_code in (
        403,
        404,
    )


def test_the_copy_mailed_to_a_denouncer_names_them_and_is_recorded_as_a_reveal(
    app, api, province, commune
):
    from petitions.cases.models import IdentityReveal

    unit, staff = commune
    case = create_sealed_case(unit=unit, received_on=date(2026, 3, 2))
    head = api(staff["unit_head"])
    act(head, case.id, "accept")
    [notice] = [
        d for d in _documents(head, case.id) if d["type"] == "denunciation_acceptance_notice"
    ]
    url = f"/api/v1/cases/{case.id}/documents/{notice['id']}/mail-copy.pdf"
    assert api(staff["handler"]).post(url, json={"reason": "Gửi thư"}).status_code == 403
    mailed = head.post(url, json={"reason": "Gửi thông báo thụ lý qua bưu điện"})
    assert mailed.status_code == 200
    text = flat(pdf_text(mailed.get_data()))
    assert "Kính gửi: Ông/Bà Lò Thị Mai, địa chỉ: Thôn Nà Khương, xã Minh Ngọc" in text
    assert "giữ bí mật theo Điều 47" in text  # the notice still tells them of their protection
    assert db.session.query(IdentityReveal).filter_by(case_id=case.id).count() == 1
    # The file copy still carries the sealed mention.
    kept = flat(pdf_text(head.get(notice["pdf"]).get_data()))
    assert "Lò Thị Mai" not in kept and "Người tố cáo (thông tin cá nhân" in kept


def test_the_staff_case_page_lists_the_issued_documents_with_their_files(
    app, api, client, login, province, commune
):
    unit, staff = commune
    case = create_received_case(kind="complaint", unit=unit, received_on=date(2026, 3, 2))
    head = api(staff["unit_head"])
    act(head, case.id, "accept")
    act(head, case.id, "conclude", outcome="partly_correct", decision_number="45/QĐ-UBND")
    login(staff["handler"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    listed = page[page.index("data-issued-documents") :]
    listed = listed[: listed.index("</ul>")]
    assert "Số 01/TB-UBND ngày 10/03/2026" in listed
    assert "Số 45/QĐ-UBND ngày 10/03/2026" in listed
    assert listed.index("01/TB-UBND") < listed.index("45/QĐ-UBND")
    assert "(số ghi tay, văn bản giấy)" in listed  # 45/QĐ-UBND was typed by the head
    for item in _documents(head, case.id):
        for extension in ("pdf", "docx"):
            link = f"/cases/{case.id}/issued/{item['id']}.{extension}"
            assert f'href="{link}"' in listed
            # Signed in on the page, not with a token: the same file as the API's.
            assert client.get(link).get_data() == head.get(item[extension]).get_data()
    assert client.get(f"/cases/{case.id}/issued/{item['id']}.odt").status_code == 404
