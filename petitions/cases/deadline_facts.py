"""The facts of a case that its deadlines hang on: remote area, decision delivery, extensions.

- Remote area (vùng sâu, vùng xa, đi lại khó khăn; LKN arts. 28, 33, 37) is where the matter
  is, a fact of the case: it starts from the unit at intake (timing.open_deadline) and the
  handler may set it; the change is recorded and the open deadlines it moves are recomputed.
- The second-complaint window (LKN art. 33) runs from the day the complainant received the
  first-round decision: recording that day restarts the window from it. When no decision came
  within the first-round period, the window runs from the end of that period (``lapse_window``).
- A denunciation extension (LTC art. 30) adds the days the head states, at most 30, only for a
  complex or especially complex case and only before the period ends.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from petitions.accounts.models import User
from petitions.cases.history import record_event
from petitions.cases.input import read_day, read_flag
from petitions.cases.models import Case, CaseEvent, Kind, Status
from petitions.cases.timing import (
    case_remote,
    compute,
    extension_lengths,
    recompute,
    refresh_current_due,
    rule_params,
)
from petitions.domain import deadlines as engine
from petitions.errors import invalid
from petitions.extensions import db

SECOND_WINDOW = "complaint.second_window"
# Rules whose period depends on the remote-area fact.
REMOTE_RULES = frozenset(
    key for key, rule in engine.RULES.items() if any("remote" in v for v in rule.variants)
)
# States in which a first-round complaint has no decision yet.
_AWAITING_DECISION = (Status.ACCEPTED, Status.VERIFYING)


# -- extensions (called by the extend step) -------------------------------------------------------


def read_extension_days(data: dict) -> int:
    """The days the head grants (default: the most the law allows, 30)."""
    most = engine.RULES["denunciation.resolve"].extension_days
    raw = data.get("days")
    if raw in (None, ""):
        return most
    try:
        days = int(raw)
    except (TypeError, ValueError):
        days = 0
    if isinstance(raw, bool) or not 1 <= days <= most:
        raise invalid(
            "days",
            _("Mỗi lần gia hạn từ 1 đến %(n)d ngày (Luật Tố cáo, Điều 30).", n=most),
        )
    return days


def add_extension(case: Case, days: int, on: date) -> None:
    """Record one extension of ``days``; refused once the running period has ended."""
    row = next(
        (d for d in case.open_deadlines() if d.rule == "denunciation.resolve"),
        None,
    )
    if row is None:
        raise invalid("on", _("Hồ sơ không có thời hạn giải quyết tố cáo đang chạy để gia hạn."))
    if on > row.due_on:
        raise invalid(
            "on",
            _(
                "Thời hạn giải quyết đã hết ngày %(day)s: chỉ gia hạn được trước khi hết thời hạn "
                "(Luật Tố cáo, Điều 30).",
                day=row.due_on.strftime("%d/%m/%Y"),
            ),
        )
    lengths = extension_lengths(case)
    case.extensions = len(lengths) + 1
    case.extension_days = [*lengths, days]


# -- the handler's facts ---------------------------------------------------------------------------


def set_facts(case: Case, data: dict, *, actor: User, today: date) -> CaseEvent | None:
    """Set the remote-area fact and/or the day the decision was delivered, from raw input.

    Records one history entry naming what changed, recomputes the open deadlines the change
    moves, and flushes; returns None when nothing changed. Raises Refused (422 naming the field).
    """
    if not isinstance(data, dict):
        raise invalid("remote", _("Dữ liệu phải là một đối tượng."))
    changes: dict = {}
    if "remote" in data and data["remote"] not in (None, ""):
        remote = read_flag(data, "remote")
        if remote != case_remote(case):
            changes["remote"] = [case_remote(case), remote]
    delivered = read_day(data, "decision_delivered_on")
    if delivered is not None:
        _check_delivery(case, delivered, today)
        if delivered != case.decision_delivered_on:
            old = case.decision_delivered_on
            changes["decision_delivered_on"] = [old.isoformat() if old else None, delivered]
    note = str(data.get("note") or "").strip()[:500]
    if not changes:
        return None
    moved: list[dict] = []
    if "remote" in changes:
        case.remote = changes["remote"][1]
        moved += _recompute(case, REMOTE_RULES)
    if "decision_delivered_on" in changes:
        case.decision_delivered_on = delivered
        moved += _restart_second_window(case, delivered)
        changes["decision_delivered_on"][1] = delivered.isoformat()
    refresh_current_due(case)
    event = record_event(
        case,
        actor=actor,
        action="facts_changed",
        on=today,
        today=today,
        basis=_basis(changes),
        note=note,
        details={"changes": changes, "deadlines": moved},
    )
    db.session.flush()
    return event


def _check_delivery(case: Case, delivered: date, today: date) -> None:
    if case.kind != Kind.COMPLAINT or case.decided_on is None:
        raise invalid(
            "decision_delivered_on",
            _("Chỉ ghi ngày nhận được quyết định khi hồ sơ khiếu nại đã có quyết định giải quyết."),
        )
    if delivered > today:
        raise invalid("decision_delivered_on", _("Ngày nhận không được sau ngày hôm nay."))
    if delivered < case.decided_on:
        raise invalid(
            "decision_delivered_on", _("Ngày nhận không được trước ngày ban hành quyết định.")
        )


def _recompute(case: Case, rules: frozenset[str]) -> list[dict]:
    moved = []
    for row in case.open_deadlines():
        if row.rule not in rules or row.suspended_on is not None:
            continue
        before = row.due_on
        params = rule_params(case, row.rule)
        pauses = (row.params or {}).get("pauses")
        if pauses:
            params["pauses"] = pauses
        recompute(case, row, params)
        if row.due_on != before:
            moved.append(
                {"rule": row.rule, "old": before.isoformat(), "new": row.due_on.isoformat()}
            )
    return moved


def _restart_second_window(case: Case, delivered: date) -> list[dict]:
    """The window of LKN art. 33 counts from the day the decision was received."""
    row = next((d for d in reversed(case.deadlines) if d.rule == SECOND_WINDOW), None)
    if row is None or row.cancelled:
        return []
    before = row.due_on
    row.start_on = delivered
    recompute(case, row, rule_params(case, SECOND_WINDOW))
    return [{"rule": SECOND_WINDOW, "old": before.isoformat(), "new": row.due_on.isoformat()}]


def _basis(changes: dict) -> str:
    parts = []
    if "remote" in changes:
        parts.append("Luật Khiếu nại 2011, Điều 28, 33, 37 (vùng sâu, vùng xa)")
    if "decision_delivered_on" in changes:
        parts.append("Luật Khiếu nại 2011, Điều 33")
    return "; ".join(parts)


# -- the second-complaint window when no decision came ---------------------------------------------


def lapse_window(case: Case, today: date) -> engine.Deadline | None:
    """LKN art. 33: when the first-round period ended without a decision, the complainant may
    lodge a second complaint within 30 days (45 in a remote area) of its end. None unless that
    is the case's situation on ``today``."""
    if case.kind != Kind.COMPLAINT or (case.complaint_round or 1) != 1:
        return None
    if case.status not in _AWAITING_DECISION or case.decided_on is not None:
        return None
    first = next(
        (d for d in case.open_deadlines() if d.rule == "complaint.resolve.first"),
        None,
    )
    if (
        first is None
        or first.suspended_on is not None
        or not engine.is_overdue(first.due_on, today)
    ):
        return None
    return compute(SECOND_WINDOW, first.due_on, {"remote": True} if case_remote(case) else {})


def facts_json(case: Case, today: date) -> dict:
    """The deadline facts as the API shows them."""
    lapse = lapse_window(case, today)
    return {
        "remote": case_remote(case),
        "decision_delivered_on": (
            case.decision_delivered_on.isoformat() if case.decision_delivered_on else None
        ),
        "extension_days": extension_lengths(case),
        "second_window_after_lapse": (
            {
                "rule": SECOND_WINDOW,
                "start_on": lapse.start.isoformat(),
                "due_on": lapse.due_on.isoformat(),
                "basis": lapse.basis_vi,
            }
            if lapse is not None
            else None
        ),
    }
