"""The summaries kept by the session hook are always what a rebuild from the cases gives,
whatever the services did: intake, workflow steps (back-dated or not), forwarding, deadline
recomputes, mergers and splits, anonymisation."""

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from petitions import clock
from petitions.accounts.models import User
from petitions.calendars import services as calendars
from petitions.cases.models import Case
from petitions.cases.steps import take_action
from petitions.errors import Refused
from petitions.extensions import db
from petitions.privacy import retention
from petitions.reports import figures
from petitions.reports.lines import annual_period, current_year
from petitions.summaries.maintenance import rebuild
from petitions.summaries.models import SummaryContribution, SummaryDay, SummaryOpen
from petitions.units import reorganise
from petitions.units.models import Unit
from tests.cases.factories import create_office, create_received_case

TODAY = date(2026, 6, 1)
KINDS = ("complaint", "denunciation", "recommendation", "feedback")


def snapshot() -> tuple[Counter, Counter, dict]:
    """The count tables without their zero rows, and each case's contribution."""
    opened = Counter(
        {
            (r.unit_id, r.kind, r.status, r.due_on): r.n
            for r in db.session.scalars(select(SummaryOpen))
            if r.n
        }
    )
    days = Counter(
        {
            (r.unit_id, r.kind, r.channel, r.metric, r.day): r.n
            for r in db.session.scalars(select(SummaryDay))
            if r.n
        }
    )
    keys = {
        r.case_id: sorted(map(tuple, r.keys))
        for r in db.session.scalars(select(SummaryContribution))
    }
    return opened, days, keys


def assert_rebuild_agrees() -> None:
    incremental = snapshot()
    rebuild(db.session)
    db.session.flush()
    rebuilt = snapshot()
    db.session.rollback()
    assert incremental == rebuilt


@pytest.fixture
def offices(app):
    province, _ = create_office(code="P", staff=("unit_head",))
    units = [province]
    for code in ("A", "B", "C", "D"):
        unit, _ = create_office(code=code, parent=province, staff=("unit_head", "handler"))
        units.append(unit)
    return units


def _head(unit_id: int) -> User | None:
    users = list(db.session.scalars(select(User).where(User.unit_id == unit_id)))
    heads = [u for u in users if "unit_head" in [str(r) for r in u.roles]]
    return (heads or users or [None])[0]


def _active_codes() -> list[str]:
    return [u.code for u in db.session.scalars(select(Unit).where(Unit.active.is_(True)))]


STEP = st.sampled_from(
    (
        {"action": "accept"},
        {"action": "accept", "complex": True},
        {"action": "file", "reason": "no_identity"},
        {"action": "guide"},
        {"action": "withdraw", "reason": "Rút đơn"},
        {"action": "conclude", "outcome": "correct", "decision_number": "1/QĐ"},
        {"action": "close"},
        {"action": "suspend", "reason": "Chờ giám định", "note": "Chờ kết quả giám định"},
        {"action": "resume"},
        {"action": "forward"},
    )
)

INTAKE = st.tuples(
    st.just("intake"), st.sampled_from(KINDS), st.integers(0, 4), st.integers(0, 200)
)
STEPS = st.tuples(st.just("step"), STEP, st.integers(0, 50), st.integers(0, 60))
ACTIONS = st.one_of(
    INTAKE,
    STEPS,
    STEPS,
    STEPS,
    st.tuples(st.just("recompute"), st.integers(5, 40)),
    st.tuples(st.just("merge"), st.integers(0, 4), st.integers(0, 4)),
    st.tuples(st.just("split"), st.integers(0, 4)),
    st.tuples(
        st.just("anonymise"),
    ),
)


def _perform(action) -> None:
    name = action[0]
    if name == "intake":
        codes = _active_codes()
        unit = db.session.scalar(select(Unit).where(Unit.code == codes[action[2] % len(codes)]))
        create_received_case(
            kind=action[1], unit=unit, received_on=TODAY - timedelta(days=action[3])
        )
        return
    if name == "step":
        cases = list(db.session.scalars(select(Case).order_by(Case.id)))
        case = cases[action[2] % len(cases)]
        data = dict(action[1])
        # Back-dated by up to 60 days, never before the case's last step.
        last = max([case.received_on, *(e.effective_on for e in case.events)])
        data["on"] = min(TODAY, max(last, TODAY - timedelta(days=action[3]))).isoformat()
        if data["action"] == "forward":
            codes = [c for c in _active_codes() if c != case.unit.code]
            data["to_unit"] = codes[action[2] % len(codes)]
        if data["action"] == "conclude":
            data["decided_on"] = data["on"]
        take_action(case, data, actor=_head(case.unit_id), today=TODAY)
    elif name == "recompute":
        calendars.set_rule_period(rule="complaint.resolve.first", period=action[1], today=TODAY)
        calendars.recompute_open_deadlines(today=TODAY, reason="thay đổi thời hạn")
    elif name == "merge":
        codes = [c for c in _active_codes() if c != "P"]
        if len(codes) < 2:
            return
        old, new = codes[action[1] % len(codes)], codes[action[2] % len(codes)]
        if old == new:
            return
        reorganise.merge(old_code=old, new_code=new, on=TODAY, today=TODAY)
    elif name == "split":
        codes = [c for c in _active_codes() if c != "P"]
        if len(codes) < 3:
            return
        old = codes[action[1] % len(codes)]
        into = [c for c in codes if c != old][:2]
        change = reorganise.plan_split(old_code=old, into=into, on=TODAY, today=TODAY)
        reorganise.confirm(change, today=TODAY)
    elif name == "anonymise":
        ids = list(db.session.scalars(select(Case.id).where(Case.closed_on.is_not(None))))
        retention.anonymise(ids, actor=None, today=TODAY + timedelta(days=365 * 30))


@settings(
    max_examples=50,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=st.lists(INTAKE, min_size=1, max_size=3),
    actions=st.lists(ACTIONS, min_size=4, max_size=15),
)
def test_rebuild_equals_incremental_after_any_sequence_of_actions(
    offices, monkeypatch, first, actions
):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    for action in [*first, *actions]:
        try:
            _perform(action)
            db.session.commit()
        except Refused:
            db.session.rollback()
        assert_rebuild_agrees()
    assert_report_summary_agrees(offices[0])


def assert_report_summary_agrees(root: Unit) -> None:
    """The running year's summary per unit from the summaries is the forms' count."""
    period = annual_period(current_year(TODAY))
    assert figures.summaries_answer(period, TODAY)
    counted = figures._figures_by_unit(root, period, today=TODAY, reception=False)
    assert figures.summary_by_unit(root, period, today=TODAY) == [
        (group.unit, group.figures.summary) for group in counted
    ]
    whole = figures._figures_for([root], period, today=TODAY, reception=False)
    assert figures.summary_for(root, period, today=TODAY) == whole.summary


def test_a_workflow_step_moves_the_case_between_count_rows(app, offices):
    unit = offices[1]
    case = create_received_case(kind="complaint", unit=unit, received_on=date(2026, 5, 20))
    opened, days, _ = snapshot()
    assert sum(opened.values()) == 1
    assert [k[2] for k in opened] == ["received"]
    assert days[(unit.id, "complaint", "online", "received", date(2026, 5, 20))] == 1
    take_action(case, {"action": "accept", "on": "2026-05-25"}, actor=_head(unit.id), today=TODAY)
    db.session.commit()
    opened, days, _ = snapshot()
    assert [k[2] for k in opened] == ["accepted"] and sum(opened.values()) == 1
    assert days[(unit.id, "complaint", "online", "accepted", date(2026, 5, 25))] == 1


def test_a_savepoint_rolled_back_leaves_the_earlier_changes_counted(app, offices):
    """A step, then a savepoint that fails (a register counter taken by another writer, say):
    the step still reaches the summaries at the commit."""
    unit = offices[1]
    case = create_received_case(kind="complaint", unit=unit, received_on=date(2026, 5, 20))
    db.session.commit()
    take_action(case, {"action": "accept", "on": "2026-05-25"}, actor=_head(unit.id), today=TODAY)
    db.session.flush()
    savepoint = db.session.begin_nested()
    savepoint.rollback()
    db.session.commit()
    opened, days, _ = snapshot()
    assert [k[2] for k in opened] == ["accepted"]
    assert days[(unit.id, "complaint", "online", "accepted", date(2026, 5, 25))] == 1
    assert_rebuild_agrees()
