"""`petitions serve --demo` fills an empty database so that every screen has something: 2025
on Hà Giang's 2022 tree, the reorganisation of 1/7/2025, and 2026 on the two-tier tree."""

from datetime import date

import pytest
from sqlalchemy import func, select

from petitions import demo
from petitions.accounts.models import User
from petitions.accounts.services import authenticate
from petitions.cases.models import Case, statuses
from petitions.domain import workflow
from petitions.extensions import db
from petitions.reception.models import ReceptionSession, Visit
from petitions.reports.models import AnnualReport
from petitions.units import demo as units_demo
from petitions.units.models import Unit
from petitions.units.reorganise import history
from petitions.units.services import get_by_code

REORGANISED = date(2025, 7, 1)


@pytest.fixture
def loaded(app):
    demo.load()
    db.session.commit()


def _tree(client, on=None):
    rows = client.get("/api/v1/units" + (f"?on={on}" if on else "")).get_json()
    return {row["code"]: row for row in rows}


def test_the_demo_loads_units_logins_and_a_year_of_cases_in_many_states(app):
    assert demo.database_is_empty()
    demo.load()
    db.session.commit()
    assert not demo.database_is_empty()
    codes = set(db.session.scalars(select(Unit.code)))
    assert {"HG", "HG-TTT", "HG-SNV", "HG-DV", "HG-MV", "HG-YM", "HG-TP", "TQ", "TQ-BQ"} <= codes
    assert db.session.scalar(select(Unit.remote).where(Unit.code == "HG-DV")) is True
    assert db.session.scalar(select(Unit.remote).where(Unit.code == "TQ-DV")) is True
    for username, roles, _unit, _name in demo.USERS:
        held = authenticate(username, demo.DEMO_PASSWORD).roles
        assert {role.value for role in held} == set(roles.split(","))
    statuses_ = dict(
        db.session.execute(select(Case.status, func.count()).group_by(Case.status)).all()
    )
    assert sum(statuses_.values()) >= 40
    assert {"received", "verifying", "concluded", "filed", "forwarded"} <= set(statuses_)


def test_on_30_june_2025_the_district_still_stands_under_ha_giang(client, loaded):
    tree = _tree(client, "2025-06-30")

    assert tree["HG-BQ"]["active"] and tree["HG-BQ"]["parent"] == "HG"
    assert tree["HG-BQ-VQ"]["active"] and tree["HG-BQ-VQ"]["parent"] == "HG-BQ"
    assert tree["HG-TTT"]["parent"] == "HG"
    assert "TQ-BQ" not in tree  # the new commune begins on 1/7/2025


def test_today_the_district_has_ended_into_its_commune_under_tuyen_quang(client, loaded):
    tree = _tree(client)

    district = tree["HG-BQ"]
    assert not district["active"] and district["valid_to"] == "2025-06-30"
    assert district["successors"] == ["TQ-BQ"]
    commune = tree["TQ-BQ"]
    assert commune["active"] and commune["parent"] == "TQ" and commune["level"] == "commune"
    assert set(commune["predecessors"]) == {"HG-BQ", "HG-BQ-VQ", "HG-BQ-QM"}
    assert tree["HG"]["successors"] == ["TQ"] and not tree["HG"]["active"]
    assert tree["HG-TTT"]["parent"] == "TQ" and tree["HG-TTT"]["active"]
    assert tree["HG-XM-QN"]["parent"] == "TQ" and tree["HG-XM-QN"]["active"]
    living_levels = {row["level"] for row in tree.values() if row["active"]}
    assert living_levels == {"province", "department", "commune"}


def test_each_change_names_its_act(loaded):
    acts = {(change.unit.code, change.act_label, change.act_issuer) for change in history()}

    assert ("HG", "Nghị quyết 202/2025/QH15", "Quốc hội") in acts
    assert ("HG-BQ", "Luật Tổ chức chính quyền địa phương 72/2025/QH15", "Quốc hội") in acts
    assert ("HG-BQ-VQ", "Nghị quyết 1684/NQ-UBTVQH15", "Ủy ban Thường vụ Quốc hội") in acts


def test_nothing_open_or_new_is_left_in_a_unit_that_has_ended(loaded):
    ended = set(db.session.scalars(select(Unit.id).where(Unit.valid_to.is_not(None))))

    open_cases = db.session.scalars(
        select(Case).where(Case.status.in_(statuses(workflow.OPEN_STATES)))
    ).all()
    assert open_cases
    assert [case.tracking_code for case in open_cases if case.unit_id in ended] == []
    later = db.session.scalars(select(Case).where(Case.received_on >= REORGANISED)).all()
    assert [case.tracking_code for case in later if case.unit_id in ended] == []
    sessions = db.session.scalars(
        select(ReceptionSession).where(ReceptionSession.day >= REORGANISED)
    ).all()
    visits = db.session.scalars(select(Visit).where(Visit.visited_on >= REORGANISED)).all()
    assert sessions and visits
    assert not [row for row in [*sessions, *visits] if row.unit_id in ended]
    assert not [user.username for user in db.session.scalars(select(User)) if user.unit_id in ended]


def test_cases_of_both_years_exist_and_the_districts_open_ones_were_taken_over(loaded):
    received = [case.received_on.year for case in db.session.scalars(select(Case))]
    assert received.count(2025) >= len(units_demo.CASES) and received.count(2026) >= 30

    commune = get_by_code("TQ-BQ")
    taken_over = db.session.scalars(
        select(Case).where(Case.unit_id == commune.id, Case.received_on < REORGANISED)
    ).all()
    # Open on 30/6/2025, finished by the commune afterwards, with the move in their history.
    open_then = {row[6] for row in units_demo.CASES if row[0] in {"fees", "near_poor", "market"}}
    assert {case.title for case in taken_over} == open_then
    for case in taken_over:
        assert case.status.value == "closed" and case.concluded_on >= REORGANISED
        assert any(event.action == "unit_merged" for event in case.events)
    # Closed before the day: they stay with the district.
    kept = db.session.scalars(select(Case).where(Case.unit_id == get_by_code("HG-BQ").id)).all()
    assert len(kept) == 2
    assert all(case.status.value == "closed" and case.closed_on < REORGANISED for case in kept)


def test_both_years_reports_each_on_its_own_tree(app, api, loaded):
    reports = {
        (report.year, report.unit.code): report
        for report in db.session.scalars(select(AnnualReport))
    }
    sent_2025 = reports[(2025, "HG-BQ")]
    assert sent_2025.status.value == "accepted" and sent_2025.submitted_on < REORGANISED
    assert (2026, "TQ-BQ") in reports and (2026, "TQ") in reports
    noivu = db.session.scalar(select(User).where(User.username == "noivu"))

    live = api(noivu).get("/api/v1/reports/annual?year=2025&unit=HG-BQ").get_json()["summary"]

    # The district's year stays its own after its open cases went to the commune: what it
    # received, accepted and resolved up to 30/6 is what it sent, frozen, before it ended.
    frozen = sent_2025.statistics["summary"]
    for key in ("received", "accepted", "resolved"):
        assert live[key] == frozen[key], key
    assert live["received"] == sum(1 for row in units_demo.CASES if row[2] == "HG-BQ")
    assert live["resolved"] == 2
    taken_over = api(noivu).get("/api/v1/reports/annual?year=2025&unit=TQ-BQ").get_json()
    assert taken_over["summary"]["resolved"] == 3  # finished after 1/7 by the commune


def test_the_logins_name_each_users_unit_after_the_reorganisation(loaded):
    lines = []

    demo.print_logins(lines.append)

    text = "\n".join(lines)
    assert demo.DEMO_PASSWORD in text
    row = next(line for line in lines if line.split()[:1] == ["chutich.bq"])
    assert "TQ-BQ" in row and "Xã Bắc Quang" in row
    row = next(line for line in lines if line.split()[:1] == ["chutich"])
    assert " TQ " in row and "Tuyên Quang" in row
    row = next(line for line in lines if line.split()[:1] == ["canbo.vt"])
    assert "reception_officer,handler" in row and "TQ-VT" in row and "Xã Vĩnh Tuy" in row
