"""Reception sessions: heads' sessions and schedules, their clashes, and who may see them.

Every function takes the clock (`today=`) and flushes; the caller commits.
"""

from collections.abc import Iterable
from datetime import date, time, timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import func, select

from petitions.accounts.models import User
from petitions.audit.services import record
from petitions.cases.labels import lang
from petitions.deadlines.settings import working_calendar
from petitions.domain import reception as rules
from petitions.errors import Refused
from petitions.extensions import db
from petitions.permissions import Role
from petitions.reception.models import (
    ACTIVE_SESSION_STATUSES,
    ReceptionSession,
    SessionKind,
    SessionMode,
    SessionStatus,
)
from petitions.text import clean
from petitions.units.models import Unit
from petitions.units.services import subtree_ids


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
            .where(User.unit_id == unit.id, User.has_role(Role.UNIT_HEAD), User.active.is_(True))
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
    if not head.has_role(Role.UNIT_HEAD) or head.unit_id != unit.id:
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


def check_online_url(url: str) -> str | None:
    """Why a video link cannot be published for citizens to join, or None when it can."""
    if not url:
        return _("Hãy ghi đường dẫn tham gia buổi tiếp trực tuyến.")
    if len(url) > 500:
        return _("Đường dẫn tối đa 500 ký tự.")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme != "https" or not host or "." not in host:
        return _("Đường dẫn phải là địa chỉ https:// đầy đủ, ví dụ https://hop.example.gov.vn/abc.")
    if any(c.isspace() for c in url) or parts.username or parts.password:
        return _("Đường dẫn không được có khoảng trắng hay tên đăng nhập, mật khẩu.")
    return None


def _check_mode(
    mode: str | None, online_url: str, day: date, errors: dict[str, list[str]]
) -> SessionMode:
    """The session's mode; an online one needs a https link and a day from 1/7/2026 (art. 3a)."""
    try:
        session_mode = SessionMode(mode or SessionMode.IN_PERSON.value)
    except ValueError:
        errors["mode"] = [_("Hình thức tiếp không hợp lệ (trực tiếp hoặc trực tuyến).")]
        return SessionMode.IN_PERSON
    if session_mode == SessionMode.ONLINE:
        if not rules.online_allowed(day):
            errors["mode"] = [
                _(
                    "Tiếp công dân trực tuyến áp dụng từ ngày %(day)s (Luật Tiếp công dân, "
                    "Điều 3a, bổ sung bởi Luật 136/2025/QH15).",
                    day=rules.ONLINE_RECEPTION_FROM.strftime("%d/%m/%Y"),
                )
            ]
        problem = check_online_url(online_url)
        if problem:
            errors["online_url"] = [problem]
    return session_mode


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
    mode: str | None = "in_person",
    online_url: str = "",
    recorded: bool = False,
    actor=None,
    today: date,
) -> ReceptionSession:
    """One session, in person or online (with the link citizens join by). A periodic session
    set on a day off moves to the next working day."""
    place, delegate_name, subject = clean(place), clean(delegate_name), clean(subject)
    online_url = clean(online_url)
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
    session_mode = _check_mode(mode, online_url, day, errors)
    if session_mode == SessionMode.ONLINE and not place:
        errors.pop("place", None)  # the link is where citizens go; a room is optional
    if errors:
        raise Refused(422, fields=errors)
    planned = rules.PlannedDay(day, day)
    if session_kind == SessionKind.PERIODIC:
        planned = rules.move_to_working_day(day, working_calendar())
    session = _new_session(
        mode=session_mode,
        online_url=online_url if session_mode == SessionMode.ONLINE else None,
        recorded=recorded and session_mode == SessionMode.ONLINE,
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
    record(
        actor,
        "reception.session.create",
        session,
        {"day": session.day.isoformat(), "mode": session.mode.value},
    )
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
    mode=SessionMode.IN_PERSON,
    online_url=None,
    recorded=False,
    actor=None,
) -> ReceptionSession:
    session = ReceptionSession(
        mode=mode,
        online_url=online_url,
        recorded=recorded,
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
        _fail("rule", error.message(lang()))
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
        mode=session.mode,
        online_url=session.online_url,
        recorded=session.recorded,
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
