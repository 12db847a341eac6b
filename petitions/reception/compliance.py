"""Heads' compliance: each head's reception days against the legal minimum, period by period."""

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager

from petitions.accounts.models import User
from petitions.deadlines.settings import working_calendar
from petitions.domain import reception as rules
from petitions.extensions import db
from petitions.permissions import Role
from petitions.reception.models import ReceptionSession, SessionKind, SessionStatus
from petitions.units.models import Unit
from petitions.units.services import subtree_ids


def _rule_json(minimum: rules.Minimum, lang: str) -> dict:
    return {
        "key": minimum.key,
        "title": minimum.title(lang),
        "days": minimum.days,
        "period": minimum.period,
        "basis": minimum.basis(lang),
        "description": minimum.describe(lang),
        "valid_from": minimum.valid_from,
        "valid_to": minimum.valid_to,
        "delegation_counts": minimum.delegable,
    }


def compliance(
    *,
    year: int,
    unit: Unit | None = None,
    today: date,
    lang: str = "vi",
    head_id: int | None = None,
) -> dict:
    """Each head's reception days against the legal minimum, period by period.

    Heads are the active users with the unit_head role (in `unit` and below when given), plus
    anyone who had sessions that year as head; `head_id` narrows it to one head's own page.
    Only periodic sessions that were held count
    toward the minimum; cancelled and postponed ones are counted for the record. Plain data:
    dates are `date` objects, rates fractions or None.
    """
    unit_ids = subtree_ids(unit) if unit is not None else None
    weeks = rules.periods_of("week", year)
    first_day = min(date(year, 1, 1), weeks[0][1])
    last_day = max(date(year, 12, 31), weeks[-1][2])

    head_query = select(User).where(User.has_role(Role.UNIT_HEAD), User.active.is_(True))
    with_sessions = select(ReceptionSession.head_id).where(
        ReceptionSession.day.between(date(year, 1, 1), date(year, 12, 31))
    )
    if unit_ids is not None:
        head_query = head_query.where(User.unit_id.in_(unit_ids))
        with_sessions = with_sessions.where(ReceptionSession.unit_id.in_(unit_ids))
    if head_id is not None:
        head_query = head_query.where(User.id == head_id)
        with_sessions = with_sessions.where(ReceptionSession.head_id == head_id)
    heads = db.session.scalars(
        select(User)
        .where(or_(User.id.in_(head_query.with_only_columns(User.id)), User.id.in_(with_sessions)))
        .join(Unit, Unit.id == User.unit_id)
        .options(contains_eager(User.unit))
        .order_by(Unit.code, User.full_name, User.username)
    ).all()
    head_ids = [h.id for h in heads]

    held: dict[int, list[tuple[date, bool]]] = {h: [] for h in head_ids}
    rows = db.session.execute(
        select(ReceptionSession.head_id, ReceptionSession.day, ReceptionSession.delegated)
        .where(
            ReceptionSession.head_id.in_(head_ids),
            ReceptionSession.status == SessionStatus.HELD,
            ReceptionSession.kind == SessionKind.PERIODIC,
            ReceptionSession.day.between(first_day, last_day),
        )
        .group_by(ReceptionSession.head_id, ReceptionSession.day, ReceptionSession.delegated)
    )
    for head_id, day, delegated in rows:
        held[head_id].append((day, delegated))

    by_status: dict[int, dict[str, int]] = {h: {} for h in head_ids}
    for head_id, status, count in db.session.execute(
        select(ReceptionSession.head_id, ReceptionSession.status, func.count())
        .where(
            ReceptionSession.head_id.in_(head_ids),
            ReceptionSession.day.between(date(year, 1, 1), date(year, 12, 31)),
        )
        .group_by(ReceptionSession.head_id, ReceptionSession.status)
    ):
        by_status[head_id][SessionStatus(status).value] = count

    calendar = working_calendar()
    result = []
    for head in heads:
        entry = {
            "head": {"id": head.id, "username": head.username, "full_name": head.display_name},
            "unit": {
                "id": head.unit.id,
                "code": head.unit.code,
                "name": head.unit.name,
                "level": head.unit.level.value,
            },
            "rule": None,
            "rules": [],
            "periods": [],
            "in_person": 0,
            "delegated": 0,
            "assessed": 0,
            "met": 0,
            "met_in_person": 0,
            "missed": 0,
            "rate": None,
            "sessions": {s.value: by_status[head.id].get(s.value, 0) for s in SessionStatus},
        }
        assessment = rules.assess_level(head.unit.level.value, year, held[head.id], calendar, today)
        if assessment.minimums:
            in_force = next(
                (m for m in assessment.minimums if m.in_force(min(today, date(year, 12, 31)))),
                assessment.minimum,
            )
            entry.update(
                rule=_rule_json(in_force, lang),
                rules=[_rule_json(m, lang) for m in assessment.minimums],
                periods=[
                    {
                        "index": p.index,
                        "period": p.period,
                        "start": p.start,
                        "end": p.end,
                        "required": p.required,
                        "in_person": p.in_person,
                        "delegated": p.delegated,
                        "delegation_counts": p.delegation_counts,
                        "rule_valid_from": p.minimum.valid_from,
                        "status": p.status,
                    }
                    for p in assessment.periods
                ],
                in_person=assessment.in_person,
                delegated=assessment.delegated,
                assessed=assessment.assessed,
                met=assessment.met,
                met_in_person=assessment.met_in_person,
                missed=assessment.missed,
                rate=assessment.rate,
            )
        result.append(entry)
    return {"year": year, "as_of": today, "heads": result}
