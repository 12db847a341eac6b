"""A staff user may hold several roles; every check asks "holds role X", and the user form
tells every error at once."""

import re

import pytest
from sqlalchemy import select

from petitions.accounts.models import User
from petitions.accounts.services import authenticate
from petitions.extensions import db
from petitions.permissions import Role
from tests.cases.factories import create_received_case
from tests.factories import create_unit, create_user


def _form(unit, **changes) -> dict:
    return {
        "username": "hoa",
        "full_name": "Đỗ Thị Hoa",
        "email": "",
        "role": ["reception_officer", "handler"],
        "unit": unit.code,
        "password": "một mật khẩu dài",
        "active": "y",
        **changes,
    }


def test_an_admin_gives_one_user_two_roles_through_the_form(client, login):
    unit = create_unit(level="commune")
    login(create_user(role="admin"))
    response = client.post("/admin/users/new", data=_form(unit))
    assert response.status_code == 302
    user = db.session.scalars(select(User).where(User.username == "hoa")).one()
    assert user.roles == {Role.RECEPTION_OFFICER, Role.HANDLER}
    listing = client.get("/admin/users").get_data(as_text=True)
    assert "Cán bộ tiếp công dân, Cán bộ xử lý đơn" in listing
    edit = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert len(re.findall(r'name="role"[^>]*checked|checked[^>]*name="role"', edit)) == 2


def test_the_user_form_reports_every_error_at_once(client, login):
    unit = create_unit()
    create_user(username="hoa", unit=unit)
    login(create_user(role="admin"))
    response = client.post(
        "/admin/users/new",
        data=_form(unit, full_name="", role=[], password="ngắn", email="không-phải-thư"),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    summary = html[html.index("error-summary") : html.index("</div>", html.index("error-summary"))]
    # Five fields at fault, each named in the summary: taken username, no name, bad e-mail,
    # no role, short password.
    for message in (
        "Tên đăng nhập hoa đã tồn tại.",
        "Họ và tên",
        "Thư điện tử",
        "Hãy chọn ít nhất một vai trò.",
        "Mật khẩu phải có ít nhất 10 ký tự.",
    ):
        assert message in summary, message
    assert db.session.scalars(select(User).where(User.username == "hoa")).one().full_name


def test_changing_a_users_roles_ends_their_sessions(app, client, login):
    user = create_user(role="handler")
    theirs = app.test_client()
    theirs.post("/login", data={"username": user.username, "password": "correct horse battery"})
    login(create_user(role="admin"))
    client.post(
        f"/admin/users/{user.id}",
        data={
            "username": user.username,
            "full_name": user.full_name,
            "role": ["handler", "unit_head"],
            "unit": user.unit.code,
            "active": "y",
        },
    )
    db.session.expire_all()
    assert db.session.get(User, user.id).roles == {Role.HANDLER, Role.UNIT_HEAD}
    assert theirs.get("/profile").status_code == 302


@pytest.mark.parametrize(
    "args",
    [
        ["--role", "reception_officer,handler"],
        ["--role", "reception_officer", "--role", "handler"],
    ],
)
def test_the_cli_gives_several_roles_with_commas_or_repeated(app, runner, args):
    create_unit(code="XA")
    result = runner.invoke(
        args=["user", "create", "lan", *args, "--unit", "XA"], input="một mật khẩu dài\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "lan\treception_officer,handler\tXA"
    assert authenticate("lan", "một mật khẩu dài").roles == {
        Role.RECEPTION_OFFICER,
        Role.HANDLER,
    }


def test_the_cli_refuses_an_unknown_role_with_exit_2(app, runner):
    create_unit(code="XA")
    result = runner.invoke(
        args=["user", "create", "lan", "--role", "handler,mayor", "--unit", "XA"],
        input="một mật khẩu dài\n",
    )
    assert result.exit_code == 2
    assert "mayor" in result.output


def test_a_query_finds_users_by_any_role_they_hold(app):
    unit = create_unit()
    both = create_user(role="reception_officer,handler", unit=unit, username="canbo.xa")
    create_user(role="handler", unit=unit, username="xuly")
    create_user(role="unit_head", unit=unit, username="chutich")
    officers = db.session.scalars(select(User).where(User.has_role(Role.RECEPTION_OFFICER)))
    assert [u.username for u in officers] == [both.username]
    handlers = db.session.scalars(
        select(User).where(User.has_role("handler")).order_by(User.username)
    )
    assert [u.username for u in handlers] == ["canbo.xa", "xuly"]


def test_a_receiving_and_handling_officer_may_do_what_either_role_allows(app, api):
    unit = create_unit(level="commune")
    both = create_user(role="reception_officer,handler", unit=unit, username="canbo.xa")
    officer = create_user(role="reception_officer", unit=unit)
    case = create_received_case(unit=unit)
    actions = f"/api/v1/cases/{case.id}/actions"
    # Accepting stays the head's, whatever other roles a user holds.
    assert api(both).post(actions, json={"action": "accept"}).status_code == 403
    # Not accepting is a handler's step: refused to the reception officer alone, allowed to
    # the officer who also handles cases.
    step = {"action": "reject", "reason": "Đơn không đủ điều kiện thụ lý"}
    assert api(officer).post(actions, json=step).status_code == 403
    response = api(both).post(actions, json=step)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "rejected"
