"""Errors speak the user's language and never expose a traceback."""

import pytest
from flask import Blueprint

from petitions.permissions import public


def test_an_unknown_page_answers_404_in_vietnamese(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)


def test_an_unknown_api_path_answers_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_an_english_api_client_gets_english_messages(client):
    response = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en"})
    assert "not found" in response.get_json()["error"]["message"].lower()


@pytest.fixture
def failing_app(database_url, tmp_path, monkeypatch):
    from petitions import create_app
    from tests.conftest import _base_config

    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(tmp_path / "instance"))
    config = _base_config(database_url, tmp_path)
    config["PROPAGATE_EXCEPTIONS"] = False
    app = create_app(config)
    broken = Blueprint("broken", __name__)

    @broken.route("/boom")
    @public
    def boom():
        raise RuntimeError("secret-identity Nguyễn Văn Tố")

    app.register_blueprint(broken)
    return app


def test_an_unexpected_failure_shows_a_calm_page_without_details(failing_app):
    app = failing_app
    app.testing = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Hệ thống gặp sự cố" in body
    assert "secret-identity" not in body
    assert "Traceback" not in body


def test_a_form_posted_after_its_csrf_token_expired_explains_itself(
    database_url, tmp_path, monkeypatch
):
    from petitions import create_app
    from tests.conftest import _base_config

    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(tmp_path / "instance"))
    config = _base_config(database_url, tmp_path)
    config["WTF_CSRF_ENABLED"] = True
    app = create_app(config)
    response = app.test_client().post("/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "hết hạn" in response.get_data(as_text=True)
