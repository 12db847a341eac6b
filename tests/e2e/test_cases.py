"""The case workflow in a real browser: a recommendation forwarded to another unit and
answered there, a sealed denunciation opened by its head, on a desk and on a phone."""

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()


def serious_accessibility_violations(page) -> list[dict]:
    page.add_script_tag(content=AXE)
    violations = json.loads(page.evaluate("async () => JSON.stringify(await axe.run(document))"))
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in violations["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def page(browser):
    """A desk-sized page; the CSP is bypassed only so that the axe checker can be injected."""
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
    )
    context.set_default_timeout(10000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def two_units(live_server):
    from petitions.clock import today
    from tests.cases.factories import create_office, create_received_case, create_sealed_case
    from tests.factories import PASSWORD

    with live_server.app.app_context():
        sender, sender_staff = create_office(
            code="HG-BQ", name="UBND huyện Bắc Quang", staff=("unit_head",)
        )
        receiver, receiver_staff = create_office(
            code="HG-SXD", name="Sở Xây dựng", staff=("unit_head",)
        )
        case = create_received_case(
            kind="recommendation",
            unit=sender,
            received_on=today() - timedelta(days=3),
            title="Kiến nghị sửa cầu treo thôn Nậm Khòn",
            content="Cầu treo xuống cấp, học sinh đi lại nguy hiểm.",
            full_name="Hoàng Văn Sử",
        )
        sealed = create_sealed_case(unit=sender, received_on=today() - timedelta(days=2))
        return {
            "case": case.tracking_code,
            "case_id": case.id,
            "sealed_id": sealed.id,
            "sender": sender_staff["unit_head"].username,
            "receiver": receiver_staff["unit_head"].username,
            "password": PASSWORD,
        }


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def open_step(page, name):
    page.locator("details.step > summary", has_text=name).first.click()


def test_a_recommendation_is_forwarded_through_the_pages_and_answered_there(
    page, live_server, two_units
):
    data = two_units
    sign_in(page, live_server, data["sender"], data["password"])
    page.goto(f"{live_server.url}/cases/")
    page.get_by_label("Tìm kiếm").fill("cau treo nam khon")  # no accents
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    assert page.locator(".case-table tbody tr").count() == 1
    screenshot(page, "cases-list")
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name=data["case"]).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Kiến nghị sửa cầu treo thôn Nậm Khòn").is_visible()
    open_step(page, "Chuyển đơn")
    page.get_by_label("Chuyển đến đơn vị").select_option("HG-SXD")
    page.get_by_role("button", name="Chuyển đơn").click()
    page.wait_for_load_state()
    assert "Đã ghi nhận: Chuyển đơn" in page.locator(".flashes").inner_text()
    assert "Đã chuyển đơn" in page.locator(".case-head").inner_text()
    related = page.locator("section", has=page.get_by_role("heading", name="Hồ sơ liên quan"))
    assert "Sở Xây dựng" in related.inner_text()
    screenshot(page, "case-forwarded")
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Bản in").first.click()
    page.wait_for_load_state()
    notice = page.locator("article.notice")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in notice.inner_text()
    assert "PHIẾU CHUYỂN ĐƠN" in notice.inner_text()
    screenshot(page, "notice-forwarding")
    sign_out(page)

    sign_in(page, live_server, data["receiver"], data["password"])
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name="Kiến nghị sửa cầu treo", exact=False).count()
    page.locator(".case-table a").first.click()
    page.wait_for_load_state()
    assert "Cơ quan khác chuyển đến" in page.locator(".facts").inner_text()
    open_step(page, "Thụ lý")
    page.get_by_role("button", name="Thụ lý").click()
    page.wait_for_load_state()
    assert "Đã thụ lý" in page.locator(".case-head").inner_text()
    open_step(page, "Kết luận, quyết định")
    page.get_by_label("Đúng", exact=True).check()
    page.get_by_label("Số quyết định, kết luận").fill("112/TB-SXD")
    page.get_by_label("Tóm tắt kết quả (gửi người dân)").fill(
        "Đưa cầu treo Nậm Khòn vào kế hoạch sửa chữa quý I."
    )
    screenshot(page, "case-step-conclude")
    page.get_by_role("button", name="Kết luận, quyết định").click()
    page.wait_for_load_state()
    assert "Đã có kết quả giải quyết" in page.locator(".case-head").inner_text()
    screenshot(page, "case-concluded")
    sign_out(page)

    sign_in(page, live_server, data["sender"], data["password"])
    page.goto(f"{live_server.url}/cases/{data['case_id']}")
    related = page.locator("section", has=page.get_by_role("heading", name="Hồ sơ liên quan"))
    assert "Đã có kết quả giải quyết" in related.inner_text()
    assert "Đơn vị nhận đơn đã giải quyết" in page.locator("#history").inner_text()


def test_the_head_opens_a_sealed_identity_stating_why(page, live_server, two_units):
    data = two_units
    sign_in(page, live_server, data["sender"], data["password"])
    page.goto(f"{live_server.url}/cases/{data['sealed_id']}")
    assert "Thông tin được giữ bí mật" in page.locator(".facts").inner_text()
    assert "Lò Thị Mai" not in page.content()
    page.get_by_label("Lý do cần xem").fill("Ký thông báo thụ lý gửi người tố cáo")
    page.get_by_role("button", name="Xem thông tin người tố cáo").click()
    page.wait_for_load_state()
    assert "Lò Thị Mai" in page.locator(".identity").inner_text()
    screenshot(page, "case-identity-revealed")
    page.get_by_role("link", name="Ẩn thông tin").click()
    page.wait_for_load_state()
    assert "Lò Thị Mai" not in page.content()
    assert "Xem thông tin người tố cáo" in page.locator("#history").inner_text()


def test_the_case_page_fits_a_phone(phone_page, live_server, two_units):
    data = two_units
    sign_in(phone_page, live_server, data["sender"], data["password"])
    phone_page.goto(f"{live_server.url}/cases/{data['case_id']}")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "case-phone")
    phone_page.goto(f"{live_server.url}/cases/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "cases-list-phone")
