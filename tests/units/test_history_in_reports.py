"""Reorganisations never move history: a report counts each event for the unit holding the case
that day, on the tree of that day, so a province's figures for a past period never change."""

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from petitions.cases.models import Case
from petitions.domain import workflow
from petitions.domain.periods import annual, quarter
from petitions.errors import Refused
from petitions.extensions import db
from petitions.reports import figures as services
from petitions.units import reorganise
from petitions.units.history import subtree_on
from petitions.units.models import Unit
from tests.factories import create_unit, create_user
from tests.reports.factories import report_case

TODAY = date(2026, 12, 5)
PERIODS = (annual(2025), annual(2026), quarter(2025, 3), quarter(2026, 1))
KINDS = ("complaint", "denunciation", "recommendation", "feedback")


def _figures(unit):
    return [
        services.figures_for([unit], period, today=TODAY, reception=False) for period in PERIODS
    ]


def _random_case(rng: random.Random, unit) -> None:
    received = date(2024, 12, 1) + timedelta(days=rng.randrange(700))
    received = min(received, TODAY - timedelta(days=1))
    later = lambda start: min(start + timedelta(days=rng.randrange(1, 120)), TODAY)  # noqa: E731
    kind = rng.choice(KINDS)
    shape = rng.choice(("received", "accepted", "concluded", "closed", "filed", "withdrawn"))
    values = {"status": shape}
    if shape in ("accepted", "concluded", "closed", "withdrawn"):
        values["accepted_on"] = later(received)
        values["resolve_due"] = values["accepted_on"] + timedelta(days=45)
    if shape in ("concluded", "closed", "withdrawn", "filed"):
        values["settled_on"] = later(values.get("accepted_on", received))
    if shape == "closed":
        values["closed_on"] = later(values["settled_on"])
    if shape == "accepted":
        values["status"] = "verifying"
    report_case(unit=unit, kind=kind, received_on=received, **values)


def _province(rng: random.Random, number: int):
    """P{n} > departments, districts > communes, and cases spread over all of them."""
    province = create_unit(code=f"Q{number}", name=f"Tỉnh {number}", level="province")
    units = [province]
    for d in range(rng.randint(2, 3)):
        district = create_unit(code=f"Q{number}-D{d}", name=f"Huyện {d}", parent=province)
        units.append(district)
        for c in range(2):
            units.append(
                create_unit(
                    code=f"Q{number}-D{d}-{c}",
                    name=f"Xã {d}{c}",
                    level="commune",
                    parent=district,
                )
            )
    units.append(create_unit(code=f"Q{number}-S", name="Sở", level="department", parent=province))
    for _ in range(rng.randint(15, 30)):
        _random_case(rng, rng.choice(units))
    db.session.commit()
    return province


def _living(province) -> list[Unit]:
    ids = subtree_on(province, TODAY)
    return [
        unit
        for unit in db.session.scalars(select(Unit).where(Unit.id.in_(ids)).order_by(Unit.code))
        if unit.valid_to is None and unit.id != province.id
    ]


def _reorganise(rng: random.Random, province, number: int) -> list[str]:
    done = []
    days = sorted(date(2025, 1, 1) + timedelta(days=rng.randrange(690)) for _ in range(6))
    for step, day in enumerate(days):
        living = _living(province)
        if len(living) < 3:
            break
        old = rng.choice(living)
        others = [unit for unit in living if unit.id != old.id] + [province]
        kind = rng.choice(("merge", "split", "move", "create"))
        try:
            if kind == "merge":
                new = rng.choice(others)
                reorganise.merge(old_code=old.code, new_code=new.code, on=day, today=TODAY)
            elif kind == "split":
                into = rng.sample(others, 2)
                reorganise.split(
                    old_code=old.code, into=[u.code for u in into], on=day, today=TODAY
                )
            elif kind == "move":
                reorganise.move(
                    code=old.code, parent_code=rng.choice(others).code, on=day, today=TODAY
                )
            else:
                fresh = f"Q{number}-N{step}"
                create_unit_from(fresh, rng.choice(others), day)
                reorganise.merge(old_code=old.code, new_code=fresh, on=day, today=TODAY)
        except Refused:
            db.session.rollback()
            continue
        db.session.commit()
        done.append(f"{kind} {old.code} {day}")
    return done


def create_unit_from(code, parent, day):
    from petitions.units.services import create_unit as create

    create(code=code, name=code, level="commune", parent_code=parent.code, valid_from=day)


@pytest.mark.parametrize("seed", range(6))
def test_random_reorganisations_never_change_a_provinces_past_figures(app, seed):
    rng = random.Random(seed)
    province = _province(rng, seed)
    before = _figures(province)

    done = _reorganise(rng, province, seed)

    assert done, "the seed made no change at all"
    after = _figures(province)
    for period, old, new in zip(PERIODS, before, after, strict=True):
        assert new.summary == old.summary, (period, done)
        assert new.forms == old.forms, (period, done)
    # Every open case ends in exactly one living unit of the province.
    living = {unit.id for unit in _living(province)} | {province.id}
    open_cases = db.session.scalars(select(Case).where(Case.status.in_(workflow.OPEN_STATES))).all()
    for case in open_cases:
        if case.receiving_unit_id in subtree_on(province, date(2024, 1, 1)) | living:
            assert case.unit_id in living, (case.tracking_code, done)


def test_a_district_merged_into_a_new_commune_keeps_its_own_year(app, api, client, runner):
    province = create_unit(code="HG", name="Tỉnh Hà Giang", level="province")
    district = create_unit(code="HG-D", name="Huyện D", parent=province)
    first_half = [
        report_case(unit=district, received_on=date(2025, 2, 3)),
        report_case(
            unit=district,
            received_on=date(2025, 3, 2),
            status="verifying",
            accepted_on=date(2025, 3, 9),
            resolve_due=date(2025, 5, 9),
        ),
        report_case(
            unit=district,
            received_on=date(2025, 4, 1),
            status="concluded",
            accepted_on=date(2025, 4, 8),
            settled_on=date(2025, 5, 20),
            resolve_due=date(2025, 6, 8),
        ),
    ]
    db.session.commit()
    year = annual(2025)
    district_before = services.figures_for([district], year, today=TODAY)
    province_before = services.figures_for([province], year, today=TODAY)
    assert district_before.summary["received"] == 3

    created = runner.invoke(
        args=[
            "unit",
            "create",
            "HG-C",
            "Xã C",
            "--level",
            "commune",
            "--parent",
            "HG",
            "--from",
            "2025-07-01",
        ]
    )
    assert created.exit_code == 0, created.output
    result = runner.invoke(
        args=["unit", "merge", "HG-D", "HG-C", "--on", "2025-07-01", "--act", "NQ 1683"]
    )
    assert result.exit_code == 0, result.output

    db.session.expire_all()
    district = db.session.get(Unit, district.id)
    commune = db.session.scalar(select(Unit).where(Unit.code == "HG-C"))
    district_after = services.figures_for([district], year, today=TODAY)
    # What the district received, accepted and resolved up to 30/6 stays its own; what is
    # still open at the year's end is the commune's, which holds it then.
    for key in ("received", "accepted", "resolved", "resolved_on_time", "resolved_late"):
        assert district_after.summary[key] == district_before.summary[key], key
    assert district_before.summary["open_overdue"] == 1
    assert district_after.summary["open_overdue"] == 0
    assert services.figures_for([province], year, today=TODAY).summary == province_before.summary
    # Every case not yet closed is the commune's now (the concluded one awaits its closing);
    # the two unsettled ones are carried over to it on 1/7/2025.
    listed = api(create_user(role="unit_head", unit=commune)).get("/api/v1/cases?unit=HG-C")
    assert {item["id"] for item in listed.get_json()["items"]} == {c.id for c in first_half}
    commune_year = services.figures_for([commune], year, today=TODAY)
    assert commune_year.summary["received"] == 0
    xld = commune_year.forms["01/XLD"]
    assert sum(xld[f"carried_{who}"] for who in ("many", "one", "other")) == 1  # not accepted
    assert commune_year.forms["01/KQGQ"]["carried_over"] == 1  # the accepted one
    assert commune_year.summary["open_overdue"] == 1

    before = {u["code"]: u for u in client.get("/api/v1/units?on=2025-06-30").get_json()}
    assert before["HG-D"]["active"] is True and "HG-C" not in before
    now = {u["code"]: u for u in client.get("/api/v1/units").get_json()}
    assert now["HG-D"]["active"] is False
    assert now["HG-D"]["valid_to"] == "2025-06-30"
    assert now["HG-D"]["successors"] == ["HG-C"]
    assert now["HG-C"]["valid_from"] == "2025-07-01"
