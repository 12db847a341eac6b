"""One commit per request: what a request keeps when it succeeds, is refused, or fails to
commit."""

import sqlalchemy as sa

from petitions.accounts import services as accounts
from petitions.accounts.models import User
from petitions.errors import invalid
from petitions.extensions import db
from tests.factories import create_user


def _edit(client, user, **changes):
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role.value,
        "unit": user.unit.code,
        "active": "y",
        **changes,
    }
    return client.post(f"/admin/users/{user.id}", data=data)


def _stored_name(user_id: int) -> str:
    db.session.expire_all()
    return db.session.scalar(sa.select(User.full_name).where(User.id == user_id))


def test_a_form_sent_back_keeps_nothing_the_refused_operation_wrote(client, login, monkeypatch):
    user = create_user(full_name="Lò Văn Minh")
    login(create_user(role="admin"))

    def refuse(*args, **kwargs):
        raise invalid("password", "Mật khẩu này đã bị lộ.")

    # The name is changed first, then the password is refused: the form goes back, and the
    # name must not be kept by the request's commit.
    monkeypatch.setattr(accounts, "set_password", refuse)
    response = _edit(client, user, full_name="Lò Thị Mai", password="một mật khẩu dài")

    assert response.status_code == 200
    assert "Mật khẩu này đã bị lộ." in response.get_data(as_text=True)
    assert _stored_name(user.id) == "Lò Văn Minh"


def test_a_saved_form_is_stored_before_the_redirect(client, login):
    user = create_user(full_name="Lò Văn Minh")
    login(create_user(role="admin"))

    response = _edit(client, user, full_name="Lò Thị Mai")

    assert response.status_code == 302
    assert _stored_name(user.id) == "Lò Thị Mai"


def test_a_write_whose_commit_fails_answers_with_an_error_not_the_redirect(
    app, client, login, monkeypatch
):
    user = create_user(full_name="Lò Văn Minh")
    login(create_user(role="admin"))
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def fail():
        raise sa.exc.OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(db.session, "commit", fail)
    response = _edit(client, user, full_name="Lò Thị Mai")
    monkeypatch.undo()

    assert response.status_code == 500
    assert "location" not in response.headers
    assert _stored_name(user.id) == "Lò Văn Minh"
