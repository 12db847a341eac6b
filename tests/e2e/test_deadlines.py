"""The deadline calculator and the calendar admin in a real browser, on a desk and on a phone."""

import json
from datetime import date
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
def admin(live_server):
    from tests.factories import PASSWORD, create_case, create_user

    with live_server.app.app_context():
        user = create_user(role="admin", username="quantri")
        create_case(received_on=date(2026, 3, 2), rules=("complaint.accept",))
        return user.username, PASSWORD


def test_a_citizen_works_out_a_deadline_across_tet(page, live_server):
    page.goto(live_server.url + "/deadlines/calculator")
    page.get_by_label("Loại thời hạn").select_option("complaint.accept")
    page.get_by_label("Ngày bắt đầu tính").fill("2026-02-10")
    page.get_by_label("Thông thường").check()
    page.get_by_role("button", name="Tính thời hạn").click()
    page.wait_for_load_state()

    result = page.locator(".calculator__result")
    assert "Thứ Hai, 23/02/2026" in result.inner_text()
    assert "Mùng bốn Tết Nguyên Đán" in result.inner_text()
    # The answer is a link that can be shared.
    assert "rule=complaint.accept" in page.url and "start=2026-02-10" in page.url
    screenshot(page, "deadlines-calculator")


def test_the_calculator_fits_a_phone_and_explains_a_mistake(phone_page, live_server):
    phone_page.goto(
        live_server.url
        + "/deadlines/calculator?rule=denunciation.resolve&start=2026-02-10"
        + "&complexity=complex&extensions=2"
    )
    assert phone_page.get_by_role("alert").is_visible()
    assert "tối đa 1 lần" in phone_page.get_by_role("alert").inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "deadlines-calculator-phone-error")

    phone_page.goto(
        live_server.url + "/deadlines/calculator?rule=complaint.resolve.first&start=2026-03-02"
        "&remote=y&complexity=complex"
    )
    assert "04/05/2026" in phone_page.locator(".due-date").inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "deadlines-calculator-phone")


def test_the_calculator_has_no_serious_accessibility_violation(browser, live_server):
    context = browser.new_context(locale="vi-VN", bypass_csp=True)  # axe is an injected script
    page = context.new_page()
    page.goto(live_server.url + "/deadlines/calculator?rule=complaint.accept&start=2026-02-10")
    assert serious_accessibility_violations(page) == []
    page.goto(live_server.url + "/deadlines/calculator?rule=x&start=2026-02-31")
    assert serious_accessibility_violations(page) == []
    context.close()


def test_an_admin_adds_and_deletes_a_day_off(page, live_server, admin):
    sign_in(page, live_server, *admin)
    page.goto(live_server.url + "/admin/calendar/?year=2026")
    page.get_by_label("Ngày", exact=True).fill("2026-03-12")
    page.get_by_role("radio", name="Ngày nghỉ").check()
    page.get_by_label("Lý do (tiếng Việt)").fill("Nghỉ do bão lũ")
    page.get_by_role("button", name="Lưu và tính lại thời hạn").click()
    page.wait_for_load_state()

    assert "Đã tính lại 1 thời hạn đang chạy." in page.locator(".flashes").inner_text()
    overrides = page.get_by_role("region", name="Ngày điều chỉnh của tỉnh")
    assert overrides.get_by_role("cell", name="Nghỉ do bão lũ").count() == 1
    # The year's list shows it among the holidays, as the province's change.
    days_off = page.get_by_role("region", name="Ngày nghỉ năm 2026")
    assert days_off.get_by_role("row", name="Nghỉ do bão lũ").count() == 1
    screenshot(page, "calendar-overrides")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Xóa 12/03/2026").click()
    page.wait_for_load_state()
    assert "Đã xóa ngày điều chỉnh." in page.locator(".flashes").inner_text()


def test_the_calendar_admin_fits_a_phone(phone_page, live_server, admin):
    sign_in(phone_page, live_server, *admin)
    phone_page.goto(live_server.url + "/admin/calendar/?year=2026")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "calendar-overrides-phone")
    phone_page.goto(live_server.url + "/admin/calendar/rules")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "calendar-rules-phone")
