"""The complaint and denunciation workflow as Law 136/2025/QH15 amends it: suspension and
termination of resolution with their grounds, partial withdrawal, a second-round decision
after the complainant stayed away from the dialogue, decision numbers and days, proposals in
words. Through the JSON API and the case page; due dates worked out by hand.

2026 calendar facts used below: 04/04 is a Saturday, 26/04 (Hùng Kings) a Sunday with its day
in lieu on 27/04; "today" is Monday 01/06/2026 (tests/cases/conftest.py).
"""

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from petitions.cases.models import Case, CaseEvent
from petitions.cases.proposals import describe_proposal
from petitions.extensions import db
from tests.cases.factories import create_office, create_received_case


def act(client, case_id, action, **fields):
    return client.post(f"/api/v1/cases/{case_id}/actions", json={"action": action, **fields})


def ok(response):
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def refused(response, status, *, code=None, field=None):
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert error["message"]
    if code:
        assert error["code"] == code
    if field:
        assert field in error["fields"], error
    return error


def deadline(body, rule):
    return next(d for d in body["deadlines"] if d["rule"] == rule)


def last_event(case_id, action):
    return db.session.scalars(
        select(CaseEvent)
        .where(CaseEvent.case_id == case_id, CaseEvent.action == action)
        .order_by(CaseEvent.id.desc())
    ).first()


@pytest.fixture
def office(app):
    return create_office(code="HGW", staff=("unit_head", "handler"))


def accepted_case(head, unit, *, kind="complaint", on="2026-03-05", **fields):
    case = create_received_case(kind=kind, unit=unit, received_on=date(2026, 3, 2), **fields)
    ok(act(head, case.id, "accept", on=on))
    return case


# -- suspension -----------------------------------------------------------------------------


def test_a_received_petition_cannot_be_suspended_only_its_resolution_can(app, api, office):
    unit, staff = office
    case = create_received_case(unit=unit, received_on=date(2026, 3, 2))
    error = refused(
        act(api(staff["unit_head"]), case.id, "suspend", reason="x", ground="await_other"),
        409,
        code="invalid_transition",
    )
    assert "Đã thụ lý" in error["message"]


@pytest.mark.parametrize("kind", ["recommendation", "feedback"])
def test_a_recommendation_or_feedback_is_never_suspended_and_the_refusal_says_why(
    app, api, office, kind
):
    unit, staff = office
    head = api(staff["unit_head"])
    case = accepted_case(head, unit, kind=kind)
    error = refused(
        act(head, case.id, "suspend", reason="x", ground="await_other"),
        409,
        code="invalid_transition",
    )
    assert "khiếu nại, tố cáo" in error["message"]


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        ("complaint", {"reason": "Chờ giám định"}, "ground"),
        ("complaint", {"reason": "Chờ giám định", "ground": "weather"}, "ground"),
        ("complaint", {"ground": "await_other"}, "reason"),
        # The Law on Denunciation (art. 34(1)) lists two grounds and no other.
        ("denunciation", {"reason": "x", "ground": "other"}, "ground"),
        ("complaint", {"reason": "x", "ground": "await_other", "decided_on": "2026-06-02"}, None),
        ("complaint", {"reason": "x", "ground": "await_other", "decided_on": "2026-03-01"}, None),
        ("complaint", {"reason": "x", "ground": ["await_other"]}, "ground"),
    ],
)
def test_a_suspension_without_a_lawful_ground_or_with_a_bad_day_is_refused(
    app, api, office, kind, fields, field
):
    unit, staff = office
    head = api(staff["unit_head"])
    case = accepted_case(head, unit, kind=kind)
    error = refused(act(head, case.id, "suspend", on="2026-03-20", **fields), 422)
    assert field is None or field in error["fields"]
    assert db.session.get(Case, case.id).status.value == "accepted"


def test_suspended_days_do_not_count_and_resumption_says_so_in_the_history(app, api, office):
    unit, staff = office
    head = api(staff["unit_head"])
    case = accepted_case(head, unit)  # accepted 05/03: due Monday 06/04 (04/04 is a Saturday)
    body = ok(
        act(
            head,
            case.id,
            "suspend",
            on="2026-03-20",
            ground="await_expertise",
            reason="Chờ kết quả giám định chữ ký.",
            decision_number="12/QĐ-TĐC",
        )
    )
    assert body["status"] == "suspended"
    suspension = last_event(case.id, "suspend")
    assert suspension.details["ground"] == "await_expertise"
    assert suspension.details["decision_number"] == "12/QĐ-TĐC"
    assert suspension.details["decided_on"] == "2026-03-20"
    assert "giám định" in suspension.note and suspension.public

    body = ok(act(head, case.id, "resume", on="2026-03-30"))
    assert body["status"] == "accepted"
    # On 20/03 the 30 days (nominally to 04/04) had 15 days left; from 30/03 that is 14/04, a
    # Tuesday: the 10 days suspended are added.
    assert deadline(body, "complaint.resolve.first")["due_on"] == "2026-04-14"
    resumption = last_event(case.id, "resume")
    assert resumption.details["suspended_on"] == "2026-03-20"
    assert resumption.details["suspended_days"] == 10
    assert resumption.details["due_dates"]["complaint.resolve.first"] == "2026-04-14"
    assert "10 ngày tạm đình chỉ" in resumption.note


def test_a_handler_proposes_a_suspension_and_the_head_decides_it(app, api, office):
    unit, staff = office
    head, handler = api(staff["unit_head"]), api(staff["handler"])
    case = accepted_case(head, unit, kind="denunciation")
    refused(act(handler, case.id, "suspend", reason="x", ground="await_other"), 403)
    refused(
        act(handler, case.id, "propose", proposal="suspend", reason="x", ground="nope"),
        422,
        field="ground",
    )
    ok(
        act(
            handler,
            case.id,
            "propose",
            proposal="suspend",
            reason="Chờ Sở TN&MT trả lời",
            ground="await_other",
        )
    )


# -- termination ----------------------------------------------------------------------------


def test_termination_closes_the_case_with_its_ground_and_ends_its_clocks(app, api, office):
    unit, staff = office
    head = api(staff["unit_head"])
    case = accepted_case(head, unit, kind="denunciation")
    body = ok(
        act(
            head,
            case.id,
            "terminate",
            on="2026-03-25",
            ground="respondent_died",
            decision_number="31/QĐ-ĐC",
            decided_on="2026-03-24",
        )
    )
    assert body["status"] == "terminated"
    assert deadline(body, "denunciation.resolve")["state"] == "met"
    stored = db.session.get(Case, case.id)
    assert stored.reason_code == "respondent_died"
    assert stored.closed_on == date(2026, 3, 25)
    event = last_event(case.id, "terminate")
    assert event.to_status == "terminated"
    assert event.basis == "Luật Tố cáo 2018, Điều 34"
    assert event.details["ground_basis"] == "Luật Tố cáo 2018, Điều 34 khoản 3"
    assert event.details["decided_on"] == "2026-03-24"
    assert event.note.startswith("Người bị tố cáo là cá nhân đã chết")
    # Nothing follows a termination.
    refused(act(head, case.id, "resume"), 409, code="invalid_transition")


def test_a_suspended_complaint_can_be_terminated_and_other_needs_a_note(app, api, office):
    unit, staff = office
    head = api(staff["unit_head"])
    case = accepted_case(head, unit)
    ok(act(head, case.id, "suspend", on="2026-03-20", ground="await_other", reason="Chờ tòa"))
    refused(act(head, case.id, "terminate", on="2026-04-01", ground="other"), 422, field="reason")
    body = ok(act(head, case.id, "terminate", on="2026-04-01", ground="court"))
    assert body["status"] == "terminated"
    assert all(d["state"] != "paused" for d in body["deadlines"])


def test_a_received_petition_cannot_be_terminated(app, api, office):
    unit, staff = office
    case = create_received_case(kind="denunciation", unit=unit, received_on=date(2026, 3, 2))
    refused(
        act(api(staff["unit_head"]), case.id, "terminate", ground="respondent_died"),
        409,
        code="invalid_transition",
    )


# -- partial withdrawal ---------------------------------------------------------------------


def test_a_partial_withdrawal_records_what_was_withdrawn_and_the_rest_goes_on(app, api, office):
    unit, staff = office
    head = api(staff["unit_head"])
    case = accepted_case(head, unit)
    body = ok(
        act(
            head,
            case.id,
            "withdraw",
            on="2026-03-10",
            partial=True,
            withdrawn_contents="Yêu cầu bồi thường cây cối",
            reason="Đơn rút một phần ngày 10/03/2026",
        )
    )
    assert body["status"] == "accepted"
    assert deadline(body, "complaint.resolve.first")["state"] == "open"
    event = last_event(case.id, "withdraw")
    assert event.details["withdrawn_contents"] == "Yêu cầu bồi thường cây cối"
    assert event.details["partial"] is True
    assert "Rút một phần nội dung: Yêu cầu bồi thường cây cối." in event.note


def test_contents_withdrawn_are_named_only_for_a_partial_withdrawal(app, api, office):
    unit, staff = office
    head = api(staff["unit_head"])
    case = accepted_case(head, unit)
    refused(
        act(head, case.id, "withdraw", reason="Rút đơn", withdrawn_contents="Nội dung 1"),
        422,
        field="withdrawn_contents",
    )
    assert db.session.get(Case, case.id).status.value == "accepted"


# -- the second round without the complainant -----------------------------------------------


def second_round(head, unit):
    case = create_received_case(unit=unit, received_on=date(2026, 3, 2))
    ok(act(head, case.id, "classify", complaint_round=2, on="2026-03-03"))
    ok(act(head, case.id, "accept", on="2026-03-05"))
    return case


def test_a_second_round_decision_after_the_complainant_skipped_the_dialogue(app, api, office):
    unit, staff = office
    head = api(staff["unit_head"])
    case = second_round(head, unit)
    refused(
        act(head, case.id, "conclude", outcome="incorrect", on="2026-04-10"),
        409,
        code="dialogue_required",
    )
    refused(act(head, case.id, "dialogue", absent=True, on="2026-04-08"), 422, field="invitation")
    refused(
        act(
            head,
            case.id,
            "dialogue",
            absent=True,
            invitation="Giấy mời 08/GM-UBND",
            on="2026-04-08",
        ),
        422,
        field="invited_on",
    )
    refused(
        act(
            head,
            case.id,
            "dialogue",
            absent=True,
            invitation="Giấy mời 08/GM-UBND",
            invited_on="2026-04-09",
            on="2026-04-08",
        ),
        422,
        field="invited_on",
    )
    ok(
        act(
            head,
            case.id,
            "dialogue",
            absent=True,
            invitation="Giấy mời 08/GM-UBND",
            invited_on="2026-04-01",
            on="2026-04-08",
        )
    )
    absence = last_event(case.id, "dialogue")
    assert absence.details["absent"] is True
    assert absence.details["invited_on"] == "2026-04-01"
    assert "vắng mặt không có lý do chính đáng" in absence.note
    assert db.session.get(Case, case.id).dialogue_on is None  # no dialogue was held

    body = ok(act(head, case.id, "conclude", outcome="incorrect", on="2026-04-10"))
    assert body["status"] == "concluded"


# -- decision numbers -----------------------------------------------------------------------


def test_a_typed_decision_number_is_kept_exactly_and_none_stays_empty(app, api, office):
    unit, staff = office
    head = api(staff["unit_head"])
    typed = "045/2026/QĐ-UBND  (bản giấy)"
    case = accepted_case(head, unit)
    ok(
        act(
            head,
            case.id,
            "conclude",
            outcome="correct",
            decision_number=f" {typed} ",
            decided_on="2026-03-27",
            on="2026-03-30",
        )
    )
    stored = db.session.get(Case, case.id)
    assert (stored.decision_number, stored.decided_on) == (typed, date(2026, 3, 27))
    assert last_event(case.id, "conclude").details["decision_number"] == typed

    other = accepted_case(head, unit)
    ok(act(head, other.id, "conclude", outcome="correct", on="2026-03-30"))
    stored = db.session.get(Case, other.id)
    assert (stored.decision_number, stored.decided_on) == (None, date(2026, 3, 30))


def test_an_extension_keeps_its_number_and_signing_day(app, api, office):
    unit, staff = office
    head = api(staff["unit_head"])
    case = create_received_case(kind="denunciation", unit=unit, received_on=date(2026, 3, 2))
    ok(act(head, case.id, "accept", on="2026-03-05", complex=True))
    refused(
        act(head, case.id, "extend", reason="x", decided_on="2026-03-04", on="2026-03-30"),
        422,
        field="decided_on",
    )
    refused(
        act(head, case.id, "extend", reason="x", decided_on="30/03/2026", on="2026-03-30"),
        422,
        field="decided_on",
    )
    ok(
        act(
            head,
            case.id,
            "extend",
            reason="Phải xác minh ở nhiều nơi.",
            decision_number="45/QĐ-UBND",
            decided_on="2026-03-28",
            on="2026-03-30",
        )
    )
    event = last_event(case.id, "extend")
    assert event.details["decision_number"] == "45/QĐ-UBND"
    assert event.details["decided_on"] == "2026-03-28"


# -- the case page --------------------------------------------------------------------------


def test_the_case_page_offers_the_grounds_of_the_cases_kind_and_records_a_suspension(
    app, client, login, api, office
):
    unit, staff = office
    case = accepted_case(api(staff["unit_head"]), unit, kind="denunciation")
    login(staff["unit_head"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="step-suspend"' in page and 'id="step-terminate"' in page
    assert 'value="await_expertise"' in page
    assert 'value="no_successor"' not in page  # a complaint's ground, not a denunciation's

    missing = client.post(f"/cases/{case.id}/steps/suspend", data={"reason": "Chờ giám định"})
    assert missing.status_code == 422
    assert "Chọn căn cứ" in missing.get_data(as_text=True)

    done = client.post(
        f"/cases/{case.id}/steps/suspend",
        data={"ground": "await_expertise", "reason": "Chờ giám định", "decision_number": "9/QĐ"},
    )
    assert done.status_code == 302
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Cần đợi kết quả giám định bổ sung, giám định lại." in page
    assert "Quyết định số 9/QĐ" in page


def test_the_dialogue_form_records_an_absence(app, client, login, api, office):
    unit, staff = office
    case = second_round(api(staff["unit_head"]), unit)
    login(staff["unit_head"])
    response = client.post(
        f"/cases/{case.id}/steps/dialogue",
        data={"absent": "y", "invitation": "Giấy mời 08/GM-UBND", "invited_on": "2026-04-01"},
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Giấy mời đối thoại: Giấy mời 08/GM-UBND, gửi ngày 01/04/2026" in page
    assert 'id="step-conclude"' in page


def test_a_proposal_reads_as_a_sentence_in_the_users_language(app, client, login, api, office):
    unit, staff = office
    case = create_received_case(kind="denunciation", unit=unit, received_on=date(2026, 3, 2))
    ok(act(api(staff["unit_head"]), case.id, "accept", on="2026-03-05", complex=True))
    ok(
        act(
            api(staff["handler"]),
            case.id,
            "propose",
            proposal="extend",
            reason="Phải xác minh ở nhiều nơi",
            decision_number="45/QĐ-UBND",
        )
    )
    login(staff["unit_head"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Đề xuất «Gia hạn»: số quyết định 45/QĐ-UBND; lý do: Phải xác minh ở nhiều nơi." in (
        page
    )
    assert "decision_number:" not in page
    english = client.get(f"/cases/{case.id}?lang=en").get_data(as_text=True)
    assert "decision no. 45/QĐ-UBND; reason: Phải xác minh ở nhiều nơi." in english


@pytest.mark.parametrize(
    ("details", "sentence"),
    [
        (
            {"proposal": "accept", "fields": {"complex": "very"}},
            "Đề xuất «Thụ lý»: vụ việc đặc biệt phức tạp.",
        ),
        (
            {
                "proposal": "suspend",
                "fields": {"ground": "await_expertise", "reason": "Chờ giám định"},
            },
            "Đề xuất «Tạm đình chỉ»: căn cứ: Cần đợi kết quả giám định bổ sung, giám định lại; "
            "lý do: Chờ giám định.",
        ),
        (
            {
                "proposal": "conclude",
                "fields": {"outcome": "incorrect", "decided_on": "2026-04-10"},
            },
            "Đề xuất «Kết luận, quyết định»: kết quả: Sai; ký ngày 10/04/2026.",
        ),
        ({"proposal": "resume", "fields": {"unknown": "x"}}, "Đề xuất «Tiếp tục giải quyết»."),
    ],
)
def test_describe_proposal_puts_each_payload_in_words(app, api, office, details, sentence):
    unit, staff = office
    case = accepted_case(api(staff["unit_head"]), unit, kind="denunciation")
    # The proposal's history entry as the work queues hold it: its details and its case.
    event = SimpleNamespace(details=details, case=case)
    with app.test_request_context("/"):
        assert describe_proposal(event) == sentence


def test_a_complaint_found_to_be_a_second_complaint_runs_the_second_round_acceptance_period(
    app, api, office
):
    unit, staff = office
    head = api(staff["unit_head"])
    case = create_received_case(unit=unit, received_on=date(2026, 3, 2))
    body = ok(act(head, case.id, "classify", complaint_round=2, on="2026-03-03"))
    running = [d for d in body["deadlines"] if d["rule"].startswith("complaint.accept")]
    # LKN art. 36: 10 days from the day the second complaint was received, 02/03 → 12/03.
    [second] = [d for d in running if d["state"] != "cancelled"]
    assert second["rule"] == "complaint.accept.second"
    assert second["due_on"] == "2026-03-12"
    assert "Điều 36" in second["basis"]
    # Back to a first complaint: art. 27's period runs again, from the same day.
    body = ok(act(head, case.id, "classify", complaint_round=1, on="2026-03-04"))
    [first] = [
        d
        for d in body["deadlines"]
        if d["rule"].startswith("complaint.accept") and d["state"] != "cancelled"
    ]
    assert first["rule"] == "complaint.accept" and "Điều 27" in first["basis"]
    # Accepting meets it.
    body = ok(act(head, case.id, "accept", on="2026-03-05"))
    assert all(
        d["state"] in ("met", "cancelled")
        for d in body["deadlines"]
        if d["rule"].startswith("complaint.accept")
    )
