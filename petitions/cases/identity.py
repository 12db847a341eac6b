"""Sealed identities on a case: sealing a reclassified petition, reveals, summaries."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from petitions.accounts.models import User
from petitions.cases.access import can_reveal
from petitions.cases.history import record_event
from petitions.cases.models import (
    SEALED_EMAIL,
    Case,
    IdentityReveal,
    Petitioner,
)
from petitions.errors import Refused, invalid
from petitions.extensions import db
from petitions.notifications.services import seal_case_messages
from petitions.sealing import SealError, id_number_digest, seal_identity, unseal_identity
from petitions.text import CONTROL_CHARS, clean, fold


def seal_petitioners(case: Case) -> None:
    """Move every petitioner's identity into the sealed blob and clear the readable columns."""

    for person in case.petitioners:
        if person.sealed_identity is None:
            identity = {
                "full_name": person.full_name,
                "id_number": person.id_number,
                "address": person.address,
                "phone": person.phone,
                "email": person.email,
            }
            person.sealed_identity = seal_identity(identity)
            person.id_number_digest = person.id_number_digest or id_number_digest(person.id_number)
        person.full_name = person.id_number = person.address = None
        person.phone = person.email = person.name_folded = None
    case.sealed = True
    case.confidential = True
    case.search_text = fold(f"{case.tracking_code} {case.title} {case.content}")
    # The address it was written to, and every message already queued or sent, go under
    # the seal too: a reclassified petition must not keep its denouncer's email in clear.
    if case.notify_email:
        case.notify_email = SEALED_EMAIL
    seal_case_messages(case.id)


def reveal_identity(case: Case, *, actor: User, reason: str, today: date) -> list[dict]:
    """The sealed identities of the case's petitioners, for someone allowed to see them; the
    view is recorded (IdentityReveal and a non-public CaseEvent) in the same transaction."""
    if not case.sealed:
        raise invalid("reason", _("Hồ sơ này không có thông tin được giữ bí mật."))
    if not can_reveal(actor, case):
        raise Refused(
            403,
            _("Chỉ người giải quyết và cán bộ được giao mới được xem thông tin người tố cáo."),
            code="forbidden",
        )
    reason = CONTROL_CHARS.sub("", clean(reason if isinstance(reason, str) else ""))
    if not reason:
        raise invalid("reason", _("Hãy nêu lý do cần xem thông tin người tố cáo."))
    if len(reason) > 500:
        raise invalid("reason", _("Tối đa %(n)d ký tự.", n=500))

    identities = []
    for person in case.petitioners:
        if person.sealed_identity is None:
            continue
        try:
            identity = unseal_identity(person.sealed_identity)
        except SealError:
            raise Refused(
                503,
                _("Máy chủ này không giữ khóa giải mã thông tin người tố cáo."),
                code="seal_unavailable",
            ) from None
        identities.append(
            {**identity, "position": person.position, "representative": person.representative}
        )
    db.session.add(IdentityReveal(case_id=case.id, user_id=actor.id, reason=reason))
    record_event(
        case,
        actor=actor,
        action="identity_revealed",
        on=today,
        today=today,
        public=False,
        note=reason,
        details={"reason": reason},
    )
    db.session.flush()
    return identities


def petitioner_summary(case: Case) -> dict:
    """The petitioner as anyone reading the case may see: sealed, or the clear fields."""
    if case.sealed:
        return {"sealed": True}
    first = case.petitioners[0] if case.petitioners else None
    if first is None:
        return {"anonymous": True} if case.anonymous else {}
    return person_json(first)


def person_json(person: Petitioner) -> dict:
    return {
        "full_name": person.full_name,
        "id_number": person.id_number,
        "address": person.address,
        "phone": person.phone,
        "email": person.email,
        "representative": person.representative,
    }
