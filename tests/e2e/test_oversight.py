"""An inspector finds an overdue case from the dashboard and sends a reminder; the head of
the unit above sees it on their own dashboard."""

import pytest

from tests.e2e.conftest import screenshot, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def province_server(live_server):
    from tests.oversight.conftest import build_province

    with live_server.app.app_context():
        province = build_province()
        codes = {key: case.tracking_code for key, case in province.cases.items()}
    live_server.codes = codes
    return live_server


def test_an_inspector_reminds_a_unit_of_an_overdue_case_and_the_head_sees_it(page, province_server):
    server = province_server
    code = server.codes["A"]
    sign_in(page, server, "thanhtra", PASSWORD)
    page.locator(".site-nav__list--staff").get_by_role("link", name="Giám sát").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Giám sát giải quyết đơn thư").is_visible()
    screenshot(page, "oversight-dashboard")
    page.locator(".ov-chart-panel").first.screenshot(path="test-artifacts/oversight-chart.png")

    district = page.locator("#by-unit tr", has_text="Huyện Đông")
    district.locator("td").nth(2).get_by_role("link").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Hồ sơ quá hạn").is_visible()
    assert page.get_by_role("link", name=code, exact=True).is_visible()
    screenshot(page, "oversight-overdue-list")

    page.get_by_role("link", name=f"Đôn đốc hồ sơ {code}").click()
    page.wait_for_load_state()
    message = page.get_by_label("Nội dung đôn đốc")
    assert code in message.input_value()
    message.fill("Đề nghị Xã Cao giải quyết ngay hồ sơ quá hạn và báo cáo trước thứ Sáu.")
    screenshot(page, "oversight-remind-form")
    page.get_by_role("button", name="Gửi đôn đốc").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã gửi văn bản đôn đốc tới Xã Cao.").is_visible()

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
    sign_in(page, server, "chutich.d", PASSWORD)
    page.goto(server.url + "/oversight/")
    reminders = page.locator("#reminders")
    assert reminders.get_by_text("Đề nghị Xã Cao giải quyết ngay hồ sơ quá hạn").is_visible()
    assert reminders.get_by_role("link", name=code, exact=True).is_visible()
    assert page.get_by_text(server.codes["C"]).count() == 0
    screenshot(page, "oversight-head-dashboard")


def test_the_dashboard_reads_on_a_phone(phone_page, province_server):
    sign_in(phone_page, province_server, "thanhtra", PASSWORD)
    phone_page.goto(province_server.url + "/oversight/?as_of=2026-03-03")

    assert phone_page.get_by_role("heading", name="Giám sát giải quyết đơn thư").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    screenshot(phone_page, "oversight-dashboard-phone")
    phone_page.screenshot(path="test-artifacts/oversight-dashboard-phone-top.png")


def test_an_admin_runs_a_job_from_the_jobs_page(page, live_server):
    from petitions.extensions import db
    from tests.factories import create_user

    with live_server.app.app_context():
        create_user(role="admin", username="quantri.test")
        db.session.commit()
    sign_in(page, live_server, "quantri.test", PASSWORD)
    page.locator(".site-nav__list--staff").get_by_role("link", name="Tác vụ định kỳ").click()
    page.wait_for_load_state()
    page.get_by_role(
        "button", name="Chạy ngay: Tính lại thời hạn khi lịch làm việc thay đổi"
    ).click()
    page.wait_for_load_state()

    assert page.locator(".flash").filter(has_text="Hoàn thành").is_visible()
    assert page.get_by_text("Hộp thư đi").is_visible()
    screenshot(page, "jobs-index")
