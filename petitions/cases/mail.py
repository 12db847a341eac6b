"""The e-mails a step causes: to the citizen (sealed when the case is) and to staff."""

from __future__ import annotations

import logging

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from petitions.accounts.models import User
from petitions.cases import labels
from petitions.cases.models import (
    Case,
    CaseEvent,
)
from petitions.extensions import db
from petitions.notifications.services import InvalidRecipient, public_url, queue_email
from petitions.permissions import Role
from petitions.sealing import SealError, unseal_identity

log = logging.getLogger(__name__)


# Steps the citizen hears about by e-mail, and the steps assigned staff hear about.
CITIZEN_STEPS = frozenset(
    {
        "accept",
        "forward",
        "guide",
        "file",
        "reject",
        "extend",
        "suspend",
        "resume",
        "terminate",
        "conclude",
    }
)
STAFF_STEPS = frozenset(
    {"extend", "suspend", "resume", "terminate", "withdraw", "conclude", "dialogue"}
)


def responsible_staff(case: Case) -> list[User]:
    assigned = [a.user for a in case.assignments if a.active and a.user.active]
    if assigned:
        return assigned
    return unit_heads(case.unit_id)


def unit_heads(unit_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(
                User.unit_id == unit_id, User.has_role(Role.UNIT_HEAD), User.active.is_(True)
            )
        )
    )


def _citizen_email(case: Case) -> tuple[str | None, bool]:
    """Where to write to the citizen, and whether the address is sealed.

    A sealed case's address lives only in the sealed identity: it is opened in memory by the
    system to queue the message (as a sealed outbox row), which is not a person's view and
    writes no IdentityReveal; the message itself names no one.
    """
    if not case.sealed:
        email = case.notify_email or next((p.email for p in case.petitioners if p.email), None)
        return email, False

    for person in case.petitioners:
        if person.sealed_identity is None:
            continue
        try:
            email = unseal_identity(person.sealed_identity).get("email")
        except SealError:
            return None, True
        if email:
            return email, True
    return None, True


def notify(case: Case, event: CaseEvent) -> None:
    if event.action in CITIZEN_STEPS:
        email, sealed = _citizen_email(case)
        if email:
            with force_locale("vi"):
                subject = _(
                    "Hồ sơ %(code)s: %(step)s",
                    code=case.tracking_code,
                    step=labels.event(event.action),
                )
                body = _citizen_body(case, event)
            _queue(to=email, subject=subject, body=body, sealed=sealed, case=case)
    if event.action in STAFF_STEPS:
        staff = [u for u in responsible_staff(case) if u.id != event.actor_id]
        email_staff(
            staff,
            subject=_(
                "Hồ sơ %(code)s: %(step)s", code=case.tracking_code, step=labels.event(event.action)
            ),
            body=staff_body(case, event),
            case=case,
        )


def _citizen_body(case: Case, event: CaseEvent) -> str:
    lines = [
        _("Kính gửi ông/bà,"),
        "",
        _(
            "Hồ sơ %(code)s (%(kind)s) của ông/bà có bước xử lý mới: %(step)s, ngày %(day)s.",
            code=case.tracking_code,
            kind=labels.kind(case.kind),
            step=labels.event(event.action),
            day=event.effective_on.strftime("%d/%m/%Y"),
        ),
        _("Trạng thái hiện tại: %(status)s.", status=labels.status(case.status)),
    ]
    if case.due_on:
        lines.append(_("Hạn giải quyết: %(day)s.", day=case.due_on.strftime("%d/%m/%Y")))
    if event.action == "forward" and event.details.get("to_unit_name"):
        lines.append(_("Đơn đã được chuyển đến: %(unit)s.", unit=event.details["to_unit_name"]))
    lines += [
        "",
        _(
            "Tra cứu tiến độ và tải văn bản thông báo tại %(url)s bằng mã hồ sơ và mã bí mật "
            "của ông/bà.",
            url=public_url("intake.track"),
        ),
        "",
        case.unit.name,
    ]
    return "\n".join(lines)


def staff_body(case: Case, event: CaseEvent) -> str:
    lines = [
        _("Hồ sơ %(code)s — %(title)s", code=case.tracking_code, title=case.title),
        _(
            "Bước: %(step)s (%(day)s)",
            step=labels.event(event.action),
            day=event.effective_on.strftime("%d/%m/%Y"),
        ),
        _("Trạng thái: %(status)s", status=labels.status(case.status)),
    ]
    if case.due_on:
        lines.append(_("Hạn: %(day)s", day=case.due_on.strftime("%d/%m/%Y")))
    if event.note and event.action not in ("identity_revealed",):
        lines.append(event.note)
    lines.append(public_url("cases.show", case_id=case.id))
    return "\n".join(lines)


def email_staff(users, *, subject: str, body: str, case: Case) -> None:
    for user in users:
        if user is not None and user.email:
            _queue(to=user.email, subject=subject, body=body, sealed=False, case=case)


def _queue(*, to: str, subject: str, body: str, sealed: bool, case: Case) -> None:
    try:
        queue_email(to=to, subject=subject, body=body, sealed=sealed, case_id=case.id)
    except InvalidRecipient:
        log.warning("case %s: no valid address for a notification", case.id)
