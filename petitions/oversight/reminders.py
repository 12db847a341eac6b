"""Reminders (đôn đốc): who may remind which unit, sending one, counting them for the reports."""

from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, literal, select
from sqlalchemy.orm import selectinload

from petitions.accounts.models import User
from petitions.audit.services import record
from petitions.cases.models import Case, CaseEvent
from petitions.documents.letters import issue_reminder_letter
from petitions.errors import Refused
from petitions.extensions import db
from petitions.notifications.services import InvalidRecipient, public_url, queue_email
from petitions.oversight.models import Reminder
from petitions.oversight.scope import in_subtree, sees_everything, subtree
from petitions.permissions import Role
from petitions.text import clean
from petitions.units.models import Unit


def may_remind_in_scope(user: User, unit_code: str) -> bool:
    """Whether `user` may remind a unit already known to lie in their oversight scope (a row of
    their own lists, so no subtree look-up): the inspectorate any, a head any but their own."""
    if not user.can("cases.remind"):
        return False
    return sees_everything(user) or unit_code != user.unit.code


def may_remind(user: User, unit: Unit) -> bool:
    """The inspectorate reminds any unit; a head reminds the units below their own."""
    return may_remind_in_scope(user, unit.code) and (
        sees_everything(user) or in_subtree(unit.id, user.unit_id)
    )


def _unit_staff(unit_id: int, *, handlers_of: Case | None = None) -> list[User]:
    """The unit's heads, and the case's assigned handlers (or, without a case, its handlers)."""
    heads = select(User).where(
        User.unit_id == unit_id, User.has_role(Role.UNIT_HEAD), User.active.is_(True)
    )
    people = list(db.session.scalars(heads))
    if handlers_of is not None:
        people += [a.user for a in handlers_of.assignments if a.active and a.user.active]
    else:
        people += list(
            db.session.scalars(
                select(User).where(
                    User.unit_id == unit_id, User.has_role(Role.HANDLER), User.active.is_(True)
                )
            )
        )
    seen, unique = set(), []
    for person in people:
        if person.id not in seen:
            seen.add(person.id)
            unique.append(person)
    return unique


def send_reminder(
    *,
    sender: User,
    message: str,
    today: date,
    now: datetime,
    unit: Unit | None = None,
    case_: Case | None = None,
    respond_by: date | None = None,
) -> Reminder:
    """Record a reminder to a unit (about one case or in general) and email its head and
    handlers. On a case it is also written to the case's history."""
    if case_ is not None:
        unit = case_.unit
        if not case_.is_open:
            raise Refused(409, _("Hồ sơ đã kết thúc, không cần đôn đốc."))
    if unit is None:
        raise Refused(422, fields={"unit": [_("Chọn đơn vị cần đôn đốc.")]})
    if not may_remind(sender, unit):
        raise Refused(403, _("Bạn không thể đôn đốc đơn vị này."))
    message = clean(message)
    if not message:
        raise Refused(422, fields={"message": [_("Nhập nội dung đôn đốc.")]})
    if len(message) > 5000:
        raise Refused(422, fields={"message": [_("Nội dung quá dài (tối đa 5000 ký tự).")]})
    if respond_by is not None and respond_by < today:
        raise Refused(422, fields={"respond_by": [_("Hạn báo cáo không được trước hôm nay.")]})
    reminder = Reminder(
        unit_id=unit.id,
        case_id=case_.id if case_ is not None else None,
        sent_by_id=sender.id,
        sent_at=now,
        sent_on=today,
        message=message,
        respond_by=respond_by,
    )
    db.session.add(reminder)
    db.session.flush()
    # The letter (công văn đôn đốc) the reminder is sent with, numbered in the sender's register.
    letter = issue_reminder_letter(reminder)
    if case_ is not None:
        # The same history entry the workflow writes when a unit receives a reminder.
        case_.events.append(
            CaseEvent(
                effective_on=today,
                backdated=False,
                actor_id=sender.id,
                action="reminder_received",
                note=message,
                details={
                    "reminder_id": reminder.id,
                    "letter": letter.number,
                    "from_unit": sender.unit.code,
                    "respond_by": respond_by.isoformat() if respond_by else None,
                },
            )
        )
    with force_locale("vi"):
        if case_ is not None:
            subject = _("Đôn đốc giải quyết hồ sơ %(code)s", code=case_.tracking_code)
        else:
            subject = _("Đôn đốc của %(unit)s", unit=sender.unit.name)
        lines = [
            _("%(unit)s đôn đốc %(to)s:", unit=sender.unit.name, to=unit.name),
            "",
            message,
            "",
        ]
        if case_ is not None:
            lines.append(
                _("Hồ sơ %(code)s — %(title)s", code=case_.tracking_code, title=case_.title)
            )
            if case_.due_on:
                lines.append(_("Hạn: %(day)s", day=case_.due_on.strftime("%d/%m/%Y")))
        if respond_by:
            lines.append(
                _(
                    "Đề nghị báo cáo kết quả trước ngày %(day)s.",
                    day=respond_by.strftime("%d/%m/%Y"),
                )
            )
        lines.append(_("Công văn số %(number)s.", number=letter.number))
        lines.append(_("Người gửi: %(name)s", name=sender.display_name))
        lines.append(public_url("oversight.dashboard"))
    body = "\n".join(lines)
    for person in _unit_staff(unit.id, handlers_of=case_):
        if person.email:
            try:
                queue_email(
                    to=person.email,
                    subject=subject,
                    body=body,
                    case_id=case_.id if case_ is not None else None,
                )
            except InvalidRecipient:
                continue
    record(
        sender,
        "oversight.remind",
        reminder,
        {"unit": unit.code, "case_id": case_.id if case_ is not None else None},
    )
    db.session.flush()
    return reminder


def reminders_to(root_id: int | None, *, limit: int = 20) -> list[Reminder]:
    """The newest reminders received by the unit `root_id` and the units below it."""
    query = (
        select(Reminder)
        .order_by(Reminder.sent_at.desc(), Reminder.id.desc())
        .limit(limit)
        # What the dashboard shows of each: sender's unit, receiving unit, the case's code.
        .options(
            selectinload(Reminder.sent_by).selectinload(User.unit),
            selectinload(Reminder.unit),
            selectinload(Reminder.case).load_only(Case.tracking_code),
        )
    )
    if root_id is not None:
        query = query.where(Reminder.unit_id.in_(select(subtree(root_id).c.id)))
    return list(db.session.scalars(query))


def count_reminders(
    *,
    unit_id: int | None,
    start: date,
    end: date,
    direction: str = "received",
    include_subunits: bool = True,
) -> int:
    """Reminders (đôn đốc) in [start, end] for the reports: `received` by the unit (and its
    sub-units), or `sent` by its staff. `unit_id=None` counts the whole province."""
    query = select(func.count(Reminder.id)).where(
        Reminder.sent_on >= start, Reminder.sent_on <= end
    )
    if unit_id is not None:
        units = select(subtree(unit_id).c.id) if include_subunits else select(literal(unit_id))
        if direction == "received":
            query = query.where(Reminder.unit_id.in_(units))
        elif direction == "sent":
            query = query.join(User, User.id == Reminder.sent_by_id).where(User.unit_id.in_(units))
        else:
            raise ValueError(f"direction must be received or sent, not {direction}")
    return db.session.scalar(query) or 0
