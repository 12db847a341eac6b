"""A handler's proposal of a head-only step, and the proposals still waiting."""

from __future__ import annotations

import contextlib
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from petitions.accounts.models import User
from petitions.cases import decisions, labels
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
from petitions.errors import Refused, invalid
from petitions.extensions import db
from petitions.units.services import get_by_code


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
    elif action in ("suspend", "terminate"):
        note = read_text(fields, "reason", required=action == "suspend")
        ground = decisions.read_ground(fields, action, case.kind.value)
        if ground.needs_note and not note:
            raise invalid("reason", _("Hãy ghi rõ căn cứ."))
    if action in ("extend", "conclude", "suspend", "resume", "terminate"):
        decisions.read_number(fields)
        decisions.read_decided_on(
            fields, on=context["on"], today=context["today"], accepted_on=case.accepted_on
        )


def _decided(case: Case) -> set:
    """Ids of the proposals a head approved (by taking the step) or returned to the handler."""
    return {e.details.get("approves") or e.details.get("returns") for e in case.events if e.details}


def pending_proposal(case: Case, action: str) -> CaseEvent | None:
    approved = _decided(case)
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
    approved = _decided(case)
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


_COMPLEXITY = {
    None: _l("vụ việc thông thường"),
    "complex": _l("vụ việc phức tạp"),
    "very": _l("vụ việc đặc biệt phức tạp"),
}


def describe_proposal(proposal) -> str:
    """A proposal's payload as one sentence in the user's language, for the case page and the
    work queues: "Đề xuất «Gia hạn»: số quyết định 45/QĐ-UBND; lý do: …." Takes the proposal's
    CaseEvent (or its details); fields it does not know are left out, never printed as data."""
    details = getattr(proposal, "details", proposal) or {}
    action = details.get("proposal") or ""
    fields = details.get("fields") or {}
    case = getattr(proposal, "case", None)
    kind = case.kind.value if case is not None else ""
    parts: list[str] = []
    if action == "accept":
        with contextlib.suppress(Refused):
            parts.append(str(_COMPLEXITY[parse_complexity(fields.get("complex"))]))
    if action == "forward" and isinstance(fields.get("to_unit"), str) and fields["to_unit"]:
        unit = get_by_code(fields["to_unit"])
        parts.append(_("chuyển đến %(unit)s", unit=unit.name if unit else fields["to_unit"]))
    if action == "conclude" and fields.get("outcome") in labels.OUTCOME:
        parts.append(_("kết quả: %(outcome)s", outcome=labels.OUTCOME[fields["outcome"]]))
    if action in ("suspend", "terminate") and fields.get("ground"):
        words = decisions.ground_words(action, kind, str(fields["ground"]))
        parts.append(_("căn cứ: %(ground)s", ground=words))
    if fields.get("decision_number"):
        parts.append(_("số quyết định %(number)s", number=fields["decision_number"]))
    decided_on = fields.get("decided_on")
    if isinstance(decided_on, str) and decided_on:
        try:
            shown = date.fromisoformat(decided_on).strftime("%d/%m/%Y")
        except ValueError:
            shown = decided_on
        parts.append(_("ký ngày %(day)s", day=shown))
    for name, words in (("reason", _("lý do")), ("summary", _("tóm tắt")), ("note", _("ghi chú"))):
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            parts.append(f"{words}: {value.strip()}")
    step = labels.ACTION.get(action, action)
    if not parts:
        return _("Đề xuất «%(step)s».", step=step)
    return _("Đề xuất «%(step)s»: %(details)s.", step=step, details="; ".join(parts))
