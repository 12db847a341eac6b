"""Fixtures: a fresh app and empty database per test, on SQLite or (when
PETITIONS_TEST_DATABASE_URL is set) on PostgreSQL in a schema of its own for the run."""

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

from petitions import create_app
from petitions.extensions import db, limiter

POSTGRES_URL = os.environ.get("PETITIONS_TEST_DATABASE_URL")

# Property tests judge results, not speed: a busy CI machine must not fail them on timing.
settings.register_profile("petitions", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("petitions")


def _base_config(database_url: str, instance: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": str(instance / "uploads"),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": 1,
        "PUBLIC_BASE_URL": "http://localhost",
        # Cheap password hashing keeps the suite fast; production uses the defaults.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
        "ARGON2_PARALLELISM": 1,
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """One database per test run, its schema built by the real migrations."""
    if POSTGRES_URL:
        schema = f"test_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in POSTGRES_URL else "?"
        url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "petitions.sqlite3")
    app = create_app(_base_config(url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    yield url
    if POSTGRES_URL:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


_existing_tables: dict[str, set[str]] = {}


def _empty_all_tables() -> None:
    # Only tables the migrations created: a model without a migration is caught by
    # tests/test_migrations.py, not by every test's clean-up.
    url = str(db.engine.url)
    if url not in _existing_tables:
        _existing_tables[url] = set(sa.inspect(db.engine).get_table_names())
    tables = [t for t in db.metadata.sorted_tables if t.name in _existing_tables[url]]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(table.delete())
    db.session.commit()


# One app per database for the whole run: building the URL map costs more than most tests.
# Each test gets the configuration back exactly as created and an empty database.
_shared_apps: dict[str, tuple] = {}


@pytest.fixture
def app(database_url, tmp_path_factory, monkeypatch):
    if database_url not in _shared_apps:
        instance = tmp_path_factory.mktemp("instance")
        monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(instance))
        application = create_app(_base_config(database_url, instance))
        _shared_apps[database_url] = (application, dict(application.config))
    application, pristine = _shared_apps[database_url]
    application.config.clear()
    application.config.update(pristine)
    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", application.instance_path)
    # The limiter is one object for every app; a test's own rate-limited app must not leak.
    limiter.enabled = pristine["RATELIMIT_ENABLED"]
    with application.app_context():
        if limiter.enabled:
            limiter.reset()
        yield application
        db.session.remove()
        _empty_all_tables()
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login(client):
    """Sign a user in through the real form: login(user) or login(user, password)."""
    from tests.factories import PASSWORD

    def sign_in(user, password=PASSWORD):
        response = client.post("/login", data={"username": user.username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return sign_in


@pytest.fixture
def api(client):
    """A JSON client for a staff user: api(user).post(path, json=...)."""
    from tests.factories import create_token_for

    class ApiClient:
        def __init__(self, user):
            self.headers = {"Authorization": f"Bearer {create_token_for(user)}"}

        def get(self, path, **kwargs):
            return client.get(path, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

        def post(self, path, **kwargs):
            return client.post(
                path, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs
            )

    return ApiClient
