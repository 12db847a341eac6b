"""The case workflow: who may take which step, and each step with its deadlines and history.

Every step goes through `take_action`, shared by the staff pages and the JSON API. A step
sets the case's state, moves its deadlines (petitions.domain.workflow.deadline_plan), writes
one CaseEvent in the same transaction, queues the e-mails it causes, and flushes — the caller
commits. Refusals are `petitions.errors.Refused`s carrying the HTTP status the API answers
with: 403 (not this user's to do), 409 (not in this state), 422 (missing or invalid data,
naming the field).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from petitions.accounts.models import User
from petitions.cases import competence, deadline_facts, decisions, labels, notices
from petitions.cases.access import can_act, can_read, is_assigned
from petitions.cases.documents import attach_document
from petitions.cases.errors import not_allowed
from petitions.cases.facts import awaits_answer, facts_of, linked_cases
from petitions.cases.forwarding import open_linked_case
from petitions.cases.history import record_event
from petitions.cases.identity import seal_petitioners
from petitions.cases.input import (
    effective_day,
    find_case,
    find_unit,
    find_user,
    one_of,
    parse_complexity,
    read_day,
    read_flag,
    read_text,
)
from petitions.cases.mail import email_staff, notify, responsible_staff, staff_body
from petitions.cases.models import (
    Assignment,
    Case,
    CaseEvent,
    Kind,
    Status,
)
from petitions.cases.proposals import pending_proposal, propose
from petitions.cases.results import read_results, read_subject_area, save_results
from petitions.cases.timing import (
    apply_plan,
    open_deadline,
    recompute,
    refresh_current_due,
    round_acceptance,
    rule_params,
)
from petitions.documents.service import issue_for_step
from petitions.domain import workflow
from petitions.domain.workflow import TransitionNotAllowed
from petitions.errors import Refused, invalid
from petitions.extensions import db
from petitions.permissions import Role


@dataclass
class Step:
    """What one step is about to do, built up by the per-action functions."""

    case: Case
    action: str
    actor: User
    on: date
    today: date
    data: dict
    details: dict = field(default_factory=dict)
    # `note` may reach the citizen's timeline on public steps; `remark` stays with staff.
    note: str = ""
    remark: str = ""
    partial: bool = False
    continues: bool = False
    # Start of the deadlines the step opens (the effective day unless a decision says so).
    start: date | None = None
    after: list = field(default_factory=list)
    documents: list = field(default_factory=list)


def take_action(
    case: Case, data: dict, *, actor: User, today: date, documents: Sequence = ()
) -> CaseEvent:
    """Take one workflow step on `case` as `actor`, from raw input (JSON body or form).

    `data["action"]` names the step; `data["on"]` is its effective date; `documents` are
    uploaded files (werkzeug FileStorage) kept with a verification step or a dialogue.
    Raises Refused.
    """
    if not isinstance(data, dict):
        raise invalid("action", _("Dữ liệu phải là một đối tượng."))
    action = data.get("action")
    if not isinstance(action, str) or (action not in workflow.ACTIONS and action != "propose"):
        raise invalid(
            "action",
            _(
                "Thao tác không hợp lệ. Chọn một trong: %(names)s.",
                names=", ".join((*workflow.ACTIONS, "propose")),
            ),
        )
    if not can_read(actor, case) and action != "remind":
        raise Refused(403, _("Hồ sơ này thuộc đơn vị khác."), code="forbidden")
    if not can_act(actor, case, action):
        raise Refused(403, _refusal(actor, case, action), code="forbidden")
    on = effective_day(case, data, today=today)
    if action == "propose":
        return propose(case, data, actor=actor, on=on, today=today)
    facts = facts_of(case)
    try:
        workflow.check(facts, action, on=on)
    except TransitionNotAllowed as error:
        raise not_allowed(error) from None
    step = Step(
        case=case,
        action=action,
        actor=actor,
        on=on,
        today=today,
        data=data,
        documents=list(documents),
    )
    PREPARE[action](step)
    return _commit_step(step, facts)


def _refusal(actor: User, case: Case, action: str) -> str:
    if case.unit_id != getattr(actor, "unit_id", None) and action != "remind":
        return _("Chỉ cán bộ của đơn vị đang giải quyết hồ sơ mới thực hiện được thao tác này.")
    if action in workflow.HEAD_ONLY_ACTIONS:
        return _(
            "Thao tác «%(step)s» do thủ trưởng đơn vị quyết định; cán bộ có thể gửi đề xuất "
            '(action "propose").',
            step=labels.ACTION[action],
        )
    return _("Bạn không có quyền thực hiện thao tác «%(step)s».", step=labels.ACTION[action])


def _commit_step(step: Step, facts: workflow.CaseFacts) -> CaseEvent:
    case = step.case
    spec = workflow.STEPS[step.action]
    before = case.status.value
    after = workflow.target_state(
        facts, step.action, partial=step.partial, continues=step.continues
    )
    if after != before:
        if after == Status.SUSPENDED:
            case.status_before_suspension = Status(before)
        elif before == Status.SUSPENDED:
            case.status_before_suspension = None
        case.status = Status(after)
    plan = workflow.deadline_plan(
        case.kind.value,
        step.action,
        complaint_round=case.complaint_round or 1,
        full_withdrawal=after == Status.WITHDRAWN,
    )
    apply_plan(case, plan, step.on, start=step.start or step.on)
    if case.status not in workflow.OPEN_STATES:
        case.closed_on = step.on
    details = dict(step.details)
    if step.remark:
        details["remark"] = step.remark
    if spec.notice and after != before or step.action == "extend":
        details["notice"] = spec.notice
    approved = pending_proposal(case, step.action)
    if approved is not None:
        details["approves"] = approved.id
    basis_vi, _basis_en = spec.basis_for(case.kind.value)
    event = record_event(
        case,
        actor=step.actor,
        action=step.action,
        on=step.on,
        today=step.today,
        from_status=before,
        to_status=after,
        basis=basis_vi,
        public=spec.public,
        note=step.note,
        details=details,
    )
    db.session.flush()
    for callback in step.after:
        callback(event)
    _issue_notice(case, event, step.actor)
    notify(case, event)
    db.session.flush()
    return event


def _issue_notice(case: Case, event: CaseEvent, actor: User) -> None:
    """Enter the step's instruments (notice, decision, conclusion, slip) in the unit's document
    register, numbered now that the head takes the step (petitions.documents.service)."""
    if not notices.instruments_for(case, event):
        return
    extra: dict = {}
    resolution = workflow.resolution_rule(case.kind.value, case.complaint_round or 1)
    row = next((d for d in reversed(case.deadlines) if d.rule == resolution), None)
    if row is not None and event.action in ("accept", "extend"):
        extra["due_on"] = row.due_on.isoformat()
    event.details = {**event.details, **extra}
    issue_for_step(case, event, actor=actor)


def _note(step: Step, name: str = "note", *, required: bool = False) -> str:
    return read_text(step.data, name, required=required)


def prepare_classify(step: Step) -> None:
    case, data = step.case, step.data
    changes: dict = {}
    if data.get("kind") not in (None, ""):
        new_kind = data["kind"]
        if not one_of(new_kind, workflow.KINDS):
            raise invalid("kind", _("Loại đơn không hợp lệ."))
        if new_kind != case.kind.value:
            changes["kind"] = [case.kind.value, new_kind]
    for name in ("eligible", "within_competence", "multi_site", "public_interest"):
        if name in data and data[name] not in (None, ""):
            value = read_flag(data, name)
            if getattr(case, name) != value:
                changes[name] = [getattr(case, name), value]
    area = read_subject_area(data)  # the forms' subject area (Circular 01/2024/TT-TTCP)
    if area is not None and area != case.subject_area:
        changes["subject_area"] = [case.subject_area, area]
    if data.get("complaint_round") not in (None, ""):
        try:
            round_ = int(data["complaint_round"])
        except (TypeError, ValueError):
            round_ = 0
        if round_ not in (1, 2):
            raise invalid("complaint_round", _("Lần khiếu nại phải là 1 hoặc 2."))
        if round_ != case.complaint_round:
            changes["complaint_round"] = [case.complaint_round, round_]
    repeat_of = None
    if data.get("repeat_of") not in (None, ""):
        repeat_of = find_case(data["repeat_of"], "repeat_of", actor=step.actor)
        if repeat_of.id == case.id:
            raise invalid("repeat_of", _("Một hồ sơ không thể lặp lại chính nó."))
        changes["repeat_of"] = repeat_of.tracking_code
    duplicate_of = None
    if data.get("duplicate_of") not in (None, ""):
        duplicate_of = find_case(data["duplicate_of"], "duplicate_of", actor=step.actor)
        if duplicate_of.id == case.id:
            raise invalid("duplicate_of", _("Một hồ sơ không thể trùng với chính nó."))
        changes["duplicate_of"] = duplicate_of.tracking_code
    step.note = _note(step)

    kind = changes.get("kind", [None, case.kind.value])[1]
    if "complaint_round" in changes and kind != "complaint":
        raise invalid("complaint_round", _("Chỉ đơn khiếu nại mới có lần khiếu nại."))
    if "kind" in changes:
        _reclassify(case, changes["kind"][0], changes["kind"][1], step)
    for name in ("eligible", "within_competence", "multi_site", "public_interest"):
        if name in changes:
            setattr(case, name, changes[name][1])
    if "complaint_round" in changes:
        case.complaint_round = changes["complaint_round"][1]
        round_acceptance(case)
    if "subject_area" in changes:
        case.subject_area = changes["subject_area"][1]
    if repeat_of is not None:
        case.repeat_of = repeat_of
        case.repeat_number = (repeat_of.repeat_number or 1) + 1
        if case.complaint_round >= 2 and case.kind == Kind.COMPLAINT:

            def tell_first(event, first=repeat_of):
                record_event(
                    first,
                    actor=step.actor,
                    action="second_complaint",
                    on=step.on,
                    today=step.today,
                    details={"case_id": case.id, "tracking_code": case.tracking_code},
                )

            step.after.append(tell_first)
    if duplicate_of is not None:
        case.duplicate_of = duplicate_of
    if "multi_site" in changes and case.kind == Kind.DENUNCIATION:
        for row in case.open_deadlines():
            if row.rule == "denunciation.initial":
                recompute(case, row, rule_params(case, row.rule))
    if (
        case.kind == Kind.DENUNCIATION
        and case.within_competence is False
        and not any(d.rule == "denunciation.forward" for d in case.deadlines)
    ):
        open_deadline(case, "denunciation.forward", case.received_on)
    step.details = {"changes": changes}


def _reclassify(case: Case, old: str, new: str, step: Step) -> None:
    """A petition found to be another kind swaps the kind's own intake deadline; one found to
    be a denunciation has its petitioners' identity sealed from now on."""
    for row in case.open_deadlines():
        if row.rule in (
            "complaint.accept",
            "complaint.accept.second",
            "denunciation.initial",
            "denunciation.forward",
        ):
            row.cancelled = True
    case.kind = Kind(new)
    if new == "complaint":
        open_deadline(case, workflow.acceptance_rule(case.complaint_round), case.received_on)
    elif new == "denunciation":
        open_deadline(case, "denunciation.initial", case.received_on)
        if not case.sealed:
            seal_petitioners(case)
    else:
        case.complaint_round = 1
    refresh_current_due(case)


def prepare_accept(step: Step) -> None:
    complexity = parse_complexity(step.data.get("complex"))
    case = step.case
    case.complexity = complexity
    case.accepted_on = step.on
    case.within_competence = True
    if case.eligible is None:
        case.eligible = True
    step.remark = _note(step)
    step.details = {"complexity": complexity, "remote": bool(case.unit and case.unit.remote)}


_CENTRAL_BODY = "Cơ quan trung ương có thẩm quyền (Bộ, ngành quản lý)"


def _competence(step: Step, *, target: str) -> dict:
    """What the law says about where a case about `about` belongs (petitions.domain.competence),
    recorded with the step. Without a destination (`to_unit` when forwarding, `to_body` when
    guiding), the one the law and the tree name on the day is used."""
    about = step.data.get("about")
    if about in (None, ""):
        return {}
    found = {s.subject: s for s in competence.suggestions(step.case, on=step.on)}
    if not isinstance(about, str) or about not in found:
        raise invalid("about", _("Lựa chọn không hợp lệ."))
    suggestion = found[about]
    if step.data.get(target) in (None, ""):
        if target == "to_body":
            unit = suggestion.unit
            name = _CENTRAL_BODY if suggestion.outside else (unit.name if unit else "")
            if name:
                step.data = {**step.data, "to_body": name}
        elif suggestion.outside:
            raise invalid(
                "to_unit",
                _(
                    "Vụ việc thuộc thẩm quyền cơ quan trung ương: hướng dẫn công dân thay vì chuyển."
                ),
            )
        elif suggestion.unit is None or suggestion.unit.id == step.case.unit_id:
            raise invalid("to_unit", _("Trường này là bắt buộc."))
        else:
            step.data = {**step.data, "to_unit": suggestion.unit.code}
    return {
        "about": about,
        "competent_unit": suggestion.unit.code if suggestion.unit else None,
        "competence_basis": suggestion.basis_vi,
    }


def prepare_forward(step: Step) -> None:
    case = step.case
    competent = _competence(step, target="to_unit")
    to_unit = find_unit(step.data.get("to_unit"), "to_unit")
    if to_unit.id == case.unit_id:
        raise invalid("to_unit", _("Không thể chuyển đơn cho chính đơn vị đang giải quyết."))
    if not to_unit.active:
        raise invalid("to_unit", _("Đơn vị %(code)s không còn hoạt động.", code=to_unit.code))
    step.remark = _note(step)
    case.within_competence = False
    # History text the citizen reads stays Vietnamese, whatever language the officer uses.
    step.note = f"Chuyển đến {to_unit.name}."
    step.details = {"to_unit": to_unit.code, "to_unit_name": to_unit.name, **competent}

    def open_there(event):
        linked = open_linked_case(
            case, to_unit=to_unit, on=step.on, actor=step.actor, today=step.today
        )
        event.details = {
            **event.details,
            "linked_case_id": linked.id,
            "linked_tracking_code": linked.tracking_code,
        }

    step.after.append(open_there)


def prepare_guide(step: Step) -> None:
    step.case.within_competence = False
    competent = _competence(step, target="to_body")
    body = read_text(step.data, "to_body", limit=300)
    reason = read_text(step.data, "reason")
    step.note = " ".join(x for x in (reason, body and f"Cơ quan có thẩm quyền: {body}.") if x)
    step.remark = _note(step)
    step.details = {"to_body": body, "reason": reason, **competent}


def prepare_file(step: Step) -> None:
    data = step.data
    code = data.get("reason_code")
    reason = read_text(data, "reason")
    if code in (None, ""):
        if not reason:
            raise invalid("reason", _("Hãy nêu lý do lưu đơn."))
        code = reason if reason in workflow.FILE_REASONS else "other"
        if code != "other":
            reason = ""
    elif not one_of(code, workflow.FILE_REASONS):
        raise invalid(
            "reason_code",
            _(
                "Lý do không hợp lệ. Chọn một trong: %(codes)s.",
                codes=", ".join(workflow.FILE_REASONS),
            ),
        )
    if code == "other" and not reason:
        raise invalid("reason", _("Hãy ghi rõ lý do lưu đơn."))
    step.case.reason_code = code
    step.case.eligible = False
    step.note = workflow.FILE_REASONS[code][0] + (f": {reason}" if reason else "")
    step.details = {"reason_code": code, "reason": reason}


def prepare_reject(step: Step) -> None:
    reason = read_text(step.data, "reason", required=True)
    step.case.reason_code = read_text(step.data, "reason_code", limit=40) or None
    step.note = reason
    step.remark = _note(step)
    step.details = {"reason": reason}


def prepare_assign(step: Step) -> None:
    case = step.case
    user = find_user(step.data.get("user"), "user")
    if user.unit_id != case.unit_id or not user.is_active:
        raise invalid("user", _("Chỉ giao cho cán bộ đang làm việc tại đơn vị giải quyết."))
    if not user.has_any_role(Role.HANDLER, Role.UNIT_HEAD):
        raise invalid("user", _("Chỉ giao cho cán bộ xử lý hoặc thủ trưởng đơn vị."))
    if is_assigned(user, case):
        raise invalid("user", _("Cán bộ này đã được giao hồ sơ."))
    case.assignments.append(Assignment(user_id=user.id, assigned_on=step.on, active=True))
    step.note = _note(step)
    step.details = {"user": user.username, "user_name": user.display_name}

    def tell_assignee(event, user=user):
        email_staff(
            [user],
            subject=_("Bạn được giao xác minh hồ sơ %(code)s", code=case.tracking_code),
            body=staff_body(case, event),
            case=case,
        )

    step.after.append(tell_assignee)


def _keep_documents(step: Step) -> list[int]:
    kept = [
        attach_document(step.case, storage=storage, actor=step.actor) for storage in step.documents
    ]
    db.session.flush()
    return [attachment.id for attachment in kept]


def prepare_verify(step: Step) -> None:
    step.note = _note(step, required=True)
    kind = read_text(step.data, "step", limit=60)
    step.details = {"step": kind} if kind else {}
    if step.documents:
        step.details["documents"] = _keep_documents(step)


def prepare_notify(step: Step) -> None:
    step.note = _note(step)


def prepare_dialogue(step: Step) -> None:
    """A dialogue held and minuted; or, with `absent`, the complainant's absence without good
    reason after a written invitation (Law 136/2025/QH15), on which a second-round decision
    may go ahead without the dialogue."""
    data, case = step.data, step.case
    participants = read_text(data, "participants", limit=1000)
    if read_flag(data, "absent"):
        invitation = read_text(data, "invitation", required=True, limit=300)
        invited_on = read_day(data, "invited_on")
        if invited_on is None:
            raise invalid("invited_on", _("Trường này là bắt buộc."))
        if invited_on > step.on:
            raise invalid("invited_on", _("Ngày mời không được sau ngày đối thoại."))
        if case.accepted_on and invited_on < case.accepted_on:
            raise invalid("invited_on", _("Ngày mời không được trước ngày thụ lý."))
        # The citizen's timeline reads Vietnamese, whatever language the officer uses.
        step.note = (
            "Người khiếu nại đã được mời đối thoại nhưng vắng mặt không có lý do chính đáng."
        )
        step.details = {
            "absent": True,
            "invitation": invitation,
            "invited_on": invited_on.isoformat(),
            "minutes": read_text(data, "minutes"),
            "participants": participants,
        }
    else:
        minutes = read_text(data, "minutes", required=True)
        case.dialogue_on = step.on
        step.details = {"minutes": minutes, "participants": participants}
    if step.documents:
        step.details["documents"] = _keep_documents(step)


def prepare_extend(step: Step) -> None:
    reason = read_text(step.data, "reason", required=True)
    case = step.case
    number, decided_on = _decision(step)
    # LTC art. 30: the head states the days (at most 30), before the period ends.
    days = deadline_facts.read_extension_days(step.data)
    deadline_facts.add_extension(case, days, step.on)
    step.note = reason
    step.details = {
        "reason": reason,
        "decision_number": number,
        "decided_on": decided_on.isoformat(),
        "days": days,
        "extension": case.extensions,
    }


def _decision(step: Step) -> tuple[str, date]:
    """The decision's number as typed ("" for the register to give) and its signing day."""
    number = decisions.read_number(step.data)
    decided_on = decisions.read_decided_on(
        step.data, on=step.on, today=step.today, accepted_on=step.case.accepted_on
    )
    return number, decided_on


def _grounded(step: Step, *, note_required: bool) -> None:
    """A suspension or termination: its ground from the law's list, the officer's note, the
    decision's number and day, all kept with the history entry."""
    case = step.case
    note = read_text(step.data, "reason", required=note_required)
    ground = decisions.read_ground(step.data, step.action, case.kind.value)
    if ground.needs_note and not note:
        raise invalid("reason", _("Hãy ghi rõ căn cứ."))
    number, decided_on = _decision(step)
    # The citizen's timeline reads Vietnamese, whatever language the officer uses.
    step.note = f"{ground.vi}." + (f" {note}" if note else "")
    step.details = {
        "ground": ground.code,
        "ground_basis": ground.basis_vi,
        "reason": note,
        "decision_number": number,
        "decided_on": decided_on.isoformat(),
    }


def prepare_suspend(step: Step) -> None:
    _grounded(step, note_required=True)


def prepare_terminate(step: Step) -> None:
    _grounded(step, note_required=False)
    step.case.reason_code = step.details["ground"]


def prepare_resume(step: Step) -> None:
    """Resumption gives the clocks back the days they had left, so the days suspended do not
    count (LTC art. 34; LKN as amended): the entry records the days and the new due dates."""
    case = step.case
    step.remark = _note(step)
    number, decided_on = _decision(step)
    stopped = [row.suspended_on for row in case.open_deadlines() if row.suspended_on]
    since = min(stopped) if stopped else None
    days = (step.on - since).days if since else 0
    step.details = {
        "decision_number": number,
        "decided_on": decided_on.isoformat(),
        "suspended_on": since.isoformat() if since else None,
        "suspended_days": days,
    }
    if since:
        step.note = (
            f"Tiếp tục giải quyết; {days} ngày tạm đình chỉ (từ {since:%d/%m/%Y}) "
            "không tính vào thời hạn giải quyết."
        )

    def record_due_dates(event):
        running = {
            row.rule: row.due_on.isoformat()
            for row in case.open_deadlines()
            if row.rule not in workflow.PASSIVE_RULES
        }
        event.details = {**event.details, "due_dates": running}

    step.after.append(record_due_dates)


def prepare_withdraw(step: Step) -> None:
    case = step.case
    reason = read_text(step.data, "reason", required=True)
    partial = read_flag(step.data, "partial")
    continues = read_flag(step.data, "continue")
    if continues and case.kind != Kind.DENUNCIATION:
        raise invalid("continue", _("Chỉ việc giải quyết tố cáo mới có thể tiếp tục khi rút đơn."))
    continue_reason = read_text(step.data, "continue_reason")
    if continues and not continue_reason:
        raise invalid(
            "continue_reason",
            _("Nêu dấu hiệu vi phạm hoặc việc rút tố cáo do bị ép buộc để tiếp tục giải quyết."),
        )
    # A partial withdrawal names what is withdrawn; the rest of the petition goes on.
    # (An older client sends only the reason, which then says what is withdrawn.)
    contents = read_text(step.data, "withdrawn_contents")
    if contents and not partial:
        raise invalid(
            "withdrawn_contents",
            _("Chỉ ghi nội dung được rút khi rút một phần; rút toàn bộ thì để trống."),
        )
    contents = contents or reason
    step.partial, step.continues = partial, continues
    step.note = reason
    if partial:
        step.note = f"Rút một phần nội dung: {contents}." + (
            f" {reason}" if reason != contents else ""
        )
    step.details = {"reason": reason, "partial": partial, "continue": continues}
    if partial:
        step.details["withdrawn_contents"] = contents
    if continues:
        step.details["continue_reason"] = continue_reason


def prepare_conclude(step: Step) -> None:
    case = step.case
    outcome = step.data.get("outcome")
    if outcome in (None, ""):
        raise invalid("outcome", _("Trường này là bắt buộc."))
    if not one_of(outcome, workflow.OUTCOMES):
        raise invalid("outcome", _("Kết quả phải là correct, partly_correct hoặc incorrect."))
    number, decided_on = _decision(step)
    # What the decision recovered, returned and recommended (forms 01/KQGQ, 03/KQGQ).
    results = read_results(step.data, on_or_before=step.today)
    case.outcome = outcome
    case.decision_number = number or None
    case.decided_on = decided_on
    case.concluded_on = step.on
    step.start = decided_on
    step.note = _note(step, "summary")
    step.remark = _note(step)
    step.details = {
        "outcome": outcome,
        "decision_number": number,
        "decided_on": decided_on.isoformat(),
    }
    if save_results(case, results) is not None:
        step.details["results"] = {key: str(value) for key, value in results.items()}
    if case.forwarded_from is not None:

        def tell_sender(event, sender=case.forwarded_from):
            record_event(
                sender,
                actor=step.actor,
                action="forward_reply",
                on=step.on,
                today=step.today,
                details={
                    "case_id": case.id,
                    "tracking_code": case.tracking_code,
                    "outcome": outcome,
                },
            )

        step.after.append(tell_sender)


def prepare_close(step: Step) -> None:
    step.remark = _note(step)


def prepare_remind(step: Step) -> None:
    case = step.case
    step.note = _note(step)
    targets = (
        [c for c in linked_cases(case) if awaits_answer(c)]
        if case.status == Status.FORWARDED
        else []
    )
    step.details = {"to_cases": [c.id for c in targets]}

    def deliver(event):
        for target in targets or [case]:
            if target is not case:
                record_event(
                    target,
                    actor=step.actor,
                    action="reminder_received",
                    on=step.on,
                    today=step.today,
                    note=step.note,
                    details={"from_case_id": case.id, "from_unit": step.actor.unit.code},
                )
            email_staff(
                responsible_staff(target),
                subject=_("Đôn đốc giải quyết hồ sơ %(code)s", code=target.tracking_code),
                body=staff_body(target, event),
                case=target,
            )

    step.after.append(deliver)


PREPARE = {
    "classify": prepare_classify,
    "accept": prepare_accept,
    "forward": prepare_forward,
    "guide": prepare_guide,
    "file": prepare_file,
    "reject": prepare_reject,
    "assign": prepare_assign,
    "verify": prepare_verify,
    "notify": prepare_notify,
    "dialogue": prepare_dialogue,
    "extend": prepare_extend,
    "suspend": prepare_suspend,
    "resume": prepare_resume,
    "terminate": prepare_terminate,
    "withdraw": prepare_withdraw,
    "conclude": prepare_conclude,
    "close": prepare_close,
    "remind": prepare_remind,
}
assert set(PREPARE) == set(workflow.ACTIONS)
