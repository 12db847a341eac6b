"""Signing in and out, throttling, passwords."""

import pytest

from petitions.accounts import services
from petitions.extensions import db
from tests.factories import PASSWORD, create_user


def test_a_user_signs_in_and_sees_their_name(client, login):
    user = create_user(role="handler", full_name="Trần Thị Mai")
    login(user)
    assert "Trần Thị Mai" in client.get("/").get_data(as_text=True)


def test_a_wrong_password_is_refused_with_a_clear_message(client):
    user = create_user()
    response = client.post("/login", data={"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.get_data(as_text=True)


def test_a_disabled_account_cannot_sign_in(client):
    user = create_user()
    user.active = False
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 200


def test_signing_in_does_not_redirect_to_another_site(client):
    user = create_user()
    response = client.post(
        "/login?next=//evil.example/x", data={"username": user.username, "password": PASSWORD}
    )
    assert "evil.example" not in response.headers["Location"]


def test_signing_out_ends_the_session(client, login):
    login(create_user(role="admin"))
    assert client.get("/admin/users").status_code == 200
    client.post("/logout")
    assert client.get("/admin/users").status_code == 302


def test_passwords_are_stored_as_argon2_hashes(app):
    user = create_user()
    assert user.password_hash.startswith("$argon2")
    assert PASSWORD not in user.password_hash


def test_an_outdated_hash_is_upgraded_at_sign_in(app):
    from argon2 import PasswordHasher

    user = create_user()
    user.password_hash = PasswordHasher(time_cost=2, memory_cost=2048).hash(PASSWORD)
    db.session.commit()
    assert services.authenticate(user.username, PASSWORD) is user
    assert services.password_hasher().check_needs_rehash(user.password_hash) is False
    assert services.password_hasher().verify(user.password_hash, PASSWORD)


def test_changing_the_password_signs_out_other_sessions(app, client, login):
    user = create_user()
    other = app.test_client()
    other.post("/login", data={"username": user.username, "password": PASSWORD})
    login(user)
    response = client.post(
        "/profile",
        data={
            "pw-current_password": PASSWORD,
            "pw-new_password": "a much longer secret",
            "pw-confirm": "a much longer secret",
        },
    )
    assert response.status_code == 302
    assert client.get("/profile").status_code == 200
    assert other.get("/profile").status_code == 302


def test_a_short_new_password_is_refused(client, login):
    login(create_user())
    response = client.post(
        "/profile",
        data={"pw-current_password": PASSWORD, "pw-new_password": "short", "pw-confirm": "short"},
    )
    assert "10" in response.get_data(as_text=True)


@pytest.fixture
def throttled_client(database_url, tmp_path, monkeypatch):
    from petitions import create_app
    from tests.conftest import _base_config, _empty_all_tables

    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(tmp_path / "instance"))
    config = _base_config(database_url, tmp_path)
    config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    app = create_app(config)
    with app.app_context():
        yield app.test_client()
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def test_repeated_failed_sign_ins_are_throttled_with_a_clear_message(throttled_client):
    create_user(username="nam")
    for _ in range(3):
        throttled_client.post("/login", data={"username": "nam", "password": "wrong"})
    response = throttled_client.post("/login", data={"username": "nam", "password": "wrong"})
    assert response.status_code == 429
    assert "chờ một lát" in response.get_data(as_text=True)
