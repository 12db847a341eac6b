"""Finding cases: the filtered list, a case as a user may see it, and the cases around it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from petitions.accounts.models import User
from petitions.accounts.services import get_user
from petitions.cases.access import can_reveal, visible_unit_ids
from petitions.cases.deadline_views import deadlines_json, due_soon_days
from petitions.cases.facts import linked_cases, next_steps
from petitions.cases.identity import person_json, petitioner_summary
from petitions.cases.models import (
    Assignment,
    Case,
    CaseEvent,
    Kind,
    Petitioner,
    Status,
    statuses,
)
from petitions.cases.search import search_condition
from petitions.domain import deadlines as engine
from petitions.domain import workflow
from petitions.errors import invalid
from petitions.extensions import db
from petitions.reception.visits import visit_of_case
from petitions.summaries import queries as summaries
from petitions.summaries.maintenance import has_pending_changes
from petitions.text import CONTROL_CHARS
from petitions.units.services import get_by_code


@dataclass
class CaseFilters:
    status: str | None = None
    kind: str | None = None
    unit: str | None = None
    handler: str | None = None
    overdue: bool = False
    due_soon: bool = False
    received_from: date | None = None
    received_to: date | None = None
    q: str | None = None
    sort: str = "-received"


SORTS = {
    "received": (Case.received_on.asc(), Case.id.asc()),
    "-received": (Case.received_on.desc(), Case.id.desc()),
    "due": (Case.due_on.is_(None), Case.due_on.asc(), Case.id.asc()),
    "-due": (Case.due_on.is_(None), Case.due_on.desc(), Case.id.desc()),
    "code": (Case.tracking_code.asc(),),
    "status": (Case.status.asc(), Case.received_on.desc()),
}


def case_query(user: User, filters: CaseFilters, *, today: date):
    """The cases the user may list, filtered; one SELECT the caller paginates."""
    for name in ("status", "kind", "unit", "handler", "q", "sort"):
        value = getattr(filters, name)
        if isinstance(value, str):
            setattr(filters, name, CONTROL_CHARS.sub("", value)[:200])
    query = select(Case)
    units = visible_unit_ids(user)
    if units is not None:
        # A unit also follows the cases it forwarded, opened in the receiving unit.
        sender = aliased(Case)
        forwarded_by_us = select(sender.id).where(sender.unit_id.in_(units))
        query = query.where(
            or_(Case.unit_id.in_(units), Case.forwarded_from_id.in_(forwarded_by_us))
        )
    if filters.status:
        try:
            query = query.where(Case.status == Status(filters.status))
        except ValueError:
            raise invalid("status", _("Trạng thái không hợp lệ.")) from None
    if filters.kind:
        try:
            query = query.where(Case.kind == Kind(filters.kind))
        except ValueError:
            raise invalid("kind", _("Loại đơn không hợp lệ.")) from None
    if filters.unit:
        unit = get_by_code(filters.unit)
        if unit is None:
            raise invalid("unit", _("Không tìm thấy đơn vị %(code)s.", code=filters.unit))
        query = query.where(Case.unit_id == unit.id)
    if filters.handler:
        handler = get_user(filters.handler)
        handler_id = handler.id if handler is not None else -1
        query = query.where(
            exists().where(
                Assignment.case_id == Case.id,
                Assignment.user_id == handler_id,
                Assignment.active.is_(True),
            )
        )
    running = Case.status.in_(statuses(workflow.OPEN_STATES))
    if filters.overdue:
        query = query.where(running, Case.due_on < today)
    if filters.due_soon:
        query = query.where(
            running, Case.due_on >= today, Case.due_on <= today + timedelta(days=due_soon_days())
        )
    if filters.received_from:
        query = query.where(Case.received_on >= filters.received_from)
    if filters.received_to:
        query = query.where(Case.received_on <= filters.received_to)
    if filters.q:
        # Every folded word must occur: "cau treo nam khon" finds "Cầu treo thôn Nậm Khòn".
        query = query.where(search_condition(filters.q))
    order = SORTS.get(filters.sort)
    if order is None:
        raise invalid("sort", _("Cách sắp xếp không hợp lệ."))
    return query.order_by(*order).options(selectinload(Case.unit), selectinload(Case.petitioners))


def list_cases(
    user: User,
    filters: CaseFilters,
    *,
    today: date,
    page: int,
    per_page: int,
    total: int | None = None,
):
    """A page of the list; `total`, when the caller already counted (count_by_status), spares
    counting the same cases again."""
    query = case_query(user, filters, today=today)
    if total is None:
        return db.paginate(query, page=page, per_page=per_page, error_out=False)
    found = db.paginate(query, page=page, per_page=per_page, error_out=False, count=False)
    found.total = total
    return found


def total_of_counts(counts: dict[str, int], filters: CaseFilters) -> int:
    """How many cases the list holds, from its counts by status (count_by_status)."""
    return counts.get(filters.status, 0) if filters.status else sum(counts.values())


def case_summary(case: Case, today: date) -> dict:
    overdue = case.is_open and case.due_on is not None and engine.is_overdue(case.due_on, today)
    return {
        "id": case.id,
        "tracking_code": case.tracking_code,
        "kind": case.kind.value,
        "status": case.status.value,
        "title": case.title,
        "unit": case.unit.code,
        "received_on": case.received_on.isoformat(),
        "due_on": case.due_on.isoformat() if case.due_on else None,
        "due_rule": case.due_rule,
        "overdue": bool(overdue),
        "forwarded_from_id": case.forwarded_from_id,
        "petitioner": petitioner_summary(case),
    }


def _visit_link(case: Case) -> dict | None:
    """The reception-log visit the case was opened from: its id and the log's number."""
    visit = visit_of_case(case.id)
    if visit is None:
        return None
    return {"id": visit.id, "number": f"{visit.sequence}/{visit.year}"}


def case_detail(case: Case, user: User, today: date, identities: list[dict] | None = None) -> dict:
    """The case as `user` may see it (identities only when revealed and recorded)."""
    body = case_summary(case, today)
    if identities:
        body["petitioner"] = {**identities[0], "sealed": True, "revealed": True}
        body["co_petitioners"] = [{**i, "sealed": True} for i in identities[1:]]
    elif case.sealed:
        body["co_petitioners"] = []
        body["petitioner"] = {"sealed": True, "can_reveal": can_reveal(user, case)}
    else:
        body["co_petitioners"] = [person_json(p) for p in case.petitioners[1:]]
    linked = linked_cases(case)
    body.update(
        {
            "content": case.content,
            "channel": case.channel.value,
            "receiving_unit": case.receiving_unit.code,
            "entered_at": case.entered_at.isoformat() if case.entered_at else None,
            "backdated": case.backdated,
            "group_size": case.group_size,
            # How many of the people named speak for the group (a count, never who).
            "representatives": sum(1 for p in case.petitioners if p.representative),
            "visit": _visit_link(case),
            "eligible": case.eligible,
            "within_competence": case.within_competence,
            "subject_area": case.subject_area,
            "complaint_round": case.complaint_round,
            "repeat_of_id": case.repeat_of_id,
            "duplicate_of_id": case.duplicate_of_id,
            "complexity": case.complexity,
            "extensions": case.extensions,
            "accepted_on": _iso(case.accepted_on),
            "concluded_on": _iso(case.concluded_on),
            "closed_on": _iso(case.closed_on),
            "outcome": case.outcome,
            "decision_number": case.decision_number,
            "decided_on": _iso(case.decided_on),
            "dialogue_on": _iso(case.dialogue_on),
            "reason_code": case.reason_code,
            "status_before_suspension": (
                case.status_before_suspension.value if case.status_before_suspension else None
            ),
            "deadlines": deadlines_json(case, today),
            "assignees": [a.user.username for a in case.assignments if a.active],
            "attachments": [
                {
                    "id": a.id,
                    "name": a.original_name,
                    "content_type": a.content_type,
                    "size": a.size,
                    "purpose": a.purpose,
                }
                for a in case.attachments
            ],
            "forwarded_from": _link(case.forwarded_from, today) if case.forwarded_from else None,
            "forwarded_to": [_link(c, today) for c in linked],
            "next_actions": next_steps(user, case, today=today),
            "events": [_event_json(e) for e in case.events],
        }
    )
    return body


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _link(case: Case, today: date) -> dict:
    return {
        "id": case.id,
        "tracking_code": case.tracking_code,
        "unit": case.unit.code,
        "unit_name": case.unit.name,
        "status": case.status.value,
        "due_on": _iso(case.due_on),
        "overdue": bool(case.is_open and case.due_on and engine.is_overdue(case.due_on, today)),
        "outcome": case.outcome,
    }


def _event_json(event: CaseEvent) -> dict:
    return {
        "id": event.id,
        "action": event.action,
        "entered_at": event.entered_at.isoformat() if event.entered_at else None,
        "effective_on": event.effective_on.isoformat(),
        "backdated": event.backdated,
        "actor": event.actor.username if event.actor else None,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "basis": event.basis,
        "public": event.public,
        "note": event.note,
        "details": event.details or {},
    }


def related_cases(case: Case) -> dict[str, list[Case]]:
    """Repeats, duplicates and forwarding links around the case, for the case page."""
    related: dict[str, list[Case]] = {
        "earlier": [],
        "later": [],
        "duplicates": [],
        "same_person": [],
    }
    if case.repeat_of is not None:
        related["earlier"].append(case.repeat_of)
    if case.duplicate_of is not None:
        related["duplicates"].append(case.duplicate_of)
    related["later"] = list(
        db.session.scalars(select(Case).where(Case.repeat_of_id == case.id).order_by(Case.id))
    )
    related["duplicates"] += list(
        db.session.scalars(select(Case).where(Case.duplicate_of_id == case.id).order_by(Case.id))
    )
    digests = [p.id_number_digest for p in case.petitioners if p.id_number_digest]
    numbers = [p.id_number for p in case.petitioners if p.id_number]
    if digests or numbers:
        others = select(Petitioner.case_id).where(
            or_(
                Petitioner.id_number_digest.in_(digests) if digests else False,
                Petitioner.id_number.in_(numbers) if numbers else False,
            ),
            Petitioner.case_id != case.id,
        )
        shown = {c.id for group in related.values() for c in group}
        shown |= {case.forwarded_from_id or 0, *(c.id for c in linked_cases(case))}
        same = db.session.scalars(
            select(Case).where(Case.id.in_(others)).order_by(Case.received_on.desc()).limit(10)
        ).all()
        related["same_person"] = [c for c in same if c.id not in shown]
    return related


def count_by_status(
    user: User, filters: CaseFilters | None = None, *, today: date | None = None
) -> dict[str, int]:
    """Cases by status: all the user may see, or (with `filters`) those the list's search
    and filters find, whatever status they ask for, so the counts match the list."""
    narrowing = ("kind", "unit", "handler", "overdue", "due_soon", "received_from", "received_to")
    if filters is not None and not (filters.q or "").strip() and visible_unit_ids(user) is None:
        if not any(getattr(filters, name) for name in narrowing):
            filters = None  # nothing narrows the list: one pass over the status index
        units = visible_unit_ids(user)
        if filters is None and not has_pending_changes(db.session()):
            # Kept with every change (petitions.summaries): units × kinds × statuses rows.
            return summaries.status_counts(units)
        query = select(Case.status, func.count(Case.id)).group_by(Case.status)
        if units is not None:
            query = query.where(Case.unit_id.in_(units))
        return {status.value: n for status, n in db.session.execute(query)}
    found = case_query(user, replace(filters, status=None, sort="-received"), today=today)
    # The list's own conditions (it joins nothing), grouped: one pass, as the list reads.
    query = (
        found.order_by(None)
        .options()
        .with_only_columns(Case.status, func.count(Case.id))
        .group_by(Case.status)
    )
    return {status.value: n for status, n in db.session.execute(query)}
