"""The migration to several roles keeps every user's role, and going back keeps one."""

import uuid

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from petitions import create_app
from petitions.extensions import db
from tests.conftest import POSTGRES_URL, _base_config

BEFORE = "960968b0d94c"
ROLES = "b7a1c2d3e4f5"


def test_each_user_keeps_their_role_through_the_migration_and_back(tmp_path, monkeypatch):
    monkeypatch.setenv("PETITIONS_INSTANCE_PATH", str(tmp_path / "instance"))
    url = "sqlite:///" + str(tmp_path / "roles.sqlite3")
    if POSTGRES_URL:
        schema = f"test_roles_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        separator = "&" if "?" in POSTGRES_URL else "?"
        url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    app = create_app(_base_config(url, tmp_path))
    engine = sa.create_engine(url)
    with app.app_context():
        upgrade(revision=BEFORE)
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO units (id, code, name, level, remote, active, created_at) "
                    "VALUES (1, 'X', 'Xã Một', 'commune', false, true, '2026-01-01')"
                )
            )
            for user_id, name, role in ((1, "lan", "reception_officer"), (2, "ha", "unit_head")):
                connection.execute(
                    sa.text(
                        "INSERT INTO users (id, username, full_name, role, unit_id, password_hash,"
                        " active, created_at, session_version)"
                        " VALUES (:id, :name, '', :role, 1, '!', true, '2026-01-01', 1)"
                    ),
                    {"id": user_id, "name": name, "role": role},
                )
        upgrade(revision=ROLES)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT user_id, role FROM user_roles ORDER BY user_id")
            )
            assert [tuple(row) for row in rows] == [(1, "reception_officer"), (2, "unit_head")]
            connection.execute(
                sa.text("INSERT INTO user_roles (user_id, role) VALUES (1, 'handler')")
            )
            connection.commit()
        downgrade(revision=BEFORE)
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT id, role FROM users ORDER BY id"))
            # Lan held two roles; the first in the order of the roles list is kept.
            assert [tuple(row) for row in rows] == [(1, "reception_officer"), (2, "unit_head")]
        db.session.remove()
        db.engine.dispose()
    engine.dispose()
    if POSTGRES_URL:
        admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
