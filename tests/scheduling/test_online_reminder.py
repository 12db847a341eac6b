"""The reminder of an online session (LTCD art. 3a) gives the link to join."""

from datetime import date, time

from sqlalchemy import select

from petitions import jobs
from petitions.extensions import db
from petitions.notifications.models import Outbox
from petitions.reception.models import ReceptionSession, SessionMode
from tests.factories import create_unit, create_user


def test_the_reminder_of_an_online_session_gives_its_link(app):
    unit = create_unit(code="R")
    head = create_user(role="unit_head", unit=unit, email="chutich@example.vn")
    db.session.add(
        ReceptionSession(
            unit_id=unit.id,
            head_id=head.id,
            day=date(2026, 7, 16),
            starts_at=time(8),
            ends_at=time(11),
            place="",
            mode=SessionMode.ONLINE,
            online_url="https://hop.tuyenquang.gov.vn/tcd-16-7",
        )
    )
    db.session.commit()
    # Wednesday 15/7/2026: the next working day is Thursday 16/7.
    assert jobs.run_job("reception_reminders", today=date(2026, 7, 15)).result == (
        "queued 1 reminders"
    )
    body = db.session.scalar(select(Outbox.body))
    assert "Tiếp trực tuyến, đường dẫn: https://hop.tuyenquang.gov.vn/tcd-16-7" in body
    assert "Địa điểm" not in body
