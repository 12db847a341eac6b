"""Sessions end on the server: logout, a new password and disabling; sign-in throttling."""

import pytest

from petitions.extensions import db
from tests.factories import PASSWORD, create_token_for, create_user


def _cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_session_cookie_saved_before_logout_no_longer_opens_staff_pages(app, client, login):
    login(create_user(role="handler"))
    saved = _cookie(client)
    assert client.get("/cases/").status_code == 200

    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", saved)

    response = replay.get("/cases/")
    assert response.status_code in (302, 401)
    assert "/login" in response.headers.get("Location", "/login")


def test_a_new_password_ends_other_sessions_and_every_api_token(app, client, login):
    user = create_user(role="handler")
    token = create_token_for(user)
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"username": user.username, "password": PASSWORD})
    assert elsewhere.get("/cases/").status_code == 200
    login(user)

    client.post(
        "/profile",
        data={
            "pw-current_password": PASSWORD,
            "pw-new_password": "a new long password",
            "pw-confirm": "a new long password",
        },
    )

    assert elsewhere.get("/cases/").status_code == 302
    assert client.get("/cases/").status_code == 200  # the one who changed it stays in
    api = app.test_client().get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401


def test_disabling_a_user_ends_their_session(app, client, login):
    from petitions.accounts import services

    user = create_user(role="handler")
    login(user)
    services.update_user(
        user,
        full_name=user.full_name,
        email=user.email,
        role="handler",
        unit_code=user.unit.code,
        active=False,
    )
    db.session.commit()

    assert client.get("/cases/").status_code == 302


@pytest.fixture
def throttled(database_url, tmp_path, monkeypatch):
    from petitions import create_app
    from tests.conftest import _base_config, _empty_all_tables

    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(tmp_path / "instance"))
    config = _base_config(database_url, tmp_path)
    config.update(
        RATELIMIT_ENABLED=True,
        LOGIN_RATE_LIMIT="100 per minute",
        LOGIN_ADDRESS_RATE_LIMIT="10 per minute",
        LOGIN_USERNAME_RATE_LIMIT="5 per minute",
    )
    app = create_app(config)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def test_many_usernames_tried_from_one_address_are_slowed(throttled):
    client = throttled.test_client()
    statuses = [
        client.post("/login", data={"username": f"user{n}", "password": "wrong"}).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]


def test_one_username_tried_from_many_addresses_is_slowed(throttled):
    user = create_user(username="nam")
    statuses = []
    for n in range(7):
        client = throttled.test_client()
        response = client.post(
            "/login",
            data={"username": "nam", "password": "wrong"},
            environ_base={"REMOTE_ADDR": f"127.0.1.{n + 1}"},
        )
        statuses.append(response.status_code)
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429, 429]
    assert user.active  # slowed, not locked out for good


def test_successful_sign_ins_do_not_count_against_the_username(throttled):
    user = create_user(username="lan")
    client = throttled.test_client()
    for _ in range(7):
        response = client.post("/login", data={"username": "lan", "password": PASSWORD})
        assert response.status_code == 302
        client.post("/logout")
    assert user.username == "lan"
