"""What the workflow needs to know about a case, and the steps open to a user now."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from petitions.accounts.models import User
from petitions.cases.access import can_act
from petitions.cases.models import (
    Case,
    Kind,
    Status,
)
from petitions.domain import workflow
from petitions.extensions import db


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
    return case.status in workflow.PENDING_STATES


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
        dialogue_absent=any(
            e.action == "dialogue" and (e.details or {}).get("absent") for e in case.events
        ),
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
