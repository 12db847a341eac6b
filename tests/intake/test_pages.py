"""The pages: online form, receipt shown once, tracking by code and key, desk intake."""

import io
import re
from datetime import timedelta

from sqlalchemy import select

from petitions.cases.models import Case
from petitions.clock import today
from petitions.extensions import db
from tests.intake.helpers import PDF, person, petition

FORM = {
    "kind": "complaint",
    "title": "Khiếu nại quyết định thu hồi đất",
    "content": "Tôi không đồng ý với mức bồi thường khi thu hồi đất.",
    "unit": "",
    "full_name": "Nguyễn Văn Đức",
    "id_number": "002085001234",
    "address": "Tổ 5, phường Minh Khai",
    "phone": "0912345678",
    "email": "",
    "consent": "y",
}


def submit(client, **changes):
    data = {**FORM, **changes}
    return client.post("/intake/submit", data=data, content_type="multipart/form-data")


def test_the_online_form_explains_the_four_kinds_and_the_anonymous_consequence(client, province):
    html = client.get("/intake/submit").get_data(as_text=True)

    for word in ("Khiếu nại", "Tố cáo", "Kiến nghị", "Phản ánh"):
        assert word in html
    assert "khiếu nại ẩn danh không thể thụ lý" in html
    assert 'enctype="multipart/form-data"' in html
    assert "Ủy ban nhân dân tỉnh Hà Giang" in html
    assert "js/intake.js" in html


def test_the_kind_can_be_chosen_from_a_link(client, province):
    html = client.get("/intake/submit?kind=denunciation").get_data(as_text=True)

    assert re.search(r'value="denunciation"[^>]*checked|checked[^>]*value="denunciation"', html)


def test_a_citizen_submits_sees_the_receipt_once_and_then_only_tracking(client, province):
    response = submit(client, files=(io.BytesIO(PDF), "quyet-dinh.pdf"))

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/intake/receipt")
    case = db.session.scalar(select(Case))
    assert case.attachments[0].original_name == "quyet-dinh.pdf"
    receipt = client.get("/intake/receipt").get_data(as_text=True)
    assert case.tracking_code in receipt
    key = re.search(r"data-access-key>([A-Z0-9-]+)<", receipt).group(1)
    assert len(key) == 19
    assert "data:image/svg+xml" in receipt
    assert "petition.classify" not in receipt
    assert "Phân loại và xử lý đơn" in receipt
    again = client.get("/intake/receipt")
    assert again.status_code == 302
    assert "/intake/track" in again.headers["Location"]
    tracked = client.post("/intake/track", data={"code": case.tracking_code, "key": key})
    assert tracked.status_code == 200
    assert "Cơ quan đã nhận đơn của bạn." in tracked.get_data(as_text=True)


def test_the_receipt_qr_code_points_to_the_tracking_page_without_the_key(client, province):
    import base64
    import urllib.parse

    submit(client)
    html = client.get("/intake/receipt").get_data(as_text=True)
    case = db.session.scalar(select(Case))

    assert f"http://localhost/intake/track?code={case.tracking_code}" in html
    data_uri = re.search(r'src="(data:image/svg\+xml[^"]+)"', html).group(1)
    svg = urllib.parse.unquote(data_uri.split(",", 1)[1])
    assert svg.startswith("<?xml") or "<svg" in svg
    key = re.search(r"data-access-key>([A-Z0-9-]+)<", html).group(1)
    assert key not in html.replace(f"data-access-key>{key}<", "")
    assert base64  # the QR is an SVG data URI, allowed by the CSP's img-src data:


def test_the_form_without_consent_is_not_recorded_and_says_why(client, province):
    response = submit(client, consent="")

    assert response.status_code == 422
    assert "đồng ý cho xử lý dữ liệu cá nhân" in response.get_data(as_text=True)
    assert db.session.scalar(select(Case)) is None


def test_form_errors_appear_next_to_their_fields(client, province):
    response = submit(client, id_number="12345", phone="abc", title="")

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "đúng 12 chữ số" in html
    assert "không đúng dạng số Việt Nam" in html
    assert 'id="id_number-error"' in html
    assert 'id="phone-error"' in html
    assert 'value="Nguyễn Văn Đức"' in html


def test_a_disguised_file_on_the_form_is_refused_by_name(client, province):
    response = submit(client, files=(io.BytesIO(b"MZ\x90\x00"), "hoa-don.pdf"))

    assert response.status_code == 422
    assert "hoa-don.pdf" in response.get_data(as_text=True)
    assert db.session.scalar(select(Case)) is None


def test_an_anonymous_complaint_on_the_form_is_explained(client, province):
    response = submit(client, anonymous="y", full_name="")

    assert response.status_code == 422
    assert "không thể gửi ẩn danh" in response.get_data(as_text=True)


def test_an_anonymous_denunciation_on_the_form_is_recorded_without_identity(client, province):
    response = submit(client, kind="denunciation", anonymous="y", id_number="bad")

    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    assert case.anonymous is True
    assert case.petitioners == []


def test_script_in_the_title_is_shown_as_text_on_the_receipt(client, province):
    submit(client, title="<script>alert(1)</script>")

    html = client.get("/intake/receipt").get_data(as_text=True)

    assert "<script>alert(1)</script>" not in html


def test_tracking_with_a_wrong_key_looks_exactly_like_an_unknown_code(client, province):
    submit(client)
    code = db.session.scalar(select(Case.tracking_code))

    wrong = client.post("/intake/track", data={"code": code, "key": "AAAA-AAAA-AAAA-AAAA"})
    unknown = client.post(
        "/intake/track", data={"code": "HG-26-ZZZZ-ZZZZ", "key": "AAAA-AAAA-AAAA-AAAA"}
    )

    assert wrong.status_code == unknown.status_code == 404
    assert wrong.get_data(as_text=True).replace(code, "") == unknown.get_data(as_text=True).replace(
        "HG-26-ZZZZ-ZZZZ", ""
    )


def test_the_tracking_page_prefills_the_code_but_never_takes_a_key_from_the_url(client, province):
    html = client.get("/intake/track?code=hg-26-abcd-efgh&key=SECRET").get_data(as_text=True)

    assert 'value="HG-26-ABCD-EFGH"' in html
    assert 'value="SECRET"' not in html


def test_the_tracking_page_shows_public_history_notices_and_deadlines_only(app, client, province):
    from petitions.attachments import Upload, store
    from petitions.cases.models import CaseEvent

    receipt = client.post("/api/v1/petitions", json=petition()).get_json()
    case = db.session.scalar(select(Case))
    case.events.append(
        CaseEvent(effective_on=today(), action="note", note="Ghi chú nội bộ", public=False)
    )
    case.events.append(
        CaseEvent(
            effective_on=today(),
            action="accepted",
            to_status="accepted",
            note="Thụ lý theo Điều 27",
            public=True,
        )
    )
    store(case, Upload("thong-bao-thu-ly.pdf", PDF, "application/pdf", "pdf"), purpose="notice")
    store(
        case, Upload("bien-ban-xac-minh.pdf", PDF, "application/pdf", "pdf"), purpose="verification"
    )
    db.session.commit()

    html = client.post(
        "/intake/track", data={"code": receipt["tracking_code"], "key": receipt["access_key"]}
    ).get_data(as_text=True)

    assert "Cơ quan đã thụ lý đơn để giải quyết." in html
    assert "Thụ lý theo Điều 27" in html
    assert "Ghi chú nội bộ" not in html
    assert "thong-bao-thu-ly.pdf" in html
    assert "bien-ban-xac-minh.pdf" not in html
    assert "Thụ lý hoặc từ chối thụ lý khiếu nại" in html
    assert "Nguyễn Văn Đức" not in html

    notice = next(a for a in case.attachments if a.purpose == "notice")
    download = client.post(
        f"/intake/track/notice/{notice.id}",
        data={"code": receipt["tracking_code"], "key": receipt["access_key"]},
    )
    assert download.status_code == 200
    assert download.data == PDF
    download.close()
    other = next(a for a in case.attachments if a.purpose == "verification")
    refused = client.post(
        f"/intake/track/notice/{other.id}",
        data={"code": receipt["tracking_code"], "key": receipt["access_key"]},
    )
    assert refused.status_code == 404
    stranger = client.post(
        f"/intake/track/notice/{notice.id}", data={"code": receipt["tracking_code"], "key": "x"}
    )
    assert stranger.status_code == 404


DESK = {
    "channel": "reception",
    "received_on": "",
    "receiving_unit": "HG-BQ",
    "kind": "complaint",
    "title": "Khiếu nại về bồi thường",
    "content": "Gia đình tôi chưa nhận đủ tiền bồi thường đất làm đường.",
    "unit": "",
    "full_name": "Lục Văn Hùng",
    "id_number": "002070004321",
    "address": "Xã Quang Minh, huyện Bắc Quang",
    "phone": "0987654321",
    "email": "",
    "group_size": "",
}


def desk(client, **changes):
    data = {**DESK, "received_on": today().isoformat(), **changes}
    return client.post("/intake/desk", data=data, content_type="multipart/form-data")


def test_the_desk_form_defaults_to_the_officers_unit_and_today(client, login, officer):
    login(officer)

    html = client.get("/intake/desk").get_data(as_text=True)

    assert f'value="{today().isoformat()}"' in html
    assert re.search(r'<option selected value="HG-BQ">|<option value="HG-BQ" selected>', html)
    assert 'value="HG"' not in html.split('name="receiving_unit"')[1].split("</select>")[0]


def test_the_desk_form_takes_a_visit_from_the_reception_log(client, login, officer):
    from datetime import date

    from tests.reception.factories import citizen, log_visit

    visit = log_visit(
        unit=officer.unit,
        officer=officer,
        people=6,
        citizens=[citizen("Lò Văn Tùng", representative=True)],
        classification="feedback",
        visited_on=date(2026, 3, 5),
    )
    db.session.commit()
    login(officer)

    html = client.get(f"/intake/desk?visit={visit.id}&channel=reception").get_data(as_text=True)

    assert 'value="Lò Văn Tùng"' in html
    assert f'name="visit" type="hidden" value="{visit.id}"' in html
    assert 'value="6"' in html
    assert re.search(r'value="feedback"[^>]*checked|checked[^>]*value="feedback"', html)
    assert "Khiếu nại quyết định thu hồi đất" in html


def test_the_desk_form_ignores_identities_and_texts_in_its_address(client, login, officer):
    login(officer)

    html = client.get(
        "/intake/desk?full_name=L%C3%B2%20V%C4%83n%20T%C3%B9ng&id_number=002089001234"
        "&content=Xin+h%E1%BB%8Fi&kind=feedback"
    ).get_data(as_text=True)

    assert 'value="Lò Văn Tùng"' not in html and 'value="002089001234"' not in html
    assert ">Xin hỏi<" not in html
    assert re.search(r'value="feedback"[^>]*checked|checked[^>]*value="feedback"', html)


def test_the_officer_records_a_backdated_mail_petition_and_prints_form_02(client, login, officer):
    login(officer)
    earlier = today() - timedelta(days=3)

    response = desk(
        client,
        channel="mail",
        received_on=earlier.isoformat(),
        files=(io.BytesIO(PDF), "ban-chup-don.pdf"),
    )

    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    case = db.session.scalar(select(Case))
    assert case.backdated is True
    assert case.received_on == earlier
    assert case.attachments[0].purpose == "scan"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "Độc lập - Tự do - Hạnh phúc" in html
    assert "GIẤY BIÊN NHẬN" in html
    # Numbered in the unit's register of receipts for the year, from 01.
    assert re.search(r"Số: 01/GBN-\w+", html)
    assert "Lục Văn Hùng" in html
    assert "ban-chup-don.pdf" in html
    assert re.search(r"data-access-key>[A-Z0-9-]{19}<", html)
    reprint = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "data-access-key" not in reprint


def test_a_group_with_too_many_representatives_is_refused_at_the_desk(client, login, officer):
    login(officer)
    rows = {
        f"co_petitioners-{n}-full_name": name
        for n, name in enumerate(["Hoàng Văn A", "Hoàng Văn B"])
    }

    response = desk(client, group_size="8", **rows)

    assert response.status_code == 422
    assert "tối đa 2 người đại diện" in response.get_data(as_text=True)
    assert db.session.scalar(select(Case)) is None


def test_a_group_with_its_representatives_is_recorded(client, login, officer):
    login(officer)

    response = desk(client, group_size="12", **{"co_petitioners-0-full_name": "Hoàng Văn B"})

    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    assert case.group_size == 12
    assert [p.representative for p in case.petitioners] == [True, True]


def test_a_bad_co_petitioner_phone_is_shown_on_its_row(client, login, officer):
    login(officer)

    response = desk(
        client,
        **{"co_petitioners-1-full_name": "Hoàng Văn B", "co_petitioners-1-phone": "12"},
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="co_petitioners-1-phone-error"' in html


def test_a_future_date_at_the_desk_is_refused(client, login, officer):
    login(officer)

    response = desk(client, received_on=(today() + timedelta(days=1)).isoformat())

    assert response.status_code == 422
    assert "không được sau hôm nay" in response.get_data(as_text=True)


def test_the_desk_stops_once_to_show_earlier_cases_and_records_the_repeat(client, login, officer):
    login(officer)
    assert desk(client).status_code == 302
    first = db.session.scalar(select(Case))

    shown = desk(client)
    html = shown.get_data(as_text=True)
    assert shown.status_code == 422
    assert first.tracking_code in html
    assert "Cùng số căn cước công dân" in html
    assert f'value="repeat:{first.id}"' in html

    recorded = desk(client, similar_checked="1", relation=f"repeat:{first.id}")
    assert recorded.status_code == 302
    second = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
    assert second.repeat_of == first
    assert second.repeat_number == 2


def test_the_desk_records_a_duplicate(client, login, officer):
    login(officer)
    desk(client)
    first = db.session.scalar(select(Case))

    desk(client, similar_checked="1", relation=f"duplicate:{first.id}")

    second = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
    assert second.duplicate_of == first


def test_the_similar_endpoint_answers_json_for_the_desk_form(client, login, officer, api):
    api(officer).post(
        "/api/v1/cases",
        json=petition(channel="mail", petitioner=person(full_name="Lục Văn Hùng")),
    )
    login(officer)

    rows = client.post("/intake/similar", data={"name": "luc van hung"}).get_json()

    assert len(rows) == 1
    assert rows[0]["reasons"] == ["Cùng họ tên"]
    assert set(rows[0]) >= {"id", "tracking_code", "received_on", "title", "status"}


def test_another_units_officer_cannot_open_a_desk_receipt(client, login, officer, province):
    from tests.factories import create_unit, create_user

    login(officer)
    desk(client)
    case = db.session.scalar(select(Case))
    client.post("/logout")
    stranger = create_user(
        role="reception_officer", unit=create_unit(code="HG-VX", name="Vị Xuyên", parent=province)
    )
    login(stranger)

    assert client.get(f"/intake/desk/{case.id}/receipt").status_code == 404


def test_a_link_with_only_the_visit_id_fills_the_desk_from_the_reception_log(
    client, login, officer, district
):
    from petitions.reception.models import Classification, Visit, VisitCitizen

    visit = Visit(
        unit_id=district.id,
        year=today().year,
        sequence=1,
        visited_on=today(),
        people=7,
        content="Đề nghị giải quyết tranh chấp đất rừng\nCác hộ thôn Nà Thác trình bày...",
        classification=Classification.COMPLAINT,
    )
    visit.citizens = [
        VisitCitizen(position=0, full_name="Hoàng Văn Páo", id_number="002070001111"),
        VisitCitizen(position=1, full_name="Lò Thị Mai", representative=True),
    ]
    db.session.add(visit)
    db.session.commit()
    login(officer)

    html = client.get(f"/intake/desk?visit={visit.id}").get_data(as_text=True)

    assert 'value="Hoàng Văn Páo"' in html
    assert 'value="002070001111"' in html
    assert 'value="Lò Thị Mai"' in html
    assert 'value="Đề nghị giải quyết tranh chấp đất rừng"' in html
    assert 'value="7"' in html
    assert re.search(r'value="complaint"[^>]*checked|checked[^>]*value="complaint"', html)

    response = desk(client, visit=str(visit.id), full_name="Hoàng Văn Páo", group_size="7")
    assert response.status_code == 302
    db.session.expire_all()
    case = db.session.scalar(select(Case))
    assert db.session.get(Visit, visit.id).case_id == case.id


def test_a_strong_match_is_never_unrelated_by_default(client, login, officer):
    login(officer)
    assert desk(client).status_code == 302  # the earlier case, same CCCD

    shown = desk(client).get_data(as_text=True)
    none = re.search(r'<input type="radio" name="relation" value=""[^>]*>', shown).group(0)
    assert "checked" not in none

    unchosen = desk(client, similar_checked="1")
    assert unchosen.status_code == 422
    assert "Hãy chọn: lần tiếp theo, trùng, hoặc «Không liên quan»" in unchosen.get_data(
        as_text=True
    )
    assert desk(client, similar_checked="1", relation="").status_code == 302
    assert len(db.session.scalars(select(Case)).all()) == 2
