"""The case's history: one CaseEvent per step, written in the step's transaction."""

from __future__ import annotations

from datetime import date

from petitions.accounts.models import User
from petitions.cases.models import (
    Case,
    CaseEvent,
)


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
