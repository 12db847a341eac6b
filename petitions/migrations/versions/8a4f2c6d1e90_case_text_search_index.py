"""case text search index

Revision ID: 8a4f2c6d1e90
Revises: 7c3e9d1a2b4f
Create Date: 2026-12-06 00:30:00

Searching case text scanned every case. SQLite gets an FTS5 table with the trigram tokenizer
over cases.search_text (external content: the text is stored once, in cases), filled from the
existing cases and kept by triggers on insert, update and delete; PostgreSQL gets pg_trgm (in
schema public, so that every schema of the database can use it) and a GIN trigram index on
cases.search_text, which LIKE '%word%' uses. Neither is in the models' metadata:
tests/test_migrations.py knows their names. A PostgreSQL role that may not create the
extension gets no index and searches by scan, as before.
"""

import logging

from alembic import op
import sqlalchemy as sa


revision = '8a4f2c6d1e90'
down_revision = '7c3e9d1a2b4f'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

SQLITE_UP = [
    "CREATE VIRTUAL TABLE cases_fts USING fts5("
    "search_text, content='cases', content_rowid='id', tokenize='trigram')",
    "INSERT INTO cases_fts (rowid, search_text) SELECT id, search_text FROM cases",
    "CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN "
    "INSERT INTO cases_fts (rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN "
    "INSERT INTO cases_fts (cases_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER cases_fts_update AFTER UPDATE OF search_text ON cases BEGIN "
    "INSERT INTO cases_fts (cases_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO cases_fts (rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS cases_fts_update",
    "DROP TRIGGER IF EXISTS cases_fts_delete",
    "DROP TRIGGER IF EXISTS cases_fts_insert",
    "DROP TABLE IF EXISTS cases_fts",
]


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        except sa.exc.DBAPIError as error:
            log.warning("pg_trgm not available (%s): case search stays a scan", error.orig)
            return
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_cases_search_text_trgm ON cases "
            "USING gin (search_text public.gin_trgm_ops)"
        )


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_cases_search_text_trgm")
