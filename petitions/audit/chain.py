"""A trail that cannot be quietly rewritten: audit entries and case history rows are chained by
hash as they are committed, and `verify` names the first link that no longer holds.

Each row gets, in the transaction that writes it, a place in its chain (`seq`, 1, 2, …), the
hash of the row before it (`prev_hash`) and its own hash over its content and that link; a case
history row also stores the hash of the case's previous row (`case_prev_hash`), so each case's
history is a chain of its own inside the global one. `chain_heads` holds the last place and
hash of each chain; writers take its row lock, so chains never fork under concurrent commits
(SQLite's BEGIN IMMEDIATE serialises writers anyway). Editing, deleting or inserting a row
directly in the database breaks a link that `verify` reports; backups carry the heads so that
a restore can be checked against them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Integer, String, Table, bindparam, event, func, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.dml import Insert

from petitions.audit.models import AuditEntry
from petitions.cases.models import CaseEvent
from petitions.extensions import db

GENESIS = "0" * 64
# The columns each hash covers, fixed: a column added to a table later must not change the hash
# of rows recorded before it (a new version of this list would be chained from its own day).
HASHED = {
    "audit": (
        "id", "at", "actor_id", "action", "object_type", "object_id", "details",
    ),
    "events": (
        "id", "case_id", "entered_at", "effective_on", "backdated", "actor_id", "action",
        "from_status", "to_status", "basis", "public", "note", "details",
    ),
}  # fmt: skip


class ChainHead(db.Model):
    __tablename__ = "chain_heads"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


def _tables() -> dict[str, Table]:
    return {"audit": AuditEntry.__table__, "events": CaseEvent.__table__}


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):  # enums stored by value
        return value.value
    return value


def content(name: str, row) -> str:
    """The row's protected columns as canonical JSON: keys sorted, dates in ISO form."""
    mapping = row._mapping
    data = {column: _plain(mapping[column]) for column in HASHED[name]}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def link(prev_hash: str, text: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{text}".encode()).hexdigest()


# -- writing --------------------------------------------------------------------------------------


def _head(session: Session, name: str) -> ChainHead:
    head = session.execute(
        select(ChainHead).where(ChainHead.name == name).with_for_update()
    ).scalar_one_or_none()
    if head is None:  # a database made before the chain, or by create_all in a script
        session.execute(insert(ChainHead).values(name=name, seq=0, hash=GENESIS))
        head = session.get(ChainHead, name)
    return head


# Rows chained per round: a request chains a handful; a bulk load (the benchmark generator, a
# data migration) goes through in rounds of this size without holding them all in memory.
ROUND = 20_000


def _case_heads(session: Session, table: Table, case_ids: set[int]) -> dict[int, str]:
    """The hash of each case's last chained history row (GENESIS for a case without one)."""
    found = dict.fromkeys(case_ids, GENESIS)
    ids = sorted(case_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        last = (
            select(table.c.case_id, func.max(table.c.seq).label("seq"))
            .where(table.c.case_id.in_(chunk), table.c.seq.is_not(None))
            .group_by(table.c.case_id)
            .subquery()
        )
        for case_id, digest in session.execute(
            select(table.c.case_id, table.c.hash).join(
                last, (table.c.case_id == last.c.case_id) & (table.c.seq == last.c.seq)
            )
        ):
            found[case_id] = digest
    return found


def chain_pending(session: Session) -> int:
    """Give every row not yet in its chain its place, in id order; the number of rows chained."""
    chained = 0
    for name, table in _tables().items():
        pending = select(table).where(table.c.seq.is_(None)).order_by(table.c.id).limit(ROUND)
        rows = session.execute(pending).all()
        if not rows:
            continue
        head = _head(session, name)
        seq, prev = head.seq, head.hash
        case_heads: dict[int, str] = {}
        while rows:
            if name == "events":
                new = {row._mapping["case_id"] for row in rows} - set(case_heads)
                case_heads.update(_case_heads(session, table, new))
            values = []
            for row in rows:
                seq += 1
                entry = {"seq": seq, "prev_hash": prev}
                if name == "events":
                    entry["case_prev_hash"] = case_heads[row._mapping["case_id"]]
                prev = link(prev, content(name, row))
                entry["hash"] = prev
                if name == "events":
                    case_heads[row._mapping["case_id"]] = prev
                values.append({"_id": row._mapping["id"], **entry})
            session.execute(update(table).where(table.c.id == bindparam("_id")), values)
            chained += len(rows)
            rows = session.execute(pending).all() if len(rows) == ROUND else []
        head.seq, head.hash = seq, prev
    return chained


_PENDING = "trail_pending"


@event.listens_for(Session, "after_flush")
def _note_new_rows(session, flush_context):
    if any(isinstance(o, AuditEntry | CaseEvent) for o in session.new):
        session.info[_PENDING] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_insert(state):
    statement = state.statement
    if isinstance(statement, Insert) and statement.table.name in ("audit_entries", "case_events"):
        state.session.info[_PENDING] = True


# A bulk load sets this in its session's info and calls chain_pending once at the end.
DEFERRED = "trail_deferred"


@event.listens_for(Session, "before_commit")
def _chain_before_commit(session):
    if session.info.get(DEFERRED):
        return
    if not session.info.get(_PENDING) and not any(
        isinstance(o, AuditEntry | CaseEvent) for o in session.new
    ):
        return
    session.flush()
    if session.info.pop(_PENDING, False):
        chain_pending(session)


@event.listens_for(Session, "after_rollback")
def _forget_pending(session):
    if session.in_nested_transaction():
        return  # a savepoint: the entries added before it are still to chain at the commit
    session.info.pop(_PENDING, None)


# -- checking -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """The first link of a chain that does not hold."""

    chain: str  # "audit", "events" or "case"
    row_id: int | None
    seq: int | None
    problem: str  # "edited", "missing", "unchained", "reordered", "head"
    case_id: int | None = None

    def describe(self) -> str:
        table = "audit_entries" if self.chain == "audit" else "case_events"
        where = f"{table} id {self.row_id}" if self.row_id is not None else table
        if self.case_id is not None:
            where += f" (case id {self.case_id})"
        text = {
            "edited": "content changed after it was recorded (hash mismatch)",
            "missing": f"a row is missing before place {self.seq} (deleted?)",
            "unchained": "row not in the chain (inserted outside the application?)",
            "reordered": "link to the previous row does not match (rows removed or reordered)",
            "head": "the chain ends before its recorded head (rows deleted at the end?)",
        }[self.problem]
        return f"{where}: {text}"


@dataclass(frozen=True)
class Report:
    counts: dict[str, int]
    heads: dict[str, dict]
    breaks: list[Break]

    @property
    def ok(self) -> bool:
        return not self.breaks


def _rows(session: Session, statement) -> Iterator:
    """Rows streamed in batches; the cursor is closed even when the walk stops at a break."""
    result = session.execute(statement.execution_options(yield_per=2000))
    try:
        yield from result
    finally:
        result.close()


def _verify_global(session: Session, name: str, table: Table) -> tuple[int, Break | None]:
    unchained = session.execute(
        select(table.c.id).where(table.c.seq.is_(None)).order_by(table.c.id).limit(1)
    ).scalar()
    expected, prev, count = 1, GENESIS, 0
    for row in _rows(session, select(table).where(table.c.seq.is_not(None)).order_by(table.c.seq)):
        m = row._mapping
        count += 1
        if m["seq"] != expected:
            return count, Break(name, m["id"], expected, "missing")
        if m["prev_hash"] != prev:
            return count, Break(name, m["id"], m["seq"], "reordered")
        if m["hash"] != link(prev, content(name, row)):
            return count, Break(name, m["id"], m["seq"], "edited")
        prev, expected = m["hash"], expected + 1
    if unchained is not None:
        return count, Break(name, unchained, None, "unchained")
    head = session.get(ChainHead, name)
    if head is not None and (head.seq, head.hash) != (expected - 1, prev):
        return count, Break(name, None, head.seq, "head")
    return count, None


def _verify_cases(session: Session, table: Table) -> Break | None:
    current, prev = None, GENESIS
    statement = (
        select(table.c.id, table.c.case_id, table.c.seq, table.c.hash, table.c.case_prev_hash)
        .where(table.c.seq.is_not(None))
        .order_by(table.c.case_id, table.c.seq)
    )
    for row in _rows(session, statement):
        if row.case_id != current:
            current, prev = row.case_id, GENESIS
        if row.case_prev_hash != prev:
            return Break("case", row.id, row.seq, "reordered", case_id=row.case_id)
        prev = row.hash
    return None


def verify(session: Session) -> Report:
    """Walk every chain from its start; at most one break per chain (the first)."""
    counts, breaks = {}, []
    for name, table in _tables().items():
        counts[name], broken = _verify_global(session, name, table)
        if broken is not None:
            breaks.append(broken)
        if name == "events" and broken is None:
            case_break = _verify_cases(session, table)
            if case_break is not None:
                breaks.append(case_break)
    return Report(counts=counts, heads=heads(session), breaks=breaks)


def heads(session: Session) -> dict[str, dict]:
    return {
        head.name: {"seq": head.seq, "hash": head.hash}
        for head in session.scalars(select(ChainHead).order_by(ChainHead.name))
    }
