"""The dashboard's numbers from the summaries are those of the case query, on random data; the
figures of a closed period are stored once and recomputed after a back-dated change."""

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from petitions.cases.models import Case, Kind, Status
from petitions.cases.steps import take_action
from petitions.errors import Refused
from petitions.extensions import db
from petitions.oversight import dashboard
from petitions.oversight.scope import Filters
from petitions.reports.figures import figures_for
from petitions.reports.lines import annual_period
from petitions.summaries.models import FrozenFigures
from tests.cases.factories import create_office, create_received_case

TODAY = date(2026, 6, 1)


@pytest.fixture
def tree(app):
    province, staff = create_office(code="P", staff=("unit_head",))
    a, staff_a = create_office(code="P-A", parent=province, staff=("unit_head",))
    b, staff_b = create_office(code="P-B", parent=province, staff=("unit_head",))
    c, staff_c = create_office(code="P-B-C", parent=b, staff=("unit_head",))
    heads = {
        u.id: s["unit_head"]
        for u, s in ((province, staff), (a, staff_a), (b, staff_b), (c, staff_c))
    }
    return [province, a, b, c], heads


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_dashboard_counts_from_summaries_equal_the_case_query(tree, seed):
    units, heads = tree
    rng = random.Random(seed)
    for _ in range(40):
        case = create_received_case(
            kind=rng.choice(list(Kind)).value,
            unit=rng.choice(units),
            received_on=TODAY - timedelta(days=rng.randint(0, 300)),
        )
        for action in rng.sample(["accept", "file", "withdraw", "accept"], rng.randint(0, 2)):
            data = {"action": action, "reason": "no_identity" if action == "file" else "Rút đơn"}
            data["on"] = min(
                TODAY, case.received_on + timedelta(days=rng.randint(0, 20))
            ).isoformat()
            try:
                take_action(case, data, actor=heads[case.unit_id], today=TODAY)
                db.session.commit()
            except Refused:
                db.session.rollback()
    compared = 0
    for as_of in (TODAY, TODAY + timedelta(days=9), TODAY + timedelta(days=40)):
        for unit in (None, *units):
            for kind in (None, Kind.COMPLAINT, Kind.FEEDBACK):
                for status in (None, Status.RECEIVED, Status.ACCEPTED):
                    filters = Filters(
                        as_of=as_of, unit_id=unit and unit.id, kind=kind, status=status
                    )
                    assert dashboard.totals(filters) == dashboard.totals_from_cases(filters)
                    # The dashboard reads the rows once without the status and filters them.
                    found = dashboard._from_summaries(filters, status=False)
                    assert dashboard.totals(filters, found=found) == dashboard.totals(filters)
                    assert dashboard.counts_by(Case.status, filters, found=found) == (
                        dashboard.counts_by_from_cases(Case.status, filters)
                    )
                    assert dashboard.counts_by(Case.kind, filters) == (
                        dashboard.counts_by_from_cases(Case.kind, filters)
                    )
                    assert dashboard.counts_by(Case.status, filters) == (
                        dashboard.counts_by_from_cases(Case.status, filters)
                    )
                    compared += 1
                assert [
                    (r.unit.id, r.depth, r.counts) for r in dashboard.counts_by_unit(filters)
                ] == [
                    (r.unit.id, r.depth, r.counts)
                    for r in dashboard.counts_by_unit_from_cases(filters)
                ]
                assert dashboard.monthly_trend(filters) == dashboard.monthly_trend_from_cases(
                    filters
                )
    assert compared and dashboard.totals(Filters(as_of=TODAY)).open > 0
    # The case list's counts by status, of everything and of some units.
    from petitions.summaries.queries import status_counts

    for unit_ids in (None, [units[1].id, units[3].id]):
        query = select(Case.status, func.count()).group_by(Case.status)
        if unit_ids is not None:
            query = query.where(Case.unit_id.in_(unit_ids))
        expected = {str(status.value): n for status, n in db.session.execute(query)}
        assert status_counts(unit_ids) == expected and sum(expected.values())


def test_a_day_before_the_last_running_change_is_answered_by_the_cases(tree):
    units, heads = tree
    case = create_received_case(unit=units[1], received_on=date(2026, 5, 1))
    take_action(
        case, {"action": "accept", "on": "2026-05-20"}, actor=heads[units[1].id], today=TODAY
    )
    db.session.commit()
    # On 10/5 the case was still waiting for acceptance: only the cases know that.
    filters = Filters(as_of=date(2026, 5, 10))
    assert dashboard.counts_by(Case.status, filters) == (
        dashboard.counts_by_from_cases(Case.status, filters)
    )


def test_a_closed_period_is_stored_once_and_recomputed_after_a_backdated_intake(tree):
    units, _heads = tree
    create_received_case(unit=units[1], received_on=date(2025, 3, 3))
    db.session.commit()
    period = annual_period(2025)
    first = figures_for([units[1]], period, today=TODAY)
    db.session.commit()
    assert first.summary["received"] == 1
    assert db.session.scalar(select(func.count()).select_from(FrozenFigures)) == 1
    # Read back, not recomputed: a change made behind the hook's back stays unseen.
    db.session.execute(Case.__table__.update().values(received_on=date(2025, 3, 4)))
    assert figures_for([units[1]], period, today=TODAY).summary["received"] == 1
    db.session.rollback()
    # A petition entered now but received inside the closed year drops the stored figures.
    create_received_case(unit=units[1], received_on=date(2025, 6, 2))
    assert db.session.scalar(select(func.count()).select_from(FrozenFigures)) == 0
    assert figures_for([units[1]], period, today=TODAY).summary["received"] == 2


def test_the_running_period_is_stored_for_its_day_and_dropped_by_any_change(tree):
    units, _heads = tree
    create_received_case(unit=units[1], received_on=date(2026, 3, 3))
    db.session.commit()
    period = annual_period(2026)
    assert figures_for([units[1]], period, today=TODAY).summary["received"] == 1
    db.session.commit()
    [key] = db.session.scalars(select(FrozenFigures.period)).all()
    assert key == f"2026@{TODAY.isoformat()}"
    # Read back the same day (a change behind the hook's back stays unseen) ...
    db.session.execute(Case.__table__.update().values(received_on=date(2026, 3, 4)))
    assert figures_for([units[1]], period, today=TODAY).summary["received"] == 1
    db.session.rollback()
    # ... computed afresh the next day, when cases may have fallen overdue ...
    tomorrow = TODAY + timedelta(days=1)
    assert figures_for([units[1]], period, today=tomorrow).summary["received"] == 1
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(FrozenFigures)) == 2
    # ... and dropped, every day of it, by any change to the cases.
    create_received_case(unit=units[1], received_on=TODAY)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(FrozenFigures)) == 0
    assert figures_for([units[1]], period, today=TODAY).summary["received"] == 2


def test_figures_computed_before_a_concurrent_change_are_not_stored_after_it(tree):
    """A request reads the counter, computes, and meanwhile another commits a change: what it
    computed may miss that change, so it is not stored (the next request computes again)."""
    from petitions.reports import frozen

    units, _heads = tree
    create_received_case(unit=units[1], received_on=date(2026, 3, 3))
    db.session.commit()
    period = annual_period(2026)
    since = frozen.generation()
    stale = figures_for([units[1]], period, today=TODAY)
    db.session.rollback()  # nothing stored yet: drop what figures_for stored
    create_received_case(unit=units[1], received_on=date(2026, 3, 5))  # the other writer
    db.session.commit()
    assert frozen.generation() == since + 1
    frozen.store("for:x", period, "cases", stale.as_dict(), today=TODAY, since=since)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(FrozenFigures)) == 0
    assert figures_for([units[1]], period, today=TODAY).summary["received"] == 2


def test_a_scope_of_many_units_is_stored_under_a_digest_of_at_most_200_characters():
    from petitions.reports.frozen import scope_key

    many = "for:" + ",".join(str(i) for i in range(1000, 1100))
    assert scope_key("for:3,7") == "for:3,7"
    assert len(scope_key(many)) <= 200 and scope_key(many).startswith("for#")
    assert scope_key(many) != scope_key(many + ",1100")


def _busy_year(units, heads, rng) -> None:
    """Cases over the year with every ending the summary counts: concluded on time and late,
    withdrawn after acceptance, filed, forwarded, and some left open past their deadline."""
    for _ in range(45):
        case = create_received_case(
            kind=rng.choice(("complaint", "denunciation", "recommendation")),
            unit=rng.choice(units),
            received_on=TODAY - timedelta(days=rng.randint(0, 330)),
        )
        db.session.commit()
        day = case.received_on
        plan = rng.choice(
            (
                ["accept", "conclude"],
                ["accept", "withdraw"],
                ["accept"],
                ["file"],
                ["forward"],
                [],
            )
        )
        for action in plan:
            day = min(TODAY, day + timedelta(days=rng.choice((3, 20, 90))))
            data = {"action": action, "on": day.isoformat()}
            if action == "file":
                data["reason"] = "no_identity"
            if action == "withdraw":
                data["reason"] = "Rút đơn"
            if action == "conclude":
                data.update(outcome="correct", decision_number="1/QĐ", decided_on=day.isoformat())
            if action == "forward":
                data["to_unit"] = rng.choice([u.code for u in units if u.id != case.unit_id])
            try:
                take_action(case, data, actor=heads[case.unit_id], today=TODAY)
                db.session.commit()
            except Refused:
                db.session.rollback()


@pytest.mark.parametrize("seed", [4, 5])
def test_the_running_year_summary_from_the_summaries_is_the_forms_count(tree, monkeypatch, seed):
    from petitions import clock
    from petitions.reports import figures
    from petitions.units import reorganise

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    units, heads = tree
    _busy_year(units, heads, random.Random(seed))
    period = annual_period(2026)

    def both(root):
        counted = figures._figures_by_unit(root, period, today=TODAY, reception=False)
        fast = figures.summary_by_unit(root, period, today=TODAY)
        assert fast == [(g.unit, g.figures.summary) for g in counted]
        whole = figures._figures_for([root], period, today=TODAY, reception=False).summary
        assert figures.summary_for(root, period, today=TODAY) == whole
        return whole

    assert figures.summaries_answer(period, TODAY)
    whole = both(units[0])
    assert whole["resolved_on_time"] and whole["resolved_late"] and whole["open_overdue"]
    assert whole["received"] and whole["accepted"]
    both(units[2])
    # A commune moved under another parent and another merged, both dated back into the year:
    # each day still counts for the unit (and group) that held the case that day.
    reorganise.move(code="P-B-C", parent_code="P-A", on=date(2026, 2, 10), today=TODAY)
    db.session.commit()
    reorganise.merge(old_code="P-B", new_code="P-A", on=date(2026, 4, 20), today=TODAY)
    db.session.commit()
    assert both(units[0]) == whole
    both(units[1])


def test_the_running_year_rates_after_a_change_are_not_recounted(tree, monkeypatch):
    from petitions import clock
    from petitions.reports import counting

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    units, heads = tree
    _busy_year(units, heads, random.Random(6))
    create_received_case(unit=units[1], received_on=TODAY)
    db.session.commit()

    def recount(*args, **kwargs):
        raise AssertionError("the running year was counted from the cases")

    monkeypatch.setattr(counting, "case_counts", recount)
    monkeypatch.setattr("petitions.reports.figures.case_counts", recount)
    rows = dashboard.on_time_by_unit(Filters(as_of=TODAY, root_id=units[0].id))
    assert [row.unit.code for row in rows][0] == "P"
    assert all(0 <= row.rate <= 100 for row in rows)


def test_a_commit_adding_history_leaves_nothing_pending_for_the_next(tree):
    """The history's hash chain is written after the summaries' hook; it changes nothing they
    count, so the next transaction starts clean (stored figures read back, none dropped)."""
    from petitions.reports import frozen

    units, heads = tree
    case = create_received_case(unit=units[1], received_on=date(2026, 5, 1))
    db.session.commit()
    take_action(
        case, {"action": "accept", "on": "2026-05-20"}, actor=heads[units[1].id], today=TODAY
    )
    db.session.commit()
    assert not frozen.pending()


def test_a_period_reads_whole_months_and_its_ends_by_day():
    from petitions.summaries.queries import _whole_months

    # The reporting year to 6 December: 16 days of December, January to November, 6 days.
    months = _whole_months(date(2025, 12, 15), date(2026, 12, 6))
    assert months[0] == date(2026, 1, 1) and months[-1] == date(2026, 11, 1)
    assert len(months) == 11
    assert _whole_months(date(2026, 2, 1), date(2026, 2, 28)) == [date(2026, 2, 1)]
    assert _whole_months(date(2026, 2, 2), date(2026, 3, 30)) == []
