"""A head's decision on a handler's proposal from the work queue: approve it as proposed, or
return it to the handler with a reason. Both flush; the request commits."""

from datetime import date

from flask_babel import gettext as _

from petitions.accounts.models import User
from petitions.cases import labels
from petitions.cases.access import can_act
from petitions.cases.history import record_event
from petitions.cases.mail import email_staff, staff_body
from petitions.cases.models import CaseEvent
from petitions.cases.proposals import pending_proposals
from petitions.cases.steps import take_action
from petitions.errors import Refused
from petitions.extensions import db
from petitions.guards import MAX_ID
from petitions.text import clean

MAX_REASON = 2000


def waiting_proposal(event_id: int, user: User) -> CaseEvent:
    """The proposal if it is still waiting and the user may decide on it (404 otherwise:
    another unit's proposal is not this user's to know about)."""
    event = db.session.get(CaseEvent, event_id) if 0 < event_id <= MAX_ID else None
    if event is None or event.action != "proposal":
        raise Refused(404, _("Không tìm thấy đề xuất."), code="not_found")
    proposal = (event.details or {}).get("proposal", "")
    if not can_act(user, event.case, proposal):
        raise Refused(404, _("Không tìm thấy đề xuất."), code="not_found")
    if event not in pending_proposals(event.case):
        raise Refused(
            409,
            _("Đề xuất này đã được quyết định hoặc không còn phù hợp với trạng thái hồ sơ."),
            code="invalid_transition",
        )
    return event


def approve_proposal(event: CaseEvent, *, actor: User, today: date) -> CaseEvent:
    """Take the proposed step with the proposed fields; the step's event names the proposal."""
    details = event.details or {}
    data = {k: v for k, v in (details.get("fields") or {}).items() if v not in (None, "")}
    data["action"] = details.get("proposal")
    return take_action(event.case, data, actor=actor, today=today)


def return_proposal(event: CaseEvent, *, actor: User, reason: str, today: date) -> CaseEvent:
    """Send the proposal back to the handler who made it, with the head's reason."""
    reason = clean(reason or "")
    if len(reason) > MAX_REASON:
        raise Refused(
            422,
            _("Lý do tối đa %(n)d ký tự.", n=MAX_REASON),
            fields={"reason": [_("Lý do tối đa %(n)d ký tự.", n=MAX_REASON)]},
        )
    case = event.case
    proposal = (event.details or {}).get("proposal", "")
    returned = record_event(
        case,
        actor=actor,
        action="proposal_returned",
        on=today,
        today=today,
        from_status=case.status.value,
        to_status=case.status.value,
        note=reason,
        details={"returns": event.id, "proposal": proposal},
    )
    db.session.flush()
    if event.actor is not None and event.actor.active:
        email_staff(
            [event.actor],
            subject=_(
                "Đề xuất %(step)s hồ sơ %(code)s được trả lại",
                step=labels.ACTION.get(proposal, proposal),
                code=case.tracking_code,
            ),
            body=staff_body(case, returned),
            case=case,
        )
    return returned
