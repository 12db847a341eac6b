"""Recording a petition (every channel goes through `record_petition`), finding it again,
and what a citizen may see of it.

Nothing here commits: callers commit once, and only then show the receipt, so that an
acknowledged submission is always on disk.
"""

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from petitions.accounts.models import User
from petitions.attachments import Upload, store
from petitions.audit.services import record
from petitions.cases import search
from petitions.cases.access import can_read, can_reveal
from petitions.cases.history import record_event
from petitions.cases.mail import unit_heads
from petitions.cases.models import (
    SEALED_EMAIL,
    Case,
    CaseEvent,
    Channel,
    Kind,
    Petitioner,
    Status,
)
from petitions.cases.timing import open_deadline
from petitions.documents.service import case_documents
from petitions.domain import workflow
from petitions.errors import Refused
from petitions.extensions import db
from petitions.intake import labels, tracking
from petitions.intake.validation import (
    Errors,
    Person,
    Petition,
    check_channel,
    check_received_on,
    too_many_files_message,
    validate_petition,
)
from petitions.notifications.services import InvalidRecipient, public_url, queue_email
from petitions.reception.models import Visit
from petitions.reception.visits import attach_case_to_visit
from petitions.sealing import id_number_digest, seal_identity
from petitions.text import fold
from petitions.units.models import Unit, UnitLevel
from petitions.units.services import subtree_ids

log = logging.getLogger(__name__)

# No 0/O, 1/I/L or U: codes are read aloud over the phone and typed from paper.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_TRIES = 8
INTAKE_BASIS = "Thông tư 05/2021/TT-TTCP"


@dataclass
class Receipt:
    """What the citizen takes home: the case, and the access key (shown once, else None)."""

    case: Case
    access_key: str | None

    def deadlines(self) -> list[dict]:
        return [
            {"rule": row.rule, "due_on": row.due_on.isoformat(), "basis": row.basis}
            for row in self.case.deadlines
        ]

    def as_json(self, *, with_id: bool = False) -> dict:
        body = {
            "tracking_code": self.case.tracking_code,
            "access_key": self.access_key,
            "status": self.case.status.value,
            "received_on": self.case.received_on.isoformat(),
            "deadlines": self.deadlines(),
        }
        return {"id": self.case.id, **body} if with_id else body


# -- codes and keys --------------------------------------------------------------------------


def _random_chars(count: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(count))


def new_tracking_code(received_on: date) -> str:
    """E.g. HG-26-7KQ4-M2XD: province, year received, 8 random characters (~39 bits)."""
    prefix = current_app.config["TRACKING_PREFIX"]
    body = _random_chars(8)
    return f"{prefix}-{received_on:%y}-{body[:4]}-{body[4:]}"


def new_access_key() -> str:
    """16 random characters in groups of four (~78 bits): unguessable even without limits."""
    body = _random_chars(16)
    return "-".join(body[i : i + 4] for i in range(0, 16, 4))


def normalise_tracking_code(code: str | None) -> str:
    return re.sub(r"\s+", "", (code or "")).upper()[:40]


def normalise_access_key(key: str | None) -> str:
    return re.sub(r"[\s\-]+", "", (key or "")).upper()


def hash_access_key(key: str) -> str:
    """SHA-256 is enough for a 78-bit random key, and a look-up costs microseconds."""
    return "sha256$" + hashlib.sha256(normalise_access_key(key).encode()).hexdigest()


def access_key_matches(case: Case | None, key: str | None) -> bool:
    candidate = hash_access_key(key or "")
    stored = case.access_key_hash if case is not None else "sha256$" + "0" * 64
    return hmac.compare_digest(candidate, stored) and case is not None


def find_case_for_citizen(code: str | None, key: str | None) -> Case | None:
    """The case if code and key match; None for a wrong key exactly as for an unknown code."""
    case = db.session.scalar(
        select(Case).where(Case.tracking_code == normalise_tracking_code(code))
    )
    return case if access_key_matches(case, key) else None


# -- recording -------------------------------------------------------------------------------


def default_unit() -> Unit | None:
    """Where an online petition goes when the citizen did not pick a unit."""
    code = current_app.config["INTAKE_DEFAULT_UNIT"]
    if code:
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        if unit is not None:
            return unit
    return db.session.scalar(
        select(Unit)
        .where(Unit.parent_id.is_(None), Unit.active.is_(True))
        .order_by((Unit.level == UnitLevel.PROVINCE).desc(), Unit.id)
        .limit(1)
    )


def _petitioner_row(person: Person, position: int, *, sealed: bool) -> Petitioner:
    digest = id_number_digest(person.id_number)
    if sealed:
        return Petitioner(
            position=position,
            representative=person.representative,
            sealed_identity=seal_identity(person.identity()),
            id_number_digest=digest,
        )
    return Petitioner(
        position=position,
        representative=person.representative,
        full_name=person.full_name,
        id_number=person.id_number,
        address=person.address,
        phone=person.phone,
        email=person.email,
        name_folded=fold(person.full_name)[:200] or None,
        id_number_digest=digest,
    )


def _copied_petitioners(original: Case) -> list[Petitioner]:
    """A forwarded case keeps the petitioners as they are, sealed blobs included."""
    columns = (
        "position",
        "representative",
        "full_name",
        "id_number",
        "address",
        "phone",
        "email",
        "name_folded",
        "sealed_identity",
        "id_number_digest",
    )
    return [
        Petitioner(**{name: getattr(row, name) for name in columns}) for row in original.petitioners
    ]


def build_search_text(case: Case) -> str:
    """Folded code, title, content and the clear names: never anything of a sealed identity."""
    names = [] if case.sealed else [p.full_name or "" for p in case.petitioners]
    return fold(" ".join([case.tracking_code, case.title, case.content, *names]))


def _insert_with_unique_code(case: Case) -> None:
    """Random codes collide almost never; when they do, the unique index says so and the
    savepoint lets us retry with another code (no SELECT beforehand: it would cost every
    submission a statement to spare one in 10^11)."""
    for attempt in range(CODE_TRIES):
        case.tracking_code = new_tracking_code(case.received_on)
        case.search_text = build_search_text(case)
        try:
            with db.session.begin_nested():
                db.session.add(case)
                db.session.flush()
            return
        except IntegrityError:
            if attempt == CODE_TRIES - 1:
                raise
    raise RuntimeError("no free tracking code")  # pragma: no cover - 30^8 codes


def _receipt_email(case: Case, access_key: str) -> tuple[str, str]:
    classify = next((d for d in case.deadlines if d.rule == "petition.classify"), None)
    subject = _("Biên nhận đơn %(code)s", code=case.tracking_code)
    lines = [
        _(
            "Cơ quan %(unit)s đã nhận đơn của bạn ngày %(day)s.",
            unit=case.unit.name,
            day=case.received_on.strftime("%d/%m/%Y"),
        ),
        "",
        _("Mã hồ sơ: %(code)s", code=case.tracking_code),
        _("Mã bí mật: %(key)s", key=access_key),
        "",
    ]
    if classify is not None:
        lines.append(
            _(
                "Hạn phân loại, xử lý đơn: %(day)s (%(basis)s).",
                day=classify.due_on.strftime("%d/%m/%Y"),
                basis=classify.basis,
            )
        )
    lines += [
        _("Tra cứu tình trạng hồ sơ tại: %(url)s", url=public_url("intake.track")),
        "",
        _("Hãy giữ kín mã bí mật: ai có mã hồ sơ và mã bí mật đều xem được tình trạng hồ sơ."),
    ]
    return subject, "\n".join(lines)


def _queue_receipt_email(case: Case, email: str, access_key: str) -> None:
    subject, body = _receipt_email(case, access_key)
    try:
        # Ephemeral: the body holds the access key, so it is stored sealed and dropped once
        # the message has left.
        queue_email(
            to=email,
            subject=subject,
            body=body,
            sealed=case.sealed,
            case_id=case.id,
            ephemeral=True,
        )
    except ValueError:
        # Never log the address itself: it may belong to a sealed identity.
        log.warning("case %s: receipt email not queued (address refused)", case.id)


def record_petition(
    *,
    data: dict,
    channel: Channel | str,
    receiving_unit: Unit | None,
    received_on: date | None,
    today: date,
    actor: User | None = None,
    forwarded_from: Case | None = None,
    attachments: Sequence[Upload] = (),
    visit_id: int | None = None,
) -> Receipt:
    """Record one petition, from any channel, and return its receipt. Flushes, never commits.

    - `data`: the petition as in API.md (kind, title, content, unit, anonymous, confidential,
      petitioner{full_name, id_number, address, phone, email}) plus, for staff,
      co_petitioners, group_size, repeat_of and duplicate_of (case ids).
    - `actor`: the staff member recording it, or None for a citizen's own submission (which
      makes the identity mandatory and refuses anonymous complaints).
    - `receiving_unit`: the unit that received it and handles it. None means the staff
      member's own unit, or for a citizen the unit addressed (`data["unit"]`) or else the
      default unit. Staff may record only for their own unit and the units below it.
    - `received_on`: today or earlier; earlier marks the case and its history as backdated.
    - `forwarded_from`: the case another unit forwarded; the new case is linked to it, keeps
      its petitioners (sealed blobs stay sealed, never opened here), shares its access key
      (so the citizen's key opens both) and takes kind, title and content from it unless
      `data` gives them. The receipt's access_key is then None.
    - `attachments`: files already checked by petitions.attachments.check_upload.
    - `visit_id`: the reception-log visit this petition was handed over at.

    Raises Refused (422) with a message per invalid field.
    """
    errors = Errors()
    channel = check_channel(errors, getattr(channel, "value", channel))
    received_on = check_received_on(errors, received_on, today=today)
    if forwarded_from is not None:
        data = {
            "kind": forwarded_from.kind.value,
            "title": forwarded_from.title,
            "content": forwarded_from.content,
            **data,
        }
    visible = subtree_ids(actor.unit) if actor is not None else None
    if (
        actor is not None
        and forwarded_from is None
        and receiving_unit is not None
        and receiving_unit.id not in visible
    ):
        errors.add(
            "receiving_unit",
            _("Bạn chỉ được ghi nhận đơn cho đơn vị của mình hoặc đơn vị trực thuộc."),
        )
    limit = int(current_app.config["UPLOAD_MAX_FILES"])
    if len(attachments) > limit:
        errors.add("files", too_many_files_message(limit))
    copy_identity = forwarded_from is not None and "petitioner" not in data
    petition = validate_petition(
        data,
        staff=actor is not None,
        visible_unit_ids=visible,
        errors=errors,
        copy_identity=copy_identity,
    )
    for name in ("repeat_of", "duplicate_of"):
        linked = getattr(petition, name)
        if linked is not None and actor is not None and not can_read(actor, linked):
            # The same answer as for a case that does not exist: nothing is confirmed.
            errors.add(
                name, _("Không tìm thấy hồ sơ số %(id)d trong đơn vị của bạn.", id=linked.id)
            )
    errors.raise_if_any()
    if receiving_unit is None and actor is not None:
        receiving_unit = actor.unit
    unit = receiving_unit or petition.unit or default_unit()
    if unit is None:
        raise Refused(
            422, fields={"unit": [_("Chưa có cơ quan, đơn vị nào nhận đơn trên hệ thống.")]}
        )

    case = _new_case(petition, channel, unit, received_on, today, actor, forwarded_from)
    access_key = None
    if forwarded_from is not None:
        case.access_key_hash = forwarded_from.access_key_hash
    else:
        access_key = new_access_key()
        case.access_key_hash = hash_access_key(access_key)
    _insert_with_unique_code(case)
    with db.session.no_autoflush:
        # The rows below are flushed once, together, not by each look-up on the way.
        for rule in workflow.intake_rules(case.kind.value, channel=case.channel.value):
            open_deadline(case, rule, case.received_on)
    purpose = "evidence" if actor is None else "scan"
    for upload in attachments:
        store(case, upload, purpose=purpose, uploaded_by=actor)
    lead = case.anonymous and case.kind == Kind.DENUNCIATION
    details = {
        "channel": case.channel.value,
        "group_size": case.group_size,
        "attachments": len(attachments),
    }
    if petition.unit is not None and petition.unit.id != unit.id:
        details["addressed_to"] = petition.unit.code
    if lead:
        # Law on Denunciation art. 25: not handled as a denunciation; a lead if concrete.
        details["inspection_lead"] = True
    visit = db.session.get(Visit, visit_id) if visit_id is not None else None
    if visit is not None:
        # The log's own number ("21/2026") for people; the id for the link.
        details["visit"] = visit.id
        details["visit_number"] = f"{visit.sequence}/{visit.year}"
    elif visit_id is not None:
        details["visit"] = visit_id
    for name in ("repeat_of", "duplicate_of", "forwarded_from"):
        linked = getattr(case, name)
        if linked is not None:
            details[name] = linked.tracking_code
    case.events.append(
        CaseEvent(
            effective_on=case.received_on,
            backdated=case.backdated,
            actor_id=getattr(actor, "id", None),
            action="received",
            to_status=Status.RECEIVED.value,
            basis=INTAKE_BASIS,
            public=True,
            details=details,
        )
    )
    record(actor, "case.receive", case, {"tracking_code": case.tracking_code, **details})
    email = petition.petitioner.email if petition.petitioner else None
    if email and access_key:
        _queue_receipt_email(case, email, access_key)
    if visit_id is not None:
        attach_case_to_visit(visit_id=visit_id, case=case, actor=actor)
    db.session.flush()
    return Receipt(case=case, access_key=access_key)


def _new_case(
    petition: Petition,
    channel: Channel,
    unit: Unit,
    received_on: date,
    today: date,
    actor: User | None,
    forwarded_from: Case | None,
) -> Case:
    if forwarded_from is not None and petition.petitioner is None and not petition.anonymous:
        sealed = forwarded_from.sealed
        anonymous, confidential = forwarded_from.anonymous, forwarded_from.confidential
        petitioners = _copied_petitioners(forwarded_from)
        notify_email = forwarded_from.notify_email
        group_size = forwarded_from.group_size
    else:
        sealed = petition.sealed
        anonymous, confidential = petition.anonymous, petition.confidential
        petitioners = [
            _petitioner_row(person, position, sealed=sealed)
            for position, person in enumerate(petition.people)
        ]
        email = petition.petitioner.email if petition.petitioner else None
        notify_email = (SEALED_EMAIL if sealed else email) if email else None
        group_size = petition.group_size
    repeat_of = petition.repeat_of
    case = Case(
        tracking_code="",
        access_key_hash="",
        kind=petition.kind,
        channel=channel,
        status=Status.RECEIVED,
        title=petition.title,
        content=petition.content,
        receiving_unit=unit,
        unit=unit,
        received_on=received_on,
        entered_by_id=getattr(actor, "id", None),
        backdated=received_on < today,
        anonymous=anonymous,
        confidential=confidential,
        sealed=sealed,
        group_size=group_size,
        notify_email=notify_email,
        repeat_of=repeat_of,
        repeat_number=(repeat_of.repeat_number + 1) if repeat_of is not None else 1,
        duplicate_of=petition.duplicate_of,
        forwarded_from=forwarded_from,
        subject_area=petition.subject_area,
    )
    # Empty collections from the start: a new case has nothing to load back from the database.
    case.petitioners = petitioners
    case.deadlines, case.events, case.attachments = [], [], []
    return case


# -- search ----------------------------------------------------------------------------------


# The search itself lives with the cases it searches (and its index).
search_condition = search.search_condition


# -- duplicates and repeats ------------------------------------------------------------------


@dataclass
class SimilarCase:
    case: Case
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


def _words(value: str | None) -> set[str]:
    return {word for word in fold(value).split() if len(word) > 2}


def content_similarity(a: str | None, b: str | None) -> float:
    """Share of common words (Jaccard) of the folded texts: cheap, accent-blind, good enough
    to put a likely earlier case in front of the officer, who decides."""
    left, right = _words(a), _words(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def similar_cases(
    *,
    id_number: str | None = None,
    full_name: str | None = None,
    content: str | None = None,
    visible_unit_ids: set[int] | None = None,
    exclude_case_id: int | None = None,
    limit: int = 8,
) -> list[SimilarCase]:
    """Earlier cases likely from the same person on the same matter.

    Same ID number (clear, or by keyed digest for sealed identities), or the same folded
    name with similar content. Sealed identities are matched only by the digest.
    """
    digits = re.sub(r"\D", "", id_number or "")
    name = fold(full_name)
    conditions = []
    if len(digits) == 12:
        conditions += [
            Petitioner.id_number == digits,
            Petitioner.id_number_digest == id_number_digest(digits),
        ]
    if name:
        conditions.append(Petitioner.name_folded == name)
    if not conditions:
        return []
    query = (
        select(Case, Petitioner.id_number, Petitioner.id_number_digest, Petitioner.name_folded)
        .join(Petitioner, Petitioner.case_id == Case.id)
        .where(or_(*conditions))
        .order_by(Case.received_on.desc(), Case.id.desc())
        .limit(200)
    )
    if visible_unit_ids is not None:
        query = query.where(Case.unit_id.in_(visible_unit_ids))
    if exclude_case_id is not None:
        query = query.where(Case.id != exclude_case_id)
    found: dict[int, SimilarCase] = {}
    digest = id_number_digest(digits) if len(digits) == 12 else None
    for case, clear_id, row_digest, row_name in db.session.execute(query):
        entry = found.setdefault(case.id, SimilarCase(case=case))
        same_id = digest and (clear_id == digits or row_digest == digest)
        if same_id and _("Cùng số căn cước công dân") not in entry.reasons:
            entry.reasons.append(_("Cùng số căn cước công dân"))
            entry.score += 1.0
        if name and row_name == name:
            similarity = content_similarity(content, case.content) if content else 0.0
            if similarity >= 0.2:
                entry.reasons.append(
                    _("Cùng họ tên, nội dung giống %(percent)d%%", percent=round(similarity * 100))
                )
                entry.score += 0.5 + similarity
            elif not content:
                entry.reasons.append(_("Cùng họ tên"))
                entry.score += 0.3
    ranked = [entry for entry in found.values() if entry.reasons]
    ranked.sort(key=lambda entry: (-entry.score, -entry.case.id))
    return ranked[:limit]


@dataclass
class SimilarFound:
    """What an officer may be shown of the earlier cases: those they may read in full, and
    how many sealed ones matched that they may not (named to nobody but their head)."""

    shown: list[SimilarCase]
    sealed_hidden: int = 0


def similar_for(
    actor: User,
    *,
    id_number: str | None,
    full_name: str | None,
    content: str | None,
    today: date,
) -> SimilarFound:
    """Earlier cases for the desk, as `actor` may see them. A sealed case the actor may not
    reveal is never named (its title or code would confirm who denounced): the actor learns
    only that one may match, and the head of its unit is told, once a day per officer."""
    found = similar_cases(
        id_number=id_number,
        full_name=full_name,
        content=content,
        visible_unit_ids=subtree_ids(actor.unit),
    )
    shown, hidden = [], []
    for entry in found:
        if entry.case.sealed and not can_reveal(actor, entry.case):
            hidden.append(entry.case)
        else:
            shown.append(entry)
    for case in hidden:
        _tell_head_of_sealed_match(case, actor=actor, today=today)
    return SimilarFound(shown=shown, sealed_hidden=len(hidden))


# The refusal's code while the officer has not yet said how the listed earlier cases relate.
SIMILAR_UNCHECKED = "similar_unchecked"


def check_similar_acknowledged(found: SimilarFound, *, acknowledged: bool) -> None:
    """The desk's rule: when earlier cases likely from the same person on the same matter are
    listed, the officer marks the new petition a repeat, a duplicate or unrelated before it is
    recorded, so the first send is refused (422). The JSON API (API.md) records at once and
    links with repeat_of / duplicate_of, so it does not ask."""
    if found.shown and not acknowledged:
        raise Refused(
            422,
            _(
                "Có hồ sơ có thể là của cùng người, cùng nội dung (xem danh sách dưới). "
                "Hãy chọn quan hệ hoặc «Không liên quan» rồi bấm Ghi nhận đơn lần nữa."
            ),
            code=SIMILAR_UNCHECKED,
        )


SEALED_MATCH = "sealed_match"


def _tell_head_of_sealed_match(case: Case, *, actor: User, today: date) -> None:
    already = db.session.scalar(
        select(CaseEvent.id).where(
            CaseEvent.case_id == case.id,
            CaseEvent.action == SEALED_MATCH,
            CaseEvent.actor_id == actor.id,
            CaseEvent.effective_on == today,
        )
    )
    if already is not None:
        return
    record_event(
        case,
        actor=actor,
        action=SEALED_MATCH,
        on=today,
        today=today,
        details={"unit": actor.unit.code},
    )
    subject = _("Hồ sơ %(code)s: có đơn mới có thể cùng người", code=case.tracking_code)
    body = "\n".join(
        [
            _(
                "Cán bộ %(name)s (%(unit)s) đang ghi nhận một đơn có thể cùng người với hồ sơ "
                "được giữ bí mật %(code)s. Cán bộ đó không được biết hồ sơ này; đồng chí xem "
                "xét việc liên kết hai hồ sơ.",
                name=actor.display_name,
                unit=actor.unit.name,
                code=case.tracking_code,
            ),
            public_url("cases.show", case_id=case.id),
        ]
    )
    for head in unit_heads(case.unit_id):
        if head.email:
            try:
                queue_email(to=head.email, subject=subject, body=body, case_id=case.id)
            except InvalidRecipient:
                log.warning("case %s: a head's address was refused", case.id)


# -- what the citizen sees -------------------------------------------------------------------


def citizen_view(case: Case) -> dict:
    """The citizen's view of the case: no staff notes, no identities, public history only."""
    forwarded_to = db.session.scalars(
        select(Case).where(Case.forwarded_from_id == case.id).order_by(Case.id)
    ).all()
    timeline = []
    for event in case.events:
        if not event.public:
            continue
        timeline.append(
            {
                "on": event.effective_on,
                "action": event.action,
                "label": tracking.happened(event),
                "note": event.note or "",
            }
        )
    # The register's documents the citizen receives, by title and date; notices filed before
    # the register existed, as files.
    documents = case_documents(case, public_only=True)
    rendered = {file_id for d in documents for file_id in (d.docx_id, d.pdf_id) if file_id}
    notices = [a for a in case.attachments if a.purpose == "notice" and a.id not in rendered]
    return {
        "case": case,
        "tracking_code": case.tracking_code,
        "kind": case.kind.value,
        "kind_label": labels.label(labels.KINDS, case.kind),
        "status": case.status.value,
        "status_label": labels.label(labels.STATUSES, case.status),
        "received_on": case.received_on,
        "unit": case.unit,
        "deadlines": [
            {
                "rule": row.rule,
                "label": labels.label(labels.RULES, row.rule),
                "due_on": row.due_on,
                "basis": row.basis,
                "met_on": row.met_on,
            }
            for row in case.deadlines
            if not row.cancelled
        ],
        "timeline": timeline,
        "next_step": tracking.next_step(case),
        "promises_notification": tracking.promises_notification(case),
        # The files the citizen sent (or the desk scanned), listed by name and size.
        "attachments": [a for a in case.attachments if a.purpose in ("evidence", "scan")],
        "notices": notices,
        "documents": documents,
        "forwarded_to": list(forwarded_to),
    }


def citizen_json(case: Case) -> dict:
    view = citizen_view(case)
    return {
        "tracking_code": view["tracking_code"],
        "kind": view["kind"],
        "status": view["status"],
        "status_label": view["status_label"],
        "received_on": view["received_on"].isoformat(),
        "unit": {"code": case.unit.code, "name": case.unit.name},
        "deadlines": [
            {
                "rule": row["rule"],
                "label": row["label"],
                "due_on": row["due_on"].isoformat(),
                "basis": row["basis"],
                "met_on": row["met_on"].isoformat() if row["met_on"] else None,
            }
            for row in view["deadlines"]
        ],
        "next_step": view["next_step"],
        "attachments": [
            {"name": a.original_name, "size": a.size, "content_type": a.content_type}
            for a in view["attachments"]
        ],
        "timeline": [
            {
                "on": item["on"].isoformat(),
                "action": item["action"],
                "label": item["label"],
                "note": item["note"],
            }
            for item in view["timeline"]
        ],
        "notices": [
            {"id": a.id, "name": a.original_name, "content_type": a.content_type}
            for a in view["notices"]
        ],
        "documents": [
            {"id": d.id, "title": d.title, "number": d.number, "issued_on": d.issued_on.isoformat()}
            for d in view["documents"]
        ],
        "forwarded_to": [
            {"tracking_code": c.tracking_code, "unit": {"code": c.unit.code, "name": c.unit.name}}
            for c in view["forwarded_to"]
        ],
    }
