"""The staff case list and case page: filters, search, steps offered, forms, identity reveal."""

import io
from datetime import date

import pytest
from sqlalchemy import select

from petitions.cases.models import Attachment, CaseEvent, IdentityReveal
from petitions.extensions import db
from tests.cases.factories import create_office, create_received_case, create_sealed_case
from tests.factories import create_user


@pytest.fixture
def office(app):
    return create_office(code="HGL", staff=("unit_head", "handler"))


def rows(html: str) -> int:
    return html.count('<td><a href="/cases/')


def test_the_list_shows_the_units_cases_with_status_and_due_date(app, client, login, office):
    unit, staff = office
    other, _ = create_office(code="HGO", staff=())
    mine = create_received_case(unit=unit, title="Khiếu nại về bồi thường đất")
    create_received_case(unit=other, title="Đơn của đơn vị khác")
    login(staff["handler"])
    page = client.get("/cases/").get_data(as_text=True)
    assert mine.tracking_code in page and "Khiếu nại về bồi thường đất" in page
    assert "Đơn của đơn vị khác" not in page
    assert "Quá hạn" in page  # received 02/03, today 01/06


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=binh", {"Bình"}),
        ("q=DAT+DAI", {"Bình"}),
        ("q=hoa", {"Hòa"}),
        ("kind=denunciation", {"Hòa"}),
        ("status=accepted", {"An"}),
        ("received_from=2026-05-01", {"An", "Hòa"}),
        ("received_from=2026-05-01&received_to=2026-05-10", {"An"}),
        ("overdue=y", {"Bình"}),
        ("due_soon=y", {"Hòa"}),
    ],
)
def test_the_list_filters_and_searches_without_accents(app, client, login, office, query, found):
    unit, staff = office
    titles = {
        "Bình": create_received_case(
            unit=unit,
            full_name="Nguyễn Văn Bình",
            title="Tranh chấp đất đai",
            received_on=date(2026, 3, 2),
        ),
        "An": create_received_case(
            unit=unit,
            full_name="Lê An",
            title="Đường làng hỏng",
            kind="feedback",
            received_on=date(2026, 5, 4),
        ),
        "Hòa": create_received_case(
            unit=unit,
            full_name="Phạm Hòa",
            title="Tố cáo cán bộ xã",
            kind="denunciation",
            received_on=date(2026, 5, 22),
        ),
    }
    titles["An"].status = titles["An"].status.ACCEPTED
    titles["An"].due_on = date(2026, 7, 1)
    db.session.commit()
    login(staff["handler"])
    page = client.get(f"/cases/?{query}").get_data(as_text=True)
    shown = {name for name, case in titles.items() if case.tracking_code in page}
    assert shown == found


def test_the_list_is_paginated_and_sorted(app, client, login, office):
    unit, staff = office
    app.config["PAGE_SIZE"] = 2
    cases = [create_received_case(unit=unit, received_on=date(2026, 5, day)) for day in (4, 5, 6)]
    login(staff["handler"])
    first = client.get("/cases/?sort=received").get_data(as_text=True)
    assert rows(first) == 2 and "Trang 1 / 2" in first
    assert first.index(cases[0].tracking_code) < first.index(cases[1].tracking_code)
    second = client.get("/cases/?sort=received&page=2").get_data(as_text=True)
    assert rows(second) == 1 and cases[2].tracking_code in second


def test_a_bad_filter_does_not_break_the_list(app, client, login, office):
    _unit, staff = office
    login(staff["handler"])
    for query in ("sort=nonsense", "received_from=yesterday", "page=-3", "status=lost"):
        assert client.get(f"/cases/?{query}").status_code in (200, 302)


def test_the_case_page_offers_only_the_steps_this_user_may_take_now(app, client, login, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    login(staff["handler"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="step-classify"' in page and 'id="step-file"' in page
    assert 'id="step-accept"' not in page and 'id="step-propose-accept"' in page
    assert 'id="step-conclude"' not in page and 'id="step-propose-conclude"' not in page
    assert "Hạn cuối" in page  # the deadline's explanation


def test_the_head_sees_the_decisions_and_a_handlers_proposal_to_approve(app, client, login, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    login(staff["handler"])
    response = client.post(
        f"/cases/{case.id}/steps/propose", data={"proposal": "accept", "complex": "true"}
    )
    assert response.status_code == 302
    client.post("/logout")
    login(staff["unit_head"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="step-accept"' in page
    assert "Đề xuất chờ thủ trưởng quyết định" in page
    approve = client.post(f"/cases/{case.id}/steps/accept", data={"complex": "true"})
    assert approve.status_code == 302
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.action == "accept"))
    assert event.details["complexity"] == "complex" and event.details["approves"]


def test_a_step_with_missing_data_shows_the_form_again_with_the_message(app, client, login, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    login(staff["handler"])
    response = client.post(f"/cases/{case.id}/steps/file", data={"reason_code": "other"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Hãy ghi rõ lý do lưu đơn." in page
    assert 'id="step-file" open' in page or '<details class="step" open' in page


def test_a_step_the_state_does_not_allow_is_refused_with_an_explanation(app, client, login, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    login(staff["handler"])
    response = client.post(
        f"/cases/{case.id}/steps/verify", data={"note": "x"}, follow_redirects=True
    )
    assert "chỉ thực hiện được khi hồ sơ ở trạng thái" in response.get_data(as_text=True)


def test_a_verification_step_keeps_its_document(app, client, login, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    case.status = case.status.VERIFYING
    db.session.commit()
    login(staff["handler"])
    response = client.post(
        f"/cases/{case.id}/steps/verify",
        data={
            "note": "Biên bản làm việc",
            "step": "meeting",
            "document": (io.BytesIO(b"%PDF-1.4 test"), "bien-ban.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    attachment = db.session.scalar(select(Attachment).where(Attachment.purpose == "verification"))
    assert attachment.original_name == "bien-ban.pdf"
    download = client.get(f"/cases/{case.id}/documents/{attachment.id}")
    assert download.get_data() == b"%PDF-1.4 test"


def test_another_units_staff_cannot_open_the_case_page(app, client, login, office):
    unit, _staff = office
    case = create_received_case(unit=unit)
    _other, strangers = create_office(code="HGO", staff=("unit_head",))
    login(strangers["unit_head"])
    assert client.get(f"/cases/{case.id}").status_code == 403
    assert client.post(f"/cases/{case.id}/steps/classify", data={}).status_code == 403


def test_the_inspectorate_may_only_remind_from_the_case_page(app, client, login, office):
    unit, _staff = office
    case = create_received_case(unit=unit)
    login(create_user(role="inspector"))
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="step-remind"' in page and 'id="step-classify"' not in page


def test_the_head_reveals_a_sealed_identity_with_a_reason_and_it_is_recorded(
    app, client, login, office
):
    unit, staff = office
    case = create_sealed_case(unit=unit)
    login(staff["handler"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Thông tin được giữ bí mật" in page and "Xem thông tin người tố cáo" not in page
    assert client.post(f"/cases/{case.id}/reveal", data={"reason": "x"}).status_code == 403
    client.post("/logout")
    login(staff["unit_head"])
    refused = client.post(f"/cases/{case.id}/reveal", data={"reason": ""}, follow_redirects=True)
    assert "Lò Thị Mai" not in refused.get_data(as_text=True)
    shown = client.post(f"/cases/{case.id}/reveal", data={"reason": "Ký thông báo thụ lý"})
    assert "Lò Thị Mai" in shown.get_data(as_text=True)
    assert shown.headers["Cache-Control"] == "no-store"
    assert db.session.scalar(select(IdentityReveal.reason)) == "Ký thông báo thụ lý"
    again = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Lò Thị Mai" not in again
