"""Every cell of the forms for a hand-built year (see tests/reports/factories.py)."""

from datetime import date

import pytest

from petitions.domain.periods import annual, quarter
from petitions.reports.figures import figures_by_unit, figures_for, total_of
from petitions.reports.form_specs import FORMS, SUMMARY
from tests.reports.factories import known_dataset, report_case

AFTER_THE_YEAR = date(2027, 1, 10)

# Unit A with its commune A1, year 2026 (15/12/2025 - 14/12/2026), worked out case by case.
EXPECTED_A = {
    "summary": {
        "received": 9,  # c3 c5 c6 c7 c8 c9 c11 c14 c15 (c4 counts at B, where it arrived)
        "accepted": 6,  # c2 c3 c7 c11 c14 c15
        "resolved": 4,  # c1 c3 c15 by decision, c7 by withdrawal
        "resolved_on_time": 3,
        "resolved_late": 1,  # c1
        "open_overdue": 3,  # c2 c9 c11 (c14 is suspended)
        "on_time_rate": 0.4286,  # 3 / (4 + 3)
    },
    "01/TCD": {
        "visits": 4,  # the group at A1's desk, two at the head's session, one delegated
        "people": 21,  # 6 + 1 + 12 + 2
        "cases_first": 2,
        "cases_repeat": 2,
        "groups": 2,  # 6 and 12 people
        "group_people": 18,
        "group_cases_first": 1,
        "group_cases_repeat": 1,
        "regular_visits": 1,
        "regular_people": 6,
        "head_sessions": 1,  # the cancelled session does not count
        "head_visits": 2,
        "head_people": 13,
        "delegated_sessions": 1,
        "delegated_visits": 1,
        "delegated_people": 2,
        "refused": 1,  # refused visits are not visits
    },
    "02/XLD": {
        "carried_over": 1,  # c2
        "received": 9,
        "received_online": 5,  # c5 c7 c9 c11 c14
        "received_reception": 1,  # c3
        "received_mail": 3,  # c6 c8 c15
        "received_transferred": 0,
        "total": 10,
        "complaints": 6,  # c2 c5 c7 c9 c14 c15
        "denunciations": 3,  # c3 c8 c11
        "recommendations": 1,  # c6
        "feedback": 0,
        "eligible": 8,
        "ineligible": 1,  # c6
        "within_competence": 7,
        "outside_competence": 1,  # c5
        "repeated": 1,  # c5
        "duplicates": 1,  # c6
        "group_petitions": 1,  # c3
        "handled": 9,
        "handled_accepted": 6,
        "handled_guided": 1,
        "handled_filed": 1,
        "handled_rejected": 0,
        "handled_withdrawn": 1,  # c8
        "pending": 1,  # c9
        "forwarded": 1,  # c4
        "replies": 1,  # B answered c4
        "reminders": 1,  # A chased B about c4 on 1/04
        "reminders_received": 2,  # about c9 on 1/12 (not 20/12), and A1 as a whole on 1/06
    },
    "03/GQKN": {
        "carried_over": 1,  # c1
        "accepted": 4,  # c2 c7 c14 c15
        "total": 5,
        "first_time": 4,
        "second_time": 1,  # c2
        "resolved": 3,  # c1 c7 c15
        "resolved_by_decision": 2,
        "resolved_by_withdrawal": 1,
        "outcome_correct": 1,
        "outcome_partly_correct": 0,
        "outcome_incorrect": 1,
        "resolved_first_time": 3,
        "resolved_second_time": 0,
        "resolved_on_time": 2,
        "resolved_late": 1,
        "pending": 2,  # c2 c14
        "pending_overdue": 1,  # c2
        "on_time_rate": 0.5,
    },
    "04/GQTC": {
        "carried_over": 0,
        "accepted": 2,  # c3 c11
        "total": 2,
        "extended_once": 1,
        "extended_twice": 1,
        "resolved": 1,
        "resolved_by_decision": 1,
        "resolved_by_withdrawal": 0,
        "outcome_correct": 0,
        "outcome_partly_correct": 1,
        "outcome_incorrect": 0,
        "resolved_on_time": 1,
        "resolved_late": 0,
        "pending": 1,
        "pending_overdue": 1,
        "on_time_rate": 0.5,
    },
}

EXPECTED_B_SUMMARY = {
    "received": 2,
    "accepted": 1,
    "resolved": 1,
    "resolved_on_time": 1,
    "resolved_late": 0,
    "open_overdue": 0,
    "on_time_rate": 1.0,
}
EXPECTED_P_SUMMARY = {
    "received": 12,
    "accepted": 7,
    "resolved": 5,
    "resolved_on_time": 4,
    "resolved_late": 1,
    "open_overdue": 4,
    "on_time_rate": 0.4444,
}


@pytest.fixture
def dataset(app):
    return known_dataset()


def test_every_cell_of_a_district_and_its_commune_has_its_known_value(dataset):
    units, _cases = dataset
    figures = figures_for([units["A"]], annual(2026), today=AFTER_THE_YEAR)
    assert figures.summary == EXPECTED_A["summary"]
    for code in ("01/TCD", "02/XLD", "03/GQKN", "04/GQTC"):
        assert figures.forms[code] == EXPECTED_A[code], code


def test_a_forwarded_petition_counts_as_received_where_it_arrived(dataset):
    units, _cases = dataset
    b = figures_for([units["B"]], annual(2026), today=AFTER_THE_YEAR)
    assert b.summary == EXPECTED_B_SUMMARY
    assert b.forms["02/XLD"]["received_transferred"] == 1
    assert b.forms["02/XLD"]["forwarded"] == 0
    assert b.forms["02/XLD"]["reminders_received"] == 1  # A chasing its forwarded c4


def test_the_province_counts_a_forwarded_petition_once(dataset):
    units, _cases = dataset
    province = figures_for([units["P"]], annual(2026), today=AFTER_THE_YEAR)
    assert province.summary == EXPECTED_P_SUMMARY


def test_the_rows_by_unit_add_up_to_the_province(dataset):
    units, _cases = dataset
    rows = figures_by_unit(units["P"], annual(2026), today=AFTER_THE_YEAR)
    assert [row.unit.code for row in rows] == ["P", "P-A", "P-B"]
    total = total_of(row.figures for row in rows)
    province = figures_for([units["P"]], annual(2026), today=AFTER_THE_YEAR)
    assert total.summary == province.summary
    assert total.forms == province.forms
    assert rows[1].figures.summary == EXPECTED_A["summary"]


def test_the_figures_of_a_running_year_stand_at_today(dataset):
    units, _cases = dataset
    # On 15/10/2026 c11 was accepted but not yet overdue, c9 not yet received.
    figures = figures_for([units["A"]], annual(2026), today=date(2026, 10, 15))
    assert figures.summary["received"] == 8  # all but c9
    assert figures.summary["open_overdue"] == 1  # c2 only
    assert figures.forms["04/GQTC"]["pending_overdue"] == 0


def test_a_quarter_counts_what_was_carried_into_it(dataset):
    units, _cases = dataset
    second = figures_for([units["A"]], quarter(2026, 2), today=AFTER_THE_YEAR)
    xld = second.forms["02/XLD"]
    # 15/03-14/06: received c5 c6 c7; nothing was left unhandled on 15/03.
    assert (xld["carried_over"], xld["received"], xld["handled"]) == (0, 3, 3)
    # Complaints: c2 still open on 15/03 is carried over; c7 accepted on 5/06 and withdrawn
    # on 20/06, after the quarter: still pending at its end.
    gqkn = second.forms["03/GQKN"]
    assert (gqkn["carried_over"], gqkn["accepted"], gqkn["resolved"]) == (1, 1, 0)
    assert gqkn["pending"] == 2


def test_an_empty_scope_has_zero_counts_and_no_rate(app):
    from tests.factories import create_unit

    unit = create_unit()
    figures = figures_for([unit], annual(2026), today=AFTER_THE_YEAR)
    assert figures.summary["received"] == 0
    assert figures.summary["on_time_rate"] is None
    assert figures.forms["03/GQKN"]["on_time_rate"] is None


def test_the_form_arithmetic_holds(dataset):
    units, _cases = dataset
    figures = figures_for([units["P"]], annual(2026), today=AFTER_THE_YEAR)
    xld = figures.forms["02/XLD"]
    assert xld["total"] == xld["handled"] + xld["pending"]
    assert xld["handled"] == sum(
        xld[key]
        for key in (
            "handled_accepted",
            "handled_guided",
            "handled_filed",
            "handled_rejected",
            "handled_withdrawn",
        )
    )
    assert xld["received"] == sum(
        xld[f"received_{channel}"] for channel in ("online", "reception", "mail", "transferred")
    )
    for code in ("03/GQKN", "04/GQTC"):
        form = figures.forms[code]
        assert form["total"] == form["resolved"] + form["pending"]
        assert form["resolved"] == form["resolved_on_time"] + form["resolved_late"]
        assert form["resolved"] == form["resolved_by_decision"] + form["resolved_by_withdrawal"]


def test_every_cell_has_a_vietnamese_label_and_a_reference():
    for spec in (SUMMARY, *FORMS):
        keys = [cell.key for cell in spec.cells]
        assert len(keys) == len(set(keys)), spec.code
        for cell in spec.cells:
            assert str(cell.label) and cell.reference, (spec.code, cell.key)
            assert (cell.when is not None) + (cell.total is not None) + cell.external == 1


def test_a_cancelled_deadline_is_never_overdue(app):
    from tests.factories import create_unit

    unit = create_unit()
    report_case(
        unit=unit,
        received_on=date(2026, 2, 1),
        deadlines=(("petition.classify", date(2026, 2, 1), date(2026, 2, 10), None, None),),
    ).deadlines[0].cancelled = True
    figures = figures_for([unit], annual(2026), today=AFTER_THE_YEAR)
    assert figures.summary["open_overdue"] == 0
