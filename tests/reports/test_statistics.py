"""Every cell of the forms for a hand-built year (see tests/reports/factories.py)."""

from datetime import date

import pytest

from petitions.domain.periods import annual, quarter
from petitions.reports.figures import figures_by_unit, figures_for, total_of
from petitions.reports.form_specs import FORM_CODES, FORMS, SUMMARY
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
        "visits": 4,  # 1 = 4 + 13 + 22: the group at A1's desk, two at the head's, one delegated
        "people": 21,  # 6 + 1 + 12 + 2
        "cases": 4,  # first: the group of six, one at the head's; repeat: the 12, the delegated 2
        "regular_visits": 1,
        "regular_people": 6,
        "regular_cases_first": 1,
        "regular_cases_repeat": 0,
        "regular_groups": 1,  # six people
        "regular_group_people": 6,
        "regular_group_cases_first": 1,
        "regular_group_cases_repeat": 0,
        "head_sessions": 1,  # the cancelled session does not count
        "head_visits": 2,
        "head_people": 13,
        "head_cases_first": 1,
        "head_cases_repeat": 1,
        "head_groups": 1,  # twelve people, again
        "head_group_people": 12,
        "head_group_cases_first": 0,
        "head_group_cases_repeat": 1,
        "delegated_sessions": 1,
        "delegated_visits": 1,
        "delegated_people": 2,
        "delegated_cases_first": 0,
        "delegated_cases_repeat": 1,
        "delegated_groups": 0,  # two people are no group
        "delegated_group_people": 0,
        "delegated_group_cases_first": 0,
        "delegated_group_cases_repeat": 0,
        "refused": 1,  # refused visits are not visits
    },
    "01/XLD": {
        "total": 11,  # c2 carried over; c3 c4 c5 c6 c7 c8 c9 c11 c14 c15 (c4 too: A received it)
        "carried_many": 0,
        "carried_one": 1,  # c2
        "carried_other": 0,
        "received_many": 1,  # c3, six people
        "received_one": 9,
        "received_other": 0,
        "handled": 10,  # all but c9
        "eligible": 9,  # c6 is not
        "eligible_matters": 9,  # no two of them about one matter
        "complaints": 5,  # c2 c5 c7 c14 c15
        "denunciations": 3,  # c3 c8 c11
        "recommendations": 1,  # c4
        "resolved_once": 0,
        "resolved_many": 0,
        "being_resolved": 6,  # accepted: c2 c3 c7 c11 c14 c15
        "not_resolved": 3,  # c4 forwarded, c5 guided, c8 withdrawn before acceptance
        "within": 7,
        "within_complaints": 4,  # c2 c7 c14 c15
        "within_denunciations": 3,  # c3 c8 c11
        "within_recommendations": 0,
        "outside": 2,
        "guided": 1,  # c5
        "forwarded": 1,  # c4
        "urged": 0,
        "replies": 1,  # B answered c4
        "reminders": 1,  # A chased B about c4 on 1/04
        "reminders_received": 2,  # about c9 on 1/12 (not 20/12), and A1 as a whole on 1/06
    },
    "02/XLD": {
        "total": 6,  # c2 carried over; c5 c7 c9 c14 c15
        "carried_many": 0,
        "carried_one": 1,
        "received_many": 0,
        "received_one": 5,
        "handled": 5,  # all but c9
        "handled_carried": 1,
        "handled_received": 4,
        "eligible": 5,
        "eligible_matters": 5,
        "administrative": 0,
        "policy": 0,
        "land": 0,
        "administrative_other": 0,
        "judicial": 0,
        "party": 0,
        "other": 5,  # no subject area recorded
        "resolved_once": 0,
        "resolved_twice": 0,
        "court_judgment": 0,
        "being_resolved": 4,  # c2 c7 c14 c15
        "not_resolved": 1,  # c5
        "within": 4,
        "within_first": 3,
        "within_second": 1,  # c2
        "outside": 1,
        "guided": 1,
        "forwarded": 0,
        "urged": 0,
        "replies": 0,
    },
    "03/XLD": {
        "total": 3,  # c3 c8 c11
        "carried_many": 0,
        "carried_one": 0,
        "carried_other": 0,
        "received_many": 1,  # c3
        "received_one": 2,
        "received_other": 0,
        "handled": 3,
        "handled_carried": 0,
        "handled_received": 3,
        "eligible": 3,
        "eligible_matters": 3,
        "administrative": 0,
        "policy": 0,
        "land": 0,
        "civil_service": 0,
        "administrative_other": 0,
        "corruption": 0,
        "judicial": 0,
        "party": 0,
        "other": 3,
        "not_resolved": 1,  # c8, withdrawn before acceptance
        "being_resolved": 2,  # c3 c11
        "again_overdue": 0,
        "again_concluded": 0,
        "within": 3,
        "within_first": 3,
        "within_again": 0,
        "outside": 0,
        "guided": 0,
        "forwarded": 0,
        "urged": 0,
        "replies": 0,
    },
    "04/XLD": {
        "total": 2,  # c4 c6
        "carried_many": 0,
        "carried_one": 0,
        "carried_other": 0,
        "received_many": 0,
        "received_one": 2,
        "received_other": 0,
        "handled": 2,
        "handled_carried": 0,
        "handled_received": 2,
        "eligible": 1,  # c4; c6 was filed
        "eligible_matters": 1,
        "policy": 0,
        "land": 0,
        "judicial": 0,
        "other": 1,
        "resolved": 0,
        "being_resolved": 0,
        "not_resolved": 1,
        "within": 0,
        "outside": 1,
        "forwarded": 1,  # c4, to B
        "urged": 0,
        "replies": 1,
    },
    "01/KQGQ": {
        "petitions": 5,
        "carried_over": 1,  # c1
        "accepted": 4,  # c2 c7 c14 c15
        "matters": 5,
        "resolved_by_decision": 2,  # c1 c15
        "resolved_by_withdrawal": 1,  # c7
        "recover_money": 0.0,
        "recover_land": 0.0,
        "return_org_money": 0.0,
        "return_org_land": 0.0,
        "return_person_money": 0.0,
        "return_person_land": 0.0,
        "restored_orgs": 0,
        "restored_people": 0,
        "discipline_people": 0,
        "discipline_officials": 0,
        "investigation_cases": 0,
        "investigation_people": 0,
        "investigation_officials": 0,
        "first_correct": 1,  # c1
        "first_incorrect": 1,  # c15
        "first_partly_correct": 0,
        "second_upheld": 0,
        "second_amended": 0,
        "resolved_on_time": 2,  # c7 c15
        "resolved_late": 1,  # c1
        "resolved": 3,
        "pending": 2,  # c2 c14
        "pending_overdue": 1,  # c2
        "on_time_rate": 0.5,  # 2 / (3 + 1)
    },
    "02/KQGQ": {
        "to_enforce": 2,  # the decisions on c1 and c15
        "enforced": 0,
        "recover_money_due": 0.0,
        "recover_land_due": 0.0,
        "recover_money_done": 0.0,
        "recover_land_done": 0.0,
        "return_org_money_due": 0.0,
        "return_org_land_due": 0.0,
        "return_person_money_due": 0.0,
        "return_person_land_due": 0.0,
        "return_org_money_done": 0.0,
        "return_org_land_done": 0.0,
        "return_person_money_done": 0.0,
        "return_person_land_done": 0.0,
        "disciplined_people": 0,
        "disciplined_officials": 0,
        "prosecuted_cases": 0,
        "prosecuted_people": 0,
        "prosecuted_officials": 0,
    },
    "03/KQGQ": {
        "petitions": 2,
        "carried_over": 0,
        "accepted": 2,  # c3 c11
        "matters": 2,
        "matters_again": 0,
        "resolved": 1,  # c3 (c11 was concluded after the period)
        "resolved_first": 1,
        "resolved_again": 0,
        "resolved_by_withdrawal": 0,
        "terminated": 0,
        "recover_money": 0.0,
        "recover_land": 0.0,
        "return_org_money": 0.0,
        "return_org_land": 0.0,
        "return_person_money": 0.0,
        "return_person_land": 0.0,
        "restored_orgs": 0,
        "restored_people": 0,
        "discipline_people": 0,
        "discipline_officials": 0,
        "investigation_cases": 0,
        "investigation_people": 0,
        "investigation_officials": 0,
        "found_correct": 0,
        "found_correct_again": 0,
        "found_incorrect": 0,
        "found_incorrect_again": 0,
        "found_partly_correct": 1,  # c3
        "found_partly_correct_again": 0,
        "resolved_on_time": 1,
        "resolved_late": 0,
        "pending": 1,  # c11
        "pending_overdue": 1,
        "on_time_rate": 0.5,
    },
    "04/KQGQ": {
        "to_enforce": 1,  # the conclusion on c3
        "enforced": 0,
        "recover_money_due": 0.0,
        "recover_land_due": 0.0,
        "recover_money_done": 0.0,
        "recover_land_done": 0.0,
        "restored_orgs_due": 0,
        "restored_people_due": 0,
        "return_org_money_due": 0.0,
        "return_org_land_due": 0.0,
        "return_person_money_due": 0.0,
        "return_person_land_due": 0.0,
        "restored_orgs_done": 0,
        "restored_people_done": 0,
        "return_org_money_done": 0.0,
        "return_org_land_done": 0.0,
        "return_person_money_done": 0.0,
        "return_person_land_done": 0.0,
        "disciplined_orgs": 0,
        "disciplined_people": 0,
        "disciplined_officials": 0,
        "prosecuted_cases": 0,
        "prosecuted_people": 0,
        "prosecuted_officials": 0,
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
    assert set(figures.forms) == set(FORM_CODES)
    for code in FORM_CODES:
        assert figures.forms[code] == EXPECTED_A[code], code


def test_a_forwarded_petition_counts_as_received_where_it_arrived(dataset):
    units, _cases = dataset
    b = figures_for([units["B"]], annual(2026), today=AFTER_THE_YEAR)
    assert b.summary == EXPECTED_B_SUMMARY
    assert b.forms["04/XLD"]["total"] == 2  # c4b transferred from A, c13 at the desk
    assert b.forms["04/XLD"]["forwarded"] == 0
    assert b.forms["01/XLD"]["reminders_received"] == 1  # A chasing its forwarded c4


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
    matters = {(spec.code, cell.key) for spec in FORMS for cell in spec.cells if cell.matter}
    for code, values in province.forms.items():
        for key, value in values.items():
            if (code, key) in matters:
                # c4, forwarded from A to B, is one matter in the province, one in each unit.
                assert value <= total.forms[code][key], (code, key)
            elif key != "on_time_rate":
                assert value == total.forms[code][key], (code, key)
    # c4 at A and c4b at B: two petitions, one matter (c13 and c16 are not yet handled).
    assert province.forms["04/XLD"]["eligible"] == 2
    assert province.forms["04/XLD"]["eligible_matters"] == 1
    assert rows[1].figures.summary == EXPECTED_A["summary"]


def test_the_figures_of_a_running_year_stand_at_today(dataset):
    units, _cases = dataset
    # On 15/10/2026 c11 was accepted but not yet overdue, c9 not yet received.
    figures = figures_for([units["A"]], annual(2026), today=date(2026, 10, 15))
    assert figures.summary["received"] == 8  # all but c9
    assert figures.summary["open_overdue"] == 1  # c2 only
    assert figures.forms["03/KQGQ"]["pending_overdue"] == 0


def test_a_quarter_counts_what_was_carried_into_it(dataset):
    units, _cases = dataset
    second = figures_for([units["A"]], quarter(2026, 2), today=AFTER_THE_YEAR)
    xld = second.forms["01/XLD"]
    # 15/03-14/06: received c5 c6 c7; nothing was left unhandled on 15/03.
    carried = sum(xld[f"carried_{who}"] for who in ("many", "one", "other"))
    received = sum(xld[f"received_{who}"] for who in ("many", "one", "other"))
    assert (carried, received, xld["handled"]) == (0, 3, 3)
    # Complaints: c2 still open on 15/03 is carried over; c7 accepted on 5/06 and withdrawn
    # on 20/06, after the quarter: still pending at its end.
    kqgq = second.forms["01/KQGQ"]
    assert (kqgq["carried_over"], kqgq["accepted"], kqgq["resolved"]) == (1, 1, 0)
    assert kqgq["pending"] == 2


def test_an_empty_scope_has_zero_counts_and_no_rate(app):
    from tests.factories import create_unit

    unit = create_unit()
    figures = figures_for([unit], annual(2026), today=AFTER_THE_YEAR)
    assert figures.summary["received"] == 0
    assert figures.summary["on_time_rate"] is None
    assert figures.forms["01/KQGQ"]["on_time_rate"] is None


def test_the_form_arithmetic_holds(dataset):
    units, _cases = dataset
    # Within a unit a matter has one place in each breakdown (in the province, c4 is outside
    # A's competence and within B's: one matter in both columns).
    figures = figures_for([units["A"]], annual(2026), today=AFTER_THE_YEAR)
    xld = figures.forms["01/XLD"]
    # The sums the form prints under its column numbers: 9=11+12+13=14+...+17=18+22.
    eligible = xld["eligible"]
    assert eligible == xld["complaints"] + xld["denunciations"] + xld["recommendations"]
    assert eligible == sum(
        xld[key] for key in ("resolved_once", "resolved_many", "being_resolved", "not_resolved")
    )
    assert eligible == xld["within"] + xld["outside"]
    assert xld["outside"] == xld["guided"] + xld["forwarded"] + xld["urged"]
    for code in ("02/XLD", "03/XLD", "04/XLD"):
        form = figures.forms[code]
        assert form["handled"] == form["handled_carried"] + form["handled_received"], code
        assert form["eligible_matters"] == form["within"] + form["outside"], code
    for code in ("01/KQGQ", "03/KQGQ"):
        form = figures.forms[code]
        assert form["petitions"] == form["carried_over"] + form["accepted"], code
    kqgq = figures.forms["01/KQGQ"]
    assert kqgq["resolved_by_decision"] == sum(
        kqgq[key]
        for key in (
            "first_correct",
            "first_incorrect",
            "first_partly_correct",
            "second_upheld",
            "second_amended",
        )
    )


def test_every_cell_has_a_vietnamese_label_and_a_reference():
    for spec in (SUMMARY, *FORMS):
        keys = [cell.key for cell in spec.cells]
        assert len(keys) == len(set(keys)), spec.code
        for cell in spec.cells:
            assert str(cell.label) and cell.reference, (spec.code, cell.key)
            assert (cell.when is not None) + (cell.total is not None) + cell.external == 1
        numbers = [int(cell.column) for cell in spec.columns]
        assert numbers == list(range(1, len(numbers) + 1)), spec.code


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
