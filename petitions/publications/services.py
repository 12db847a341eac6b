"""Preparing, approving, returning, publishing and withdrawing a decision's public version.

Each operation checks who may act, changes the state, writes the case's history and the audit
trail and flushes; the request commits. A version is published only when the unit's head
approves it and no personal value the case holds is left in it (`redaction.leftovers`, checked
here, on the server, whatever the page showed).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from petitions.accounts.models import User
from petitions.audit.services import record
from petitions.cases.history import record_event
from petitions.cases.models import SEALED_EMAIL, Case
from petitions.deadlines.settings import working_calendar
from petitions.documents import paper as layout
from petitions.documents.models import OfficialDocument
from petitions.documents.service import paper_of
from petitions.domain import publication as rules
from petitions.errors import Refused, invalid
from petitions.extensions import db
from petitions.permissions import Role
from petitions.publications import redaction
from petitions.publications.models import Publication, State
from petitions.sealing import SealError, unseal_identity
from petitions.text import CONTROL_CHARS, nfc
from petitions.units.models import Unit

TITLE_LIMIT = 300
TEXT_LIMIT = 100_000
REASON_LIMIT = 1000
PUBLIC_NOTE = (
    "Bản công khai theo Điều 41 Luật Khiếu nại, Điều 40 Luật Tố cáo: thông tin cá nhân đã được "
    "lược bỏ; thông tin về người tố cáo được giữ bí mật."
)


# -- who may act ----------------------------------------------------------------------------------


def can_prepare(user: User | None, case: Case) -> bool:
    """The resolving unit's handlers and head."""
    if user is None or not user.is_active or user.unit_id != case.unit_id:
        return False
    return user.has_role(Role.HANDLER) or user.has_role(Role.UNIT_HEAD)


def can_approve(user: User | None, case: Case) -> bool:
    """Only the resolving unit's head."""
    return (
        user is not None
        and user.is_active
        and user.unit_id == case.unit_id
        and user.has_role(Role.UNIT_HEAD)
    )


# -- what the case has to publish -----------------------------------------------------------------


def rule_of(document: OfficialDocument, case: Case) -> rules.PublicationRule | None:
    key = rules.rule_key_for(document.instrument, case.complaint_round or 1)
    return rules.rule_in_force(key, document.issued_on) if key else None


def publishable_documents(case: Case) -> list[OfficialDocument]:
    """The case's issued documents the law says to publish."""
    found = db.session.scalars(
        select(OfficialDocument)
        .where(
            OfficialDocument.case_id == case.id,
            OfficialDocument.instrument.in_(("complaint_decision", "denunciation_conclusion")),
        )
        .order_by(OfficialDocument.issued_on, OfficialDocument.id)
    )
    return [document for document in found if rule_of(document, case) is not None]


def publication_for(document: OfficialDocument) -> Publication | None:
    return db.session.scalar(select(Publication).where(Publication.document_id == document.id))


@dataclasses.dataclass
class Duty:
    """One document to publish as the case page shows it."""

    document: OfficialDocument
    rule: rules.PublicationRule
    due_on: date | None
    late: bool
    publication: Publication | None
    keep_until: date | None


def duties(case: Case, *, today: date) -> list[Duty]:
    calendar = working_calendar()
    found = []
    for document in publishable_documents(case):
        rule = rule_of(document, case)
        kept = publication_for(document)
        due_on = rules.publish_by(rule, document.issued_on, calendar)
        published_on = kept.published_on if kept is not None else None
        found.append(
            Duty(
                document=document,
                rule=rule,
                due_on=due_on,
                late=rules.is_late(due_on, published_on=published_on, today=today),
                publication=kept,
                keep_until=rules.keep_until(rule, published_on) if published_on else None,
            )
        )
    return found


# -- personal data --------------------------------------------------------------------------------


def personal_values(case: Case) -> list[redaction.PersonalValue]:
    """Every personal value the case holds: each petitioner's clear fields and, opened in memory
    only (never shown, never kept), each sealed identity. Without the key to open a sealed
    identity nothing can be checked: refused."""
    values: list[redaction.PersonalValue] = []
    for person in case.petitioners:
        if person.sealed_identity is not None:
            try:
                identity = unseal_identity(person.sealed_identity)
            except SealError:
                raise Refused(
                    503,
                    _("Máy chủ này không giữ khóa để kiểm tra thông tin người tố cáo."),
                    code="seal_unavailable",
                ) from None
            values += redaction.values_of(identity, sealed=True)
        values += redaction.values_of(
            {name: getattr(person, name) for name in redaction.FIELDS}, sealed=False
        )
    # The address the case's mail goes to may be none of the petitioners' own.
    if case.notify_email and case.notify_email != SEALED_EMAIL:
        values += redaction.values_of({"email": case.notify_email}, sealed=False)
    return values


def draft_from(document: OfficialDocument, case: Case) -> tuple[str, str]:
    """The public version's title and text, generated from the document as issued with
    personal data removed: its bases, reasons and articles; not its recipients."""
    paper = paper_of(document)
    values = personal_values(case)
    denunciation = case.kind.value == "denunciation"
    blocks = [*paper.bases, *paper.paragraphs, paper.decides, *paper.articles]
    text = "\n\n".join(block for block in blocks if block)
    title = paper.subtitle or paper.title.capitalize()
    return (
        _without_code(redaction.remove(title, values, denunciation=denunciation), case)[
            :TITLE_LIMIT
        ],
        _without_code(redaction.remove(text, values, denunciation=denunciation), case),
    )


def _without_code(text: str, case: Case) -> str:
    """The text without the case's tracking code: it identifies the petition to whoever holds
    its key, and the public has no use for it ("Xét đơn khiếu nại mã hồ sơ X." → "Xét đơn
    khiếu nại.")."""
    code = re.escape(case.tracking_code)
    text = re.sub(rf"[ \t]*(?:,\s*)?mã hồ sơ[ \t]+{code}", "", text, flags=re.IGNORECASE)
    return re.sub(code, "[mã hồ sơ đã lược bỏ]", text)


def leftovers(publication: Publication, case: Case) -> list[redaction.Leftover]:
    text = f"{publication.title}\n{publication.text}"
    return redaction.leftovers(text, personal_values(case))


def describe(found: list[redaction.Leftover]) -> list[str]:
    """What is left, in words: a clear value is named, a sealed one only by its field."""
    words = {
        "full_name": _("họ tên"),
        "id_number": _("số giấy tờ tùy thân"),
        "address": _("địa chỉ"),
        "phone": _("số điện thoại"),
        "email": _("thư điện tử"),
    }
    lines = []
    for item in found:
        if item.sealed:
            lines.append(_("Còn thông tin của người tố cáo (%(field)s).", field=words[item.field]))
        else:
            lines.append(
                _("Còn %(field)s: «%(value)s».", field=words[item.field], value=item.shown)
            )
    return lines


# -- the steps ------------------------------------------------------------------------------------


def _event(case, actor, action, *, today, publication, public=False, note=""):
    """One row of the case's history (chained by petitions.audit.chain at commit)."""
    rule = rules.rule_in_force(publication.rule, publication.issued_on)
    record_event(
        case,
        actor=actor,
        action=action,
        on=today,
        today=today,
        public=public,
        note=note,
        basis=rule.basis_vi,
        details={"publication": publication.id, "number": publication.number},
    )


def prepare(case: Case, document: OfficialDocument, *, actor: User, today: date) -> Publication:
    """Start the public version of an issued decision or conclusion, generated without personal
    data; an existing one is returned as it is."""
    if not can_prepare(actor, case):
        raise Refused(403, _("Chỉ cán bộ xử lý và thủ trưởng đơn vị giải quyết được chuẩn bị."))
    if document.case_id != case.id:
        raise Refused(404)
    rule = rule_of(document, case)
    if rule is None:
        raise Refused(
            409,
            _("Văn bản này không thuộc loại phải công khai."),
            code="not_publishable",
        )
    kept = publication_for(document)
    if kept is not None:
        return kept
    if case.anonymised_on is not None or not document.content:
        # The retention job kept the document's register entry, not its text.
        raise Refused(
            409,
            _("Văn bản đã được xoá khi hết thời hạn lưu trữ; không còn nội dung để công khai."),
            code="anonymised",
        )
    title, text = draft_from(document, case)
    publication = Publication(
        case_id=case.id,
        document_id=document.id,
        unit_id=case.unit_id,
        kind=case.kind.value,
        rule=rule.key,
        number=document.number,
        issued_on=document.issued_on,
        title=title,
        text=text,
        state=State.DRAFT,
        prepared_by_id=actor.id,
    )
    db.session.add(publication)
    db.session.flush()
    _event(case, actor, "publication_prepared", today=today, publication=publication)
    record(actor, "publication.prepared", publication, {"case": case.id})
    db.session.flush()
    return publication


def _clean(value, field: str, limit: int, *, required: bool = True) -> str:
    text = nfc(value if isinstance(value, str) else "") or ""
    text = redaction.visible(CONTROL_CHARS.sub("", text.replace("\r\n", "\n"))).strip()
    if required and not text:
        raise invalid(field, _("Trường này là bắt buộc."))
    if len(text) > limit:
        raise invalid(field, _("Tối đa %(n)d ký tự.", n=limit))
    return text


def _reason(value, case: Case) -> str:
    """A return or withdrawal reason: it goes into the case's hash-chained history, which is
    never rewritten (not even when the case's personal data are removed) and is read by staff
    who may not open the seal; a withdrawal's is public. Refused while it holds a personal
    value of the case."""
    reason = _clean(value, "reason", REASON_LIMIT)
    found = redaction.leftovers(reason, personal_values(case))
    if found:
        raise Refused(
            422,
            _("Lý do không được nêu thông tin cá nhân."),
            code="personal_data",
            fields={"reason": describe(found)},
        )
    return reason


def save(
    publication: Publication,
    case: Case,
    *,
    actor: User,
    title,
    text,
    submit: bool,
    today: date,
) -> None:
    """Keep the edited text; `submit` sends it to the head. A draft is edited by the unit's
    handlers and head; one waiting for approval by the head only."""
    head = can_approve(actor, case)
    if publication.state == State.DRAFT:
        allowed = can_prepare(actor, case)
    else:
        allowed = publication.state == State.SUBMITTED and head
    if not allowed:
        raise Refused(409, _("Bản công khai này không sửa được nữa."), code="invalid_transition")
    publication.title = _clean(title, "title", TITLE_LIMIT)
    publication.text = _clean(text, "text", TEXT_LIMIT)
    if submit and publication.state == State.DRAFT:
        publication.state = State.SUBMITTED
        publication.submitted_at = func.now()
        _event(case, actor, "publication_submitted", today=today, publication=publication)
        record(actor, "publication.submitted", publication, {"case": case.id})
    db.session.flush()


def approve(publication: Publication, case: Case, *, actor: User, today: date) -> None:
    """The head approves the public version and it is published today. Refused while any
    personal value the case holds is still in it."""
    if not can_approve(actor, case):
        raise Refused(403, _("Chỉ thủ trưởng đơn vị giải quyết được phê duyệt bản công khai."))
    if publication.state not in (State.DRAFT, State.SUBMITTED):
        raise Refused(409, _("Bản công khai này đã được xử lý."), code="invalid_transition")
    found = leftovers(publication, case)
    if found:
        raise Refused(
            409,
            _("Bản công khai còn thông tin cá nhân; hãy lược bỏ trước khi phê duyệt."),
            code="personal_data",
            fields={"text": describe(found)},
        )
    document = db.session.get(OfficialDocument, publication.document_id)
    publication.pdf = public_pdf(publication, document)
    publication.state = State.PUBLISHED
    publication.approved_by_id = actor.id
    publication.published_at = func.now()
    publication.published_on = today
    publication.return_reason = None
    db.session.flush()
    record(actor, "publication.approved", publication, {"case": case.id})
    record(actor, "publication.published", publication, {"case": case.id})
    _event(
        case,
        actor,
        "publication_published",
        today=today,
        public=True,
        note=f"Đã công khai {publication.number} trên trang công khai.",
        publication=publication,
    )
    db.session.flush()


def return_draft(publication: Publication, case: Case, *, actor: User, reason, today: date):
    """The head sends the version back to be corrected, saying why."""
    if not can_approve(actor, case):
        raise Refused(403, _("Chỉ thủ trưởng đơn vị giải quyết được trả lại bản công khai."))
    if publication.state != State.SUBMITTED:
        raise Refused(409, _("Chỉ trả lại được bản đang chờ phê duyệt."), code="invalid_transition")
    publication.return_reason = _reason(reason, case)
    publication.returned_by_id = actor.id
    publication.state = State.DRAFT
    _event(
        case,
        actor,
        "publication_returned",
        today=today,
        note=publication.return_reason,
        publication=publication,
    )
    record(actor, "publication.returned", publication, {"case": case.id})
    db.session.flush()


def withdraw(publication: Publication, case: Case, *, actor: User, reason, today: date):
    """The head takes a publication down with a reason; the public page then says it was
    withdrawn, when and why, and no longer shows the text."""
    if not can_approve(actor, case):
        raise Refused(403, _("Chỉ thủ trưởng đơn vị giải quyết được gỡ bản công khai."))
    if publication.state != State.PUBLISHED:
        raise Refused(409, _("Chỉ gỡ được bản đang công khai."), code="invalid_transition")
    publication.withdrawal_reason = _reason(reason, case)
    publication.withdrawn_by_id = actor.id
    publication.withdrawn_on = today
    publication.state = State.WITHDRAWN
    _event(
        case,
        actor,
        "publication_withdrawn",
        today=today,
        public=True,
        note=publication.withdrawal_reason,
        publication=publication,
    )
    record(actor, "publication.withdrawn", publication, {"case": case.id})
    db.session.flush()


# -- the public version as a file -----------------------------------------------------------------


def public_pdf(publication: Publication, document: OfficialDocument) -> bytes:
    """The public version laid out as the document was (header, number, date, signature), with
    the approved text instead of the original and no recipients."""
    original = paper_of(document)
    paper = layout.Paper(
        header=original.header,
        number=original.number,
        place_and_date=original.place_and_date,
        title=original.title,
        subtitle=publication.title,
        type_name=original.type_name,
        paragraphs=[*_paragraphs(publication.text), f"({PUBLIC_NOTE})"],
        signature=original.signature,
    )
    return layout.to_pdf(paper)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


def paragraphs(publication: Publication) -> list[str]:
    return _paragraphs(publication.text)


# -- what the public sees -------------------------------------------------------------------------


@dataclasses.dataclass
class PublicPage:
    items: list[Publication]
    total: int
    page: int
    pages: int


def public_list(
    *, unit: str | None, kind: str | None, year: int | None, page: int, per_page: int
) -> PublicPage:
    """Published and withdrawn versions, newest first, filtered by unit code, kind and year of
    issue. Drafts never appear."""
    query = select(Publication).where(Publication.state.in_((State.PUBLISHED, State.WITHDRAWN)))
    if unit:
        query = query.join(Unit, Unit.id == Publication.unit_id).where(Unit.code == unit)
    if kind:
        query = query.where(Publication.kind == kind)
    if year:
        query = query.where(
            Publication.issued_on >= date(year, 1, 1), Publication.issued_on <= date(year, 12, 31)
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(page, pages)
    items = list(
        db.session.scalars(
            query.order_by(Publication.published_on.desc(), Publication.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return PublicPage(items=items, total=total, page=page, pages=pages)


def public_item(publication_id: int) -> Publication:
    found = db.session.get(Publication, publication_id) if 0 < publication_id < 2**31 else None
    if found is None or not found.is_public:
        raise Refused(404)
    return found


def public_units() -> list[Unit]:
    """The units that have published something, for the filter."""
    return list(
        db.session.scalars(
            select(Unit)
            .where(
                Unit.id.in_(
                    select(Publication.unit_id).where(
                        Publication.state.in_((State.PUBLISHED, State.WITHDRAWN))
                    )
                )
            )
            .order_by(Unit.name)
        )
    )


def public_years() -> list[int]:
    days = db.session.scalars(
        select(Publication.issued_on).where(
            Publication.state.in_((State.PUBLISHED, State.WITHDRAWN))
        )
    )
    return sorted({day.year for day in days}, reverse=True)


def public_json(publication: Publication, links: dict[str, str]) -> dict:
    withdrawn = publication.state == State.WITHDRAWN
    return {
        "id": publication.id,
        "unit": {"code": publication.unit.code, "name": publication.unit.name},
        "kind": publication.kind,
        "number": publication.number,
        "issued_on": publication.issued_on.isoformat(),
        "title": publication.title,
        "state": publication.state.value,
        "published_on": publication.published_on.isoformat() if publication.published_on else None,
        "withdrawn_on": publication.withdrawn_on.isoformat() if publication.withdrawn_on else None,
        "withdrawal_reason": publication.withdrawal_reason if withdrawn else None,
        "basis": rules.rule_in_force(publication.rule, publication.issued_on).basis_vi,
        **links,
    }
