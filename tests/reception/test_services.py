"""Reception services: sessions, schedules, clashes, the log, refusals, compliance, statistics."""

from datetime import date, time

import pytest

from petitions.domain.reception import Recurrence
from petitions.errors import Refused
from petitions.extensions import db
from petitions.reception.compliance import compliance
from petitions.reception.models import Route, SessionStatus
from petitions.reception.sessions import (
    cancel_session,
    clash_map,
    create_recurring_sessions,
    mark_held,
    postpone_session,
)
from petitions.reception.statistics import reception_statistics
from petitions.reception.visits import attach_case_to_visit, intake_link
from tests.factories import create_case, create_unit, create_user
from tests.reception.factories import citizen, create_office, create_session, log_visit

TODAY = date(2026, 12, 31)


def _year_of_fifteenths(unit, head):
    sessions = create_recurring_sessions(
        unit=unit,
        head=head,
        rule=Recurrence("monthly", month_days=(15,)),
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        starts_at=time(7, 30),
        ends_at=time(11, 30),
        place="Trụ sở Tiếp công dân tỉnh",
        today=date(2025, 12, 20),
    )
    db.session.commit()
    return sessions


def test_a_year_on_the_fifteenth_moves_the_tet_sunday_to_the_monday_after_the_break(app):
    unit, head, _officer = create_office()
    sessions = _year_of_fifteenths(unit, head)
    assert len(sessions) == 12
    february = sessions[1]
    assert february.day == date(2026, 2, 23)
    assert february.moved_from == date(2026, 2, 15)
    assert "Tết Nguyên Đán" in february.move_note
    assert "Lunar New Year" in february.move_note_en
    assert sessions[0].moved_from is None and sessions[0].move_note == ""
    assert {s.recurrence for s in sessions} == {"ngày 15 hằng tháng"}


def test_a_single_periodic_session_on_a_holiday_moves_but_a_dialogue_keeps_its_day(app):
    unit, head, _officer = create_office()
    periodic = create_session(unit=unit, head=head, day=date(2026, 9, 2))  # National Day
    dialogue = create_session(unit=unit, head=head, day=date(2026, 3, 7), kind="dialogue")
    assert periodic.day == date(2026, 9, 3) and periodic.moved_from == date(2026, 9, 2)
    assert dialogue.day == date(2026, 3, 7) and dialogue.moved_from is None


def test_overlapping_sessions_of_the_same_head_are_flagged_as_clashes(app):
    unit, head, _officer = create_office()
    first = create_session(unit=unit, head=head, starts=(7, 30), ends=(11, 30))
    second = create_session(unit=unit, head=head, starts=(10, 0), ends=(12, 0))
    afternoon = create_session(unit=unit, head=head, starts=(14, 0), ends=(16, 0))
    clashes = clash_map([first, second, afternoon])
    assert [s.id for s in clashes[first.id]] == [second.id]
    assert [s.id for s in clashes[second.id]] == [first.id]
    assert afternoon.id not in clashes


def test_a_cancelled_or_delegated_session_does_not_clash(app):
    unit, head, _officer = create_office()
    first = create_session(unit=unit, head=head)
    create_session(unit=unit, head=head, status="cancelled")
    create_session(unit=unit, head=head, delegated=True, delegate_name="Phó Chủ tịch Lê Văn C")
    assert clash_map([first]) == {}


def test_only_a_head_of_the_unit_can_chair_its_sessions(app):
    unit, _head, officer = create_office()
    other_unit, other_head, _ = create_office()
    with pytest.raises(Refused) as raised:
        create_session(unit=unit, head=other_head)
    assert "head" in raised.value.fields
    with pytest.raises(Refused):
        create_session(unit=unit, head=officer)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends": (7, 0)}, "ends_at"),
        ({"place": ""}, "place"),
        ({"delegated": True}, "delegate_name"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_a_session_with_bad_fields_is_refused_field_by_field(app, changes, field):
    unit, head, _officer = create_office()
    with pytest.raises(Refused) as raised:
        create_session(unit=unit, head=head, **changes)
    assert field in raised.value.fields


def test_postponing_keeps_the_record_and_schedules_the_new_day(app):
    unit, head, _officer = create_office()
    session = create_session(unit=unit, head=head, day=date(2026, 3, 5))
    replacement = postpone_session(
        session, new_day=date(2026, 3, 14), reason="Họp HĐND", today=date(2026, 3, 1)
    )
    db.session.commit()
    assert session.status == SessionStatus.POSTPONED
    assert session.status_reason == "Họp HĐND"
    assert session.postponed_to is replacement
    # 14/03/2026 is a Saturday: the periodic session lands on Monday.
    assert replacement.day == date(2026, 3, 16)
    assert replacement.status == SessionStatus.PLANNED


def test_a_session_cannot_be_cancelled_without_a_reason_nor_held_before_its_day(app):
    unit, head, _officer = create_office()
    session = create_session(unit=unit, head=head, day=date(2026, 3, 5))
    with pytest.raises(Refused):
        cancel_session(session, reason=" ", today=date(2026, 3, 1))
    with pytest.raises(Refused):
        mark_held(session, today=date(2026, 3, 4))
    mark_held(session, today=date(2026, 3, 5))
    with pytest.raises(Refused):
        cancel_session(session, reason="Muộn", today=date(2026, 3, 6))


def test_the_log_numbers_visits_in_sequence_per_unit_and_year(app):
    unit, _head, officer = create_office()
    other, _other_head, _other_officer = create_office()
    numbers = [
        log_visit(unit=unit, officer=officer, visited_on=date(2025, 12, 30)).sequence,
        log_visit(unit=unit, officer=officer, visited_on=date(2026, 1, 5)).sequence,
        log_visit(unit=unit, officer=officer, visited_on=date(2026, 1, 6)).sequence,
        log_visit(unit=other, visited_on=date(2026, 1, 6)).sequence,
    ]
    assert numbers == [1, 1, 2, 1]


@pytest.mark.parametrize(
    ("people", "representatives", "accepted"),
    [
        (5, 2, True),
        (5, 3, False),
        (10, 2, True),
        (10, 3, False),
        (11, 5, True),
        (12, 5, True),
        (12, 6, False),
        (4, 4, True),
    ],
)
def test_groups_may_send_two_or_five_representatives(app, people, representatives, accepted):
    unit, _head, officer = create_office()
    citizens = [citizen(f"Đại diện {i}", representative=True) for i in range(representatives)]
    if accepted:
        visit = log_visit(unit=unit, officer=officer, people=people, citizens=citizens)
        assert visit.is_group == (people >= 5)
    else:
        with pytest.raises(Refused) as raised:
            log_visit(unit=unit, officer=officer, people=people, citizens=citizens)
        assert "Nghị định 124/2020/NĐ-CP, Điều 6" in raised.value.fields["citizens"][0]


def test_a_group_naming_members_besides_its_representatives_is_accepted(app):
    unit, _head, officer = create_office()
    citizens = [citizen("Trưởng đoàn", representative=True)] + [
        citizen(f"Người {i}") for i in range(6)
    ]
    visit = log_visit(unit=unit, officer=officer, people=12, citizens=citizens)
    assert sum(c.representative for c in visit.citizens) == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"people": 0}, "people"),
        ({"people": "12"}, "people"),
        ({"citizens": []}, "citizens"),
        ({"citizens": [{"full_name": "", "address": "Hà Giang"}]}, "citizens"),
        ({"citizens": [citizen(id_number="12345")]}, "citizens"),
        ({"citizens": [citizen(), citizen("B")], "people": 1}, "people"),
        ({"classification": "gossip"}, "classification"),
        ({"route": "lost"}, "route"),
        ({"route": "forwarded"}, "forwarded_to"),
        ({"visited_on": date(2027, 1, 1)}, "visited_on"),
    ],
)
def test_a_visit_with_bad_fields_is_refused_field_by_field(app, changes, field):
    unit, _head, officer = create_office()
    with pytest.raises(Refused) as raised:
        log_visit(unit=unit, officer=officer, **changes)
    assert field in raised.value.fields


def test_a_refusal_is_recorded_with_its_ground_and_needs_one(app):
    unit, _head, officer = create_office()
    with pytest.raises(Refused) as raised:
        log_visit(unit=unit, officer=officer, route="refused")
    assert "refusal_ground" in raised.value.fields
    with pytest.raises(Refused):
        log_visit(unit=unit, officer=officer, route="guided", refusal_ground="disorderly")
    visit = log_visit(
        unit=unit,
        officer=officer,
        route="refused",
        refusal_ground="already_resolved",
        refusal_notice="12/TB-TCD",
    )
    assert visit.route == Route.REFUSED
    assert visit.refusal_ground.value == "already_resolved"
    assert visit.refusal_notice == "12/TB-TCD"


def test_a_visit_at_a_session_marks_it_held_and_must_be_on_its_day(app):
    unit, head, officer = create_office()
    session = create_session(unit=unit, head=head, day=date(2026, 3, 5))
    with pytest.raises(Refused) as raised:
        log_visit(unit=unit, officer=officer, session=session, visited_on=date(2026, 3, 6))
    assert "visited_on" in raised.value.fields
    log_visit(unit=unit, officer=officer, session=session, visited_on=date(2026, 3, 5))
    assert session.status == SessionStatus.HELD


def test_a_visit_cannot_be_logged_at_another_unit_s_session(app):
    unit, _head, officer = create_office()
    other, other_head, _ = create_office()
    session = create_session(unit=other, head=other_head)
    with pytest.raises(Refused) as raised:
        log_visit(unit=unit, officer=officer, session=session)
    assert "session" in raised.value.fields


def test_attaching_the_case_from_intake_links_it_and_marks_the_visit_accepted(app):
    unit, _head, officer = create_office()
    visit = log_visit(unit=unit, officer=officer, people=12, citizens=[citizen()])
    case = create_case(unit=unit, channel="reception")
    attached = attach_case_to_visit(visit_id=visit.id, case=case)
    db.session.commit()
    assert attached is visit
    assert visit.case_id == case.id and visit.route == Route.ACCEPTED
    assert attach_case_to_visit(visit_id=999999, case=case) is None
    assert attach_case_to_visit(visit_id="x", case=case) is None


def test_the_intake_link_carries_only_the_visit_id(app):
    unit, _head, officer = create_office()
    visit = log_visit(
        unit=unit,
        officer=officer,
        people=12,
        citizens=[citizen("Trần Thị Mai", representative=True)],
    )
    with app.test_request_context():
        link = intake_link(visit)
    assert link == f"/intake/desk?visit={visit.id}"


def test_statistics_of_an_empty_range_are_zeros(app):
    unit = create_unit()
    stats = reception_statistics([unit.id], date(2026, 1, 1), date(2026, 1, 31))
    assert stats["total"]["visits"] == 0 and stats["refusals"] == 0
    assert set(stats) == {
        "regular",
        "heads_in_person",
        "heads_delegated",
        "heads",
        "total",
        "by_classification",
        "refusals",
        "head_reception_days",
    }


def test_only_the_unit_s_reception_staff_see_a_denouncer_s_identity(app):
    unit, head, officer = create_office()
    handler = create_user(role="handler", unit=unit)
    inspector = create_user(role="inspector")
    other_officer = create_user(role="reception_officer")
    visit = log_visit(unit=unit, officer=officer, classification="denunciation")
    assert visit.can_see_identity(officer) and visit.can_see_identity(head)
    assert not visit.can_see_identity(handler)
    assert not visit.can_see_identity(inspector)
    assert not visit.can_see_identity(other_officer)


def test_compliance_for_one_head_answers_only_that_head(app):
    unit, head, _officer = create_office(level="province")
    deputy_unit, other_head, _ = create_office(level="department", parent=unit)
    report = compliance(year=2026, unit=unit, today=date(2026, 4, 1), head_id=head.id)
    assert [h["head"]["id"] for h in report["heads"]] == [head.id]
    everyone = compliance(year=2026, unit=unit, today=date(2026, 4, 1))
    assert {h["head"]["id"] for h in everyone["heads"]} == {head.id, other_head.id}


def test_reception_days_of_two_units_on_the_same_date_count_twice(app):
    first, first_head, _ = create_office(level="commune")
    second, second_head, _ = create_office(level="commune")
    create_session(unit=first, head=first_head, day=date(2026, 3, 5), status="held")
    create_session(unit=second, head=second_head, day=date(2026, 3, 5), status="held")
    create_session(
        unit=second,
        head=second_head,
        day=date(2026, 3, 5),
        starts=(14, 0),
        ends=(16, 0),
        status="held",
    )
    stats = reception_statistics([first.id, second.id], date(2026, 3, 1), date(2026, 3, 31))
    assert stats["head_reception_days"] == {"in_person": 2, "delegated": 0}
