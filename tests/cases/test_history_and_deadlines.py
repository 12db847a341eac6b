"""Every step leaves one history row; effective dates are checked and backdating is flagged;
deadlines pause, resume, and stay visible once met or missed."""

from datetime import date

import pytest
from sqlalchemy import select

from petitions.cases.models import Case, CaseEvent
from petitions.extensions import db
from tests.cases.conftest import TODAY
from tests.cases.factories import create_office, create_received_case, create_sealed_case


def act(client, case_id, action, **fields):
    return client.post(f"/api/v1/cases/{case_id}/actions", json={"action": action, **fields})


def deadline(body, rule):
    return next(d for d in body["deadlines"] if d["rule"] == rule)


@pytest.fixture
def office(app):
    return create_office(code="HGH", staff=("unit_head", "handler"))


def test_a_step_writes_one_history_row_with_who_when_basis_and_states(app, api, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    response = act(api(staff["unit_head"]), case.id, "accept", on="2026-03-05", note="Đủ ĐK")
    assert response.status_code == 200
    [event] = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
    assert event.actor_id == staff["unit_head"].id
    assert (event.from_status, event.to_status) == ("received", "accepted")
    assert event.effective_on == date(2026, 3, 5) and event.backdated
    assert event.entered_at is not None
    assert event.basis == "Luật Khiếu nại 2011, Điều 27"
    assert event.public and event.details["notice"] == "acceptance"
    # The internal remark never becomes the note the citizen's timeline shows.
    assert event.note == "" and event.details["remark"] == "Đủ ĐK"


def test_a_step_taken_today_is_not_flagged_as_backdated(app, api, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    assert act(api(staff["unit_head"]), case.id, "accept").status_code == 200
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id))
    assert event.effective_on == TODAY and not event.backdated


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ("2026-06-02", "sau ngày hôm nay"),  # tomorrow
        ("2026-02-27", "trước ngày nhận đơn"),
        ("02/03/2026", "YYYY-MM-DD"),
        (20260302, "YYYY-MM-DD"),
    ],
)
def test_an_effective_date_in_the_future_or_before_receipt_is_refused(
    app, api, office, on, message
):
    unit, staff = office
    case = create_received_case(unit=unit, received_on=date(2026, 3, 2))
    response = act(api(staff["unit_head"]), case.id, "accept", on=on)
    assert response.status_code == 422
    assert message in response.get_json()["error"]["fields"]["on"][0]


def test_a_step_cannot_claim_a_date_before_the_step_the_case_is_in(app, api, office):
    unit, staff = office
    case = create_received_case(unit=unit, received_on=date(2026, 3, 2))
    head = api(staff["unit_head"])
    assert act(head, case.id, "accept", on="2026-03-10").status_code == 200
    response = act(head, case.id, "assign", user=staff["handler"].username, on="2026-03-09")
    assert response.status_code == 422
    assert "10/03/2026" in response.get_json()["error"]["fields"]["on"][0]


@pytest.mark.parametrize(
    ("state", "action", "fields", "field"),
    [
        ("received", "forward", {}, "to_unit"),
        ("received", "forward", {"to_unit": "NOPE"}, "to_unit"),
        ("received", "forward", {"to_unit": "HGH"}, "to_unit"),
        ("received", "file", {}, "reason"),
        ("received", "file", {"reason_code": "bogus"}, "reason_code"),
        ("received", "file", {"reason_code": "other"}, "reason"),
        ("received", "reject", {"reason": "  "}, "reason"),
        ("received", "accept", {"complex": "extremely"}, "complex"),
        ("received", "accept", {"complex": 2}, "complex"),
        ("received", "classify", {"kind": "petition"}, "kind"),
        ("received", "classify", {"complaint_round": 3}, "complaint_round"),
        ("received", "classify", {"eligible": "maybe"}, "eligible"),
        ("accepted", "assign", {}, "user"),
        ("accepted", "assign", {"user": "nobody"}, "user"),
        ("accepted", "conclude", {}, "outcome"),
        ("accepted", "conclude", {"outcome": "right"}, "outcome"),
        ("accepted", "conclude", {"outcome": "correct", "decided_on": "2026-12-01"}, "decided_on"),
        ("accepted", "suspend", {}, "reason"),
        ("accepted", "withdraw", {}, "reason"),
        ("accepted", "withdraw", {"reason": "x", "continue": True}, "continue"),
        ("accepted", "dialogue", {}, "minutes"),
        ("accepted", "dialogue", {"minutes": 5}, "minutes"),
    ],
)
def test_missing_or_invalid_data_answers_422_naming_the_field(
    app, api, office, state, action, fields, field
):
    unit, staff = office
    kind = "feedback" if action == "forward" else "complaint"
    case = create_received_case(kind=kind, unit=unit, received_on=date(2026, 3, 2))
    if state == "accepted":
        assert act(api(staff["unit_head"]), case.id, "accept", on="2026-03-03").status_code == 200
    response = act(api(staff["unit_head"]), case.id, action, **fields)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    db.session.expire_all()
    assert db.session.get(Case, case.id).status.value == state


@pytest.mark.parametrize("body", [[], "accept", {"action": "fly"}, {"action": None}])
def test_a_body_that_is_not_a_step_is_refused_without_a_server_error(app, api, office, body):
    unit, staff = office
    case = create_received_case(unit=unit)
    response = api(staff["unit_head"]).post(f"/api/v1/cases/{case.id}/actions", json=body)
    assert response.status_code in (400, 422)


def test_suspension_stops_the_clock_and_resumption_gives_back_the_days_left(app, api, office):
    unit, staff = office
    head = api(staff["unit_head"])
    case = create_received_case(unit=unit, received_on=date(2026, 3, 2))
    body = act(head, case.id, "accept", on="2026-03-05").get_json()
    assert deadline(body, "complaint.resolve.first")["due_on"] == "2026-04-06"

    body = act(
        head, case.id, "suspend", on="2026-03-20", reason="Chờ giám định", ground="await_expertise"
    ).get_json()
    assert body["status"] == "suspended"
    paused = deadline(body, "complaint.resolve.first")
    assert paused["state"] == "paused" and not paused["overdue"]
    assert db.session.get(Case, case.id).due_on is None  # nothing is running

    body = act(head, case.id, "resume", on="2026-04-10").get_json()
    assert body["status"] == "accepted"
    # 15 days were left (20/03 -> nominal end 04/04); 10/04 + 15 = Saturday 25/04, then the
    # Hùng Kings holiday (26/04) and its day in lieu (27/04): Tuesday 28/04.
    resumed = deadline(body, "complaint.resolve.first")
    assert (resumed["due_on"], resumed["state"]) == ("2026-04-28", "open")
    assert resumed["overdue"]  # "today" is 01/06

    shown = head.get(f"/api/v1/cases/{case.id}").get_json()
    assert shown["overdue"] is True


def test_a_suspended_case_returns_to_the_state_it_was_in(app, api, office):
    unit, staff = office
    head = api(staff["unit_head"])
    case = create_received_case(unit=unit, received_on=date(2026, 3, 2))
    act(head, case.id, "accept", on="2026-03-03")
    act(head, case.id, "assign", user=staff["handler"].username, on="2026-03-04")
    suspended = act(head, case.id, "suspend", on="2026-03-05", reason="x", ground="await_other")
    assert suspended.get_json()["status"] == "suspended"
    assert act(head, case.id, "resume", on="2026-03-06").get_json()["status"] == "verifying"


def test_a_deadline_met_late_stays_visible_as_missed_by_so_many_days(app, api, office):
    unit, staff = office
    case = create_received_case(unit=unit, received_on=date(2026, 3, 2))
    # complaint.accept: 10 days, due Thursday 12/03; accepted on 16/03, 4 days late.
    body = act(api(staff["unit_head"]), case.id, "accept", on="2026-03-16").get_json()
    late = deadline(body, "complaint.accept")
    assert (late["state"], late["met_on"], late["days_late"]) == ("missed", "2026-03-16", 4)
    assert deadline(body, "petition.classify")["state"] == "met"  # due 16/03, met that day


def test_an_open_deadline_past_its_day_is_overdue_by_derivation(app, api, office):
    unit, staff = office
    case = create_received_case(unit=unit, received_on=date(2026, 5, 4))
    shown = api(staff["handler"]).get(f"/api/v1/cases/{case.id}").get_json()
    classify = deadline(shown, "petition.classify")
    # 10 working days after Monday 04/05: Monday 18/05; "today" 01/06 is 14 days later.
    assert (classify["due_on"], classify["overdue"], classify["days_overdue"]) == (
        "2026-05-18",
        True,
        14,
    )
    listed = api(staff["handler"]).get("/api/v1/cases?overdue=true").get_json()
    assert [item["id"] for item in listed["items"]] == [case.id]


def test_a_partial_withdrawal_keeps_the_case_and_a_full_one_ends_it(app, api, office):
    unit, staff = office
    head = api(staff["unit_head"])
    case = create_received_case(unit=unit, received_on=date(2026, 3, 2))
    act(head, case.id, "accept", on="2026-03-03")
    body = act(head, case.id, "withdraw", reason="Rút nội dung 2", partial=True).get_json()
    assert body["status"] == "accepted"
    assert deadline(body, "complaint.resolve.first")["state"] != "met"
    body = act(head, case.id, "withdraw", reason="Rút toàn bộ").get_json()
    assert body["status"] == "withdrawn"
    assert all(
        d["met_on"] == TODAY.isoformat()
        for d in body["deadlines"]
        if d["state"] != "met" or d["rule"] == "complaint.resolve.first"
    )
    assert db.session.get(Case, case.id).closed_on == TODAY


def test_a_denunciation_continues_after_withdrawal_when_there_are_signs_of_violation(
    app, api, office
):
    unit, staff = office
    head = api(staff["unit_head"])
    case = create_sealed_case(unit=unit, received_on=date(2026, 3, 2))
    act(head, case.id, "accept", on="2026-03-03")
    refused = act(head, case.id, "withdraw", reason="Rút tố cáo", **{"continue": True})
    assert "continue_reason" in refused.get_json()["error"]["fields"]
    body = act(
        head,
        case.id,
        "withdraw",
        reason="Rút tố cáo",
        continue_reason="Có dấu hiệu người tố cáo bị đe dọa",
        **{"continue": True},
    ).get_json()
    assert body["status"] == "accepted"
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.action == "withdraw"))
    assert event.details["continue"] is True


def test_classifying_a_denunciation_as_multi_site_gives_it_ten_working_days(app, api, office):
    unit, staff = office
    case = create_sealed_case(unit=unit, received_on=date(2026, 3, 2))
    shown = api(staff["handler"]).get(f"/api/v1/cases/{case.id}").get_json()
    assert deadline(shown, "denunciation.initial")["due_on"] == "2026-03-11"
    body = act(api(staff["handler"]), case.id, "classify", multi_site=True, on="2026-03-03")
    assert deadline(body.get_json(), "denunciation.initial")["due_on"] == "2026-03-16"


def test_a_complaint_found_to_be_a_denunciation_is_sealed_and_timed_as_one(app, api, office):
    unit, staff = office
    case = create_received_case(unit=unit, received_on=date(2026, 3, 2))
    body = act(api(staff["handler"]), case.id, "classify", kind="denunciation", on="2026-03-03")
    body = body.get_json()
    rules = {d["rule"]: d["state"] for d in body["deadlines"]}
    assert rules["complaint.accept"] == "cancelled"
    assert rules["denunciation.initial"] == "open"
    db.session.expire_all()
    changed = db.session.get(Case, case.id)
    assert changed.sealed and changed.petitioners[0].full_name is None
    assert changed.petitioners[0].sealed_identity is not None
    assert "binh" not in changed.search_text


def test_filing_records_the_circular_reason(app, api, office):
    unit, staff = office
    case = create_received_case(unit=unit)
    body = act(api(staff["handler"]), case.id, "file", reason="already_guided")
    assert body.status_code == 200
    db.session.expire_all()
    filed = db.session.get(Case, case.id)
    assert filed.reason_code == "already_guided" and filed.eligible is False
    event = filed.events[-1]
    assert event.note.startswith("Đơn đã được hướng dẫn một lần") and event.public


WEIRD = [
    *(None, [], {"a": 1}, 1.5, True, 10**20, "9" * 25, "x" * 6000, "\x00", "\x07"),
    *("2026-02-30", "0001-01-01", "9999-12-31"),
]
# The fields each step reads ("on" is read by all).
FIELDS = {
    "classify": [
        "kind",
        "eligible",
        "within_competence",
        "complaint_round",
        "repeat_of",
        "duplicate_of",
        "multi_site",
        "note",
    ],
    "accept": ["complex", "note"],
    "forward": ["to_unit", "note"],
    "guide": ["to_body", "reason"],
    "file": ["reason_code", "reason"],
    "reject": ["reason", "reason_code"],
    "assign": ["user"],
    "verify": ["note", "step"],
    "notify": ["note"],
    "dialogue": ["minutes", "participants", "absent", "invitation", "invited_on"],
    "extend": ["reason", "decision_number", "decided_on"],
    "suspend": ["reason", "ground", "decision_number", "decided_on"],
    "resume": ["note", "decision_number", "decided_on"],
    "terminate": ["ground", "reason", "decision_number", "decided_on"],
    "withdraw": ["reason", "partial", "continue", "continue_reason", "withdrawn_contents"],
    "conclude": ["outcome", "decision_number", "decided_on", "summary"],
    "close": ["note"],
    "remind": ["note"],
    "propose": ["proposal"],
}


@pytest.mark.parametrize("value", WEIRD, ids=lambda value: repr(value)[:12])
def test_no_value_in_any_field_of_any_step_gives_a_server_error(app, api, office, value):
    unit, staff = office
    head = api(staff["unit_head"])
    received = create_received_case(kind="feedback", unit=unit, received_on=date(2026, 3, 2))
    accepted = create_received_case(kind="denunciation", unit=unit, received_on=date(2026, 3, 2))
    act(head, accepted.id, "accept", on="2026-03-03", complex="very")
    for case in (received, accepted):
        for action, names in FIELDS.items():
            for name in ("on", *names):
                response = act(head, case.id, action, **{name: value})
                # A NUL anywhere in a request is refused at the door (petitions.guards).
                expected = (400,) if value == "\x00" else (200, 403, 409, 422)
                assert response.status_code in expected, (action, name, value)
                assert response.is_json


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/99999999999999999999",
        "/api/v1/cases?page=99999999999999999999",
        "/api/v1/cases?per_page=0",
        "/api/v1/cases?received_from=31-12-2026",
        "/api/v1/cases?status=lost",
        "/api/v1/cases?unit=NOWHERE",
        "/api/v1/cases?sort=sideways",
        "/api/v1/cases?q=%00",
    ],
)
def test_odd_urls_answer_404_or_422_never_500(app, api, office, path):
    _unit, staff = office
    response = api(staff["unit_head"]).get(path)
    assert (
        response.status_code == 400 if path.endswith("%00") else response.status_code in (404, 422)
    )
