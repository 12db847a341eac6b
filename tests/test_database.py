"""The database layer: SQLite tuned for concurrent writers, UTC timestamps."""

import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from petitions.extensions import db
from petitions.units.models import Unit
from tests.factories import create_unit


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_a_row_pointing_at_a_missing_unit_is_refused(app):
    db.session.add(Unit(code="X", name="X", level="commune", parent_id=999999))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_concurrent_read_then_write_loses_no_update(app):
    """Ten threads each read a counter and write it back plus one."""
    unit = create_unit()
    unit.feedback_period_days = 0
    db.session.commit()
    unit_id = unit.id
    # Outside a request every transaction takes the write lock: end ours before the threads run.
    db.session.remove()
    errors = []

    def bump():
        with app.app_context():
            try:
                for _ in range(5):
                    query = sa.select(Unit).where(Unit.id == unit_id).with_for_update()
                    row = db.session.scalars(query).one()
                    row.feedback_period_days = row.feedback_period_days + 1
                    db.session.commit()
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=bump) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.expire_all()
    assert db.session.get(Unit, unit_id).feedback_period_days == 50


def test_timestamps_come_back_in_utc_whatever_offset_they_were_given(app):
    unit = create_unit()
    hanoi = timezone(timedelta(hours=7))
    unit.created_at = datetime(2026, 1, 1, 8, 30, tzinfo=hanoi)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).created_at == datetime(2026, 1, 1, 1, 30, tzinfo=UTC)
