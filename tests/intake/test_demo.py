"""The demo data loads through record_petition and covers what a demo should show."""

from datetime import date

from sqlalchemy import func, select

from petitions.cases.models import Case
from petitions.extensions import db


def test_the_demo_petitions_cover_a_year_of_kinds_channels_groups_seals_and_repeats(app):
    from petitions import demo
    from petitions.intake import demo as intake_demo

    demo.load_units()
    demo.load_users()
    db.session.flush()
    intake_demo.load()
    db.session.commit()

    cases = db.session.scalars(select(Case)).all()
    assert len(cases) == len(intake_demo.PETITIONS) >= 40
    assert {c.kind.value for c in cases} == {
        "complaint",
        "denunciation",
        "recommendation",
        "feedback",
    }
    assert {c.channel.value for c in cases} == {"online", "reception", "mail", "transferred"}
    assert min(c.received_on for c in cases) >= date(2025, 12, 1)
    assert max(c.received_on for c in cases) <= date(2026, 11, 30)
    assert any(c.sealed for c in cases)
    assert any(c.anonymous for c in cases)
    assert any(c.group_size >= 11 for c in cases)
    assert max(c.repeat_number for c in cases) == 3
    assert any(c.duplicate_of_id for c in cases)
    assert not any(c.backdated for c in cases)
    assert db.session.scalar(select(func.count(func.distinct(Case.unit_id)))) >= 10
