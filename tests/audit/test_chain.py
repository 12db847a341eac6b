"""The audit trail and case histories are hash chains: whatever the application commits
verifies, and a row edited, deleted or inserted behind its back is named by `audit verify`."""

import threading
from datetime import date

import sqlalchemy as sa

from petitions.audit import services as audit
from petitions.audit.chain import GENESIS, link, verify
from petitions.cases.history import record_event
from petitions.cases.models import CaseEvent
from petitions.extensions import db
from tests.factories import create_case, create_unit, create_user

DAY = date(2026, 3, 2)


def _history(case, count=3):
    for number in range(count):
        record_event(case, actor=None, action="note", on=DAY, today=DAY, note=f"Ghi chú {number}")
    db.session.commit()


def _events(case_id=None):
    query = sa.select(CaseEvent).order_by(CaseEvent.seq)
    if case_id is not None:
        query = query.where(CaseEvent.case_id == case_id)
    db.session.expire_all()
    return db.session.scalars(query).all()


def test_what_the_application_commits_is_chained_globally_and_per_case(app):
    first, second = create_case(), create_case()
    _history(first, 2)
    _history(second, 2)
    audit.record(create_user(), "user.created")
    db.session.commit()

    rows = _events()
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    for case in (first, second):
        own = _events(case.id)
        assert own[0].case_prev_hash == GENESIS
        assert all(b.case_prev_hash == a.hash for a, b in zip(own, own[1:], strict=False))
    report = verify(db.session)
    assert report.ok and report.counts["events"] == len(rows) and report.counts["audit"] >= 1
    assert report.heads["events"] == {"seq": rows[-1].seq, "hash": rows[-1].hash}


def test_a_hash_is_the_previous_hash_and_the_rows_content(app):
    case = create_case()
    _history(case, 1)
    row = _events(case.id)[-1]
    text = (
        '{"action":"note","actor_id":null,"backdated":false,"basis":"",'
        f'"case_id":{case.id},"details":{{}},"effective_on":"2026-03-02",'
        f'"entered_at":"{row.entered_at.isoformat()}","from_status":null,"id":{row.id},'
        '"note":"Ghi chú 0","public":false,"to_status":null}'
    )
    assert row.hash == link(row.prev_hash, text)


def test_editing_one_history_row_in_the_database_is_named(app, runner):
    case = create_case()
    _history(case, 3)
    target = _events(case.id)[1]
    db.session.execute(
        sa.text("UPDATE case_events SET note = 'sửa lén' WHERE id = :id"), {"id": target.id}
    )
    db.session.commit()

    report = verify(db.session)
    result = runner.invoke(args=["audit", "verify"])

    assert [(b.chain, b.row_id, b.problem) for b in report.breaks] == [
        ("events", target.id, "edited")
    ]
    assert result.exit_code == 1
    assert f"case_events id {target.id}" in result.output


def test_a_deleted_row_an_inserted_row_and_a_cut_tail_are_found(app):
    case = create_case()
    _history(case, 4)
    rows = _events(case.id)

    db.session.execute(sa.text("DELETE FROM case_events WHERE id = :id"), {"id": rows[1].id})
    db.session.commit()
    deleted = verify(db.session).breaks
    assert [(b.row_id, b.problem) for b in deleted] == [(rows[2].id, "missing")]


def test_a_row_inserted_outside_the_application_is_unchained(app):
    case = create_case()
    _history(case, 1)
    case_id = case.id
    # As someone editing the database would: through a connection of their own.
    db.session.remove()  # end our transaction: SQLite lets one writer at a time
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO case_events (case_id, entered_at, effective_on, backdated, action, "
                "basis, public, note, details) VALUES (:case, :at, :on, false, 'note', '', "
                "false, 'chèn', '{}')"
            ),
            {"case": case_id, "at": "2026-03-02 01:00:00", "on": "2026-03-02"},
        )

    assert [b.problem for b in verify(db.session).breaks] == ["unchained"]


def test_removing_the_last_rows_is_caught_by_the_head(app):
    case = create_case()
    _history(case, 3)
    last = _events(case.id)[-1]
    db.session.remove()  # end our transaction: SQLite lets one writer at a time
    with db.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM case_events WHERE id = :id"), {"id": last.id})

    assert [b.problem for b in verify(db.session).breaks] == ["head"]


def test_moving_a_row_to_another_case_breaks_both_chains(app):
    first, second = create_case(), create_case()
    _history(first, 2)
    _history(second, 2)
    moved_id, to = _events(first.id)[-1].id, second.id
    db.session.remove()  # end our transaction: SQLite lets one writer at a time
    with db.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE case_events SET case_id = :to WHERE id = :id"),
            {"to": to, "id": moved_id},
        )

    assert [(b.row_id, b.problem) for b in verify(db.session).breaks] == [(moved_id, "edited")]


def test_concurrent_commits_never_fork_the_chain(app):
    unit = create_unit()
    cases = [create_case(unit=unit).id for _ in range(4)]
    db.session.remove()
    errors = []

    def write(case_id):
        with app.app_context():
            try:
                for number in range(6):
                    event = CaseEvent(
                        case_id=case_id,
                        effective_on=DAY,
                        action="note",
                        note=f"luồng {case_id} lần {number}",
                    )
                    db.session.add(event)
                    audit.record(None, "case.viewed", details={"case": case_id})
                    db.session.commit()
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(c,), daemon=True) for c in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    report = verify(db.session)
    assert report.ok, [b.describe() for b in report.breaks]
    assert report.counts["audit"] >= 24
