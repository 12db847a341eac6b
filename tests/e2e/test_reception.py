"""Browser: an officer logs a group visit and opens a case from it; the public calendar."""

import pytest

from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e

REPRESENTATIVES = [
    ("Vàng Seo Páo", "002085004512"),
    ("Nguyễn Thị Hằng", "002190007731"),
    ("Lò Văn Sinh", "002078003318"),
    ("Hoàng Thị Nhung", "002193001276"),
    ("Ma Văn Hùng", "002080009904"),
]


@pytest.fixture
def demo_server(live_server):
    from petitions import demo
    from petitions.extensions import db

    with live_server.app.app_context():
        demo.load_units()
        demo.load_users()
        db.session.commit()
    return live_server


# The intake desk form still passes its choices as tuples, which WTForms 3.3 deprecates; under
# pytest's warnings-as-errors that would fail the desk page in the server thread. Remove this
# mark once petitions/intake passes SelectChoice objects.
@pytest.mark.filterwarnings("ignore:Passing SelectField choices as tuples:DeprecationWarning")
def test_an_officer_logs_a_group_of_twelve_and_opens_a_case_from_the_visit(page, demo_server):
    from petitions.demo import DEMO_PASSWORD

    sign_in(page, demo_server, "tiepdan", DEMO_PASSWORD)
    page.goto(f"{demo_server.url}/reception/")
    page.get_by_role("link", name="Ghi lượt tiếp", exact=True).first.click()
    page.wait_for_load_state()

    page.get_by_label("Số người").fill("12")
    assert "tối đa 5 người đại diện" in page.locator("[data-group-rule]").inner_text()
    for index, (name, id_number) in enumerate(REPRESENTATIVES):
        if index:
            page.get_by_role("button", name="Thêm người").click()
        page.locator(f"#citizens-{index}-full_name").fill(name)
        page.locator(f"#citizens-{index}-address").fill("Thôn Nà Thác, xã Quang Minh")
        page.locator(f"#citizens-{index}-id_number").fill(id_number)
    assert page.get_by_role("button", name="Thêm người").is_hidden()
    page.get_by_label("Tóm tắt nội dung vụ việc").fill(
        "Khiếu nại Quyết định thu hồi đất làm đường tránh, đề nghị xem xét lại giá bồi thường."
    )
    page.get_by_label("Phân loại").select_option("complaint")
    screenshot(page, "reception-visit-form")
    page.get_by_role("button", name="Ghi vào sổ").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Lượt tiếp số 1/").count() == 1
    assert "đoàn đông người" in page.content()
    screenshot(page, "reception-visit")

    page.get_by_role("link", name="Tạo hồ sơ từ lượt tiếp này").click()
    page.wait_for_load_state()
    assert "/intake/desk" in page.url
    assert page.locator("#full_name").input_value() == "Vàng Seo Páo"
    assert page.locator("#id_number").input_value() == "002085004512"
    assert page.locator("#group_size").input_value() == "12"
    assert page.locator("#title").input_value().startswith("Khiếu nại Quyết định thu hồi đất")
    screenshot(page, "reception-intake-prefilled")

    page.get_by_role("button", name="Ghi nhận đơn").click()
    page.wait_for_load_state()
    if page.get_by_role("button", name="Ghi nhận đơn").count():
        # The desk asks once about similar earlier cases before recording.
        page.get_by_role("button", name="Ghi nhận đơn").click()
        page.wait_for_load_state()
    assert "/intake/desk/" in page.url, page.content()[:2000]

    with demo_server.app.app_context():
        from petitions.extensions import db
        from petitions.reception.models import Visit

        visit = db.session.scalar(db.select(Visit))
        assert visit.case_id is not None
        assert visit.route.value == "accepted"
        visit_id = visit.id
    page.goto(f"{demo_server.url}/reception/visits/{visit_id}")
    assert page.locator(".facts").get_by_text("Nhận đơn", exact=True).count() == 1
    assert page.get_by_role("link", name="Tạo hồ sơ từ lượt tiếp này").count() == 0
    screenshot(page, "reception-visit-with-case")


def test_the_public_calendar_on_a_phone(phone_page, demo_server):
    from datetime import date

    from petitions.reception import demo as reception_demo

    with demo_server.app.app_context():
        from petitions.extensions import db

        reception_demo.load()
        db.session.commit()
    phone_page.goto(f"{demo_server.url}/reception/calendar?unit=HG&month=2026-02")
    assert phone_page.get_by_text("23/02/2026").count() >= 1
    assert phone_page.get_by_text("Dời từ ngày 15/02/2026").count() == 1
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "reception-public-calendar-phone")
    assert date(2026, 2, 23)


def test_the_heads_compliance_and_the_printed_log(page, demo_server):
    from petitions.demo import DEMO_PASSWORD
    from petitions.reception import demo as reception_demo

    with demo_server.app.app_context():
        from petitions.extensions import db

        reception_demo.load()
        db.session.commit()
    sign_in(page, demo_server, "chutich", DEMO_PASSWORD)
    page.goto(f"{demo_server.url}/reception/compliance/mine?year=2026")
    assert page.get_by_text("Luật Tiếp công dân 2013, Điều 12", exact=False).count() >= 1
    screenshot(page, "reception-head-compliance")
    page.goto(f"{demo_server.url}/reception/")
    screenshot(page, "reception-index")
    page.goto(f"{demo_server.url}/reception/log/print?from=2026-01-01&to=2026-12-31")
    page.emulate_media(media="print")
    screenshot(page, "reception-log-print")
