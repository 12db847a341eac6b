"""Whole cases through the JSON API, with due dates worked out by hand from the calendar.

2026 calendar facts used below: 04/04 and 03/05 are weekend days; 30/04 (Reunification Day)
and 01/05 (Labour Day) are holidays; "today" is Monday 01/06/2026 (tests/cases/conftest.py).
"""

import io
from datetime import date

from sqlalchemy import func, select

from petitions.cases.models import Case, CaseEvent, IdentityReveal
from petitions.documents.models import OfficialDocument
from petitions.extensions import db
from tests.cases.factories import create_office, create_received_case, create_sealed_case


def act(client, case_id, action, **fields):
    return client.post(f"/api/v1/cases/{case_id}/actions", json={"action": action, **fields})


def ok(response):
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def deadline(body, rule):
    return next(d for d in body["deadlines"] if d["rule"] == rule)


def notices_of(case_id):
    """The documents the case's steps issued (petitions.documents), in the register's order."""
    return db.session.scalars(
        select(OfficialDocument)
        .where(OfficialDocument.case_id == case_id)
        .order_by(OfficialDocument.id)
    ).all()


def test_a_complaint_decided_twice_with_a_dialogue_before_the_second_decision(app, api):
    province, province_staff = create_office(code="HGP", staff=("unit_head", "handler"))
    district, staff = create_office(code="HGD", parent=province, staff=("unit_head", "handler"))
    head, handler = api(staff["unit_head"]), api(staff["handler"])
    first = create_received_case(unit=district, received_on=date(2026, 3, 2))

    body = ok(act(head, first.id, "accept", on="2026-03-05", complex=False))
    assert body["status"] == "accepted"
    assert deadline(body, "complaint.accept")["state"] == "met"
    assert deadline(body, "petition.classify")["met_on"] == "2026-03-05"
    # 30 days after 05/03 is Saturday 04/04: the period runs to Monday 06/04.
    assert deadline(body, "complaint.resolve.first")["due_on"] == "2026-04-06"

    assert (
        ok(act(head, first.id, "assign", user=staff["handler"].username, on="2026-03-06"))["status"]
        == "verifying"
    )
    ok(act(handler, first.id, "verify", note="Làm việc với UBND xã.", on="2026-03-10"))
    body = ok(
        act(
            head,
            first.id,
            "conclude",
            on="2026-03-30",
            outcome="partly_correct",
            decision_number="25/QĐ-UBND",
            decided_on="2026-03-30",
        )
    )
    assert body["status"] == "concluded"
    assert deadline(body, "complaint.resolve.first")["state"] == "met"
    # The complainant has 30 days from the decision: Wednesday 29/04.
    window = deadline(body, "complaint.second_window")
    assert (window["due_on"], window["state"], window["overdue"]) == ("2026-04-29", "window", False)

    refused = act(head, first.id, "close", on="2026-04-20")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "second_window_open"

    # The complainant lodges a second complaint with the province.
    second = create_received_case(unit=province, received_on=date(2026, 4, 15))
    province_head = api(province_staff["unit_head"])
    ok(
        act(
            province_head,
            second.id,
            "classify",
            on="2026-04-16",
            complaint_round=2,
            repeat_of=first.tracking_code,
        )
    )
    body = ok(act(head, first.id, "close", on="2026-04-20"))
    assert body["status"] == "closed"
    assert deadline(body, "complaint.second_window")["state"] == "ended"

    body = ok(act(province_head, second.id, "accept", on="2026-04-20", complex=True))
    # Second complaint, complex: 60 days from 20/04 is Friday 19/06.
    assert deadline(body, "complaint.resolve.second")["due_on"] == "2026-06-19"
    ok(
        act(
            province_head,
            second.id,
            "assign",
            user=province_staff["handler"].username,
            on="2026-04-21",
        )
    )
    refused = act(province_head, second.id, "conclude", outcome="correct", on="2026-05-20")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "dialogue_required"
    ok(
        act(
            api(province_staff["handler"]),
            second.id,
            "dialogue",
            on="2026-05-15",
            minutes="Người khiếu nại giữ nguyên yêu cầu; UBND huyện giải trình.",
            participants="Người khiếu nại, UBND huyện, Thanh tra tỉnh",
        )
    )
    body = ok(
        act(
            province_head,
            second.id,
            "conclude",
            outcome="correct",
            on="2026-05-20",
            decision_number="40/QĐ-UBND",
        )
    )
    assert "complaint.second_window" not in {d["rule"] for d in body["deadlines"]}
    assert ok(act(province_head, second.id, "close", on="2026-05-21"))["status"] == "closed"

    shown = province_head.get(f"/api/v1/cases/{second.id}").get_json()
    assert shown["complaint_round"] == 2 and shown["repeat_of_id"] == first.id
    assert shown["dialogue_on"] == "2026-05-15"
    assert [e["action"] for e in head.get(f"/api/v1/cases/{first.id}").get_json()["events"]] == [
        "accept",
        "assign",
        "verify",
        "conclude",
        "second_complaint",
        "close",
    ]
    assert [n.instrument for n in notices_of(first.id)] == ["acceptance", "complaint_decision"]
    assert len(notices_of(second.id)) == 2


def test_a_denunciation_extended_twice_keeps_its_denouncer_sealed(app, api):
    unit, staff = create_office(code="HGT", staff=("unit_head", "handler", "handler2"))
    head, handler, other = (api(staff[k]) for k in ("unit_head", "handler", "handler2"))
    case = create_sealed_case(unit=unit, received_on=date(2026, 3, 2))

    body = ok(act(head, case.id, "accept", on="2026-03-04", complex="very"))
    # 30 days from 04/03: Friday 03/04; the denouncer is told within 5 working days: 11/03.
    assert deadline(body, "denunciation.resolve")["due_on"] == "2026-04-03"
    assert deadline(body, "denunciation.notify")["due_on"] == "2026-03-11"
    ok(act(head, case.id, "assign", user=staff["handler"].username, on="2026-03-05"))
    body = ok(act(handler, case.id, "notify", on="2026-03-09", note="Thông báo số 3/TB"))
    assert deadline(body, "denunciation.notify")["state"] == "met"

    body = ok(
        act(
            head,
            case.id,
            "extend",
            on="2026-03-30",
            reason="Xác minh ở 3 xã",
            decision_number="31/QĐ-UBND",
        )
    )
    # 60 days from 04/03 is Sunday 03/05, after the 30/04-01/05 holidays: Monday 04/05.
    assert deadline(body, "denunciation.resolve")["due_on"] == "2026-05-04"
    body = ok(
        act(
            head,
            case.id,
            "extend",
            on="2026-04-24",
            reason="Chờ giám định",
            decision_number="45/QĐ-UBND",
        )
    )
    assert deadline(body, "denunciation.resolve")["due_on"] == "2026-06-02"
    third = act(head, case.id, "extend", on="2026-05-25", reason="Thêm")
    assert third.status_code == 409
    assert third.get_json()["error"]["code"] == "extension_limit"

    # A handler not assigned to the case sees the seal, and cannot open it.
    seen = other.get(f"/api/v1/cases/{case.id}").get_json()
    assert seen["petitioner"] == {"sealed": True, "can_reveal": False}
    assert "Lò Thị Mai" not in str(seen)
    assert other.post(f"/api/v1/cases/{case.id}/reveal", json={"reason": "xem"}).status_code == 403
    # The assigned handler and the head see it, and each view is recorded with its reason.
    seen = handler.get(f"/api/v1/cases/{case.id}?reason=Lập biên bản làm việc").get_json()
    assert seen["petitioner"]["full_name"] == "Lò Thị Mai"
    revealed = head.post(f"/api/v1/cases/{case.id}/reveal", json={"reason": "Ký thông báo"})
    assert revealed.get_json()["petitioners"][0]["id_number"] == "002190001234"
    reveals = db.session.scalars(select(IdentityReveal).order_by(IdentityReveal.id)).all()
    assert [r.reason for r in reveals] == ["Lập biên bản làm việc", "Ký thông báo"]
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.action == "identity_revealed")
    ).all()
    assert len(events) == 2 and not any(e.public for e in events)

    body = ok(
        act(
            head,
            case.id,
            "conclude",
            on="2026-05-29",
            outcome="incorrect",
            decision_number="60/KL-UBND",
        )
    )
    assert deadline(body, "denunciation.resolve") | {"state": "met"} == deadline(
        body, "denunciation.resolve"
    )
    assert ok(act(head, case.id, "close", on="2026-05-29"))["status"] == "closed"

    from docx import Document

    from petitions.documents.service import rendered

    notices = notices_of(case.id)
    assert [n.instrument for n in notices] == [
        "denunciation_acceptance",
        "denunciation_acceptance_notice",
        "extension",
        "extension",
        "denunciation_conclusion",
        "denunciation_result",
    ]
    for notice in notices:
        document = Document(io.BytesIO(rendered(notice, "docx")[0]))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        assert "Lò Thị Mai" not in text and "002190001234" not in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_a_recommendation_forwarded_to_another_unit_is_answered_there(app, api):
    sender, sender_staff = create_office(code="HGS", staff=("unit_head",))
    receiver, receiver_staff = create_office(code="HGR", staff=("unit_head",))
    receiver.feedback_period_days = 20
    db.session.commit()
    head_a, head_b = api(sender_staff["unit_head"]), api(receiver_staff["unit_head"])
    case = create_received_case(
        kind="recommendation",
        unit=sender,
        received_on=date(2026, 5, 4),
        title="Kiến nghị sửa đường",
    )

    body = ok(act(head_a, case.id, "forward", to_unit="HGR", on="2026-05-06"))
    assert body["status"] == "forwarded"
    assert all(d["state"] == "met" for d in body["deadlines"])
    linked_id = body["linked_case_id"]

    listed = head_b.get("/api/v1/cases?unit=HGR").get_json()
    assert [item["id"] for item in listed["items"]] == [linked_id]
    # The sender follows it in the list too.
    assert [i["id"] for i in head_a.get("/api/v1/cases?unit=HGR").get_json()["items"]] == [
        linked_id
    ]
    assert listed["items"][0]["forwarded_from_id"] == case.id
    linked = db.session.get(Case, linked_id)
    assert linked.channel.value == "transferred" and linked.received_on == date(2026, 5, 6)
    assert linked.access_key_hash == case.access_key_hash
    # The sender follows the linked case and may remind the receiving unit.
    assert head_a.get(f"/api/v1/cases/{linked_id}").status_code == 200
    ok(act(head_a, case.id, "remind", on="2026-05-20", note="Đề nghị sớm trả lời."))
    assert "reminder_received" in [e.action for e in linked.events]

    body = ok(act(head_b, linked_id, "accept", on="2026-05-11"))
    # The receiving unit's own period, 20 days: Sunday 31/05, so Monday 01/06.
    assert deadline(body, "feedback.resolve")["due_on"] == "2026-06-01"
    ok(
        act(
            head_b,
            linked_id,
            "conclude",
            on="2026-05-25",
            outcome="correct",
            summary="Đã đưa vào kế hoạch sửa chữa năm 2026.",
        )
    )

    seen = head_a.get(f"/api/v1/cases/{case.id}").get_json()
    assert seen["forwarded_to"][0]["status"] == "concluded"
    assert seen["forwarded_to"][0]["outcome"] == "correct"
    assert "forward_reply" in [e["action"] for e in seen["events"]]
    late = act(head_a, case.id, "remind", on="2026-05-28")
    assert late.status_code == 409
    count = db.session.scalar(select(func.count(Case.id)).where(Case.forwarded_from_id == case.id))
    assert count == 1
