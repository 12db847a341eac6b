"""The case workflow: who may take which step, and each step with its deadlines and history.

Every step goes through `take_action`, shared by the staff pages and the JSON API. A step
sets the case's state, moves its deadlines (petitions.domain.workflow.deadline_plan), writes
one CaseEvent in the same transaction, queues the e-mails it causes, and flushes — the caller
commits. Refusals are `ActionError`s carrying the HTTP status the API answers with: 403 (not
this user's to do), 409 (not in this state), 422 (missing or invalid data, naming the field).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from petitions.accounts.models import Role, User
from petitions.cases import labels
from petitions.cases.models import (
    SEALED_EMAIL,
    Assignment,
    Attachment,
    Case,
    CaseDeadline,
    CaseEvent,
    Channel,
    IdentityReveal,
    Kind,
    Petitioner,
    Status,
)
from petitions.cases.timing import (
    deadline_for,
    meet_deadline,
    open_deadline,
    pause_deadlines,
    recompute,
    refresh_current_due,
    resume_deadlines,
    rule_params,
)
from petitions.domain import dates, workflow
from petitions.domain import deadlines as engine
from petitions.domain.workflow import PASSIVE_RULES, TransitionNotAllowed
from petitions.extensions import db
from petitions.guards import MAX_ID
from petitions.notifications.services import seal_case_messages
from petitions.sealing import id_number_digest, seal_identity
from petitions.text import clean, fold
from petitions.units.models import Unit

log = logging.getLogger(__name__)

STAFF_ROLES = frozenset({Role.RECEPTION_OFFICER, Role.HANDLER, Role.UNIT_HEAD})
READ_ALL_ROLES = frozenset({Role.INSPECTOR, Role.HOME_AFFAIRS, Role.ADMIN})
# What a reception officer may do with a petition beyond recording it.
RECEPTION_ACTIONS = frozenset({"classify", "guide", "file", "remind"})
DUE_SOON_DAYS = 3
MAX_TEXT = 5000
# Control characters other than tab and line breaks: no database or .docx wants them.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ActionError(Exception):
    """A step refused, with the HTTP status, error code and (for 422) the fields at fault."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.fields = fields or {}


def invalid(field_name: str, message: str) -> ActionError:
    return ActionError(422, message, code="invalid", fields={field_name: [message]})


def _not_allowed(error: TransitionNotAllowed) -> ActionError:
    return ActionError(409, error.message(labels.lang()), code=error.code)


# -- who may do what ------------------------------------------------------------------------------


def _role(user) -> Role | None:
    role = getattr(user, "role", None)
    return Role(role) if role is not None else None


def visible_unit_ids(user: User) -> set[int] | None:
    """Units whose cases the user may list: None means every unit (the inspectorate)."""
    if _role(user) in READ_ALL_ROLES:
        return None
    if _role(user) == Role.UNIT_HEAD:
        from petitions.units.services import subtree_ids

        return subtree_ids(user.unit)
    return {user.unit_id}


def can_read(user: User | None, case: Case) -> bool:
    """Own unit (heads: and units below), the unit that received it, the unit that forwarded
    it (to follow the reply), and the inspectorate, home affairs and admins everywhere."""
    if user is None or not user.is_active:
        return False
    if _role(user) in READ_ALL_ROLES:
        return True
    if user.unit_id in (case.unit_id, case.receiving_unit_id):
        return True
    if case.forwarded_from is not None and case.forwarded_from.unit_id == user.unit_id:
        return True
    units = visible_unit_ids(user)
    return units is not None and case.unit_id in units


def is_assigned(user: User | None, case: Case) -> bool:
    return user is not None and any(a.active and a.user_id == user.id for a in case.assignments)


def can_act(user: User | None, case: Case, action: str) -> bool:
    """Whether the user's role and unit let them take `action` on the case (not the state).

    Staff act only on their own unit's cases; accept, forward, extend and conclude are the
    unit head's (a handler proposes them); the inspectorate sends reminders on any case.
    """
    if user is None or not user.is_active:
        return False
    role = _role(user)
    if action == "remind":
        if role == Role.INSPECTOR:
            return True
        return role in STAFF_ROLES and case.unit_id == user.unit_id
    if role not in STAFF_ROLES or case.unit_id != user.unit_id:
        return False
    if action == "propose":
        return role in (Role.HANDLER, Role.RECEPTION_OFFICER)
    if action in workflow.HEAD_ONLY_ACTIONS:
        return role == Role.UNIT_HEAD
    if role == Role.RECEPTION_OFFICER:
        return action in RECEPTION_ACTIONS
    return True


def can_reveal(user: User | None, case: Case) -> bool:
    """Only the head of the resolving unit and the staff assigned to the case (LTC art. 47)."""
    if user is None or not user.is_active or not case.sealed:
        return False
    if user.unit_id != case.unit_id:
        return False
    return _role(user) == Role.UNIT_HEAD or is_assigned(user, case)


# -- facts and the steps open now -----------------------------------------------------------------


def second_complaint_of(case: Case) -> Case | None:
    return db.session.scalar(
        select(Case)
        .where(Case.repeat_of_id == case.id, Case.complaint_round >= 2)
        .order_by(Case.id)
        .limit(1)
    )


def linked_cases(case: Case) -> list[Case]:
    """The cases opened in other units when this one was forwarded."""
    if case.id is None:
        return []
    return list(
        db.session.scalars(select(Case).where(Case.forwarded_from_id == case.id).order_by(Case.id))
    )


def awaits_answer(case: Case) -> bool:
    """Still being worked on: no decision yet (a concluded case has answered)."""
    return case.status in (Status.RECEIVED, Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED)


def facts_of(case: Case) -> workflow.CaseFacts:
    window = next(
        (d for d in reversed(case.deadlines) if d.rule == "complaint.second_window"), None
    )
    linked_open = True
    if case.status == Status.FORWARDED:
        linked_open = any(awaits_answer(linked) for linked in linked_cases(case))
    lodged = False
    if case.kind == Kind.COMPLAINT and case.status == Status.CONCLUDED:
        lodged = second_complaint_of(case) is not None
    return workflow.CaseFacts(
        kind=case.kind.value,
        status=case.status.value,
        status_before_suspension=(
            case.status_before_suspension.value if case.status_before_suspension else None
        ),
        complaint_round=case.complaint_round or 1,
        complexity=case.complexity,
        extensions=case.extensions or 0,
        dialogue_held=case.dialogue_on is not None,
        second_complaint_lodged=lodged,
        second_window_due=window.due_on if window is not None else None,
        linked_case_open=linked_open,
    )


def next_steps(user: User | None, case: Case, *, today: date) -> list[str]:
    """The steps this user may take on the case now, in workflow order."""
    facts = facts_of(case)
    steps = []
    for action in workflow.next_actions(facts, on=today):
        if can_act(user, case, action):
            steps.append(action)
    return steps


def proposable_steps(user: User | None, case: Case, *, today: date) -> list[str]:
    """Head-only steps the state allows that this user may propose to the head."""
    if not can_act(user, case, "propose"):
        return []
    facts = facts_of(case)
    return [
        action
        for action in workflow.next_actions(facts, on=today)
        if action in workflow.HEAD_ONLY_ACTIONS
    ]


# -- deadlines as shown ---------------------------------------------------------------------------


@dataclass
class DeadlineView:
    row: CaseDeadline
    state: str
    overdue: bool = False
    due_soon: bool = False
    days_overdue: int = 0
    days_late: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def rule(self) -> str:
        return self.row.rule


def deadline_state(row: CaseDeadline, today: date) -> DeadlineView:
    """Open, paused, met on time, missed by N days, or (for the citizen's window) ended."""
    passive = row.rule in PASSIVE_RULES
    if row.cancelled:
        return DeadlineView(row, "cancelled")
    if row.met_on is not None:
        if passive:
            return DeadlineView(row, "ended")
        late = max(0, (row.met_on - row.due_on).days)
        return DeadlineView(row, "missed" if late else "met", days_late=late)
    if row.suspended_on is not None:
        return DeadlineView(row, "paused")
    if passive:
        return DeadlineView(row, "window")
    return DeadlineView(
        row,
        "open",
        overdue=engine.is_overdue(row.due_on, today),
        due_soon=engine.is_due_soon(row.due_on, today, DUE_SOON_DAYS),
        days_overdue=engine.days_overdue(row.due_on, today),
    )


def explain(row: CaseDeadline) -> list[str]:
    """How the due date was counted, in the user's language, with pauses and extensions."""
    try:
        lines = deadline_for(row).describe(labels.lang())
    except engine.DeadlineError:
        return []
    pauses = (row.params or {}).get("pauses", [])
    en = labels.lang().startswith("en")
    for stopped, restarted in pauses:
        a = date.fromisoformat(stopped).strftime("%d/%m/%Y")
        b = date.fromisoformat(restarted).strftime("%d/%m/%Y")
        lines.append(
            f"Clock stopped on {a} and restarted on {b} with the days that were left."
            if en
            else f"Tạm dừng tính thời hạn từ {a}, tính tiếp từ {b} với số ngày còn lại."
        )
    if pauses:
        due = row.due_on.strftime("%d/%m/%Y")
        lines.append(f"Due after the pauses: {due}." if en else f"Hạn sau khi tạm dừng: {due}.")
    return lines


def deadline_views(case: Case, today: date, *, explained: bool = False) -> list[DeadlineView]:
    views = []
    for row in case.deadlines:
        view = deadline_state(row, today)
        if explained:
            view.lines = explain(row)
        views.append(view)
    return views


def deadlines_json(case: Case, today: date) -> list[dict]:
    return [
        {
            "rule": view.row.rule,
            "due_on": view.row.due_on.isoformat(),
            "basis": view.row.basis,
            "overdue": view.overdue,
            "state": view.state,
            "start_on": view.row.start_on.isoformat(),
            "met_on": view.row.met_on.isoformat() if view.row.met_on else None,
            "days_overdue": view.days_overdue,
            "days_late": view.days_late,
        }
        for view in deadline_views(case, today)
    ]


def _end_open_deadlines(case: Case, on: date) -> None:
    """The case leaves the unit's hands: every open clock stops here.

    A duty is met on `on` (late if `on` is past its due date); the citizen's own window ends
    on its due date or on `on`, whichever comes first.
    """
    for row in case.open_deadlines():
        row.met_on = min(on, row.due_on) if row.rule in PASSIVE_RULES else on
    refresh_current_due(case)


def _apply_plan(case: Case, plan: workflow.DeadlinePlan, on: date, *, start: date) -> None:
    for rule in plan.meet:
        meet_deadline(case, rule, on)
    if plan.meet_all:
        # A paused clock first gets its days back, so that "met" compares with a fair date.
        resume_deadlines(case, on)
        _end_open_deadlines(case, on)
    if plan.pause:
        pause_deadlines(case, on)
    if plan.carry:
        resume_deadlines(case, on)
    for rule in plan.recompute:
        for row in case.open_deadlines():
            if row.rule == rule:
                params = rule_params(case, rule)
                pauses = (row.params or {}).get("pauses")
                if pauses:
                    params["pauses"] = pauses
                recompute(case, row, params)
    for rule in plan.open:
        open_deadline(case, rule, start)


# -- history --------------------------------------------------------------------------------------


def record_event(
    case: Case,
    *,
    actor: User | None,
    action: str,
    on: date,
    today: date,
    from_status: str | None = None,
    to_status: str | None = None,
    basis: str = "",
    public: bool = False,
    note: str = "",
    details: dict | None = None,
) -> CaseEvent:
    """Append one history row; `on` earlier than `today` flags it as backdated."""
    event = CaseEvent(
        effective_on=on,
        backdated=on < today,
        actor_id=getattr(actor, "id", None),
        action=action,
        from_status=from_status,
        to_status=to_status,
        basis=basis[:300],
        public=public,
        note=note,
        details=details or {},
    )
    case.events.append(event)
    return event


def last_transition_on(case: Case) -> date | None:
    days = [e.effective_on for e in case.events if e.to_status and e.to_status != e.from_status]
    return max(days) if days else None


# -- reading input --------------------------------------------------------------------------------


def _text(data: dict, name: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise invalid(name, _("Trường này là bắt buộc."))
        return ""
    if not isinstance(value, str):
        raise invalid(name, _("Phải là một chuỗi văn bản."))
    value = CONTROL_CHARS.sub("", clean(value))
    if required and not value:
        raise invalid(name, _("Trường này là bắt buộc."))
    if len(value) > limit:
        raise invalid(name, _("Tối đa %(n)d ký tự.", n=limit))
    return value


def one_of(value, allowed) -> bool:
    """`value in allowed`, false for anything that is not a string (lists are unhashable)."""
    return isinstance(value, str) and value in allowed


def _flag(data: dict, name: str, default: bool = False) -> bool:
    value = data.get(name, default)
    if isinstance(value, bool):
        return value
    if value in (None, ""):
        return default
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "on", "y"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "0", "no", "off", "n"):
        return False
    raise invalid(name, _("Phải là true hoặc false."))


def _day(data: dict, name: str) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise invalid(name, _("Ngày phải có dạng YYYY-MM-DD."))
    try:
        return dates.parse_day(value)
    except dates.DayOutOfRange:
        raise invalid(
            name,
            _(
                "Ngày nằm ngoài phạm vi lịch làm việc (%(first)d–%(last)d).",
                first=dates.FIRST_YEAR,
                last=dates.LAST_YEAR,
            ),
        ) from None
    except ValueError:
        raise invalid(name, _("Ngày phải có dạng YYYY-MM-DD.")) from None


def effective_day(case: Case, data: dict, *, today: date) -> date:
    """The day the step claims to have happened: today unless said otherwise, never later,
    never before the petition arrived or before the step the case is in."""
    on = _day(data, "on") or today
    if on > today:
        raise invalid("on", _("Ngày hiệu lực không được sau ngày hôm nay."))
    if on < case.received_on:
        raise invalid("on", _("Ngày hiệu lực không được trước ngày nhận đơn."))
    previous = last_transition_on(case)
    if previous is not None and on < previous:
        raise invalid(
            "on",
            _(
                "Ngày hiệu lực không được trước bước xử lý trước đó (%(day)s).",
                day=previous.strftime("%d/%m/%Y"),
            ),
        )
    return on


def _key(value) -> int | str | None:
    """A row id (within the database's integer range) or a code typed by someone; None for
    anything else. Control characters never reach a query (PostgreSQL refuses NUL)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str):
        return None
    text = CONTROL_CHARS.sub("", value).strip()[:80]
    if text.isdigit():
        return int(text) if 0 < int(text) <= MAX_ID else None
    return text or None


def _find_case(value, name: str, *, actor: User | None) -> Case:
    """The case a link names, if the actor may read it. One the actor may not read answers
    exactly like one that does not exist: a link must not confirm what it cannot show."""
    key = _key(value)
    if isinstance(key, int):
        found = db.session.get(Case, key)
    elif key:
        found = db.session.scalar(select(Case).where(Case.tracking_code == key.upper()))
    else:
        found = None
    if found is None or not can_read(actor, found):
        raise invalid(name, _("Không tìm thấy hồ sơ này."))
    return found


def _find_unit(value, name: str) -> Unit:
    from petitions.units.services import get_by_code

    key = _key(value)
    if not isinstance(value, str) or not value.strip():
        raise invalid(name, _("Trường này là bắt buộc."))
    unit = get_by_code(str(key)) if key is not None else None
    if unit is None:
        raise invalid(name, _("Không tìm thấy đơn vị %(code)s.", code=key or ""))
    return unit


def _find_user(value, name: str) -> User:
    from petitions.accounts.services import get_user

    if value in (None, ""):
        raise invalid(name, _("Trường này là bắt buộc."))
    key = _key(value)
    user = None
    if isinstance(key, str):
        user = get_user(key)
    elif isinstance(key, int):
        user = get_user(str(key)) or db.session.get(User, key)
    if user is None:
        raise invalid(name, _("Không tìm thấy cán bộ này."))
    return user


# -- the steps ------------------------------------------------------------------------------------


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
    Raises ActionError.
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
        raise ActionError(403, _("Hồ sơ này thuộc đơn vị khác."), code="forbidden")
    if not can_act(actor, case, action):
        raise ActionError(403, _refusal(actor, case, action), code="forbidden")
    on = effective_day(case, data, today=today)
    if action == "propose":
        return propose(case, data, actor=actor, on=on, today=today)
    facts = facts_of(case)
    try:
        workflow.check(facts, action, on=on)
    except TransitionNotAllowed as error:
        raise _not_allowed(error) from None
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
    _apply_plan(case, plan, step.on, start=step.start or step.on)
    if case.status in (
        Status.FORWARDED,
        Status.GUIDED,
        Status.FILED,
        Status.REJECTED,
        Status.CLOSED,
        Status.WITHDRAWN,
    ):
        case.closed_on = step.on
    details = dict(step.details)
    if step.remark:
        details["remark"] = step.remark
    if spec.notice and after != before or step.action == "extend":
        details["notice"] = spec.notice
    approved = _pending_proposal(case, step.action)
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
    if event.details.get("notice"):
        _issue_notice(case, event, step.actor)
    _notify(case, event)
    db.session.flush()
    return event


def _issue_notice(case: Case, event: CaseEvent, actor: User) -> None:
    """File the step's notice (a .docx kept as it was issued) and note it on the event."""
    from petitions.cases import notices

    extra: dict = {}
    resolution = workflow.resolution_rule(case.kind.value, case.complaint_round or 1)
    row = next((d for d in reversed(case.deadlines) if d.rule == resolution), None)
    if row is not None and event.action in ("accept", "extend"):
        extra["due_on"] = row.due_on.isoformat()
    event.details = {**event.details, **extra}
    attachment = notices.store(case, event, actor=actor)
    db.session.flush()
    event.details = {**event.details, "attachment_id": attachment.id}


def _note(step: Step, name: str = "note", *, required: bool = False) -> str:
    return _text(step.data, name, required=required)


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
            value = _flag(data, name)
            if getattr(case, name) != value:
                changes[name] = [getattr(case, name), value]
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
        repeat_of = _find_case(data["repeat_of"], "repeat_of", actor=step.actor)
        if repeat_of.id == case.id:
            raise invalid("repeat_of", _("Một hồ sơ không thể lặp lại chính nó."))
        changes["repeat_of"] = repeat_of.tracking_code
    duplicate_of = None
    if data.get("duplicate_of") not in (None, ""):
        duplicate_of = _find_case(data["duplicate_of"], "duplicate_of", actor=step.actor)
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
        if row.rule in ("complaint.accept", "denunciation.initial", "denunciation.forward"):
            row.cancelled = True
    case.kind = Kind(new)
    if new == "complaint":
        open_deadline(case, "complaint.accept", case.received_on)
    elif new == "denunciation":
        open_deadline(case, "denunciation.initial", case.received_on)
        if not case.sealed:
            seal_petitioners(case)
    else:
        case.complaint_round = 1
    refresh_current_due(case)


def seal_petitioners(case: Case) -> None:
    """Move every petitioner's identity into the sealed blob and clear the readable columns."""

    for person in case.petitioners:
        if person.sealed_identity is None:
            identity = {
                "full_name": person.full_name,
                "id_number": person.id_number,
                "address": person.address,
                "phone": person.phone,
                "email": person.email,
            }
            person.sealed_identity = seal_identity(identity)
            person.id_number_digest = person.id_number_digest or id_number_digest(person.id_number)
        person.full_name = person.id_number = person.address = None
        person.phone = person.email = person.name_folded = None
    case.sealed = True
    case.confidential = True
    case.search_text = fold(f"{case.tracking_code} {case.title} {case.content}")
    # The address it was written to, and every message already queued or sent, go under
    # the seal too: a reclassified petition must not keep its denouncer's email in clear.
    if case.notify_email:
        case.notify_email = SEALED_EMAIL
    seal_case_messages(case.id)


def parse_complexity(value) -> str | None:
    """The accept step's `complex`: false, true or "very" (forms send them as text)."""
    words = {
        "": None,
        "false": None,
        "0": None,
        "true": "complex",
        "1": "complex",
        "complex": "complex",
        "very": "very",
    }
    if value is None or value is False:
        return None
    if value is True:
        return "complex"
    if isinstance(value, str) and value.strip().lower() in words:
        return words[value.strip().lower()]
    raise invalid("complex", _('Mức độ phức tạp phải là false, true hoặc "very".'))


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


def prepare_forward(step: Step) -> None:
    case = step.case
    to_unit = _find_unit(step.data.get("to_unit"), "to_unit")
    if to_unit.id == case.unit_id:
        raise invalid("to_unit", _("Không thể chuyển đơn cho chính đơn vị đang giải quyết."))
    if not to_unit.active:
        raise invalid("to_unit", _("Đơn vị %(code)s không còn hoạt động.", code=to_unit.code))
    step.remark = _note(step)
    case.within_competence = False
    # History text the citizen reads stays Vietnamese, whatever language the officer uses.
    step.note = f"Chuyển đến {to_unit.name}."
    step.details = {"to_unit": to_unit.code, "to_unit_name": to_unit.name}

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
    body = _text(step.data, "to_body", limit=300)
    reason = _text(step.data, "reason")
    step.note = " ".join(x for x in (reason, body and f"Cơ quan có thẩm quyền: {body}.") if x)
    step.remark = _note(step)
    step.details = {"to_body": body, "reason": reason}


def prepare_file(step: Step) -> None:
    data = step.data
    code = data.get("reason_code")
    reason = _text(data, "reason")
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
    reason = _text(step.data, "reason", required=True)
    step.case.reason_code = _text(step.data, "reason_code", limit=40) or None
    step.note = reason
    step.remark = _note(step)
    step.details = {"reason": reason}


def prepare_assign(step: Step) -> None:
    case = step.case
    user = _find_user(step.data.get("user"), "user")
    if user.unit_id != case.unit_id or not user.is_active:
        raise invalid("user", _("Chỉ giao cho cán bộ đang làm việc tại đơn vị giải quyết."))
    if _role(user) not in (Role.HANDLER, Role.UNIT_HEAD):
        raise invalid("user", _("Chỉ giao cho cán bộ xử lý hoặc thủ trưởng đơn vị."))
    if is_assigned(user, case):
        raise invalid("user", _("Cán bộ này đã được giao hồ sơ."))
    case.assignments.append(Assignment(user_id=user.id, assigned_on=step.on, active=True))
    step.note = _note(step)
    step.details = {"user": user.username, "user_name": user.display_name}

    def tell_assignee(event, user=user):
        _email_staff(
            [user],
            subject=_("Bạn được giao xác minh hồ sơ %(code)s", code=case.tracking_code),
            body=_staff_body(case, event),
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
    kind = _text(step.data, "step", limit=60)
    step.details = {"step": kind} if kind else {}
    if step.documents:
        step.details["documents"] = _keep_documents(step)


def prepare_notify(step: Step) -> None:
    step.note = _note(step)


def prepare_dialogue(step: Step) -> None:
    minutes = _text(step.data, "minutes", required=True)
    participants = _text(step.data, "participants", limit=1000)
    step.case.dialogue_on = step.on
    step.details = {"minutes": minutes, "participants": participants}
    if step.documents:
        step.details["documents"] = _keep_documents(step)


def prepare_extend(step: Step) -> None:
    reason = _text(step.data, "reason", required=True)
    number = _text(step.data, "decision_number", limit=60)
    case = step.case
    case.extensions = (case.extensions or 0) + 1
    step.note = reason
    step.details = {"reason": reason, "decision_number": number, "extension": case.extensions}


def prepare_suspend(step: Step) -> None:
    step.note = _text(step.data, "reason", required=True)
    step.details = {"reason": step.note}


def prepare_resume(step: Step) -> None:
    step.remark = _note(step)


def prepare_withdraw(step: Step) -> None:
    case = step.case
    reason = _text(step.data, "reason", required=True)
    partial = _flag(step.data, "partial")
    continues = _flag(step.data, "continue")
    if continues and case.kind != Kind.DENUNCIATION:
        raise invalid("continue", _("Chỉ việc giải quyết tố cáo mới có thể tiếp tục khi rút đơn."))
    continue_reason = _text(step.data, "continue_reason")
    if continues and not continue_reason:
        raise invalid(
            "continue_reason",
            _("Nêu dấu hiệu vi phạm hoặc việc rút tố cáo do bị ép buộc để tiếp tục giải quyết."),
        )
    step.partial, step.continues = partial, continues
    step.note = reason
    step.details = {"reason": reason, "partial": partial, "continue": continues}
    if continues:
        step.details["continue_reason"] = continue_reason


def prepare_conclude(step: Step) -> None:
    case = step.case
    outcome = step.data.get("outcome")
    if outcome in (None, ""):
        raise invalid("outcome", _("Trường này là bắt buộc."))
    if not one_of(outcome, workflow.OUTCOMES):
        raise invalid("outcome", _("Kết quả phải là correct, partly_correct hoặc incorrect."))
    number = _text(step.data, "decision_number", limit=60)
    decided_on = _day(step.data, "decided_on") or step.on
    if decided_on > step.today:
        raise invalid("decided_on", _("Ngày ký không được sau ngày hôm nay."))
    if case.accepted_on and decided_on < case.accepted_on:
        raise invalid("decided_on", _("Ngày ký không được trước ngày thụ lý."))
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
            _email_staff(
                _responsible_staff(target),
                subject=_("Đôn đốc giải quyết hồ sơ %(code)s", code=target.tracking_code),
                body=_staff_body(target, event),
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
    "withdraw": prepare_withdraw,
    "conclude": prepare_conclude,
    "close": prepare_close,
    "remind": prepare_remind,
}
assert set(PREPARE) == set(workflow.ACTIONS)


# -- proposals ------------------------------------------------------------------------------------


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
        raise _not_allowed(error) from None
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
        note=_text(data, "note"),
        details={"proposal": proposal, "fields": fields},
    )
    db.session.flush()
    _email_staff(
        unit_heads(case.unit_id),
        subject=_(
            "Đề xuất %(step)s hồ sơ %(code)s", step=labels.ACTION[proposal], code=case.tracking_code
        ),
        body=_staff_body(case, event),
        case=case,
    )
    return event


def _validate_only(case: Case, action: str, fields: dict, **context) -> None:
    """Run a step's field checks without keeping any change it makes."""
    if action == "accept":
        parse_complexity(fields.get("complex"))
    elif action == "forward":
        to_unit = _find_unit(fields.get("to_unit"), "to_unit")
        if to_unit.id == case.unit_id:
            raise invalid("to_unit", _("Không thể chuyển đơn cho chính đơn vị đang giải quyết."))
    elif action == "extend":
        _text(fields, "reason", required=True)
    elif action == "conclude" and not one_of(fields.get("outcome"), workflow.OUTCOMES):
        raise invalid("outcome", _("Kết quả phải là correct, partly_correct hoặc incorrect."))


def _pending_proposal(case: Case, action: str) -> CaseEvent | None:
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


# -- forwarding -----------------------------------------------------------------------------------


def open_linked_case(case: Case, *, to_unit: Unit, on: date, actor: User, today: date) -> Case:
    """Open the forwarded petition in the receiving unit as a transferred case through intake's
    `record_petition`: same content, petitioners (sealed stays sealed), files and citizen's
    access key, its own intake deadlines from the day of forwarding."""
    from petitions import attachments as files
    from petitions.intake.services import record_petition
    from petitions.intake.validation import IntakeError

    uploads = []
    for attachment in case.attachments:
        path = files.path_of(attachment)
        if attachment.purpose == "notice" or not path.exists():
            continue
        uploads.append(
            files.Upload(
                filename=attachment.original_name,
                data=path.read_bytes(),
                content_type=attachment.content_type,
                extension=attachment.stored_name.rsplit(".", 1)[-1],
            )
        )
    try:
        receipt = record_petition(
            data={},
            channel=Channel.TRANSFERRED,
            receiving_unit=to_unit,
            received_on=on,
            today=today,
            actor=actor,
            forwarded_from=case,
            attachments=uploads[: files.max_files()],
        )
    except IntakeError as error:
        raise ActionError(
            422, _("Không thể mở hồ sơ tại đơn vị nhận."), code="invalid", fields=error.fields
        ) from None
    linked = receipt.case
    linked.complaint_round = case.complaint_round
    linked.multi_site = case.multi_site
    linked.public_interest = case.public_interest
    db.session.flush()
    _email_staff(
        unit_heads(to_unit.id),
        subject=_("Đơn chuyển đến: %(code)s", code=linked.tracking_code),
        body=_staff_body(linked, linked.events[-1]),
        case=linked,
    )
    return linked


# -- identity -------------------------------------------------------------------------------------


def reveal_identity(case: Case, *, actor: User, reason: str, today: date) -> list[dict]:
    """The sealed identities of the case's petitioners, for someone allowed to see them; the
    view is recorded (IdentityReveal and a non-public CaseEvent) in the same transaction."""
    if not case.sealed:
        raise invalid("reason", _("Hồ sơ này không có thông tin được giữ bí mật."))
    if not can_reveal(actor, case):
        raise ActionError(
            403,
            _("Chỉ người giải quyết và cán bộ được giao mới được xem thông tin người tố cáo."),
            code="forbidden",
        )
    reason = CONTROL_CHARS.sub("", clean(reason if isinstance(reason, str) else ""))
    if not reason:
        raise invalid("reason", _("Hãy nêu lý do cần xem thông tin người tố cáo."))
    if len(reason) > 500:
        raise invalid("reason", _("Tối đa %(n)d ký tự.", n=500))
    from petitions.sealing import SealError, unseal_identity

    identities = []
    for person in case.petitioners:
        if person.sealed_identity is None:
            continue
        try:
            identity = unseal_identity(person.sealed_identity)
        except SealError:
            raise ActionError(
                503,
                _("Máy chủ này không giữ khóa giải mã thông tin người tố cáo."),
                code="seal_unavailable",
            ) from None
        identities.append(
            {**identity, "position": person.position, "representative": person.representative}
        )
    db.session.add(IdentityReveal(case_id=case.id, user_id=actor.id, reason=reason))
    record_event(
        case,
        actor=actor,
        action="identity_revealed",
        on=today,
        today=today,
        public=False,
        note=reason,
        details={"reason": reason},
    )
    db.session.flush()
    return identities


def petitioner_summary(case: Case) -> dict:
    """The petitioner as anyone reading the case may see: sealed, or the clear fields."""
    if case.sealed:
        return {"sealed": True}
    first = case.petitioners[0] if case.petitioners else None
    if first is None:
        return {"anonymous": True} if case.anonymous else {}
    return person_json(first)


def person_json(person: Petitioner) -> dict:
    return {
        "full_name": person.full_name,
        "id_number": person.id_number,
        "address": person.address,
        "phone": person.phone,
        "email": person.email,
    }


# -- access ---------------------------------------------------------------------------------------


def get_case_for(user: User, case_id: int, *, lock: bool = False) -> Case:
    """The case if it exists (404) and this user may read it (403)."""
    if not 0 < case_id <= MAX_ID:
        raise ActionError(404, _("Không tìm thấy hồ sơ."), code="not_found")
    query = select(Case).where(Case.id == case_id)
    if lock:
        query = query.with_for_update()
    case = db.session.scalar(query)
    if case is None:
        raise ActionError(404, _("Không tìm thấy hồ sơ."), code="not_found")
    if not can_read(user, case):
        raise ActionError(403, _("Hồ sơ này thuộc đơn vị khác."), code="forbidden")
    return case


# -- notifications --------------------------------------------------------------------------------

# Steps the citizen hears about by e-mail, and the steps assigned staff hear about.
CITIZEN_STEPS = frozenset(
    {"accept", "forward", "guide", "file", "reject", "extend", "suspend", "resume", "conclude"}
)
STAFF_STEPS = frozenset({"extend", "suspend", "resume", "withdraw", "conclude", "dialogue"})


def _responsible_staff(case: Case) -> list[User]:
    assigned = [a.user for a in case.assignments if a.active and a.user.active]
    if assigned:
        return assigned
    return unit_heads(case.unit_id)


def unit_heads(unit_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(
                User.unit_id == unit_id, User.role == Role.UNIT_HEAD, User.active.is_(True)
            )
        )
    )


def _absolute_url(endpoint: str, fallback: str, **values) -> str:
    """An absolute link for an e-mail (no request needed), from PUBLIC_BASE_URL."""
    try:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    except Exception:  # the endpoint's package is not installed
        path = fallback
    return current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/") + path


def _tracking_url() -> str:
    return _absolute_url("intake.track", "/track")


def _citizen_email(case: Case) -> tuple[str | None, bool]:
    """Where to write to the citizen, and whether the address is sealed.

    A sealed case's address lives only in the sealed identity: it is opened in memory by the
    system to queue the message (as a sealed outbox row), which is not a person's view and
    writes no IdentityReveal; the message itself names no one.
    """
    if not case.sealed:
        email = case.notify_email or next((p.email for p in case.petitioners if p.email), None)
        return email, False
    from petitions.sealing import SealError, unseal_identity

    for person in case.petitioners:
        if person.sealed_identity is None:
            continue
        try:
            email = unseal_identity(person.sealed_identity).get("email")
        except SealError:
            return None, True
        if email:
            return email, True
    return None, True


def _notify(case: Case, event: CaseEvent) -> None:
    if event.action in CITIZEN_STEPS:
        email, sealed = _citizen_email(case)
        if email:
            with force_locale("vi"):
                subject = _(
                    "Hồ sơ %(code)s: %(step)s",
                    code=case.tracking_code,
                    step=labels.event(event.action),
                )
                body = _citizen_body(case, event)
            _queue(to=email, subject=subject, body=body, sealed=sealed, case=case)
    if event.action in STAFF_STEPS:
        staff = [u for u in _responsible_staff(case) if u.id != event.actor_id]
        _email_staff(
            staff,
            subject=_(
                "Hồ sơ %(code)s: %(step)s", code=case.tracking_code, step=labels.event(event.action)
            ),
            body=_staff_body(case, event),
            case=case,
        )


def _citizen_body(case: Case, event: CaseEvent) -> str:
    lines = [
        _("Kính gửi ông/bà,"),
        "",
        _(
            "Hồ sơ %(code)s (%(kind)s) của ông/bà có bước xử lý mới: %(step)s, ngày %(day)s.",
            code=case.tracking_code,
            kind=labels.kind(case.kind),
            step=labels.event(event.action),
            day=event.effective_on.strftime("%d/%m/%Y"),
        ),
        _("Trạng thái hiện tại: %(status)s.", status=labels.status(case.status)),
    ]
    if case.due_on:
        lines.append(_("Hạn giải quyết: %(day)s.", day=case.due_on.strftime("%d/%m/%Y")))
    if event.action == "forward" and event.details.get("to_unit_name"):
        lines.append(_("Đơn đã được chuyển đến: %(unit)s.", unit=event.details["to_unit_name"]))
    lines += [
        "",
        _(
            "Tra cứu tiến độ và tải văn bản thông báo tại %(url)s bằng mã hồ sơ và mã bí mật "
            "của ông/bà.",
            url=_tracking_url(),
        ),
        "",
        case.unit.name,
    ]
    return "\n".join(lines)


def _staff_body(case: Case, event: CaseEvent) -> str:
    lines = [
        _("Hồ sơ %(code)s — %(title)s", code=case.tracking_code, title=case.title),
        _(
            "Bước: %(step)s (%(day)s)",
            step=labels.event(event.action),
            day=event.effective_on.strftime("%d/%m/%Y"),
        ),
        _("Trạng thái: %(status)s", status=labels.status(case.status)),
    ]
    if case.due_on:
        lines.append(_("Hạn: %(day)s", day=case.due_on.strftime("%d/%m/%Y")))
    if event.note and event.action not in ("identity_revealed",):
        lines.append(event.note)
    lines.append(_absolute_url("cases.show", f"/cases/{case.id}", case_id=case.id))
    return "\n".join(lines)


def _email_staff(users, *, subject: str, body: str, case: Case) -> None:
    for user in users:
        if user is not None and user.email:
            _queue(to=user.email, subject=subject, body=body, sealed=False, case=case)


def _queue(*, to: str, subject: str, body: str, sealed: bool, case: Case) -> None:
    try:
        from petitions.notifications.services import InvalidRecipient, queue_email
    except ImportError:  # the notifications package is optional for this module
        return
    try:
        queue_email(to=to, subject=subject, body=body, sealed=sealed, case_id=case.id)
    except InvalidRecipient:
        log.warning("case %s: no valid address for a notification", case.id)


# -- documents attached to steps ------------------------------------------------------------------


def attach_document(
    case: Case, *, storage, actor: User, purpose: str = "verification"
) -> Attachment:
    """Store a verification document or dialogue minutes uploaded on the case page."""
    from petitions import attachments as files

    data = files.read_file_storage(storage)
    try:
        upload = files.check_upload(storage.filename, data)
    except files.AttachmentError as error:
        messages = {
            "empty": _("Tệp %(name)s trống.", name=error.name),
            "too_large": _(
                "Tệp %(name)s vượt quá %(mb)d MB.",
                name=error.name,
                mb=files.max_bytes() // (1024 * 1024),
            ),
            "type": _("Tệp %(name)s không phải PDF, JPG, PNG hoặc DOCX.", name=error.name),
        }
        raise invalid("document", messages[error.reason]) from None
    return files.store(case, upload, purpose=purpose, uploaded_by=actor)
