"""In the browser: a head approves and sends the annual report; Sở Nội vụ sees and returns it."""

import re

import pytest

from tests.e2e.conftest import screenshot, sign_in
from tests.factories import PASSWORD, create_user
from tests.reports.factories import known_dataset

pytestmark = pytest.mark.e2e


@pytest.fixture
def reporting(live_server):
    live_server.app.config["REPORT_RECIPIENTS"] = {"home_affairs": {"recipient": "P-B"}}
    with live_server.app.app_context():
        units, _cases = known_dataset()
        create_user(
            role="unit_head", unit=units["A"], username="chutich.a", full_name="Hoàng Văn Sơn"
        )
        create_user(
            role="home_affairs", unit=units["B"], username="noivu.b", full_name="Vàng Mí Dũng"
        )
    return live_server


def test_a_head_sends_the_annual_report_and_home_affairs_sees_it(page, reporting):
    sign_in(page, reporting, "chutich.a", PASSWORD)
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.wait_for_load_state()
    assert page.locator('[data-cell="summary:received"]').inner_text().strip().isdigit()
    screenshot(page, "reports-statistics")

    page.get_by_role("button", name=re.compile(r"Lập báo cáo năm \d+: Báo cáo kết quả")).click()
    page.wait_for_load_state()
    page.get_by_label("Số báo cáo").fill("15/BC-UBND")
    page.get_by_label("Kết quả đạt được").fill("Tiếp nhận, xử lý đơn thư kịp thời, đúng quy định.")
    page.get_by_label("Đề xuất, kiến nghị").fill("Tập huấn cho cán bộ cấp xã.")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã lưu báo cáo.").count() == 1
    page.get_by_role("button", name="Duyệt báo cáo").click()
    page.wait_for_load_state()
    page.get_by_role("button", name=re.compile("Gửi báo cáo đến")).click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã gửi báo cáo.").count() == 1
    assert page.locator(".badge--report-submitted").count() >= 1
    screenshot(page, "reports-annual-submitted")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()

    sign_in(page, reporting, "noivu.b", PASSWORD)
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name=re.compile("Tình hình gửi báo cáo năm")).click()
    page.wait_for_load_state()
    row = page.locator("tr", has_text="Huyện A")
    assert "Đã gửi" in row.inner_text()
    screenshot(page, "reports-submissions")
    row.get_by_role("link", name="Huyện A").click()
    page.wait_for_load_state()
    assert page.get_by_text("Tiếp nhận, xử lý đơn thư kịp thời").count() == 1
    page.get_by_label("Nội dung cần chỉnh sửa").fill("Bổ sung nguyên nhân các vụ việc quá hạn.")
    page.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã trả lại báo cáo để đơn vị chỉnh sửa.").count() == 1
    assert page.locator(".badge--report-returned").count() >= 1
    screenshot(page, "reports-returned")


def test_the_public_statistics_work_on_a_phone(phone_page, reporting):
    phone_page.goto(f"{reporting.url}/reports/public")
    assert phone_page.get_by_role("link", name="Huyện A").count() == 1
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    screenshot(phone_page, "reports-public-phone")
    phone_page.get_by_role("link", name="Huyện A").click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_text("Xã A1").count() >= 1


def test_the_printable_report_has_the_official_layout(page, reporting):
    sign_in(page, reporting, "noivu.b", PASSWORD)
    page.goto(f"{reporting.url}/reports/print?unit=P-A")
    assert page.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").count() == 1
    page.emulate_media(media="print")
    screenshot(page, "reports-print")
