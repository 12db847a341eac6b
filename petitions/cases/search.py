"""Searching cases by their folded text through an index: SQLite's FTS5 with the trigram
tokenizer (table `cases_fts`, kept by triggers on `cases`), PostgreSQL's pg_trgm GIN index on
`cases.search_text`. Both answer the same question as a scan would — every folded word occurs
somewhere in the text — so results are identical on the two databases and to the scan."""

from __future__ import annotations

import json

from flask import has_request_context, request
from sqlalchemy import ColumnElement, and_, column, func, select, table, text, true

from petitions.cases.models import Case
from petitions.extensions import db
from petitions.text import fold

MAX_WORDS = 12
# The FTS5 virtual table mirroring cases.search_text (rowid = cases.id).
FTS_TABLE = "cases_fts"
TRIGRAM = 3  # the shortest word the trigram index can look up
_fts = table(FTS_TABLE, column("rowid"), column("search_text"))


def outside_the_models(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's include_name: False for the search index objects the models do not describe
    (the FTS5 table and its shadow tables, the pg_trgm index), so autogenerate leaves them."""
    return not (name or "").startswith((FTS_TABLE, "ix_cases_search_text_trgm"))


def _words(q: str | None) -> list[str]:
    return fold(q).split()[:MAX_WORDS]


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sqlite_has_index() -> bool:
    bind = db.session.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    # Asked once per engine: the table comes with a migration, not during a process's life.
    cache = bind.__dict__.setdefault("_petitions_fts", {})
    if "present" not in cache:
        found = db.session.execute(
            text("SELECT 1 FROM sqlite_master WHERE name = :name"), {"name": FTS_TABLE}
        ).first()
        cache["present"] = found is not None
    return cache["present"]


# Up to this many matches, a page's queries share the index's answer as a list of ids
# (a list and its counts by status, say, look the words up once); beyond it each asks the index.
SHARED_IDS = 20_000


def _request_memo() -> dict | None:
    """A reading request's store of index answers (None outside one, or in one that writes)."""
    if has_request_context() and request.method in ("GET", "HEAD"):
        # On the request itself: `g` may outlive it (an application context around several).
        return request.environ.setdefault("petitions.search_ids", {})
    return None


def _indexed(words: list[str]) -> ColumnElement[bool]:
    """Case.id among the trigram index's rows holding every word (each three letters or more):
    one MATCH of quoted strings, which the trigram tokenizer reads as substrings."""
    phrase = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
    found = select(_fts.c.rowid).where(_fts.c.search_text.match(phrase))
    memo = _request_memo()
    if memo is not None:
        if phrase not in memo:
            memo[phrase] = list(db.session.scalars(found.limit(SHARED_IDS + 1)))
        ids = memo[phrase]
        if len(ids) <= SHARED_IDS:
            listed = func.json_each(json.dumps(ids)).table_valued("value")
            return Case.id.in_(select(listed.c.value))
    return Case.id.in_(found)


def search_condition(q: str | None) -> ColumnElement[bool]:
    """A WHERE condition on Case: every folded word of `q` must occur in its search text.

    "duc" finds "Đức", "ha giang" finds "Hà Giang"; both sides are folded in Python. An empty
    query matches everything. On SQLite the words are looked up in the trigram index (a word
    of three letters or more uses it; shorter ones are checked on the index's rows); on
    PostgreSQL the same LIKE conditions use the pg_trgm index.
    """
    words = _words(q)
    if not words:
        return true()
    scan = [w for w in words if len(w) < TRIGRAM or any(c in w for c in "%_\\")]
    indexed = [w for w in words if w not in scan]
    conditions = [Case.search_text.like(f"%{_like_escape(w)}%", escape="\\") for w in scan]
    if indexed and _sqlite_has_index():
        # Only words of three letters or more, without wildcard characters, go to the trigram
        # index: FTS5 serves LIKE without an ESCAPE clause, and SQLite 3.40 crashes on a query
        # that mixes a shorter pattern with a longer one there. The rest are checked on the
        # rows the index found.
        conditions.insert(0, _indexed(indexed))
    else:
        conditions[:0] = [
            Case.search_text.like(f"%{_like_escape(w)}%", escape="\\") for w in indexed
        ]
    return and_(*conditions)
