"""Open, overdue and due-soon counts as of a day, across Tết, rolled up the unit tree."""

from datetime import date

import pytest

from petitions.cases.models import Case, Kind
from petitions.clock import today as clock_today
from petitions.extensions import db
from petitions.oversight import dashboard, lists
from petitions.oversight.scope import Filters
from tests.oversight.conftest import due


def test_the_hand_derived_due_dates_skip_tet(province):
    cases = province.cases
    assert due(cases["A"]) == date(2026, 3, 2)
    assert due(cases["B"]) == date(2026, 3, 5)
    assert due(cases["C"]) == date(2026, 2, 23)
    assert due(cases["D"]) == date(2026, 2, 3)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # Only D runs (due 03/02, met that day): due soon the day before.
        (date(2026, 2, 2), (1, 0, 1)),
        # During Tết: A, B, C run; nothing is late yet.
        (date(2026, 2, 18), (3, 0, 0)),
        # C (due 23/02) is late; A is not, although ten weekdays have passed since 09/02.
        (date(2026, 2, 25), (3, 1, 0)),
        # A (02/03) and C are late; B (05/03) is due within three days.
        (date(2026, 3, 3), (3, 2, 1)),
    ],
)
def test_overdue_counts_across_tet_for_a_hand_built_set_of_cases(province, as_of, expected):
    counts = dashboard.totals(Filters(as_of=as_of))

    assert (counts.open, counts.overdue, counts.due_soon) == expected


def test_units_roll_up_into_their_parents(province):
    rows = dashboard.counts_by_unit(Filters(as_of=date(2026, 3, 3)))

    by_code = {
        row.unit.code: (row.counts.open, row.counts.overdue, row.counts.due_soon) for row in rows
    }
    assert by_code == {
        "P": (3, 2, 1),
        "P-D": (2, 1, 1),
        "P-D-C": (1, 1, 0),
        "P-E": (1, 1, 0),
    }
    assert [row.unit.code for row in rows] == ["P", "P-D", "P-D-C", "P-E"]
    assert [row.depth for row in rows] == [0, 1, 2, 1]


def test_a_heads_scope_is_their_unit_and_the_units_below(province):
    filters = Filters(as_of=date(2026, 3, 3), root_id=province.district.id)

    totals = dashboard.totals(filters)
    rows = dashboard.counts_by_unit(filters)

    assert (totals.open, totals.overdue) == (2, 1)
    assert [row.unit.code for row in rows] == ["P-D", "P-D-C"]


def test_counts_by_kind_and_stage(province):
    filters = Filters(as_of=date(2026, 3, 3))

    by_kind = dashboard.counts_by(Case.kind, filters)
    by_status = dashboard.counts_by(Case.status, filters)

    assert by_kind[Kind.COMPLAINT].open == 2 and by_kind[Kind.COMPLAINT].overdue == 2
    assert by_kind[Kind.FEEDBACK].due_soon == 1
    assert sum(c.open for c in by_status.values()) == 3


def test_every_number_matches_the_list_behind_it(province):
    for state in lists.STATES:
        filters = Filters(as_of=date(2026, 3, 3), state=state)
        listed = db.session.execute(lists.case_list(filters)).all()
        assert lists.count_of(filters) == len(listed)
    overdue = Filters(as_of=date(2026, 3, 3), state="overdue")
    codes = [case.tracking_code for case, _due in db.session.execute(lists.case_list(overdue))]
    assert codes == [province.cases["C"].tracking_code, province.cases["A"].tracking_code]


def test_overdue_items_give_days_overdue_per_deadline(province):
    total, items = lists.overdue_items(Filters(as_of=date(2026, 3, 3)))

    assert total == 2
    assert [(i.tracking_code, i.rule, i.due_on, i.days_overdue) for i in items] == [
        (province.cases["C"].tracking_code, "complaint.accept", date(2026, 2, 23), 8),
        (province.cases["A"].tracking_code, "petition.classify", date(2026, 3, 2), 1),
    ]


def test_a_suspended_deadline_is_not_counted_as_overdue(province):
    province.cases["C"].deadlines[0].suspended_on = date(2026, 2, 20)
    db.session.commit()

    assert dashboard.totals(Filters(as_of=date(2026, 3, 3))).overdue == 1
    assert dashboard.totals(Filters(as_of=date(2026, 2, 19))).open == 3


def test_long_standing_repeated_and_flagged_cases(province, app):
    app.config["OVERSIGHT_LONG_STANDING_DAYS"] = 25
    province.cases["B"].repeat_number = 2
    province.cases["C"].public_interest = True
    province.cases["A"].complexity = "complex"
    db.session.commit()

    def count(state):
        return lists.count_of(Filters(as_of=date(2026, 3, 3), state=state))

    # Received on or before 06/02: only C (05/02).
    assert count("long_standing") == 1
    assert count("repeated") == 1
    assert count("flagged") == 2


def test_backdated_entries_are_listed(province):
    from petitions.cases.models import CaseEvent

    case = province.cases["A"]
    case.events.append(
        CaseEvent(
            effective_on=date(2026, 2, 9),
            backdated=True,
            action="classify",
            actor_id=province.handler.id,
        )
    )
    case.events.append(CaseEvent(effective_on=date(2026, 2, 9), backdated=False, action="assign"))
    db.session.commit()

    total, events = lists.backdated_events(Filters(as_of=clock_today()))

    assert total == 1 and events[0].action == "classify"


def test_choosing_a_unit_narrows_the_tree_to_it(province):
    rows = dashboard.counts_by_unit(Filters(as_of=date(2026, 3, 3), unit_id=province.district.id))

    assert [(row.unit.code, row.depth) for row in rows] == [("P-D", 0), ("P-D-C", 1)]
