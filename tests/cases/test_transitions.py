"""Every kind x every state x every step through POST /api/v1/cases/<id>/actions: an allowed
step answers 200 and moves the case, a forbidden one answers 409 invalid_transition."""

from datetime import date

import pytest

from petitions.cases.models import Assignment, Case, Status
from petitions.cases.timing import open_deadline
from petitions.extensions import db
from tests.cases.factories import create_office, create_received_case
from tests.cases.transitions import EXPECTED, KINDS, STATES

RECEIVED = date(2026, 3, 2)
ACCEPTED = date(2026, 3, 9)


def payload(action, people, other_unit, kind):
    """Valid data for each step, so that only the state can refuse it."""
    # LTC art. 34(3)(c) for a denunciation; a court case accepted for a complaint.
    ending = "already_decided" if kind == "denunciation" else "court"
    return {
        "accept": {"complex": "very"},
        "forward": {"to_unit": other_unit.code},
        "file": {"reason": "illegible"},
        "reject": {"reason": "Đã được giải quyết đúng pháp luật."},
        "assign": {"user": people["handler2"].username},
        "verify": {"note": "Làm việc với người khiếu nại."},
        "dialogue": {"minutes": "Hai bên trình bày ý kiến."},
        # Within the resolution period (accepted 09/03: 30 days to 08/04), as LTC art. 30 asks.
        "extend": {
            "reason": "Phải xác minh ở nhiều nơi.",
            "decision_number": "12/QĐ-UBND",
            "on": "2026-03-20",
        },
        "suspend": {"reason": "Chờ kết quả giám định.", "ground": "await_expertise"},
        "terminate": {"ground": ending, "decision_number": "7/QĐ-UBND"},
        "withdraw": {"reason": "Người khiếu nại rút đơn."},
        "conclude": {"outcome": "partly_correct", "decision_number": "15/QĐ-UBND"},
    }.get(action, {})


def case_in(state, *, kind, unit, people, other_unit) -> Case:
    """A case put straight into `state`, with every guard of the state's steps satisfied."""
    case = create_received_case(kind=kind, unit=unit, received_on=RECEIVED)
    if state in ("accepted", "verifying", "concluded", "suspended", "closed"):
        case.accepted_on = ACCEPTED
        case.complexity = "very"
        case.dialogue_on = ACCEPTED
    if kind == "denunciation" and state in ("accepted", "verifying", "suspended"):
        open_deadline(case, "denunciation.resolve", ACCEPTED)
    if state in ("verifying", "concluded"):
        case.assignments.append(
            Assignment(user_id=people["handler"].id, assigned_on=ACCEPTED, active=True)
        )
    if state == "concluded":
        case.outcome, case.decided_on, case.concluded_on = "correct", ACCEPTED, ACCEPTED
        if kind == "complaint":
            # The second complaint window ran out on 08/04/2026, long before "today".
            open_deadline(case, "complaint.second_window", ACCEPTED)
    if state == "suspended":
        case.status_before_suspension = Status.ACCEPTED
    if state == "forwarded":
        linked = create_received_case(kind=kind, unit=other_unit, received_on=ACCEPTED)
        linked.forwarded_from_id = case.id
    case.status = Status(state)
    db.session.commit()
    return case


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", STATES)
def test_every_step_answers_200_where_allowed_and_409_where_not(app, api, kind, state):
    unit, people = create_office(code="HGA", staff=("unit_head", "handler", "handler2"))
    other_unit, _others = create_office(code="HGB", staff=())
    head = api(people["unit_head"])
    # Refusals leave no trace, so one case serves them all; each allowed step gets its own.
    refused_case = case_in(state, kind=kind, unit=unit, people=people, other_unit=other_unit)
    wrong = []
    for action, (sources, kinds, target) in EXPECTED.items():
        allowed = state in sources and kind in kinds
        case = (
            case_in(state, kind=kind, unit=unit, people=people, other_unit=other_unit)
            if allowed
            else refused_case
        )
        body = {"action": action, **payload(action, people, other_unit, kind)}
        response = head.post(f"/api/v1/cases/{case.id}/actions", json=body)
        got = response.get_json()
        if allowed:
            expected = {"=": state, "<": "accepted"}.get(target, target)
            if response.status_code != 200 or got["status"] != expected:
                wrong.append((action, response.status_code, got))
        elif response.status_code != 409 or got["error"]["code"] != "invalid_transition":
            wrong.append((action, response.status_code, got))
        elif not got["error"]["message"]:
            wrong.append((action, "no explanation"))
    assert wrong == []
    db.session.expire_all()
    assert refused_case.status.value == state
    assert refused_case.events == []
