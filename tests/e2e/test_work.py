"""Each staff role signs in and lands on its own start page with the right counts; a head
approves a proposal in one click from there. Screenshots at desktop and phone width."""

from datetime import time, timedelta

import pytest

from tests.e2e.conftest import screenshot, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def _build_office():
    """A district with its head, two handlers and a reception officer; a commune officer who
    both receives citizens and handles cases; the inspectorate, Sở Nội vụ and an admin.
    Every date is counted from today, the day the server reads from its clock."""
    from petitions import clock
    from petitions.cases.models import Assignment, CaseDeadline
    from petitions.cases.steps import take_action
    from petitions.domain.workflow import intake_rules
    from petitions.extensions import db
    from petitions.reception import visits
    from petitions.reception.models import ReceptionSession
    from tests.factories import create_case, create_unit, create_user

    today = clock.today()
    province = create_unit(code="P", name="Tỉnh thử nghiệm", level="province")
    inspectorate = create_unit(
        code="P-TT", name="Thanh tra tỉnh", level="department", parent=province
    )
    home = create_unit(code="P-NV", name="Sở Nội vụ", level="department", parent=province)
    district = create_unit(code="P-D", name="Huyện Đông", level="district", parent=province)
    commune = create_unit(code="P-D-C", name="Xã Cao", level="commune", parent=district)
    head = create_user(
        role="unit_head", unit=district, username="chutich", full_name="Hoàng Văn Sơn"
    )
    handler = create_user(
        role="handler", unit=district, username="chuyenvien", full_name="Lê Thu Hà"
    )
    create_user(role="handler", unit=district, username="chuyenvien2", full_name="Phạm Minh")
    officer = create_user(
        role="reception_officer", unit=district, username="tiepdan", full_name="Nguyễn Thị Lan"
    )
    create_user(
        role="reception_officer,handler",
        unit=commune,
        username="canbo.xa",
        full_name="Vàng Thị Mai",
    )
    create_user(role="inspector", unit=inspectorate, username="thanhtra", full_name="Đỗ Văn Thanh")
    create_user(role="home_affairs", unit=home, username="noivu", full_name="Trần Thị Nga")
    create_user(role="admin", unit=province, username="quantri", full_name="Quản trị viên")

    # The handler's three cases, each with one running resolution deadline: two days late,
    # due tomorrow, and due in three weeks.
    for title, due_in in (
        ("Tranh chấp ranh giới đất", -2),
        ("Bồi thường giải phóng mặt bằng", 1),
        ("Cấp giấy chứng nhận", 21),
    ):
        case = create_case(unit=district, status="verifying", title=title, rules=())
        case.due_on = today + timedelta(days=due_in)
        case.deadlines.append(
            CaseDeadline(
                rule="complaint.resolve.first",
                start_on=today - timedelta(days=30),
                due_on=case.due_on,
                basis="Luật Khiếu nại 2011, Điều 28",
            )
        )
        case.assignments.append(Assignment(user_id=handler.id, assigned_on=today, active=True))
    db.session.commit()
    # A petition received today, which the handler proposes to accept as a complex case.
    received = create_case(
        unit=district,
        received_on=today,
        title="Khiếu nại quyết định thu hồi đất",
        rules=intake_rules("complaint"),
    )
    take_action(
        received,
        {
            "action": "propose",
            "proposal": "accept",
            "complex": "true",
            "note": "Nhiều hộ liên quan",
        },
        actor=handler,
        today=today,
    )
    # The head receives citizens today; the district officer logged one visit still without a case.
    db.session.add(
        ReceptionSession(
            unit_id=district.id,
            head_id=head.id,
            day=today,
            starts_at=time(7, 30),
            ends_at=time(11, 0),
            place="Trụ sở tiếp công dân huyện",
        )
    )
    citizen = {
        "full_name": "Nguyễn Văn Bình",
        "address": "Thôn Nậm Khòn",
        "id_number": "002089001234",
    }
    visits.log_visit(
        unit=district,
        session=None,
        visited_on=today,
        people=1,
        citizens=[citizen],
        content="Khiếu nại việc thu hồi đất làm đường",
        classification="complaint",
        route=None,
        first_visit=True,
        actor=officer,
        today=today,
    )
    db.session.commit()


@pytest.fixture
def office_server(live_server):
    with live_server.app.app_context():
        _build_office()
    return live_server


# (username, the start page's numbers by section, the navigation's count, a heading shown)
ROLES = [
    # 3 cases assigned: 1 two days late, 1 due tomorrow; nothing returned. Nav: 1 + 1.
    (
        "chuyenvien",
        {"my_cases": 3, "my_overdue": 1, "my_due_soon": 1, "returned": 0},
        2,
        "Hồ sơ được giao cho tôi",
    ),
    # 1 proposal waiting; today's session is this week's; 1 case of the district is late.
    (
        "chutich",
        {"proposals": 1, "my_sessions": 1, "unit_overdue": 1},
        2,
        "Đề xuất chờ tôi quyết định",
    ),
    # Today's session, the visit without a case, the petition received today.
    (
        "tiepdan",
        {"todays_sessions": 1, "visits_to_cases": 1, "desk_intake": 1},
        1,
        "Lượt tiếp cần lập hồ sơ",
    ),
    # Both roles' sections, all empty in the commune.
    (
        "canbo.xa",
        {"visits_to_cases": 0, "my_cases": 0, "my_overdue": 0},
        None,
        "Hồ sơ được giao cho tôi",
    ),
    # Four open cases in the province (three resolving, one just received); one late, one due soon.
    (
        "thanhtra",
        {"oversight-open": 4, "oversight-overdue": 1, "oversight-due-soon": 1},
        None,
        "Giám sát toàn tỉnh",
    ),
    # Units that report to Sở Nội vụ: the three departments and the district, none sent yet.
    (
        "noivu",
        {"missing-home_affairs": 3, "submitted-home_affairs": 0},
        None,
        "phải nhận",
    ),
    ("quantri", {}, None, "Khu vực quản trị"),
]


@pytest.mark.parametrize(("username", "counts", "nav", "heading"), ROLES, ids=[r[0] for r in ROLES])
def test_each_role_lands_on_its_start_page_with_the_right_counts(
    page, office_server, username, counts, nav, heading
):
    sign_in(page, office_server, username, PASSWORD)
    assert page.url.endswith("/work/")
    assert page.get_by_role("heading", name="Việc của tôi", level=1).is_visible()
    assert page.get_by_role("heading", name=heading).first.is_visible()
    for section, number in counts.items():
        shown = page.locator(f'[data-section="{section}"] .stat__number').inner_text()
        assert int(shown) == number, (section, shown)
    badge = page.locator(".site-nav__list--staff [data-nav-count]")
    if nav:
        assert badge.inner_text().startswith(str(nav))
    else:
        assert badge.count() == 0
    screenshot(page, f"work-{username}")


def test_the_head_approves_a_proposal_from_the_start_page(page, office_server):
    sign_in(page, office_server, "chutich", PASSWORD)
    proposal = page.locator("#proposals .work-item")
    assert proposal.get_by_text("Đề xuất «Thụ lý»").is_visible()
    assert proposal.get_by_text("Nhiều hộ liên quan").is_visible()
    screenshot(page, "work-head")
    proposal.get_by_role("button", name="Phê duyệt: Thụ lý").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã phê duyệt đề xuất «Thụ lý»").is_visible()
    assert page.locator('[data-section="proposals"] .stat__number').inner_text() == "0"


def test_the_start_page_and_the_admin_index_on_a_phone(phone_page, office_server):
    sign_in(phone_page, office_server, "chutich", PASSWORD)
    assert phone_page.get_by_role("heading", name="Việc của tôi", level=1).is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    screenshot(phone_page, "work-head-phone")


def test_the_admin_index_lists_the_admin_areas(page, office_server):
    sign_in(page, office_server, "quantri", PASSWORD)
    page.goto(office_server.url + "/admin/")
    assert page.get_by_role("heading", name="Khu vực quản trị", level=1).is_visible()
    for area in ("Tài khoản cán bộ", "Đơn vị hành chính", "Lịch làm việc", "Tác vụ định kỳ"):
        assert page.locator("#main").get_by_role("link", name=area).is_visible()
    # Eight accounts, all active.
    users = page.locator(".work-area", has_text="Tài khoản cán bộ").locator(".stat__number")
    assert users.inner_text() == "8"
    screenshot(page, "admin-index")
