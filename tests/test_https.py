"""Served over HTTPS, cookies travel only over HTTPS and browsers are told to stay on it."""

import pytest

from petitions import config, create_app
from petitions.extensions import db
from tests.conftest import _base_config


@pytest.fixture
def make_app(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(tmp_path / "instance"))

    made = []

    def make(**settings):
        made.append(create_app({**_base_config(database_url, tmp_path), **settings}))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


def _session_cookie(app) -> str:
    response = app.test_client().get("/language/en?next=/")
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


def test_over_https_cookies_are_secure_and_browsers_are_told_to_keep_to_https(make_app):
    app = make_app(PREFERRED_URL_SCHEME="https")

    cookie = _session_cookie(app)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_over_plain_http_cookies_are_not_marked_secure_and_there_is_no_hsts(make_app):
    app = make_app()

    cookie = _session_cookie(app)
    assert "Secure" not in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Strict-Transport-Security" not in app.test_client().get("/").headers


def test_the_settings_override_the_scheme(make_app):
    forced = make_app(SECURE_COOKIES=True, HSTS_SECONDS=600)
    assert "Secure" in _session_cookie(forced)
    assert forced.test_client().get("/").headers["Strict-Transport-Security"] == "max-age=600"

    opted_out = make_app(PREFERRED_URL_SCHEME="https", SECURE_COOKIES=False)
    assert "Secure" not in _session_cookie(opted_out)

    no_hsts = make_app(PREFERRED_URL_SCHEME="https", HSTS_SECONDS=0)
    assert "Strict-Transport-Security" not in no_hsts.test_client().get("/").headers


def test_the_settings_come_from_the_environment():
    settings = config.from_environment(
        {
            "PETITIONS_PREFERRED_URL_SCHEME": "https",
            "PETITIONS_SECURE_COOKIES": "false",
            "PETITIONS_HSTS_SECONDS": "86400",
        }
    )
    assert settings == {
        "PREFERRED_URL_SCHEME": "https",
        "SECURE_COOKIES": False,
        "HSTS_SECONDS": 86400,
    }
