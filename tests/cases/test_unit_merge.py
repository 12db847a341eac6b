"""Merging a unit into its successor moves open cases, staff and coming reception sessions,
leaving history and deadlines exactly as they were."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from petitions.cases.models import Case, CaseEvent, Status
from petitions.errors import Refused
from petitions.extensions import db
from petitions.units import reorganise
from petitions.units import services as units
from petitions.units.history import tree_on
from petitions.units.models import Unit, UnitParent
from tests.cases.conftest import TODAY
from tests.cases.factories import create_office, create_received_case
from tests.factories import create_unit, create_user


@pytest.fixture
def reorganisation(app):
    province, _ = create_office(code="HGV", staff=("unit_head",))
    district, staff = create_office(code="HGV-BM", parent=province, staff=("unit_head", "handler"))
    commune, _ = create_office(code="HGV-BM-X", parent=district, staff=())
    return province, district, commune, staff


def test_open_cases_move_with_their_deadlines_and_history(app, api, reorganisation):
    province, district, commune, staff = reorganisation
    open_case = create_received_case(unit=district, received_on=date(2026, 3, 2))
    api(staff["unit_head"]).post(
        f"/api/v1/cases/{open_case.id}/actions", json={"action": "accept", "on": "2026-03-05"}
    )
    closed = create_received_case(unit=district)
    closed.status = Status.CLOSED
    db.session.commit()
    deadlines_before = [(d.rule, d.due_on, d.met_on) for d in open_case.deadlines]
    events_before = [e.id for e in open_case.events]

    moved = reorganise.merge(old_code="HGV-BM", new_code="HGV", on=TODAY, today=TODAY)
    db.session.commit()

    assert moved["cases"] == 1 and moved["users"] == 2 and moved["units"] == 1
    db.session.expire_all()
    moved_case = db.session.get(Case, open_case.id)
    assert moved_case.unit.code == "HGV"
    assert [(d.rule, d.due_on, d.met_on) for d in moved_case.deadlines] == deadlines_before
    assert [e.id for e in moved_case.events][:-1] == events_before
    note = moved_case.events[-1]
    assert note.action == "unit_merged" and note.details == {
        "from_unit": "HGV-BM",
        "to_unit": "HGV",
    }
    assert db.session.get(Case, closed.id).unit.code == "HGV-BM"
    old = db.session.get(Unit, district.id)
    assert not old.active and old.successor.code == "HGV"
    assert db.session.get(Unit, commune.id).parent.code == "HGV"
    assert db.session.get(type(staff["handler"]), staff["handler"].id).unit.code == "HGV"
    # The moved staff keep working the case in their new unit.
    response = api(staff["handler"]).post(
        f"/api/v1/cases/{open_case.id}/actions",
        json={"action": "assign", "user": staff["handler"].username},
    )
    assert response.status_code == 200


def test_coming_reception_sessions_follow_the_unit_and_held_ones_stay(app, reorganisation):
    reception = pytest.importorskip("petitions.reception.models")
    province, district, _commune, staff = reorganisation

    def session(day):
        row = reception.ReceptionSession(
            unit_id=district.id,
            head_id=staff["unit_head"].id,
            day=day,
            starts_at=time(8),
            ends_at=time(11),
            place="Trụ sở UBND huyện",
        )
        db.session.add(row)
        return row

    held, coming = session(date(2026, 5, 15)), session(date(2026, 6, 15))
    db.session.commit()
    reorganise.merge(old_code="HGV-BM", new_code="HGV", on=TODAY, today=TODAY)
    db.session.commit()
    db.session.expire_all()
    assert (held.unit_id, coming.unit_id) == (district.id, province.id)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("HGV-BM", "HGV-BM", "new"),
        ("NOPE", "HGV", "old"),
        ("HGV-BM", "NOPE", "new"),
    ],
)
def test_a_merge_that_makes_no_sense_is_refused(app, reorganisation, old, new, field):
    with pytest.raises(Refused) as refused:
        reorganise.merge(old_code=old, new_code=new, on=TODAY, today=TODAY)
    assert refused.value.field == field


def test_the_command_line_merges_and_reports_what_moved(app, runner, reorganisation):
    province, district, _commune, _staff = reorganisation
    create_received_case(unit=district)
    result = runner.invoke(args=["unit", "merge", "HGV-BM", "HGV"])
    assert result.exit_code == 0, result.output
    assert "cases=1" in result.output and "users=2" in result.output
    bad = runner.invoke(args=["unit", "merge", "HGV-BM", "HGV"])
    assert bad.exit_code == 2


def test_an_admin_merges_from_the_unit_page(app, client, login, reorganisation):
    _province, district, _commune, _staff = reorganisation
    create_received_case(unit=district)
    login(create_user(role="admin"))
    page = client.get(f"/admin/units/{district.id}").get_data(as_text=True)
    assert "Sáp nhập vào đơn vị khác" in page
    response = client.post(f"/admin/units/{district.id}/merge", data={"merge-successor": "HGV"})
    assert response.status_code == 302
    assert db.session.scalar(select(CaseEvent.action)) == "unit_merged"


def test_a_district_ending_after_its_communes_gives_them_no_place_after_their_end(app):
    province = create_unit(code="HGV", level="province")
    district = create_unit(code="HGV-BM", parent=province)
    old = create_unit(code="HGV-BM-X", level="commune", parent=district)
    on = date(2025, 7, 1)
    units.create_unit(code="HGV-N", name="Xã N", level="commune", parent_code="HGV", valid_from=on)
    reorganise.merge(old_code="HGV-BM-X", new_code="HGV-N", on=on, today=TODAY)

    moved = reorganise.merge(old_code="HGV-BM", new_code="HGV-N", on=on, today=TODAY)

    assert moved["units"] == 0
    places = db.session.scalars(select(UnitParent).where(UnitParent.unit_id == old.id)).all()
    assert [(place.parent_id, place.valid_to) for place in places] == [
        (district.id, date(2025, 6, 30))
    ]
    row = next(row for row in tree_on(TODAY) if row.unit.code == "HGV-BM-X")
    assert row.parent.code == "HGV-BM" and not row.exists


def test_a_unit_moved_and_merged_on_the_same_day_keeps_no_place_after_its_end(app, reorganisation):
    from petitions.units.models import UnitParent

    province, district, commune, _staff = reorganisation
    reorganise.move(code=commune.code, parent_code=province.code, on=TODAY, today=TODAY)
    reorganise.merge(old_code=commune.code, new_code=province.code, on=TODAY, today=TODAY)
    db.session.commit()

    places = db.session.scalars(select(UnitParent).where(UnitParent.unit_id == commune.id)).all()
    assert all(place.valid_from <= place.valid_to for place in places)
    assert max(place.valid_to for place in places) == TODAY - timedelta(days=1)
