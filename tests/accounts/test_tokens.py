"""API tokens: created on the profile page or the CLI, stored hashed, revocable."""

from petitions.accounts.models import ApiToken
from petitions.extensions import db
from tests.factories import create_token_for, create_user


def test_a_token_authenticates_api_calls_and_is_stored_only_as_a_hash(app, client):
    user = create_user(role="inspector")
    token = create_token_for(user)
    stored = db.session.scalars(db.select(ApiToken)).one()
    assert token not in (stored.token_hash, stored.prefix)
    assert (
        client.get("/api/v1/units", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )


def test_the_cli_prints_a_token_that_works(app, runner, client):
    user = create_user()
    result = runner.invoke(args=["token", "create", user.username])
    assert result.exit_code == 0
    token = result.output.strip()
    assert token.startswith("pt_")
    from petitions.accounts.services import user_for_token

    assert user_for_token(token).id == user.id


def test_a_revoked_token_no_longer_works(app, client, login):
    user = create_user()
    token = create_token_for(user)
    login(user)
    token_id = db.session.scalars(db.select(ApiToken.id)).one()
    client.post(f"/profile/tokens/{token_id}/revoke")
    from petitions.accounts.services import user_for_token

    assert user_for_token(token) is None


def test_the_profile_page_shows_a_new_token_once(client, login):
    login(create_user())
    page = client.post("/profile", data={"tk-name": "máy chủ báo cáo"}).get_data(as_text=True)
    assert "pt_" in page
    assert "pt_" not in client.get("/profile").get_data(as_text=True).split("<code>")[0]


def test_a_browser_session_cookie_does_not_authenticate_the_api(client, login):
    login(create_user(role="inspector"))
    response = client.post("/api/v1/cases", json={})
    assert response.status_code == 401
