"""Database conventions: naming, UTC timestamps, and SQLite tuned for concurrent writers."""

import sqlite3
from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, hands back aware UTC: SQLite keeps no offsets, PostgreSQL agrees."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def value_enum(enum_class, length: int = 20) -> Enum:
    """A Python enum stored as its values in a plain string column (no native DB enum type,
    so adding a member needs no ALTER TYPE on PostgreSQL)."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


# Whether the transaction about to begin will write. Requests that only read (GET, HEAD)
# take a deferred SQLite transaction so readers never queue; everything else takes the write
# lock up front, so a read-then-write can neither lose an update nor die on "database is locked".
write_intent: ContextVar[bool] = ContextVar("write_intent", default=True)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event issue BEGIN itself instead of pysqlite's implicit one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection):
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")
