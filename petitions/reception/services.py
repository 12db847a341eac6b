"""Reception: heads' sessions and schedules, the reception log, compliance and statistics.

Every function takes the clock (`today=`) and flushes; the caller commits.
"""

import re
from collections.abc import Iterable
from datetime import date, time, timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, not_, or_, select
from sqlalchemy.orm import contains_eager

from petitions.accounts.models import User
from petitions.audit.services import record
from petitions.deadlines.settings import working_calendar
from petitions.domain import reception as rules
from petitions.errors import Refused
from petitions.extensions import db
from petitions.permissions import Role
from petitions.reception.models import (
    ACTIVE_SESSION_STATUSES,
    Classification,
    ReceptionSession,
    RefusalGround,
    Route,
    SessionKind,
    SessionStatus,
    Visit,
    VisitCitizen,
)
from petitions.sealing import id_number_digest, seal_identity, unseal_identity
from petitions.text import clean
from petitions.units.models import Unit
from petitions.units.services import subtree_ids

ID_NUMBER = re.compile(r"^(\d{9}|\d{12})$")
MAX_PEOPLE = 10000
MAX_CITIZENS = 50


def _fail(field: str, message: str):
    """Input a reception service cannot accept: a 422 naming the field, in the user's words."""
    raise Refused(422, fields={field: [message]})


# -- who may see what ---------------------------------------------------------------------------


def readable_unit_ids(user: User) -> set[int] | None:
    """Units whose reception a user may read: None for everywhere, else their unit's subtree."""
    if user.can("reception.read_all"):
        return None
    return subtree_ids(user.unit)


def heads_of(unit: Unit) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.unit_id == unit.id, User.role == Role.UNIT_HEAD, User.active.is_(True))
            .order_by(User.full_name, User.username)
        )
    )


# -- sessions -------------------------------------------------------------------------------------


def _check_session_fields(
    *,
    unit: Unit,
    head: User,
    starts_at: time,
    ends_at: time,
    place: str,
    delegated: bool,
    delegate_name: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if head.role != Role.UNIT_HEAD or head.unit_id != unit.id:
        errors["head"] = [
            _("Người chủ trì phải là thủ trưởng của đơn vị %(unit)s.", unit=unit.name)
        ]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("Giờ kết thúc phải sau giờ bắt đầu.")]
    if not place:
        errors["place"] = [_("Hãy ghi địa điểm tiếp công dân.")]
    elif len(place) > 300:
        errors["place"] = [_("Địa điểm tối đa 300 ký tự.")]
    if delegated and not delegate_name:
        errors["delegate_name"] = [_("Hãy ghi họ tên, chức vụ người được ủy quyền tiếp.")]
    if len(delegate_name) > 200:
        errors["delegate_name"] = [_("Họ tên người được ủy quyền tối đa 200 ký tự.")]
    return errors


def create_session(
    *,
    unit: Unit,
    head: User,
    day: date,
    starts_at: time,
    ends_at: time,
    place: str,
    kind: str = "periodic",
    delegated: bool = False,
    delegate_name: str = "",
    published: bool = True,
    subject: str = "",
    actor=None,
    today: date,
) -> ReceptionSession:
    """One session. A periodic session set on a day off moves to the next working day."""
    place, delegate_name, subject = clean(place), clean(delegate_name), clean(subject)
    errors = _check_session_fields(
        unit=unit,
        head=head,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        delegated=delegated,
        delegate_name=delegate_name,
    )
    try:
        session_kind = SessionKind(kind)
    except ValueError:
        errors["kind"] = [_("Loại buổi tiếp không hợp lệ.")]
        session_kind = SessionKind.PERIODIC
    if session_kind == SessionKind.DIALOGUE and not subject:
        errors["subject"] = [_("Hãy ghi vụ việc cần đối thoại.")]
    if len(subject) > 500:
        errors["subject"] = [_("Nội dung tối đa 500 ký tự.")]
    if not date(2000, 1, 1) <= day <= today + timedelta(days=3 * 366):
        errors["day"] = [_("Ngày tiếp không hợp lệ.")]
    if errors:
        raise Refused(422, fields=errors)
    planned = rules.PlannedDay(day, day)
    if session_kind == SessionKind.PERIODIC:
        planned = rules.move_to_working_day(day, working_calendar())
    session = _new_session(
        unit=unit,
        head=head,
        planned=planned,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        kind=session_kind,
        delegated=delegated,
        delegate_name=delegate_name,
        published=published,
        subject=subject,
        actor=actor,
    )
    db.session.flush()
    record(actor, "reception.session.create", session, {"day": session.day.isoformat()})
    return session


def _new_session(
    *,
    unit,
    head,
    planned: rules.PlannedDay,
    starts_at,
    ends_at,
    place,
    kind,
    delegated=False,
    delegate_name="",
    published=True,
    subject="",
    recurrence="",
    actor=None,
) -> ReceptionSession:
    session = ReceptionSession(
        unit=unit,
        head=head,
        day=planned.day,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        kind=kind,
        delegated=delegated,
        delegate_name=delegate_name or None,
        published=published,
        subject=subject,
        recurrence=recurrence,
        moved_from=planned.nominal if planned.moved else None,
        move_note=planned.note("vi"),
        move_note_en=planned.note("en"),
        status=SessionStatus.PLANNED,
        status_reason="",
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(session)
    return session


def create_recurring_sessions(
    *,
    unit: Unit,
    head: User,
    rule: rules.Recurrence,
    start: date,
    end: date,
    starts_at: time,
    ends_at: time,
    place: str,
    published: bool = True,
    actor=None,
    today: date,
) -> list[ReceptionSession]:
    """Periodic sessions for every day the rule gives in [start, end], moved off days off."""
    place = clean(place)
    errors = _check_session_fields(
        unit=unit,
        head=head,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        delegated=False,
        delegate_name="",
    )
    if errors:
        raise Refused(422, fields=errors)
    try:
        planned_days = rules.plan(rule, start, end, working_calendar())
    except rules.ScheduleError as error:
        _fail("rule", error.message(_lang()))
    sessions = [
        _new_session(
            unit=unit,
            head=head,
            planned=planned,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            kind=SessionKind.PERIODIC,
            published=published,
            recurrence=rule.describe("vi"),
            actor=actor,
        )
        for planned in planned_days
    ]
    db.session.flush()
    record(
        actor,
        "reception.schedule.create",
        unit,
        {
            "head": head.username,
            "rule": rule.describe("vi"),
            "from": start.isoformat(),
            "to": end.isoformat(),
            "sessions": len(sessions),
        },
    )
    return sessions


def _lang() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "vi")


def clash_map(sessions: Iterable[ReceptionSession]) -> dict[int, list[ReceptionSession]]:
    """For each given session, the other active sessions that need its head at the same time."""
    sessions = [s for s in sessions if s.id is not None]
    if not sessions:
        return {}
    heads = {s.head_id for s in sessions}
    days = {s.day for s in sessions}
    others = db.session.scalars(
        select(ReceptionSession).where(
            ReceptionSession.head_id.in_(heads),
            ReceptionSession.day.between(min(days), max(days)),
            ReceptionSession.status.in_(ACTIVE_SESSION_STATUSES),
        )
    ).all()
    by_id = {s.id: s for s in others}
    found = rules.clashes(
        rules.Slot(s.id, s.head_id, s.day, s.starts_at, s.ends_at, not s.delegated) for s in others
    )
    wanted = {s.id for s in sessions}
    return {
        key: sorted((by_id[k] for k in keys), key=lambda s: (s.day, s.starts_at))
        for key, keys in found.items()
        if key in wanted
    }


def sessions_between(
    *, start: date, end: date, unit_ids: Iterable[int] | None = None, published_only=False
) -> list[ReceptionSession]:
    query = select(ReceptionSession).where(ReceptionSession.day.between(start, end))
    if unit_ids is not None:
        query = query.where(ReceptionSession.unit_id.in_(list(unit_ids)))
    if published_only:
        query = query.where(ReceptionSession.published.is_(True))
    query = query.order_by(ReceptionSession.day, ReceptionSession.starts_at, ReceptionSession.id)
    return list(db.session.scalars(query))


def session_page(
    *, start: date, end: date, unit_ids: Iterable[int] | None, page: int, per_page: int
) -> tuple[int, list[ReceptionSession]]:
    """(total, the sessions of one page) for API listings, counted and sliced in SQL."""
    where = [ReceptionSession.day.between(start, end)]
    if unit_ids is not None:
        where.append(ReceptionSession.unit_id.in_(list(unit_ids)))
    total = db.session.scalar(select(func.count(ReceptionSession.id)).where(*where))
    items = db.session.scalars(
        select(ReceptionSession)
        .where(*where)
        .order_by(ReceptionSession.day, ReceptionSession.starts_at, ReceptionSession.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return total or 0, list(items)


def _require_planned(session: ReceptionSession) -> None:
    if session.status != SessionStatus.PLANNED:
        _fail("status", _("Chỉ thay đổi được buổi tiếp đang ở trạng thái đã lên lịch."))


def mark_held(session: ReceptionSession, *, actor=None, today: date) -> ReceptionSession:
    _require_planned(session)
    if session.day > today:
        _fail("status", _("Buổi tiếp chưa diễn ra nên chưa thể ghi nhận đã tiếp."))
    session.status = SessionStatus.HELD
    db.session.flush()
    record(actor, "reception.session.held", session)
    return session


def cancel_session(
    session: ReceptionSession, *, reason: str, actor=None, today: date
) -> ReceptionSession:
    reason = clean(reason)
    _require_planned(session)
    if not reason:
        _fail("reason", _("Hãy ghi lý do hủy buổi tiếp."))
    session.status = SessionStatus.CANCELLED
    session.status_reason = reason
    db.session.flush()
    record(actor, "reception.session.cancel", session, {"reason": reason})
    return session


def postpone_session(
    session: ReceptionSession, *, new_day: date, reason: str, actor=None, today: date
) -> ReceptionSession:
    """Postpone to a later day: the session keeps its record, a new one takes the new day."""
    reason = clean(reason)
    _require_planned(session)
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Hãy ghi lý do hoãn buổi tiếp.")]
    if new_day <= session.day or new_day > today + timedelta(days=3 * 366):
        errors["new_day"] = [_("Ngày tiếp mới phải sau ngày đã lên lịch.")]
    if errors:
        raise Refused(422, fields=errors)
    planned = rules.PlannedDay(new_day, new_day)
    if session.kind == SessionKind.PERIODIC:
        planned = rules.move_to_working_day(new_day, working_calendar())
    replacement = _new_session(
        unit=session.unit,
        head=session.head,
        planned=planned,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        place=session.place,
        kind=session.kind,
        delegated=session.delegated,
        delegate_name=session.delegate_name or "",
        published=session.published,
        subject=session.subject,
        recurrence=session.recurrence,
        actor=actor,
    )
    session.status = SessionStatus.POSTPONED
    session.status_reason = reason
    session.postponed_to = replacement
    db.session.flush()
    record(
        actor,
        "reception.session.postpone",
        session,
        {"reason": reason, "to": replacement.day.isoformat(), "replacement": replacement.id},
    )
    return replacement


def set_published(session: ReceptionSession, *, published: bool, actor=None) -> None:
    if session.published != published:
        session.published = published
        db.session.flush()
        record(actor, "reception.session.publish", session, {"published": published})


def set_delegation(
    session: ReceptionSession, *, delegated: bool, delegate_name: str, actor=None
) -> None:
    """Hand a session to a deputy (or take it back) before it is held."""
    delegate_name = clean(delegate_name)
    _require_planned(session)
    if delegated and not delegate_name:
        _fail("delegate_name", _("Hãy ghi họ tên, chức vụ người được ủy quyền tiếp."))
    if len(delegate_name) > 200:
        _fail("delegate_name", _("Họ tên người được ủy quyền tối đa 200 ký tự."))
    session.delegated = delegated
    session.delegate_name = delegate_name if delegated else None
    db.session.flush()
    record(actor, "reception.session.delegate", session, {"delegated": delegated})


# -- the reception log ----------------------------------------------------------------------------


def _enum_value(enum_cls, value, field, message, errors, *, optional=False):
    if value in (None, "") and optional:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        errors[field] = [message]
        return None


def _check_citizens(citizens, people, errors) -> list[VisitCitizen]:
    rows: list[VisitCitizen] = []
    if not isinstance(citizens, list):
        errors["citizens"] = [_("Danh sách công dân không hợp lệ.")]
        return rows
    problems: list[str] = []
    for position, raw in enumerate(citizens):
        if not isinstance(raw, dict):
            problems.append(_("Mỗi công dân phải là một đối tượng."))
            continue
        name = clean(raw.get("full_name") if isinstance(raw.get("full_name"), str) else "")
        address = clean(raw.get("address") if isinstance(raw.get("address"), str) else "")
        id_number = clean(raw.get("id_number") if isinstance(raw.get("id_number"), str) else "")
        if not (name or address or id_number):
            continue  # an empty row of the form
        if not name:
            problems.append(_("Người thứ %(n)d: hãy ghi họ tên.", n=position + 1))
        elif len(name) > 200:
            problems.append(_("Người thứ %(n)d: họ tên tối đa 200 ký tự.", n=position + 1))
        if len(address) > 500:
            problems.append(_("Người thứ %(n)d: địa chỉ tối đa 500 ký tự.", n=position + 1))
        if id_number and not ID_NUMBER.match(id_number):
            problems.append(
                _("Người thứ %(n)d: số CMND/CCCD gồm 9 hoặc 12 chữ số.", n=position + 1)
            )
        rows.append(
            VisitCitizen(
                position=len(rows),
                full_name=name,
                address=address,
                id_number=id_number,
                representative=bool(raw.get("representative")),
            )
        )
    if problems:
        errors["citizens"] = problems
        return rows
    if not rows:
        errors["citizens"] = [_("Hãy ghi họ tên ít nhất một công dân.")]
    elif len(rows) > MAX_CITIZENS:
        errors["citizens"] = [_("Chỉ ghi tối đa %(n)d người trong sổ.", n=MAX_CITIZENS)]
    elif isinstance(people, int) and len(rows) > people:
        errors["people"] = [_("Số người không được ít hơn số công dân đã ghi tên.")]
    elif isinstance(people, int) and rules.is_group(people):
        # A group names its representatives; when none is marked, everyone named speaks for it.
        if not any(row.representative for row in rows):
            for row in rows:
                row.representative = True
        speaking = sum(row.representative for row in rows)
        limit = rules.representatives_limit(people)
        if speaking > limit:
            errors["citizens"] = [
                _(
                    "Đoàn %(people)d người cử tối đa %(limit)d người đại diện (%(basis)s); "
                    "đã ghi %(count)d người đại diện.",
                    people=people,
                    limit=limit,
                    basis=rules.REPRESENTATIVES_BASIS_VI
                    if not _lang().startswith("en")
                    else rules.REPRESENTATIVES_BASIS_EN,
                    count=speaking,
                )
            ]
    return rows


def _check_outcome(route, forwarded_to: str, follow_up: str, notes: str, errors: dict) -> None:
    """The fields of what became of a visit, shared by logging it and updating it later."""
    if route == Route.FORWARDED and not forwarded_to:
        errors["forwarded_to"] = [_("Hãy ghi cơ quan được chuyển đơn đến.")]
    for field, value, limit in (
        ("forwarded_to", forwarded_to, 300),
        ("follow_up", follow_up, 5000),
        ("notes", notes, 5000),
    ):
        if len(value) > limit:
            errors[field] = [_("Tối đa %(n)d ký tự.", n=limit)]


def log_visit(
    *,
    unit: Unit,
    visited_on: date | None,
    people,
    citizens: list[dict],
    content: str,
    classification: str,
    session: ReceptionSession | None = None,
    handled_by: str = "",
    route: str | None = None,
    forwarded_to: str = "",
    follow_up: str = "",
    notes: str = "",
    first_visit: bool = True,
    refusal_ground: str | None = None,
    refusal_notice: str = "",
    actor=None,
    today: date,
) -> Visit:
    """Write one row of the unit's reception log, numbered in sequence for the year.

    A refusal (LTCD art. 9) is a row with route ``refused`` and its ground. A visit logged at
    a planned session whose day has come marks the session held: it evidently took place.
    """
    errors: dict[str, list[str]] = {}
    content, handled_by = clean(content), clean(handled_by)
    forwarded_to, follow_up, notes = clean(forwarded_to), clean(follow_up), clean(notes)
    refusal_notice = clean(refusal_notice)
    if visited_on is None:
        errors["visited_on"] = [_("Hãy ghi ngày tiếp.")]
    elif visited_on > today:
        errors["visited_on"] = [_("Ngày tiếp không được sau hôm nay.")]
    elif visited_on.year < 2000:
        errors["visited_on"] = [_("Ngày tiếp không hợp lệ.")]
    if isinstance(people, bool) or not isinstance(people, int) or not 1 <= people <= MAX_PEOPLE:
        errors["people"] = [_("Số người phải là số nguyên từ 1 đến %(n)d.", n=MAX_PEOPLE)]
    citizen_rows = _check_citizens(citizens, people, errors)
    if not content:
        errors["content"] = [_("Hãy ghi tóm tắt nội dung vụ việc.")]
    elif len(content) > 10000:
        errors["content"] = [_("Nội dung tối đa 10.000 ký tự.")]
    kind = _enum_value(
        Classification, classification, "classification", _("Phân loại không hợp lệ."), errors
    )
    chosen_route = _enum_value(
        Route, route, "route", _("Hướng xử lý không hợp lệ."), errors, optional=True
    )
    ground = _enum_value(
        RefusalGround,
        refusal_ground,
        "refusal_ground",
        _("Lý do từ chối không hợp lệ."),
        errors,
        optional=True,
    )
    if chosen_route == Route.REFUSED and ground is None and "refusal_ground" not in errors:
        errors["refusal_ground"] = [
            _("Từ chối tiếp phải nêu một trong các lý do tại Điều 9 Luật Tiếp công dân.")
        ]
    if ground is not None and chosen_route != Route.REFUSED:
        errors["refusal_ground"] = [_("Chỉ ghi lý do từ chối khi hướng xử lý là từ chối tiếp.")]
    _check_outcome(chosen_route, forwarded_to, follow_up, notes, errors)
    for field, value, limit in (
        ("handled_by", handled_by, 300),
        ("refusal_notice", refusal_notice, 100),
    ):
        if len(value) > limit:
            errors[field] = [_("Tối đa %(n)d ký tự.", n=limit)]
    if session is not None:
        if session.unit_id != unit.id:
            errors["session"] = [_("Buổi tiếp không thuộc đơn vị này.")]
        elif not session.is_active:
            errors["session"] = [_("Buổi tiếp đã hoãn hoặc đã hủy.")]
        elif visited_on is not None and visited_on != session.day:
            errors["visited_on"] = [_("Ngày tiếp phải trùng ngày của buổi tiếp.")]
    if errors:
        raise Refused(422, fields=errors)

    # Lock the unit so that two officers never draw the same sequence number.
    db.session.execute(select(Unit.id).where(Unit.id == unit.id).with_for_update())
    year = visited_on.year
    last = db.session.scalar(
        select(func.max(Visit.sequence)).where(Visit.unit_id == unit.id, Visit.year == year)
    )
    visit = Visit(
        unit=unit,
        year=year,
        sequence=(last or 0) + 1,
        session=session,
        visited_on=visited_on,
        people=people,
        content=content,
        classification=kind,
        handled_by=handled_by,
        route=chosen_route,
        forwarded_to=forwarded_to if chosen_route == Route.FORWARDED else "",
        follow_up=follow_up,
        notes=notes,
        first_visit=bool(first_visit),
        refusal_ground=ground,
        refusal_notice=refusal_notice if ground is not None else "",
        received_by_id=getattr(actor, "id", None),
        citizens=citizen_rows,
    )
    if visit.sealed:
        seal_visit_citizens(visit)
    db.session.add(visit)
    if session is not None and session.status == SessionStatus.PLANNED and session.day <= today:
        session.status = SessionStatus.HELD
        record(actor, "reception.session.held", session, {"by_visit": True})
    db.session.flush()
    # No names in the audit trail: a denouncer's identity must not leak through it.
    record(
        actor,
        "reception.visit.log",
        visit,
        {"sequence": visit.sequence, "year": year, "route": route or None},
    )
    return visit


def update_visit_outcome(
    visit: Visit, *, route: str | None, forwarded_to: str, follow_up: str, notes: str, actor=None
) -> Visit:
    """Record what became of a visit after the fact: the route taken and the follow-up."""
    errors: dict[str, list[str]] = {}
    forwarded_to, follow_up, notes = clean(forwarded_to), clean(follow_up), clean(notes)
    chosen = _enum_value(
        Route, route, "route", _("Hướng xử lý không hợp lệ."), errors, optional=True
    )
    if chosen == Route.REFUSED and visit.refusal_ground is None:
        errors["route"] = [_("Ghi từ chối tiếp bằng một lượt tiếp mới, kèm lý do.")]
    _check_outcome(chosen, forwarded_to, follow_up, notes, errors)
    if errors:
        raise Refused(422, fields=errors)
    visit.route = chosen
    visit.forwarded_to = forwarded_to if chosen == Route.FORWARDED else ""
    visit.follow_up = follow_up
    visit.notes = notes
    db.session.flush()
    record(actor, "reception.visit.update", visit, {"route": route or None})
    return visit


def attach_case_to_visit(*, visit_id: int, case, actor=None) -> Visit | None:
    """Link the case opened at intake to the visit it came from; the route becomes accepted.

    Called by the intake desk after it records a case from `/intake/desk?visit=<id>`. Returns
    None when there is no such visit (a stale or edited link), so intake never fails on it.
    """
    try:
        visit = db.session.get(Visit, int(visit_id))
    except (TypeError, ValueError):
        return None
    if visit is None:
        return None
    visit.case_id = case.id
    visit.route = Route.ACCEPTED
    db.session.flush()
    record(actor, "reception.visit.case", visit, {"case": case.id})
    return visit


CASE_KINDS = {
    Classification.COMPLAINT: "complaint",
    Classification.DENUNCIATION: "denunciation",
    Classification.RECOMMENDATION: "recommendation",
    Classification.FEEDBACK: "feedback",
}


def intake_link(visit: Visit) -> str:
    """The intake desk for a case from this visit. Only the visit's id travels: the desk
    fills in everything else on the server, so no identity lands in a URL or its logs."""
    return url_for("intake.desk", visit=visit.id)


def seal_visit_citizens(visit: Visit) -> None:
    """A denunciation visit keeps its citizens only sealed (Law on Denunciation art. 47)."""
    for citizen in visit.citizens:
        if citizen.sealed_identity is None:
            identity = {
                "full_name": citizen.full_name,
                "id_number": citizen.id_number,
                "address": citizen.address,
            }
            citizen.sealed_identity = seal_identity(identity)
            citizen.id_number_digest = id_number_digest(citizen.id_number)
        citizen.full_name = citizen.id_number = citizen.address = ""


def visit_identities(visit: Visit, *, actor, purpose: str) -> list[dict] | None:
    """The citizens named at the visit, as `actor` may see them: None where a denouncer's
    identity is kept from them. Opening a sealed visit is recorded, with its purpose."""
    if not visit.can_see_identity(actor):
        return None
    people = []
    for citizen in visit.citizens:
        if citizen.sealed_identity is not None:
            identity = unseal_identity(citizen.sealed_identity)
        else:
            identity = {
                "full_name": citizen.full_name,
                "id_number": citizen.id_number,
                "address": citizen.address,
            }
        people.append(
            {
                "full_name": identity.get("full_name") or "",
                "id_number": identity.get("id_number") or "",
                "address": identity.get("address") or "",
                "representative": citizen.representative,
            }
        )
    if visit.sealed:
        # Who opened a denouncer's identity, never the identity itself.
        record(actor, "reception.visit.reveal", visit, {"purpose": purpose})
    return people


def visit_log(*, unit_ids: Iterable[int], start: date, end: date) -> list[Visit]:
    """The log rows of the units for the period, in the order they were written."""
    return list(
        db.session.scalars(
            select(Visit)
            .where(Visit.unit_id.in_(list(unit_ids)), Visit.visited_on.between(start, end))
            .order_by(Visit.unit_id, Visit.year, Visit.sequence)
        )
    )


# -- compliance -----------------------------------------------------------------------------------


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

    head_query = select(User).where(User.role == Role.UNIT_HEAD, User.active.is_(True))
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
        minimum = rules.minimum_for(head.unit.level.value)
        entry = {
            "head": {"id": head.id, "username": head.username, "full_name": head.display_name},
            "unit": {
                "id": head.unit.id,
                "code": head.unit.code,
                "name": head.unit.name,
                "level": head.unit.level.value,
            },
            "rule": None,
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
        if minimum is not None:
            assessment = rules.assess(minimum, year, held[head.id], calendar, today)
            entry.update(
                rule={
                    "key": minimum.key,
                    "title": minimum.title(lang),
                    "days": minimum.days,
                    "period": minimum.period,
                    "basis": minimum.basis(lang),
                    "description": minimum.describe(lang),
                },
                periods=[
                    {
                        "index": p.index,
                        "start": p.start,
                        "end": p.end,
                        "required": p.required,
                        "in_person": p.in_person,
                        "delegated": p.delegated,
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


# -- statistics for form 01/TCD -------------------------------------------------------------------

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
