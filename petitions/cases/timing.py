"""Opening, meeting and recomputing a case's statutory deadlines with the domain engine."""

from datetime import date

from petitions.calendars.services import DeadlineSettings, deadline_settings
from petitions.cases.models import Case, CaseDeadline
from petitions.domain import deadlines as engine


def rule_params(case: Case, rule: str) -> dict:
    """The traits of the case that the rule's variants depend on."""
    params: dict = {}
    if case.unit is not None and case.unit.remote:
        params["remote"] = True
    if case.complexity:
        params["complexity"] = case.complexity
    if case.multi_site:
        params["multi_site"] = True
    if rule == "denunciation.resolve" and case.extensions:
        params["extensions"] = case.extensions
    if rule == "feedback.resolve" and case.unit is not None and case.unit.feedback_period_days:
        params["period"] = case.unit.feedback_period_days
    return params


def compute(
    rule: str, start: date, params: dict, settings: DeadlineSettings | None = None
) -> engine.Deadline:
    """The due date with the database's calendar and any rule period an admin has set."""
    settings = settings or deadline_settings()
    return engine.due_date(rule, start, settings.calendar, **settings.params_for(rule, params))


def open_deadline(case: Case, rule: str, start: date, params: dict | None = None) -> CaseDeadline:
    """Start the clock of `rule` for the case from `start` (the start day is not counted)."""
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


def cancel_open_deadlines(case: Case, on: date) -> None:
    """A case that leaves the unit's hands (closed, withdrawn) has nothing left to meet."""
    for row in case.open_deadlines():
        row.met_on = on
    refresh_current_due(case)


def refresh_current_due(case: Case) -> None:
    """Mirror the earliest open deadline onto the case for indexed filtering."""
    open_rows = [row for row in case.deadlines if row.met_on is None and not row.cancelled]
    if not open_rows:
        case.due_on, case.due_rule = None, None
        return
    earliest = min(open_rows, key=lambda row: row.due_on)
    case.due_on, case.due_rule = earliest.due_on, earliest.rule
