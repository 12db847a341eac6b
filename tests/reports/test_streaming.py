"""A province-wide export streams: its memory does not grow with the number of cases."""

import tempfile
import tracemalloc
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select

from petitions.cases.models import Case, CaseDeadline
from petitions.domain.periods import annual
from petitions.extensions import db
from petitions.reports import exports
from tests.factories import create_unit

TODAY = date(2027, 1, 10)


def add_cases(units, count: int, start: int = 0) -> None:
    """`count` cases by bulk insert; every fourth is open past its classification deadline."""
    kinds = ("complaint", "denunciation", "recommendation", "feedback")
    rows = []
    for number in range(start, start + count):
        received = date(2026, 1, 1) + timedelta(days=number % 300)
        rows.append(
            {
                "tracking_code": f"S{number:08d}",
                "access_key_hash": "!",
                "kind": kinds[number % 4],
                "channel": "online",
                "status": "received" if number % 4 == 0 else "concluded",
                "title": "Vụ việc",
                "content": "Nội dung",
                "receiving_unit_id": units[number % len(units)].id,
                "unit_id": units[number % len(units)].id,
                "received_on": received,
                "accepted_on": None if number % 4 == 0 else received,
                "concluded_on": None if number % 4 == 0 else received + timedelta(days=20),
                "outcome": None if number % 4 == 0 else "correct",
            }
        )
    db.session.execute(insert(Case.__table__), rows)
    ids = db.session.scalars(
        select(Case.id).where(Case.status == "received", Case.tracking_code >= f"S{start:08d}")
    ).all()
    db.session.execute(
        insert(CaseDeadline.__table__),
        [
            {
                "case_id": case_id,
                "rule": "petition.classify",
                "start_on": date(2026, 1, 1),
                "due_on": date(2026, 1, 15),
                "basis": "",
                "params": {},
            }
            for case_id in ids
        ],
    )
    db.session.commit()


def export_peak(root) -> tuple[int, int]:
    """Peak Python memory while writing the province's workbook, and the listing's rows."""
    doc = exports.live_document([root], annual(2026), today=TODAY, by_unit=True)
    tracemalloc.start()
    try:
        with tempfile.TemporaryFile() as handle:
            exports.write_xlsx(doc, handle)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, doc.figures.summary["open_overdue"]


@pytest.fixture
def bulk(app):
    """Removes the bulk rows quickly afterwards: on SQLite, deleting cases one by one checks
    the unindexed self-references (repeat_of_id, duplicate_of_id) against every other case."""
    yield
    db.session.remove()
    if db.engine.dialect.name != "sqlite":
        return
    raw = db.engine.raw_connection()
    try:
        connection = raw.driver_connection
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("DELETE FROM case_deadlines")
        connection.execute("DELETE FROM cases")
        connection.execute("PRAGMA foreign_keys=ON")
    finally:
        raw.close()


def test_exporting_twenty_times_more_cases_takes_no_more_memory(bulk):
    root = create_unit(code="S", level="province")
    units = [create_unit(code=f"S-{n}", parent=root) for n in range(5)]
    add_cases(units, 1_000)
    small_peak, small_overdue = export_peak(root)
    add_cases(units, 19_000, start=1_000)
    large_peak, large_overdue = export_peak(root)
    assert (small_overdue, large_overdue) == (250, 5_000)
    # The 5 000-row listing is streamed: the peak stays within a small margin of the 250-row one.
    assert large_peak < small_peak * 1.3 + 512 * 1024, (small_peak, large_peak)
