"""The publication pages in Chromium: the head approves a public version from the case page;
the public list and page read in Vietnamese, pass axe, fit a phone and print."""

from datetime import date

from petitions.extensions import db
from tests.cases.factories import create_office, create_received_case
from tests.e2e.conftest import screenshot, serious_accessibility_violations, sign_in
from tests.factories import PASSWORD, create_token_for


def _second_round_decision(app):
    with app.app_context():
        unit, staff = create_office(code="TQ-BQ", name="Xã Bắc Quang")
        case = create_received_case(
            kind="complaint",
            unit=unit,
            full_name="Trần Thị Hoa",
            title="Khiếu nại quyết định thu hồi đất",
            received_on=date(2026, 3, 2),
        )
        case_id, head = case.id, staff["unit_head"].username
        token = create_token_for(staff["unit_head"])
        headers = {"Authorization": f"Bearer {token}"}
        client = app.test_client()
        for action, fields in (
            ("classify", {"complaint_round": 2}),
            ("accept", {}),
            ("dialogue", {"minutes": "Hai bên trình bày ý kiến."}),
            ("conclude", {"outcome": "correct", "decision_number": "45/QĐ-UBND"}),
        ):
            response = client.post(
                f"/api/v1/cases/{case_id}/actions",
                json={"action": action, "on": "2026-03-10", **fields},
                headers=headers,
            )
            assert response.status_code == 200, response.get_json()
        db.session.remove()
        return case_id, head


def test_the_head_publishes_a_decision_and_the_public_reads_it(live_server, page, browser):
    case_id, head = _second_round_decision(live_server.app)
    sign_in(page, live_server, head, PASSWORD)
    page.goto(f"{live_server.url}/cases/{case_id}")
    panel = page.locator("[data-publication-panel]")
    assert "Hạn công khai: 25/03/2026" in panel.inner_text()
    panel.get_by_role("button", name="Chuẩn bị bản công khai").click()
    page.wait_for_load_state()
    text = page.get_by_label("Nội dung (mỗi đoạn cách nhau một dòng trống)").input_value()
    assert "Trần Thị Hoa" not in text
    screenshot(page, "publication-edit")
    page.get_by_role("button", name="Phê duyệt và công khai").click()
    page.wait_for_load_state()
    assert page.locator("[data-publication-state]").get_attribute("data-publication-state") == (
        "published"
    )

    # The public, signed out, in a context that lets axe run (it bypasses the CSP).
    public = browser.new_context(
        bypass_csp=True, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    page = public.new_page()
    page.goto(f"{live_server.url}/decisions/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "45/QĐ-UBND" in page.locator("[data-publications]").inner_text()
    page.get_by_label("Loại").select_option("complaint")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    screenshot(page, "publications-list")
    page.get_by_role("link", name="45/QĐ-UBND").first.click()
    page.wait_for_load_state()
    assert "Trần Thị Hoa" not in page.content()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "publication-public")
    page.emulate_media(media="print")
    screenshot(page, "publication-public-print")
    public.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    tab = phone.new_page()
    tab.goto(page.url)
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(tab, "publication-public-phone")
    phone.close()
