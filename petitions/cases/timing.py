"""Opening, meeting and recomputing a case's statutory deadlines with the domain engine."""

from datetime import date

from petitions.cases.models import Case, CaseDeadline
from petitions.deadlines.settings import DeadlineSettings, request_settings
from petitions.domain import deadlines as engine
from petitions.domain import workflow
from petitions.domain.workflow import PASSIVE_RULES


def case_remote(case: Case) -> bool:
    """Whether the matter is in a remote area: the case's own fact, else (a case from before the
    fact was recorded) its unit's flag."""
    if case.remote is not None:
        return case.remote
    return bool(case.unit is not None and case.unit.remote)


def extension_lengths(case: Case) -> list[int]:
    """The days each extension of the case added; extensions recorded before their length was
    kept count the 30 days the law allows at most (LTC art. 30)."""
    days = [int(d) for d in (case.extension_days or [])]
    missing = (case.extensions or 0) - len(days)
    return [30] * max(0, missing) + days


def rule_params(case: Case, rule: str) -> dict:
    """The traits of the case that the rule's variants depend on."""
    params: dict = {}
    if case_remote(case):
        params["remote"] = True
    if case.complexity:
        params["complexity"] = case.complexity
    if case.multi_site:
        params["multi_site"] = True
    if rule == "denunciation.resolve" and case.extensions:
        lengths = extension_lengths(case)
        if any(days != 30 for days in lengths):
            params["extension_lengths"] = lengths
        else:
            params["extensions"] = case.extensions
    if rule == "feedback.resolve" and case.unit is not None and case.unit.feedback_period_days:
        params["period"] = case.unit.feedback_period_days
    return params


def compute(
    rule: str, start: date, params: dict, settings: DeadlineSettings | None = None
) -> engine.Deadline:
    """The due date with the database's calendar and any rule period an admin has set.

    Without ``settings``, those of the current request (read once per request).
    """
    settings = settings or request_settings()
    return engine.due_date(rule, start, settings.calendar, **settings.params_for(rule, params))


def open_deadline(case: Case, rule: str, start: date, params: dict | None = None) -> CaseDeadline:
    """Start the clock of `rule` for the case from `start` (the start day is not counted)."""
    if case.remote is None and case.unit is not None:
        # The case's first deadline is opened at intake: the remote fact starts from its unit.
        case.remote = bool(case.unit.remote)
    params = rule_params(case, rule) if params is None else params
    deadline = compute(rule, start, params)
    row = CaseDeadline(
        rule=rule, start_on=start, due_on=deadline.due_on, basis=deadline.basis_vi, params=params
    )
    case.deadlines.append(row)
    refresh_current_due(case)
    return row


def meet_deadline(case: Case, rule: str, on: date) -> None:
    """Mark the open deadline of `rule` as met on `on` (kept for 'on time / late')."""
    for row in case.open_deadlines():
        if row.rule == rule:
            row.met_on = on
    refresh_current_due(case)


def refresh_current_due(case: Case) -> None:
    """Mirror the earliest running duty deadline onto the case for indexed filtering.

    A paused deadline (the case is suspended) and a window the citizen has (the second
    complaint window) are not duties that can fall overdue, so they are left out.
    """
    open_rows = [
        row
        for row in case.deadlines
        if row.met_on is None
        and not row.cancelled
        and row.suspended_on is None
        and row.rule not in PASSIVE_RULES
    ]
    if not open_rows:
        case.due_on, case.due_rule = None, None
        return
    earliest = min(open_rows, key=lambda row: row.due_on)
    case.due_on, case.due_rule = earliest.due_on, earliest.rule


def recompute(case: Case, row: CaseDeadline, params: dict | None = None) -> None:
    """Recompute an open deadline from its start with new params, replaying its pauses."""
    params = dict(row.params or {}) if params is None else dict(params)
    pauses = params.pop("pauses", [])
    deadline = compute(row.rule, row.start_on, params)
    due: engine.Deadline | date = deadline
    calendar = request_settings().calendar
    for stopped, restarted in pauses:
        due = engine.resume(
            due, deadline.unit, date.fromisoformat(stopped), date.fromisoformat(restarted), calendar
        )
    row.due_on = due.due_on if isinstance(due, engine.Deadline) else due
    row.basis = deadline.basis_vi
    # A new dict, so that the JSON column notices the change.
    row.params = {**params, **({"pauses": pauses} if pauses else {})}
    refresh_current_due(case)


def pause_deadlines(case: Case, on: date) -> None:
    """Suspension stops every running clock of the case on `on`."""
    for row in case.open_deadlines():
        if row.suspended_on is None and row.rule not in PASSIVE_RULES:
            row.suspended_on = on
    refresh_current_due(case)


def resume_deadlines(case: Case, on: date) -> None:
    """Resumption restarts the stopped clocks on `on` with the days that were left."""
    for row in case.open_deadlines():
        if row.suspended_on is None:
            continue
        params = dict(row.params or {})
        params["pauses"] = [
            *params.get("pauses", []),
            [row.suspended_on.isoformat(), on.isoformat()],
        ]
        row.suspended_on = None
        recompute(case, row, params)
    refresh_current_due(case)


def deadline_for(row: CaseDeadline) -> engine.Deadline:
    """The engine's view of a stored deadline (without pauses), for its explanation."""
    params = {k: v for k, v in (row.params or {}).items() if k != "pauses"}
    return compute(row.rule, row.start_on, params)


def end_open_deadlines(case: Case, on: date) -> None:
    """The case leaves the unit's hands: every open clock stops here.

    A duty is met on `on` (late if `on` is past its due date); the citizen's own window ends
    on its due date or on `on`, whichever comes first.
    """
    for row in case.open_deadlines():
        row.met_on = min(on, row.due_on) if row.rule in PASSIVE_RULES else on
    refresh_current_due(case)


def apply_plan(case: Case, plan: workflow.DeadlinePlan, on: date, *, start: date) -> None:
    for rule in plan.meet:
        meet_deadline(case, rule, on)
    if plan.meet_all:
        # A paused clock first gets its days back, so that "met" compares with a fair date.
        resume_deadlines(case, on)
        end_open_deadlines(case, on)
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


def round_acceptance(case: Case) -> None:
    """A complaint found to be a second complaint (or a first) while its acceptance period
    runs: the period of the right round runs instead, from the same day of receipt."""
    if case.kind.value != workflow.COMPLAINT:
        return
    wanted = workflow.acceptance_rule(case.complaint_round or 1)
    running = [
        row
        for row in case.open_deadlines()
        if row.rule in ("complaint.accept", "complaint.accept.second")
    ]
    if not running or any(row.rule == wanted for row in running):
        return
    for row in running:
        row.cancelled = True
    open_deadline(case, wanted, case.received_on)
