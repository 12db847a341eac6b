"""Each demo role signs in and sees its own navigation; the language switch; accessibility."""

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()


@pytest.fixture
def demo_server(live_server):
    from petitions import demo
    from petitions.extensions import db

    with live_server.app.app_context():
        demo.load_units()
        demo.load_users()
        db.session.commit()
    return live_server


# What each role must see in its menu, and an entry it must not see.
ROLE_MENUS = [
    ("tiepdan", "Hồ sơ cá nhân", "Tài khoản"),
    ("chuyenvien", "Hồ sơ cá nhân", "Đơn vị"),
    ("chutich", "Hồ sơ cá nhân", "Tài khoản"),
    ("thanhtra", "Hồ sơ cá nhân", "Đơn vị"),
    ("noivu", "Hồ sơ cá nhân", "Tài khoản"),
    ("quantri", "Tài khoản", None),
]


@pytest.mark.parametrize(("username", "present", "absent"), ROLE_MENUS)
def test_each_demo_role_signs_in_and_sees_its_own_navigation(
    page, demo_server, username, present, absent
):
    from petitions.demo import DEMO_PASSWORD

    sign_in(page, demo_server, username, DEMO_PASSWORD)
    staff_menu = page.locator(".site-nav__list--staff")
    assert staff_menu.get_by_role("link", name=present, exact=True).count() == 1
    if absent:
        assert staff_menu.get_by_role("link", name=absent, exact=True).count() == 0
    screenshot(page, f"menu-{username}")


def test_the_language_switch_turns_the_page_into_english(page, live_server):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Tiếng Việt").count() == 1
    screenshot(page, "home-en")


def _axe_violations(page) -> list[dict]:
    page.add_script_tag(content=AXE)
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    violations = json.loads(result)["violations"]
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


PUBLIC_PAGES = ["/", "/login", "/accessibility"]


@pytest.fixture
def axe_page(browser):
    # axe is injected as a script, which the product's CSP (rightly) forbids.
    context = browser.new_context(locale="vi-VN", bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_serious_accessibility_violation(axe_page, live_server, path):
    axe_page.goto(live_server.url + path)
    assert _axe_violations(axe_page) == []


def test_the_home_page_works_on_a_phone(phone_page, live_server):
    phone_page.goto(live_server.url + "/")
    menu = phone_page.get_by_role("button", name="Danh mục")
    assert menu.is_visible()
    menu.click()
    assert phone_page.get_by_role("link", name="Cán bộ đăng nhập").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "home-phone")
