"""The demo year of reception data loads and shows what the product does."""

from datetime import date

import pytest

from petitions import clock
from petitions import demo as core_demo
from petitions.extensions import db
from petitions.reception import demo
from petitions.reception.compliance import compliance
from petitions.reception.models import ReceptionSession, SessionStatus, Visit
from petitions.reception.statistics import reception_statistics
from petitions.units.services import get_by_code


@pytest.mark.parametrize("today", [date(2026, 11, 29), date(2025, 12, 1)])
def test_the_demo_year_loads_sessions_and_visits(app, monkeypatch, today):
    monkeypatch.setattr(clock, "today", lambda: today)
    core_demo.load_units()
    core_demo.load_users()
    db.session.flush()
    demo.load()
    db.session.commit()
    sessions = db.session.scalars(db.select(ReceptionSession)).all()
    statuses = {s.status for s in sessions}
    assert {SessionStatus.POSTPONED, SessionStatus.CANCELLED, SessionStatus.PLANNED} <= statuses
    assert any(s.delegated for s in sessions)
    assert any(s.moved_from == date(2026, 2, 15) for s in sessions)
    visits = db.session.scalars(db.select(Visit)).all()
    if today.year < 2026:
        assert visits == []
        return
    assert SessionStatus.HELD in statuses
    assert any(v.is_group for v in visits)
    assert any(v.session_id is None for v in visits)
    assert any(v.route is not None and v.route.value == "refused" for v in visits)
    report = compliance(year=2026, today=today)
    assert {h["head"]["username"] for h in report["heads"]} >= {"chutich", "chutich.bq"}
    province = get_by_code("HG")
    stats = reception_statistics([province.id], date(2026, 1, 1), date(2026, 12, 31))
    assert stats["heads_in_person"]["visits"] > 0 and stats["regular"]["visits"] > 0
