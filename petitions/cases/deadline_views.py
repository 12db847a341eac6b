"""A case's deadlines as shown (state, explanation, JSON) and as a step moves them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _

from petitions.cases import labels
from petitions.cases.models import (
    Case,
    CaseDeadline,
)
from petitions.cases.timing import (
    deadline_for,
)
from petitions.domain import deadlines as engine
from petitions.domain.workflow import PASSIVE_RULES


def due_soon_days() -> int:
    """The DUE_SOON_DAYS setting: the case list, its badge and oversight all read it here."""
    return int(current_app.config["DUE_SOON_DAYS"])


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
        due_soon=engine.is_due_soon(row.due_on, today, within_days=due_soon_days()),
        days_overdue=engine.days_overdue(row.due_on, today),
    )


def explain(row: CaseDeadline) -> list[str]:
    """How the due date was counted, in the user's language, with pauses and extensions."""
    try:
        lines = deadline_for(row).describe(labels.lang())
    except engine.DeadlineError:
        return []
    pauses = (row.params or {}).get("pauses", [])
    for stopped, restarted in pauses:
        lines.append(
            _(
                "Tạm dừng tính thời hạn từ %(stopped)s, tính tiếp từ %(restarted)s với số ngày "
                "còn lại.",
                stopped=date.fromisoformat(stopped).strftime("%d/%m/%Y"),
                restarted=date.fromisoformat(restarted).strftime("%d/%m/%Y"),
            )
        )
    if pauses:
        lines.append(_("Hạn sau khi tạm dừng: %(day)s.", day=row.due_on.strftime("%d/%m/%Y")))
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
