"""Records of access to personal data: every staff view of a case's page or JSON (which show
its petitioners) is an audit entry, and the admin report says who read whose data, flagging
volumes out of the ordinary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import median

from flask import current_app
from sqlalchemy import func, select

from petitions.accounts.models import User
from petitions.audit.models import AuditEntry
from petitions.cases.models import Case, IdentityReveal
from petitions.extensions import db

VIEWED = "case.viewed"


def record_view(user, case_id: int, *, via: str) -> None:
    """One staff view of a case's personal data (`via`: "page" or "api"), in the caller's
    transaction (a GET calls views_support.begin_write first)."""
    db.session.add(
        AuditEntry(
            actor_id=user.id,
            action=VIEWED,
            object_type="case",
            object_id=case_id,
            details={"via": via},
        )
    )


@dataclass(frozen=True)
class Reader:
    user: User
    views: int
    cases: int
    busiest_day_cases: int
    reveals: int
    flagged: bool


def _bounds(since: date, until: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(since, time.min, tzinfo=UTC),
        datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC),
    )


def alert_threshold() -> int:
    """Distinct cases in one day above which a reader is flagged whatever the others do."""
    return int(current_app.config.get("PRIVACY_ACCESS_ALERT", 200))


def readers(*, since: date, until: date) -> list[Reader]:
    """Per staff user in the period: views, distinct cases, the most distinct cases read in one
    day, sealed identities revealed; flagged when the busiest day passes the threshold or five
    times the median of all readers' busiest days."""
    start, end = _bounds(since, until)
    in_period = (
        AuditEntry.action == VIEWED,
        AuditEntry.at >= start,
        AuditEntry.at < end,
        AuditEntry.actor_id.is_not(None),
    )
    totals = {
        row.actor_id: (row.views, row.cases)
        for row in db.session.execute(
            select(
                AuditEntry.actor_id,
                func.count().label("views"),
                func.count(func.distinct(AuditEntry.object_id)).label("cases"),
            )
            .where(*in_period)
            .group_by(AuditEntry.actor_id)
        )
    }
    day = func.date(AuditEntry.at)
    per_day = (
        select(
            AuditEntry.actor_id.label("actor_id"),
            func.count(func.distinct(AuditEntry.object_id)).label("cases"),
        )
        .where(*in_period)
        .group_by(AuditEntry.actor_id, day)
        .subquery()
    )
    busiest = dict(
        db.session.execute(
            select(per_day.c.actor_id, func.max(per_day.c.cases)).group_by(per_day.c.actor_id)
        ).all()
    )
    reveals = dict(
        db.session.execute(
            select(IdentityReveal.user_id, func.count())
            .where(IdentityReveal.at >= start, IdentityReveal.at < end)
            .group_by(IdentityReveal.user_id)
        ).all()
    )
    ids = set(totals) | set(reveals)
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    typical = median(busiest.values()) if busiest else 0
    limit = alert_threshold()
    found = []
    for user_id in ids:
        views, cases = totals.get(user_id, (0, 0))
        peak = busiest.get(user_id, 0)
        found.append(
            Reader(
                user=users[user_id],
                views=views,
                cases=cases,
                busiest_day_cases=peak,
                reveals=reveals.get(user_id, 0),
                flagged=peak > limit or (len(busiest) > 2 and peak > 5 * max(typical, 1)),
            )
        )
    return sorted(found, key=lambda r: (not r.flagged, -r.cases, r.user.username))


def cases_read(user: User, *, since: date, until: date, limit: int = 500) -> list[tuple]:
    """Whose data one reader read: each case with its tracking code and the read times."""
    start, end = _bounds(since, until)
    rows = db.session.execute(
        select(Case.tracking_code, Case.sealed, func.count(), func.max(AuditEntry.at))
        .join(Case, Case.id == AuditEntry.object_id)
        .where(
            AuditEntry.action == VIEWED,
            AuditEntry.actor_id == user.id,
            AuditEntry.at >= start,
            AuditEntry.at < end,
        )
        .group_by(Case.tracking_code, Case.sealed)
        .order_by(func.max(AuditEntry.at).desc())
        .limit(limit)
    )
    return list(rows)
