"""The data subject's requests (Law 91/2025/QH15 art. 4): what is held about a person, as a
file, and requests to correct or erase, kept with a deadline for staff to answer.

A person is one petitioner of a case, identified by the case's tracking code and access key and
their own ID number (online), or by their ID number checked at the desk by staff. The file
holds that person's own record and what they submitted; co-petitioners appear only as a count,
and nothing of another person — a sealed identity is opened only for the person it belongs to.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import or_, select

from petitions.audit.services import record
from petitions.cases.models import Case, Petitioner
from petitions.domain import retention
from petitions.extensions import db
from petitions.privacy.models import Consent, DataRequest, RequestKind, RequestStatus
from petitions.privacy.retention import configured_years
from petitions.sealing import id_number_digest, unseal_identity

# The processing notice the online form shows; a new text gets a new version.
NOTICE_VERSION = "2026-01"
PURPOSES = "petition_handling,notification,statistics"


def answer_days() -> int:
    return int(current_app.config.get("PRIVACY_REQUEST_DAYS", 15))


def _clean_id(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isalnum()).upper()


def _identity(petitioner: Petitioner) -> dict:
    if petitioner.sealed_identity is not None:
        return unseal_identity(petitioner.sealed_identity)
    return {
        "full_name": petitioner.full_name,
        "id_number": petitioner.id_number,
        "address": petitioner.address,
        "phone": petitioner.phone,
        "email": petitioner.email,
    }


def find_petitioner(case: Case, id_number: str | None) -> Petitioner | None:
    """The petitioner of `case` whose ID number this is (clear, or sealed by its digest)."""
    wanted = _clean_id(id_number)
    if len(wanted) < 6:
        return None
    digest = id_number_digest(wanted)
    for petitioner in case.petitioners:
        if _clean_id(petitioner.id_number) == wanted or (
            digest and petitioner.id_number_digest == digest
        ):
            return petitioner
    return None


def _case_record(case: Case, petitioner: Petitioner) -> dict:
    years = configured_years()
    facts = retention.CaseFacts(
        kind=case.kind.value,
        status=case.status.value,
        closed_on=case.closed_on,
        accepted_on=case.accepted_on,
    )
    rule = retention.rule_for(facts)
    ends = retention.expires_on(facts, years=years)
    identity = {k: v for k, v in _identity(petitioner).items() if v}
    others = [p for p in case.petitioners if p.id != petitioner.id]
    return {
        "tracking_code": case.tracking_code,
        "kind": case.kind.value,
        "channel": case.channel.value,
        "received_on": case.received_on.isoformat(),
        "unit": case.unit.name,
        "status": case.status.value,
        "title": case.title,
        "content": case.content,
        "you": {**identity, "representative": petitioner.representative},
        "co_petitioners": len(others),
        "notification_email": case.notify_email
        if case.notify_email and case.notify_email == identity.get("email")
        else None,
        "files": [
            {"name": a.original_name, "size": a.size, "uploaded_at": a.uploaded_at.isoformat()}
            for a in case.attachments
            if a.purpose != "notice"
        ],
        "history": [
            {"on": e.effective_on.isoformat(), "status": e.to_status, "note": e.note}
            for e in case.events
            if e.public
        ],
        "consents": [
            {
                "notice_version": c.notice_version,
                "purposes": c.purposes.split(","),
                "given_at": c.given_at.isoformat(),
            }
            for c in db.session.scalars(select(Consent).where(Consent.case_id == case.id))
        ],
        "retention": {
            "rule": rule.key if rule else None,
            "basis": rule.basis_vi if rule else None,
            "personal_data_kept_until": (ends - timedelta(days=1)).isoformat() if ends else None,
        },
        "anonymised_on": case.anonymised_on.isoformat() if case.anonymised_on else None,
    }


def export(cases_and_people: list[tuple[Case, Petitioner]], *, today: date) -> dict:
    """The file a data subject receives: their record in each case, nothing of anyone else."""
    return {
        "controller": current_app.config.get("PROVINCE_NAME", ""),
        "generated_on": today.isoformat(),
        "notice_version": NOTICE_VERSION,
        "legal_basis": "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, Điều 4",
        "cases": [_case_record(case, person) for case, person in cases_and_people],
    }


def cases_of(id_number: str, *, unit_ids: set[int] | None) -> list[tuple[Case, Petitioner]]:
    """Every case (within `unit_ids` when given) where this ID number is a petitioner's, for a
    request made at the desk with the person's identity document checked."""
    wanted = _clean_id(id_number)
    if len(wanted) < 6:
        return []
    digest = id_number_digest(wanted)
    query = (
        select(Petitioner)
        .join(Case, Case.id == Petitioner.case_id)
        .where(or_(Petitioner.id_number == wanted, Petitioner.id_number_digest == digest))
        .order_by(Case.received_on, Case.id)
    )
    if unit_ids is not None:
        query = query.where(Case.unit_id.in_(unit_ids))
    return [(p.case, p) for p in db.session.scalars(query)]


def open_request(
    *,
    kind: RequestKind,
    channel: str,
    case: Case | None,
    id_number: str,
    details: str,
    today: date,
    actor=None,
    answered: bool = False,
) -> DataRequest:
    request = DataRequest(
        kind=kind,
        channel=channel,
        case_id=case.id if case else None,
        subject_digest=id_number_digest(_clean_id(id_number)),
        details=details[:4000],
        received_on=today,
        due_on=today + timedelta(days=answer_days()),
        status=RequestStatus.ANSWERED if answered else RequestStatus.OPEN,
        answered_on=today if answered else None,
        answer="Đã cung cấp tệp dữ liệu." if answered else "",
        handled_by_id=getattr(actor, "id", None),
    )
    db.session.add(request)
    db.session.flush()
    record(actor, f"privacy.request.{kind.value}", request, {"channel": channel})
    return request


def answer_request(request: DataRequest, *, refused: bool, answer: str, actor, today: date) -> None:
    request.status = RequestStatus.REFUSED if refused else RequestStatus.ANSWERED
    request.answer = answer[:4000]
    request.answered_on = today
    request.handled_by_id = actor.id
    record(actor, "privacy.request.answered", request, {"refused": refused})


def record_consent(case: Case, *, channel: str) -> Consent:
    consent = Consent(
        case_id=case.id, notice_version=NOTICE_VERSION, purposes=PURPOSES, channel=channel
    )
    db.session.add(consent)
    return consent
