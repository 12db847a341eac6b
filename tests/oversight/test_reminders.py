"""Reminders (đôn đốc): recorded on the case or unit, emailed to head and handlers, counted."""

from datetime import date

import pytest
from sqlalchemy import select

from petitions.cases.models import Assignment, CaseEvent, Status
from petitions.clock import now, today
from petitions.errors import Refused
from petitions.extensions import db
from petitions.notifications.models import Outbox
from petitions.oversight.digest import send_deadline_digests
from petitions.oversight.models import Reminder
from petitions.oversight.reminders import count_reminders, send_reminder


def recipients() -> set[str]:
    return set(db.session.scalars(select(Outbox.recipient)))


def test_a_reminder_on_a_case_is_recorded_in_its_history_and_emailed(province):
    case = province.cases["A"]
    case.assignments.append(Assignment(user_id=province.handler.id, assigned_on=date(2026, 2, 10)))
    db.session.commit()

    reminder = send_reminder(
        sender=province.inspector,
        case_=case,
        message="Đề nghị xã giải quyết ngay hồ sơ quá hạn.",
        respond_by=None,
        today=today(),
        now=now(),
    )
    db.session.commit()

    assert reminder.unit_id == province.commune.id
    event = db.session.scalars(
        select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.action == "reminder_received"
        )
    ).one()
    assert event.note == "Đề nghị xã giải quyết ngay hồ sơ quá hạn."
    assert event.details["from_unit"] == "P-TT"
    assert recipients() == {"chutich.c@example.vn", "canbo.c@example.vn"}
    subjects = set(db.session.scalars(select(Outbox.subject)))
    assert subjects == {f"Đôn đốc giải quyết hồ sơ {case.tracking_code}"}


def test_a_reminder_to_a_unit_reaches_its_head_and_handlers(province):
    send_reminder(
        sender=province.inspector,
        unit=province.commune,
        message="Rà soát hồ sơ tồn đọng.",
        today=today(),
        now=now(),
    )
    db.session.commit()

    assert recipients() == {"chutich.c@example.vn", "canbo.c@example.vn"}
    assert db.session.scalars(select(Reminder)).one().case_id is None


def test_a_head_reminds_the_units_below_but_not_their_own_or_others(province):
    send_reminder(
        sender=province.head, unit=province.commune, message="Nhắc", today=today(), now=now()
    )

    for unit in (province.district, province.other):
        with pytest.raises(Refused) as refused:
            send_reminder(sender=province.head, unit=unit, message="Nhắc", today=today(), now=now())
        assert refused.value.status == 403


def test_a_settled_case_needs_no_reminder(province):
    case = province.cases["A"]
    case.status = Status.CLOSED
    db.session.commit()

    with pytest.raises(Refused) as refused:
        send_reminder(sender=province.inspector, case_=case, message="x", today=today(), now=now())
    assert refused.value.status == 409


def test_reminders_count_for_the_reports_by_receiving_and_sending_unit(province):
    day = today()
    for unit in (province.commune, province.commune, province.other):
        send_reminder(sender=province.inspector, unit=unit, message="Nhắc", today=day, now=now())
    send_reminder(sender=province.head, unit=province.commune, message="Nhắc", today=day, now=now())
    db.session.commit()

    def count(unit, direction="received", **kwargs):
        return count_reminders(
            unit_id=unit.id if unit else None, start=day, end=day, direction=direction, **kwargs
        )

    assert count(None) == 4
    assert count(province.commune) == 3
    assert count(province.district) == 3
    assert count(province.district, include_subunits=False) == 0
    assert count(province.inspectorate, "sent") == 3
    assert count(province.district, "sent") == 1
    assert count_reminders(unit_id=None, start=date(2000, 1, 1), end=date(2000, 12, 31)) == 0


def test_the_head_sees_reminders_received_on_their_dashboard(province, client, login):
    send_reminder(
        sender=province.inspector,
        unit=province.district,
        message="Đề nghị huyện báo cáo tình hình giải quyết đơn.",
        today=today(),
        now=now(),
    )
    db.session.commit()
    login(province.head)

    page = client.get("/oversight/").get_data(as_text=True)

    assert "Văn bản đôn đốc đã nhận" in page
    assert "Đề nghị huyện báo cáo tình hình giải quyết đơn." in page


def test_the_reminder_form_sends_and_returns_to_the_dashboard(province, client, login):
    login(province.inspector)
    case = province.cases["C"]

    form = client.get(f"/oversight/remind?case={case.id}")
    assert form.status_code == 200
    assert case.tracking_code in form.get_data(as_text=True)
    sent = client.post("/oversight/remind", data={"case": case.id, "message": "Khẩn trương"})

    assert sent.status_code == 302
    assert db.session.scalars(select(Reminder)).one().case_id == case.id


def test_the_reminder_form_requires_a_message(province, client, login):
    login(province.inspector)

    response = client.post("/oversight/remind", data={"unit": "P-E", "message": ""})

    assert response.status_code == 200
    assert db.session.scalars(select(Reminder)).first() is None


def test_a_handler_cannot_open_the_reminder_form(province, client, login):
    login(province.handler)

    assert client.get("/oversight/remind?unit=P-D-C").status_code == 403


def test_the_daily_digest_tells_handlers_and_heads_what_is_late_or_due(province):
    case = province.cases["A"]
    case.assignments.append(Assignment(user_id=province.handler.id, assigned_on=date(2026, 2, 10)))
    db.session.commit()

    queued = send_deadline_digests(today=date(2026, 3, 3))
    db.session.commit()

    rows = {row.recipient: row for row in db.session.scalars(select(Outbox))}
    # The handler (A), the commune head (A), the district head (A and B); nobody at P-E.
    assert queued == 3
    assert set(rows) == {"canbo.c@example.vn", "chutich.c@example.vn", "chutich.d@example.vn"}
    district = rows["chutich.d@example.vn"]
    assert "1 quá hạn, 1 sắp đến hạn" in district.subject
    assert case.tracking_code in district.body and "quá hạn 1 ngày" in district.body
    assert province.cases["B"].tracking_code in district.body
    assert province.cases["C"].tracking_code not in district.body
