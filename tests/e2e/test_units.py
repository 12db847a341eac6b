"""A unit's reorganisation in a real browser: a split drawn up, reviewed and confirmed with
the forms' CSRF tokens, each page accessible and fitting a phone."""

from datetime import date

import pytest

from tests.e2e.conftest import screenshot, serious_accessibility_violations, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def district(live_server):
    """The admin's sign-in, the district's id and a case of the district."""
    from tests.cases.factories import create_office, create_received_case, create_sealed_case
    from tests.factories import PASSWORD, create_user

    with live_server.app.app_context():
        province, _ = create_office(code="HGV", name="Tỉnh Hà Giang", staff=())
        district, _ = create_office(code="HGV-BM", name="Huyện Bắc Mê", parent=province, staff=())
        create_office(code="HGV-YP", name="Xã Yên Phong", parent=province, staff=())
        create_office(code="HGV-MN", name="Xã Minh Ngọc", parent=province, staff=())
        case = create_received_case(unit=district, received_on=date(2026, 3, 2))
        create_sealed_case(unit=district, received_on=date(2026, 3, 3))
        admin = create_user(role="admin", username="quantri", unit=province)
        return (admin.username, PASSWORD), district.id, case.tracking_code


def _draw_up_split(page, live_server, district_id):
    page.goto(f"{live_server.url}/admin/units/{district_id}")
    page.get_by_label("Đơn vị kế thừa thứ 1").select_option("HGV-YP")
    page.get_by_label("Đơn vị kế thừa thứ 2").select_option("HGV-MN")
    page.locator("#split-act_number").fill("1683/NQ-UBTVQH15")
    page.get_by_role("button", name="Lập danh sách hồ sơ để rà soát").click()
    page.wait_for_load_state()


def test_an_admin_splits_a_district_reviewing_where_a_case_goes(page, live_server, district):
    login, district_id, tracking_code = district
    sign_in(page, live_server, *login)
    _draw_up_split(page, live_server, district_id)
    assert "2 hồ sơ chờ rà soát" in page.locator(".flashes").inner_text()
    page.get_by_label(f"Đơn vị kế thừa của hồ sơ {tracking_code}").select_option("HGV-MN")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "Đã lưu 1 thay đổi." in page.locator(".flashes").inner_text()
    screenshot(page, "units-split-review")

    page.get_by_role("button", name="Xác nhận chia tách").click()
    page.wait_for_load_state()
    assert "Đã chia tách Huyện Bắc Mê. Chuyển 2 hồ sơ" in page.locator(".flashes").inner_text()
    assert (
        "1683/NQ-UBTVQH15"
        in page.get_by_role("table", name="Các lần sắp xếp đã thực hiện").inner_text()
    )


def test_the_reorganisation_pages_fit_a_phone_and_have_no_serious_violation(
    browser, phone_page, live_server, district
):
    login, district_id, _code = district
    sign_in(phone_page, live_server, *login)
    _draw_up_split(phone_page, live_server, district_id)
    review = phone_page.url
    pages = {
        "edit": f"/admin/units/{district_id}",
        "review": review,
        "changes": "/admin/units/changes",
        "index": "/admin/units/",
    }
    for name, path in pages.items():
        phone_page.goto(path if path.startswith("http") else live_server.url + path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390, path
        screenshot(phone_page, f"units-{name}-phone")

    context = browser.new_context(locale="vi-VN", bypass_csp=True)  # axe is an injected script
    page = context.new_page()
    sign_in(page, live_server, *login)
    for path in pages.values():
        page.goto(path if path.startswith("http") else live_server.url + path)
        assert serious_accessibility_violations(page) == [], path
    context.close()
