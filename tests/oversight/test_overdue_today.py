"""The overdue list for today reads the case's mirror of its earliest running duty (an index
range); it must list exactly what the deadlines themselves say: the same cases, in the same
order, each with its earliest overdue deadline and how many are overdue."""

import random
from datetime import timedelta

from petitions import clock
from petitions.cases.models import Kind
from petitions.cases.steps import take_action
from petitions.extensions import db
from petitions.oversight import lists
from petitions.oversight.lists import (
    STATES,
    case_list,
    count_of,
    counts_of,
    overdue_item,
    overdue_items,
    overdue_query,
)
from petitions.oversight.scope import Filters
from tests.cases.factories import create_office, create_received_case

STEPS = [
    None,
    {"action": "accept"},
    {"action": "file", "reason": "Đơn không đủ điều kiện xử lý"},
    {"action": "classify", "complaint_round": 2},
]


def _from_deadlines(filters: Filters):
    """What the general query (for any day) answers."""
    rows = db.session.execute(overdue_query(filters)).all()
    return [overdue_item(row, filters.as_of) for row in rows]


def test_today_s_lists_are_what_the_running_deadlines_say(app, monkeypatch):
    today = clock.today()
    rng = random.Random(2026)
    province, _staff = create_office(code="OVT", name="Tỉnh thử", staff=())
    units = [province]
    heads = {}
    for index in range(3):
        unit, staff = create_office(
            code=f"OVT-{index}", name=f"Xã {index}", parent=province, staff=("unit_head",)
        )
        units.append(unit)
        heads[unit.id] = staff["unit_head"]
    for _ in range(40):
        unit = rng.choice(units[1:])
        kind = rng.choice(["complaint", "denunciation", "recommendation", "feedback"])
        received = today - timedelta(days=rng.randint(0, 120))
        case = create_received_case(kind=kind, unit=unit, received_on=received)
        step = rng.choice(STEPS)
        if step is not None and (step["action"] != "classify" or kind == "complaint"):
            on = min(today, received + timedelta(days=rng.randint(0, 20)))
            try:
                take_action(case, {**step, "on": on.isoformat()}, actor=heads[unit.id], today=today)
            except Exception:  # noqa: BLE001 — a step the case's state refuses: leave it
                db.session.rollback()
                continue
        db.session.commit()

    compared = 0
    for root in (None, province.id, units[1].id):
        for kind in (None, "complaint"):
            filters = Filters(as_of=today, root_id=root, kind=Kind(kind) if kind else None)
            total, page = overdue_items(filters, limit=15)
            expected = _from_deadlines(filters)
            assert total == len(expected)
            assert page == expected[:15]
            _total, second = overdue_items(filters, limit=15, offset=15)
            assert second == expected[15:30]
            compared += total
    assert compared > 0

    # Every list of the dashboard (open, overdue, due soon, long-standing, repeated, flagged):
    # today's answer from the mirror, then the deadlines' answer for the same day.
    def listed(filters):
        rows = db.session.execute(case_list(filters)).all()
        return [(row[0].id, row[1]) for row in rows]

    for state in STATES:
        for root in (None, units[1].id):
            filters = Filters(as_of=today, root_id=root, state=state)
            mirrored = listed(filters)
            with monkeypatch.context() as patch:
                patch.setattr(lists.clock, "today", lambda: today + timedelta(days=1))
                assert mirrored == listed(filters), state
    # The dashboard's numbers in one pass are each list's own count.
    for root in (None, units[1].id):
        together = counts_of(Filters(as_of=today, root_id=root), STATES)
        assert together == {
            state: count_of(Filters(as_of=today, root_id=root, state=state)) for state in STATES
        }
