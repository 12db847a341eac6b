"""The citizen's journey on the pages: the check step, the receipt's wording and files, the
tracking page in plain words, links on the address the site is served on."""

import io
import re

from sqlalchemy import select

from petitions.cases.models import Case
from petitions.clock import today
from petitions.extensions import db
from petitions.sizes import file_size
from tests.factories import create_user
from tests.intake.helpers import PDF
from tests.intake.test_from_visit import _form_values
from tests.intake.test_pages import FORM


def _check(client, **changes):
    data = {**FORM, "step": "check", **changes}
    return client.post("/intake/submit", data=data, content_type="multipart/form-data")


def _hidden(html: str) -> dict:
    form = html.split('class="check-answers__actions"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_the_form_shows_the_answers_to_check_before_anything_is_recorded(client, province):
    response = _check(client, files=(io.BytesIO(PDF), "quyet-dinh.pdf"))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Kiểm tra lại đơn trước khi gửi" in html
    assert "Nguyễn Văn Đức" in html and "002085001234" in html
    assert "quyet-dinh.pdf" in html
    assert f"({len(PDF)} byte)" in html
    assert db.session.scalar(select(Case)) is None


def test_sending_from_the_check_step_records_the_petition_with_its_file(client, province):
    checked = _check(client, files=(io.BytesIO(PDF), "quyet-dinh.pdf")).get_data(as_text=True)

    sent = client.post("/intake/submit", data={**_hidden(checked), "step": "send"})

    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    case = db.session.scalar(select(Case))
    assert [a.original_name for a in case.attachments] == ["quyet-dinh.pdf"]
    assert case.petitioners[0].full_name == "Nguyễn Văn Đức"


def test_going_back_to_edit_keeps_the_answers_and_the_file(client, province):
    checked = _check(client, files=(io.BytesIO(PDF), "quyet-dinh.pdf")).get_data(as_text=True)

    back = client.post("/intake/submit", data={**_hidden(checked), "step": "edit"})

    assert back.status_code == 200
    html = back.get_data(as_text=True)
    assert 'value="Nguyễn Văn Đức"' in html
    assert "quyet-dinh.pdf" in html  # still held
    values = _form_values(html)
    assert values["files_token"]
    assert db.session.scalar(select(Case)) is None


def test_the_error_summary_lists_exactly_the_forms_fields_in_page_order(client, province):
    empty = dict.fromkeys(FORM, "")
    response = _check(client, **empty)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = html.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    targets = re.findall(r'<a href="#([^"]+)"', summary)
    assert targets == [
        "kind-0",
        "title",
        "content",
        "full_name",
        "id_number",
        "address",
        "phone",
        "consent",
    ]
    assert "Người cùng đứng đơn" not in summary
    for target in targets:  # every link lands on an input of the page
        assert f'id="{target}"' in html


def test_the_receipt_lists_the_files_and_says_hạn_cuối_and_why_two_deadlines(client, province):
    checked = _check(client, files=(io.BytesIO(PDF), "quyet-dinh.pdf")).get_data(as_text=True)
    client.post("/intake/submit", data={**_hidden(checked), "step": "send"})

    html = client.get("/intake/receipt").get_data(as_text=True)

    case = db.session.scalar(select(Case))
    classify = next(d for d in case.deadlines if d.rule == "petition.classify")
    assert f"hạn cuối {classify.due_on:%d/%m/%Y}" in html
    assert "trước ngày" not in html
    assert "data-two-deadlines" in html
    assert "quyet-dinh.pdf" in html
    assert "data-no-notification" not in html


def test_an_anonymous_denunciations_receipt_promises_no_notification(client, province):
    response = client.post(
        "/intake/submit",
        data={**FORM, "kind": "denunciation", "anonymous": "y", "full_name": "", "id_number": ""},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302

    html = client.get("/intake/receipt").get_data(as_text=True)

    assert "data-no-notification" in html
    assert "sẽ không gửi thông báo cho bạn" in html
    assert "thông báo cho bạn, hạn cuối" not in html


def test_the_tracking_page_says_what_happened_and_what_comes_next(client, api, province):
    head = create_user(role="unit_head", unit=province)
    created = client.post(
        "/api/v1/petitions",
        json={
            "kind": "denunciation",
            "title": "Tố cáo cán bộ địa chính",
            "content": "Tố cáo cán bộ địa chính xã nhận tiền khi làm sổ đỏ",
            "petitioner": {
                "full_name": "Nguyễn Văn Đức",
                "id_number": "002085001234",
                "address": "Tổ 5",
                "phone": "0912345678",
            },
        },
    ).get_json()
    case = db.session.scalar(select(Case))
    on = today().isoformat()
    for action in (
        {"action": "accept", "complex": True},
        {
            "action": "extend",
            "reason": "Vụ việc phức tạp",
            "decision_number": "12/QĐ-UBND",
            "decided_on": on,
        },
    ):
        answer = api(head).post(f"/api/v1/cases/{case.id}/actions", json=action)
        assert answer.status_code == 200, answer.get_json()
    db.session.expire_all()
    due = next(
        d.due_on
        for d in db.session.get(Case, case.id).deadlines
        if d.rule == "denunciation.resolve"
    )

    html = client.post(
        "/intake/track", data={"code": created["tracking_code"], "key": created["access_key"]}
    ).get_data(as_text=True)

    assert f"Cơ quan đã gia hạn thời hạn giải quyết đến {due:%d/%m/%Y}." in html
    assert "Cơ quan đã thụ lý đơn để giải quyết" in html
    assert "Tiếp theo" in html
    assert (
        f"Tiếp theo: cơ quan xác minh và ra quyết định, kết luận giải quyết, hạn cuối {due:%d/%m/%Y}."
        in html
    )
    assert "extend" not in html.split("data-next-step", 1)[1].split("</section>", 1)[0]


def test_the_qr_code_and_links_use_the_address_the_site_is_served_on(app, client, province):
    app.config["PUBLIC_BASE_URL"] = ""
    try:
        client.post(
            "/intake/submit",
            data=FORM,
            content_type="multipart/form-data",
            base_url="http://tiepcongdan.test:8080",
        )
        html = client.get("/intake/receipt", base_url="http://tiepcongdan.test:8080").get_data(
            as_text=True
        )
    finally:
        app.config["PUBLIC_BASE_URL"] = "http://localhost"

    case = db.session.scalar(select(Case))
    assert f"http://tiepcongdan.test:8080/intake/track?code={case.tracking_code}" in html
    assert ":5000" not in html


def test_file_sizes_under_one_kilobyte_are_shown_in_bytes(app):
    with app.test_request_context():
        assert file_size(0) == "0 byte"
        assert file_size(512) == "512 byte"
        assert file_size(1023) == "1023 byte"
        assert file_size(1536) == "1,5 KB"
        assert file_size(20 * 1024) == "20 KB"
        assert file_size(3 * 1024 * 1024) == "3 MB"


def test_serve_warns_when_links_would_follow_each_request(app):
    from petitions.notifications.services import public_base_warning

    app.config["PUBLIC_BASE_URL"] = ""
    try:
        assert "PETITIONS_PUBLIC_BASE_URL" in public_base_warning(app)
    finally:
        app.config["PUBLIC_BASE_URL"] = "http://localhost"
    assert public_base_warning(app) is None
