"""`petitions calendar recompute`: after a change to the holiday data itself."""

from datetime import date

from sqlalchemy import select

from petitions.calendars.models import CalendarOverride
from petitions.cases.models import CaseEvent
from petitions.extensions import db
from tests.factories import create_case


def test_recompute_moves_every_open_deadline_the_calendar_now_disagrees_with(runner):
    case = create_case(received_on=date(2026, 3, 2), rules=("complaint.accept",))
    # A day off that arrived without going through the admin page, like a new `holidays` release.
    db.session.add(CalendarOverride(day=date(2026, 3, 12), working=False, note="Nghỉ"))
    db.session.commit()

    result = runner.invoke(args=["calendar", "recompute", "--today", "2026-03-03"])

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "1"
    db.session.refresh(case)
    assert case.due_on == date(2026, 3, 13)
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)).one()
    assert event.effective_on == date(2026, 3, 3)
    assert runner.invoke(args=["calendar", "recompute"]).stdout.strip() == "0"


def test_recompute_refuses_a_bad_date(runner):
    result = runner.invoke(args=["calendar", "recompute", "--today", "03/03/2026"])
    assert result.exit_code == 2
