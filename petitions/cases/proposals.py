"""A handler's proposal of a head-only step, and the proposals still waiting."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from petitions.accounts.models import User
from petitions.cases import labels
from petitions.cases.errors import not_allowed
from petitions.cases.facts import facts_of
from petitions.cases.history import record_event
from petitions.cases.input import find_unit, one_of, parse_complexity, read_text
from petitions.cases.mail import email_staff, staff_body, unit_heads
from petitions.cases.models import (
    Case,
    CaseEvent,
)
from petitions.domain import workflow
from petitions.domain.workflow import TransitionNotAllowed
from petitions.errors import invalid
from petitions.extensions import db


def propose(case: Case, data: dict, *, actor: User, on: date, today: date) -> CaseEvent:
    """A handler's proposal of a head-only step, checked as the step itself would be; the
    head approves by taking the step (the event then names the proposal it approves)."""
    proposal = data.get("proposal")
    if not one_of(proposal, workflow.HEAD_ONLY_ACTIONS):
        raise invalid(
            "proposal",
            _("Chỉ đề xuất: %(names)s.", names=", ".join(sorted(workflow.HEAD_ONLY_ACTIONS))),
        )
    facts = facts_of(case)
    try:
        workflow.check(facts, proposal, on=on)
    except TransitionNotAllowed as error:
        raise not_allowed(error) from None
    fields = {
        k: v
        for k, v in data.items()
        if k not in ("action", "proposal", "on") and isinstance(v, str | bool | int | None)
    }
    # Validate the proposed fields now, on a throw-away copy of nothing: run the checks only.
    _validate_only(case, proposal, fields, actor=actor, on=on, today=today)
    event = record_event(
        case,
        actor=actor,
        action="proposal",
        on=on,
        today=today,
        from_status=case.status.value,
        to_status=case.status.value,
        note=read_text(data, "note"),
        details={"proposal": proposal, "fields": fields},
    )
    db.session.flush()
    email_staff(
        unit_heads(case.unit_id),
        subject=_(
            "Đề xuất %(step)s hồ sơ %(code)s", step=labels.ACTION[proposal], code=case.tracking_code
        ),
        body=staff_body(case, event),
        case=case,
    )
    return event


def _validate_only(case: Case, action: str, fields: dict, **context) -> None:
    """Run a step's field checks without keeping any change it makes."""
    if action == "accept":
        parse_complexity(fields.get("complex"))
    elif action == "forward":
        to_unit = find_unit(fields.get("to_unit"), "to_unit")
        if to_unit.id == case.unit_id:
            raise invalid("to_unit", _("Không thể chuyển đơn cho chính đơn vị đang giải quyết."))
    elif action == "extend":
        read_text(fields, "reason", required=True)
    elif action == "conclude" and not one_of(fields.get("outcome"), workflow.OUTCOMES):
        raise invalid("outcome", _("Kết quả phải là correct, partly_correct hoặc incorrect."))


def pending_proposal(case: Case, action: str) -> CaseEvent | None:
    approved = {e.details.get("approves") for e in case.events if e.details}
    for event in reversed(case.events):
        if (
            event.action == "proposal"
            and (event.details or {}).get("proposal") == action
            and event.id not in approved
        ):
            return event
    return None


def pending_proposals(case: Case) -> list[CaseEvent]:
    """Proposals not yet acted on whose step the case's state still allows."""
    facts = facts_of(case)
    approved = {e.details.get("approves") for e in case.events if e.details}
    seen: set[str] = set()
    pending = []
    for event in reversed(case.events):
        proposal = (event.details or {}).get("proposal")
        if event.action != "proposal" or event.id in approved or proposal in seen:
            continue
        seen.add(proposal)
        if workflow.allowed(facts, proposal):
            pending.append(event)
    return pending
