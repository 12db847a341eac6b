"""`petitions serve --demo` fills an empty database so that every screen has something."""

from sqlalchemy import func, select

from petitions import demo
from petitions.accounts.services import authenticate
from petitions.cases.models import Case
from petitions.extensions import db
from petitions.units.models import Unit


def test_the_demo_loads_units_logins_and_a_year_of_cases_in_many_states(app):
    assert demo.database_is_empty()
    demo.load()
    db.session.commit()
    assert not demo.database_is_empty()
    codes = set(db.session.scalars(select(Unit.code)))
    assert {"HG", "HG-TTT", "HG-SNV", "HG-DV", "HG-MV", "HG-YM", "HG-TP"} <= codes
    assert db.session.scalar(select(Unit.remote).where(Unit.code == "HG-DV")) is True
    for username, role, _unit, _name in demo.USERS:
        assert authenticate(username, demo.DEMO_PASSWORD).role == role
    statuses = dict(
        db.session.execute(select(Case.status, func.count()).group_by(Case.status)).all()
    )
    assert sum(statuses.values()) >= 40
    assert {"received", "verifying", "concluded", "filed", "forwarded"} <= set(statuses)
