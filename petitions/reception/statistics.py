"""Form 01/TCD: the reception log's figures for units and a period, by SQL aggregates."""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, case, func, not_, or_, select

from petitions.domain import reception as rules
from petitions.extensions import db
from petitions.reception.models import Classification, ReceptionSession, Route, SessionStatus, Visit

STATISTIC_KEYS = (
    "visits",
    "people",
    "cases_first",
    "cases_repeat",
    "groups",
    "group_people",
    "group_cases_first",
    "group_cases_repeat",
)


def reception_statistics(unit_ids: Iterable[int], start: date, end: date) -> dict:
    """Form 01/TCD figures for the units over [start, end], by SQL aggregates.

    Visits ("lượt"), people, matters first received and repeated, groups of five or more and
    their people, split into regular reception (no session), heads' reception in person, and
    heads' reception delegated; refusals are counted apart and not as visits. One grouped
    query reads the log once; Python only adds up its dozen result rows.
    """
    unit_ids = list(unit_ids)
    received = or_(Visit.route.is_(None), Visit.route != Route.REFUSED)
    group = and_(received, Visit.people >= rules.GROUP_SIZE)
    first = and_(received, Visit.first_visit.is_(True))
    repeat = and_(received, Visit.first_visit.is_(False))

    def count_if(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    def people_if(condition):
        return func.coalesce(func.sum(case((condition, Visit.people), else_=0)), 0)

    channel = case(
        (Visit.session_id.is_(None), "regular"),
        (ReceptionSession.delegated.is_(True), "heads_delegated"),
        else_="heads_in_person",
    ).label("channel")
    rows = db.session.execute(
        select(
            channel,
            Visit.classification,
            count_if(received),
            people_if(received),
            count_if(first),
            count_if(repeat),
            count_if(group),
            people_if(group),
            count_if(and_(group, first)),
            count_if(and_(group, repeat)),
            count_if(not_(received)),
        )
        .select_from(Visit)
        .outerjoin(ReceptionSession, ReceptionSession.id == Visit.session_id)
        .where(Visit.unit_id.in_(unit_ids), Visit.visited_on.between(start, end))
        .group_by(channel, Visit.classification)
    ).all()
    blocks = {
        name: dict.fromkeys(STATISTIC_KEYS, 0)
        for name in ("regular", "heads_in_person", "heads_delegated")
    }
    by_classification = {c.value: {"visits": 0, "people": 0} for c in Classification}
    refusals = 0
    for name, kind, *values, refused in rows:
        for key, value in zip(STATISTIC_KEYS, values, strict=True):
            blocks[name][key] += int(value)
        counts = by_classification[Classification(kind).value]
        counts["visits"] += int(values[0])
        counts["people"] += int(values[1])
        refusals += int(refused)
    heads = {k: blocks["heads_in_person"][k] + blocks["heads_delegated"][k] for k in STATISTIC_KEYS}
    total = {k: blocks["regular"][k] + heads[k] for k in STATISTIC_KEYS}
    # A reception day is a head's day: two units receiving on the same date are two days.
    held_days = (
        select(ReceptionSession.head_id, ReceptionSession.day, ReceptionSession.delegated)
        .where(
            ReceptionSession.unit_id.in_(unit_ids),
            ReceptionSession.day.between(start, end),
            ReceptionSession.status == SessionStatus.HELD,
        )
        .distinct()
        .subquery()
    )
    days = dict(
        db.session.execute(
            select(held_days.c.delegated, func.count()).group_by(held_days.c.delegated)
        ).all()
    )
    return {
        **blocks,
        "heads": heads,
        "total": total,
        "by_classification": by_classification,
        "refusals": refusals,
        "head_reception_days": {
            "in_person": int(days.get(False, 0)),
            "delegated": int(days.get(True, 0)),
        },
    }
