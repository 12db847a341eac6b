"""A citizen sends a complaint online with a PDF, keeps the receipt and follows the case;
an officer records a petition at the desk and prints the receipt."""

import json
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def demo_server(live_server):
    from petitions import demo
    from petitions.extensions import db

    with live_server.app.app_context():
        demo.load_units()
        demo.load_users()
        db.session.commit()
    return live_server


def test_a_citizen_submits_a_complaint_with_a_pdf_and_follows_it(page, demo_server, tmp_path):
    decision = tmp_path / "quyết-định-thu-hồi-đất.pdf"
    decision.write_bytes(PDF)
    demo_server.app.config["PUBLIC_BASE_URL"] = ""  # links follow the address served on

    page.goto(demo_server.url + "/intake/submit")
    page.get_by_text("Khiếu nại", exact=True).click()
    page.get_by_label("Tiêu đề").fill("Khiếu nại quyết định thu hồi đất ở thôn Nà Thác")
    page.get_by_label("Nội dung").fill(
        "Gia đình tôi bị thu hồi 1.200 m² đất trồng lúa nhưng mức bồi thường thấp hơn giá "
        "đất cùng hạng ở xã bên cạnh. Đề nghị xem xét lại quyết định."
    )
    page.get_by_placeholder("Gõ để tìm").fill("bac quang")
    page.get_by_label("Cơ quan, đơn vị nhận đơn").select_option("HG-BQ")
    page.get_by_label("Họ và tên").fill("Hoàng Thị Lan")
    page.get_by_label("Số căn cước công dân").fill("002185004412")
    page.get_by_label("Địa chỉ", exact=True).fill("Thôn Nà Thác, xã Quang Minh, huyện Bắc Quang")
    page.get_by_label("Số điện thoại").fill("0389 123 456")
    page.get_by_label("Tệp đính kèm").set_input_files(str(decision))
    page.get_by_label("Tôi đồng ý").check()
    screenshot(page, "intake-submit-filled")
    page.get_by_role("button", name="Tiếp tục: kiểm tra lại đơn").click()
    page.wait_for_load_state()

    # Check your answers: nothing is recorded yet; the file chosen is listed.
    answers = page.locator("[data-check-answers]")
    assert answers.get_by_text("Hoàng Thị Lan").is_visible()
    assert answers.get_by_text(decision.name).is_visible()
    assert answers.get_by_text(f"({len(PDF)} byte)").is_visible()
    screenshot(page, "intake-check")
    page.get_by_role("button", name="Sửa lại").click()
    page.wait_for_load_state()
    assert page.get_by_label("Họ và tên").input_value() == "Hoàng Thị Lan"
    assert page.locator("[data-held-files]").get_by_text(decision.name).count() == 1
    page.get_by_label("Tôi đồng ý").check()
    page.get_by_role("button", name="Tiếp tục: kiểm tra lại đơn").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Gửi đơn").click()
    page.wait_for_load_state()

    assert "/intake/receipt" in page.url
    assert page.get_by_text("Đơn của bạn đã được ghi nhận.").is_visible()
    code = page.locator("[data-tracking-code]").inner_text().strip()
    key = page.locator("[data-access-key]").inner_text().strip()
    assert re.fullmatch(r"HG-\d\d-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", key)
    classify = page.locator("[data-classify-deadline]").inner_text()
    assert re.search(r"hạn cuối \d\d/\d\d/\d{4}", classify)
    assert "trước ngày" not in page.content()
    assert page.locator("[data-two-deadlines]").is_visible()
    assert page.locator("[data-attachments]").get_by_text(decision.name).is_visible()
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1
    # The QR code and the link use the address the site is served on.
    assert f"{demo_server.url}/intake/track?code={code}" in page.content()
    screenshot(page, "intake-receipt")

    page.reload()
    assert "/intake/track" in page.url
    assert page.locator("[data-access-key]").count() == 0

    page.get_by_label("Mã hồ sơ").fill(code.lower())
    page.get_by_label("Mã bí mật").fill(key.replace("-", "").lower())
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()

    case_view = page.locator(".case-view")
    assert case_view.get_by_text("Huyện Bắc Quang").count() >= 1
    assert case_view.get_by_text("Đã tiếp nhận, đang phân loại, xử lý đơn").is_visible()
    assert case_view.get_by_text("Cơ quan đã nhận đơn của bạn.").is_visible()
    assert (
        case_view.locator("[data-next-step]")
        .inner_text()
        .startswith("Tiếp theo: cơ quan phân loại, xử lý đơn và báo cho bạn biết, hạn cuối")
    )
    assert case_view.locator("[data-attachments]").get_by_text(decision.name).is_visible()
    assert case_view.get_by_text("Thụ lý hoặc từ chối thụ lý khiếu nại").is_visible()
    assert "Hoàng Thị Lan" not in page.content()
    screenshot(page, "intake-track")

    with demo_server.app.app_context():
        from sqlalchemy import select

        from petitions.cases.models import Case
        from petitions.extensions import db

        case = db.session.scalar(select(Case).where(Case.tracking_code == code))
        assert case.attachments[0].original_name == decision.name
        assert case.attachments[0].content_type == "application/pdf"


def test_a_wrong_key_is_told_plainly_on_the_tracking_page(page, demo_server):
    page.goto(demo_server.url + "/intake/track?code=HG-26-AAAA-BBBB")
    page.get_by_label("Mã bí mật").fill("WRONG")
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()

    assert page.get_by_text("Không tìm thấy hồ sơ với mã hồ sơ và mã bí mật này").is_visible()


def test_the_online_form_fits_a_phone_and_hides_identity_when_anonymous(phone_page, demo_server):
    phone_page.goto(demo_server.url + "/intake/submit")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "intake-submit-phone")

    phone_page.get_by_text("Khiếu nại", exact=True).click()
    phone_page.get_by_label("Gửi ẩn danh").check()
    assert not phone_page.get_by_label("Họ và tên").is_visible()
    assert phone_page.get_by_text("Khiếu nại không thể gửi ẩn danh").is_visible()


def test_an_officer_records_a_group_petition_at_the_desk_and_prints_form_02(page, demo_server):
    from petitions.demo import DEMO_PASSWORD

    sign_in(page, demo_server, "tiepdan.bq", DEMO_PASSWORD)
    page.goto(demo_server.url + "/intake/desk?group_size=8&visit=3")
    page.get_by_text("Khiếu nại", exact=True).click()
    page.get_by_label("Tiêu đề").fill("Khiếu nại việc không được hỗ trợ nhà ở")
    page.get_by_label("Nội dung", exact=True).fill(
        "Tám hộ thôn Sà Phìn không có tên trong danh sách."
    )
    # A name never travels in the URL: the desk fills it from the visit or the officer types it.
    page.locator("#full_name").fill("Giàng Seo Páo")
    page.locator("#id_number").fill("002069002210")
    page.locator("#co_petitioners-0-full_name").fill("Sùng Mí Chứ")
    screenshot(page, "intake-desk")
    page.get_by_role("button", name="Ghi nhận đơn").click()
    page.wait_for_load_state()

    assert page.get_by_text("GIẤY BIÊN NHẬN", exact=True).is_visible()
    assert page.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").is_visible()
    assert page.locator("[data-access-key]").count() == 1
    screenshot(page, "intake-desk-receipt")
    page.emulate_media(media="print")
    screenshot(page, "intake-desk-receipt-print")


@pytest.fixture
def axe_page(browser):
    # axe is injected as a script, which the product's CSP (rightly) forbids.
    context = browser.new_context(locale="vi-VN", bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["/intake/submit", "/intake/track"])
def test_the_intake_pages_have_no_serious_accessibility_violation(axe_page, demo_server, path):
    axe_page.goto(demo_server.url + path)
    axe_page.add_script_tag(content=AXE)
    result = json.loads(axe_page.evaluate("async () => JSON.stringify(await axe.run(document))"))
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
