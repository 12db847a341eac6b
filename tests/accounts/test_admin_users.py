"""Admins create and edit staff accounts; the CLI creates them from a script."""

from petitions.accounts.models import User
from petitions.extensions import db
from tests.factories import create_unit, create_user


def test_an_admin_creates_a_user_through_the_form(client, login):
    unit = create_unit(code="HG-BQ")
    login(create_user(role="admin"))
    response = client.post(
        "/admin/users/new",
        data={
            "username": "hoa",
            "full_name": "Đỗ Thị Hoa",
            "email": "",
            "role": "reception_officer",
            "unit": unit.code,
            "password": "một mật khẩu dài",
            "active": "y",
        },
    )
    assert response.status_code == 302
    user = db.session.scalars(db.select(User).where(User.username == "hoa")).one()
    assert user.unit.code == "HG-BQ"
    assert user.full_name == "Đỗ Thị Hoa"


def test_a_duplicate_username_is_refused_with_a_message(client, login):
    unit = create_unit()
    create_user(username="hoa", unit=unit)
    login(create_user(role="admin"))
    response = client.post(
        "/admin/users/new",
        data={
            "username": "hoa",
            "full_name": "X",
            "role": "handler",
            "unit": unit.code,
            "password": "một mật khẩu dài",
        },
    )
    assert "đã tồn tại" in response.get_data(as_text=True)


def test_disabling_a_user_ends_their_sessions(app, client, login):
    user = create_user(role="handler")
    theirs = app.test_client()
    theirs.post("/login", data={"username": user.username, "password": "correct horse battery"})
    login(create_user(role="admin"))
    client.post(
        f"/admin/users/{user.id}",
        data={
            "username": user.username,
            "full_name": user.full_name,
            "role": "handler",
            "unit": user.unit.code,
        },
    )
    assert theirs.get("/profile").status_code == 302


def test_the_cli_creates_a_user_reading_the_password_from_stdin(app, runner):
    create_unit(code="HG")
    result = runner.invoke(
        args=["user", "create", "lan", "--role", "unit_head", "--unit", "HG"],
        input="một mật khẩu dài\n",
    )
    assert result.exit_code == 0, result.output
    from petitions.accounts.services import authenticate

    assert authenticate("lan", "một mật khẩu dài").role == "unit_head"


def test_the_cli_refuses_an_unknown_unit_with_exit_2(app, runner):
    result = runner.invoke(
        args=["user", "create", "lan", "--role", "handler", "--unit", "NOPE"],
        input="một mật khẩu dài\n",
    )
    assert result.exit_code == 2
