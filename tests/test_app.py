"""The application factory, configuration and the public home page."""

from petitions import config, create_app


def test_environment_variables_configure_the_app(monkeypatch):
    settings = config.from_environment(
        {
            "PETITIONS_DATABASE_URL": "postgresql+psycopg://db/x",
            "PETITIONS_RATELIMIT_ENABLED": "false",
            "PETITIONS_SMTP_PORT": "2525",
            "PETITIONS_SECRET_KEY": "s",
            "OTHER": "ignored",
        }
    )
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/x"
    assert settings["RATELIMIT_ENABLED"] is False
    assert settings["SMTP_PORT"] == 2525
    assert "OTHER" not in settings


def test_the_secret_key_survives_a_restart(tmp_path, monkeypatch):
    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("PETITIONS_SECRET_KEY", raising=False)
    first = create_app().config["SECRET_KEY"]
    assert first and create_app().config["SECRET_KEY"] == first


def test_the_home_page_tells_a_citizen_how_to_submit_and_when_heads_receive(client):
    page = client.get("/").get_data(as_text=True)
    assert "Cách gửi đơn" in page
    assert "ít nhất 1 ngày mỗi tháng" in page


def test_pages_carry_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_health_check_answers(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_a_new_sqlite_database_is_readable_by_the_service_user_only(tmp_path, monkeypatch):
    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("PETITIONS_DATABASE_URL", raising=False)
    create_app()
    mode = (tmp_path / "petitions.sqlite3").stat().st_mode & 0o777
    assert mode == 0o600
