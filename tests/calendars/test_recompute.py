"""Changing the calendar or a rule period moves the open deadlines it affects, with history.

Dates used (2026): Mon 02/03 is the start; complaint.accept (10 days) ends Thu 12/03;
petition.classify (10 working days) ends Mon 16/03 (03-06, 09-13, 16); feedback.resolve
(30 days) ends Wed 01/04. Tết 2026 is Sat 14/02 - Sun 22/02.
"""

from datetime import date

import pytest
from sqlalchemy import select

from petitions.audit.models import AuditEntry
from petitions.calendars import services
from petitions.cases.models import CaseDeadline, CaseEvent
from petitions.deadlines.settings import working_calendar
from petitions.errors import Refused
from petitions.extensions import db
from tests.factories import create_case, create_unit, create_user

START = date(2026, 3, 2)
TODAY = date(2026, 3, 3)


def _deadline(case, rule) -> CaseDeadline:
    db.session.refresh(case)
    return next(row for row in case.deadlines if row.rule == rule)


def _events(case) -> list[CaseEvent]:
    return list(
        db.session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case.id, CaseEvent.action == "deadline_recomputed")
            .order_by(CaseEvent.id)
        )
    )


def test_a_day_off_inside_the_window_pushes_the_due_date_and_deleting_it_pulls_it_back(app):
    admin = create_user(role="admin")
    case = create_case(received_on=START, rules=("complaint.accept",))
    assert case.due_on == date(2026, 3, 12)

    change = services.save_override(
        day=date(2026, 3, 12), working=False, note="Nghỉ do bão", actor=admin, today=TODAY
    )
    db.session.commit()

    assert change.recomputed == 1
    assert _deadline(case, "complaint.accept").due_on == date(2026, 3, 13)
    assert case.due_on == date(2026, 3, 13)
    [event] = _events(case)
    assert event.details == {
        "rule": "complaint.accept",
        "old": "2026-03-12",
        "new": "2026-03-13",
        "reason": "Điều chỉnh lịch làm việc: 12/03/2026 là ngày nghỉ (Nghỉ do bão).",
    }
    assert event.public is False
    assert event.effective_on == TODAY
    assert event.actor_id == admin.id
    assert event.basis == "Luật Khiếu nại 2011, Điều 27"

    change = services.delete_override(override_id=change.row.id, actor=admin, today=TODAY)
    db.session.commit()

    assert change.recomputed == 1
    assert case.due_on == date(2026, 3, 12)
    assert [e.details["new"] for e in _events(case)] == ["2026-03-13", "2026-03-12"]


def test_a_day_off_inside_a_working_day_period_adds_a_working_day(app):
    case = create_case(received_on=START, rules=("petition.classify",))
    assert case.due_on == date(2026, 3, 16)

    services.save_override(day=date(2026, 3, 4), working=False, note="Nghỉ", today=TODAY)
    db.session.commit()

    assert case.due_on == date(2026, 3, 17)


def test_a_holiday_made_a_working_day_pulls_a_rolled_deadline_back(app):
    # 06/02/2026 + 10 = Mon 16/02, in Tết, so it rolls to Mon 23/02; working on 16/02 ends it there.
    case = create_case(received_on=date(2026, 2, 6), rules=("complaint.accept",))
    assert case.due_on == date(2026, 2, 23)

    change = services.save_override(
        day=date(2026, 2, 16), working=True, note="Làm bù", today=date(2026, 2, 7)
    )
    db.session.commit()

    assert change.recomputed == 1
    assert case.due_on == date(2026, 2, 16)


def test_a_working_day_inside_the_roll_forward_ends_the_period_there(app):
    # 06/02/2026 + 10 = Mon 16/02, in Tết (off until Sun 22/02); working on Fri 20/02 ends it then.
    case = create_case(received_on=date(2026, 2, 6), rules=("complaint.accept",))

    services.save_override(day=date(2026, 2, 20), working=True, note="Làm", today=date(2026, 2, 7))
    db.session.commit()

    assert case.due_on == date(2026, 2, 20)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 3, 2),  # the start day itself is never counted
        date(2026, 2, 27),  # before the start
        date(2026, 3, 13),  # after the due date
        date(2026, 5, 4),  # far after
    ],
)
def test_a_day_off_outside_the_window_moves_nothing(app, day):
    case = create_case(received_on=START, rules=("complaint.accept",))

    change = services.save_override(day=day, working=False, note="Nghỉ", today=TODAY)
    db.session.commit()

    assert change.recomputed == 0
    assert case.due_on == date(2026, 3, 12)
    assert _events(case) == []


def test_met_cancelled_and_paused_deadlines_are_left_alone(app):
    met = create_case(received_on=START, rules=("complaint.accept",))
    cancelled = create_case(received_on=START, rules=("complaint.accept",))
    paused = create_case(received_on=START, rules=("complaint.accept",))
    _deadline(met, "complaint.accept").met_on = date(2026, 3, 5)
    _deadline(cancelled, "complaint.accept").cancelled = True
    _deadline(paused, "complaint.accept").suspended_on = date(2026, 3, 5)
    db.session.commit()

    change = services.save_override(day=date(2026, 3, 12), working=False, note="N", today=TODAY)
    db.session.commit()

    assert change.recomputed == 0
    for case in (met, cancelled, paused):
        assert _deadline(case, "complaint.accept").due_on == date(2026, 3, 12)


def test_a_resumed_deadline_is_recomputed_with_its_pause_replayed(app):
    # Paused on 05/03 with 7 of its days left (nominal end 12/03), resumed on 09/03: due 16/03.
    case = create_case(received_on=START, rules=("complaint.accept",))
    row = _deadline(case, "complaint.accept")
    row.params = {"pauses": [["2026-03-05", "2026-03-09"]]}
    row.due_on = case.due_on = date(2026, 3, 16)
    db.session.commit()

    services.save_override(day=date(2026, 3, 16), working=False, note="Nghỉ", today=TODAY)
    db.session.commit()

    assert _deadline(case, "complaint.accept").due_on == date(2026, 3, 17)


def test_every_affected_case_is_moved_across_batches(app):
    unit = create_unit()
    cases = [
        create_case(unit=unit, received_on=START, rules=("complaint.accept",)) for _ in range(5)
    ]
    db.session.add(services.CalendarOverride(day=date(2026, 3, 12), working=False, note="N"))
    db.session.flush()

    moved = services.recompute_open_deadlines(today=TODAY, reason="thử", batch_size=2)
    db.session.commit()

    assert moved == 5
    assert {case.due_on for case in cases} == {date(2026, 3, 13)}
    assert (
        db.session.scalar(
            select(db.func.count(CaseEvent.id)).where(CaseEvent.action == "deadline_recomputed")
        )
        == 5
    )


def test_every_calendar_change_is_in_the_audit_trail(app):
    admin = create_user(role="admin")
    change = services.save_override(
        day=date(2026, 3, 12), working=False, note="Nghỉ", note_en="Off", actor=admin, today=TODAY
    )
    services.save_override(
        day=date(2026, 3, 12), working=True, note="Làm", actor=admin, today=TODAY
    )
    services.delete_override(override_id=change.row.id, actor=admin, today=TODAY)
    db.session.commit()

    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    actions = [e.action for e in entries if e.action.startswith("calendar.")]
    assert actions == [
        "calendar.override.create",
        "calendar.override.update",
        "calendar.override.delete",
    ]
    assert all(e.actor_id == admin.id for e in entries if e.action.startswith("calendar."))
    update = next(e for e in entries if e.action == "calendar.override.update")
    assert update.details["before"] == {"working": False, "note": "Nghỉ", "note_en": "Off"}


def test_editing_an_override_in_place_rebuilds_the_cached_calendar(app):
    day = date(2026, 3, 12)
    assert working_calendar().is_working_day(day)
    services.save_override(day=day, working=False, note="Nghỉ", today=TODAY)
    db.session.commit()
    assert not working_calendar().is_working_day(day)

    # Same row, same count, same id: only the edit time tells the cache.
    services.save_override(day=day, working=True, note="Làm việc", today=TODAY)
    db.session.commit()
    assert working_calendar().is_working_day(day)


def test_deleting_and_adding_back_a_day_rebuilds_the_cached_calendar(app):
    day = date(2026, 3, 12)
    change = services.save_override(day=day, working=False, note="Nghỉ", today=TODAY)
    db.session.commit()
    services.delete_override(override_id=change.row.id, today=TODAY)
    db.session.commit()
    assert working_calendar().is_working_day(day)
    services.save_override(day=day, working=False, note="Nghỉ lại", today=TODAY)
    db.session.commit()
    assert working_calendar().day_off_reason(day).name_vi == "Nghỉ lại"


def test_an_override_needs_a_reason(app):
    with pytest.raises(Refused) as raised:
        services.save_override(day=date(2026, 3, 12), working=False, note="  ", today=TODAY)
    assert raised.value.field == "note"


def test_deleting_an_unknown_override_is_refused(app):
    with pytest.raises(Refused):
        services.delete_override(override_id=999, today=TODAY)


# -- rule periods ---------------------------------------------------------------------------


def test_a_province_wide_feedback_period_moves_open_feedback_deadlines_but_not_a_units_own(app):
    plain = create_case(kind="feedback", received_on=START, rules=("feedback.resolve",))
    own_unit = create_unit()
    own_unit.feedback_period_days = 15
    db.session.commit()
    own = create_case(
        kind="feedback", unit=own_unit, received_on=START, rules=("feedback.resolve",)
    )
    assert (plain.due_on, own.due_on) == (date(2026, 4, 1), date(2026, 3, 17))

    # 02/03 + 20 = Sun 22/03 -> Mon 23/03.
    change = services.set_rule_period(rule="feedback.resolve", period=20, note="QĐ 1", today=TODAY)
    db.session.commit()

    assert change.recomputed == 1
    assert plain.due_on == date(2026, 3, 23)
    assert own.due_on == date(2026, 3, 17)
    [event] = _events(plain)
    assert event.details["old"] == "2026-04-01" and event.details["new"] == "2026-03-23"

    change = services.clear_rule_period(rule="feedback.resolve", today=TODAY)
    db.session.commit()
    assert change.recomputed == 1
    assert plain.due_on == date(2026, 4, 1)


def test_a_rule_period_leaves_the_statutory_variants_alone(app):
    normal = create_case(received_on=START, rules=("complaint.resolve.first",))
    complex_case = create_case(
        received_on=START, rules=("complaint.resolve.first",), complexity="complex"
    )
    # 02/03 + 30 = Wed 01/04; complex: 02/03 + 45 = Thu 16/04.
    assert (normal.due_on, complex_case.due_on) == (date(2026, 4, 1), date(2026, 4, 16))

    services.set_rule_period(rule="complaint.resolve.first", period=35, today=TODAY)
    db.session.commit()

    assert normal.due_on == date(2026, 4, 6)  # 02/03 + 35 = Mon 06/04
    assert complex_case.due_on == date(2026, 4, 16)


def test_a_deadline_opened_after_a_rule_period_change_uses_it(app):
    services.set_rule_period(rule="feedback.resolve", period=20, today=TODAY)
    db.session.commit()
    case = create_case(kind="feedback", received_on=START, rules=("feedback.resolve",))
    assert case.due_on == date(2026, 3, 23)


@pytest.mark.parametrize(
    ("rule", "period", "field"),
    [
        ("no.such.rule", 10, "rule"),
        ("feedback.resolve", 0, "period"),
        ("feedback.resolve", 99999, "period"),
    ],
)
def test_a_bad_rule_period_is_refused(app, rule, period, field):
    with pytest.raises(Refused) as raised:
        services.set_rule_period(rule=rule, period=period, today=TODAY)
    assert raised.value.field == field


# -- reading a year ------------------------------------------------------------------------------


def test_the_year_lists_tet_and_the_saturday_worked_in_lieu(app):
    year = services.year_calendar(2026)
    names = {day: reason.name_vi for day, reason in year.days_off}
    assert "Tết" in names[date(2026, 2, 17)]
    assert date(2026, 1, 2) in names  # the New Year swap (Official letter 12729/VPCP-KGVX)
    assert date(2026, 2, 21) not in names  # an ordinary Saturday is not listed as a holiday
    assert date(2026, 1, 10) in year.weekend_working_days
    assert date(2026, 8, 22) in year.weekend_working_days
