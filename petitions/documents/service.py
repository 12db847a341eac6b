"""Issuing documents and handing them out: a step's instruments entered in the register when
the head approves, a case's documents as a user may see them, their files rendered once from
the layout kept at issue and then served from the case's attachments."""

from __future__ import annotations

import dataclasses
import io

from flask import send_file
from sqlalchemy import select

from petitions import attachments as files
from petitions.accounts.models import User
from petitions.cases import notices
from petitions.cases.identity import reveal_identity
from petitions.cases.models import Attachment, Case, CaseEvent
from petitions.documents import paper as layout
from petitions.documents.issuers import Header, Signature
from petitions.documents.models import RECEIPTS, OfficialDocument
from petitions.documents.register import take_number
from petitions.errors import Refused
from petitions.extensions import db

FORMATS = {"pdf": (layout.PDF_TYPE, layout.to_pdf), "docx": (layout.DOCX_TYPE, layout.to_docx)}


def issue_for_step(case: Case, event: CaseEvent, *, actor: User | None) -> list[OfficialDocument]:
    """Enter the step's instruments in the unit's register and keep their layout. The number
    typed for a paper decision (details "decision_number") goes to the step's first
    instrument, exactly as typed; the others, and an untyped decision, take the next number."""
    details = event.details or {}
    typed = details.get("decision_number") or None
    on = notices.issued_on(event)
    issued = []
    for position, key in enumerate(notices.instruments_for(case, event)):
        spec = notices.INSTRUMENTS[key]
        entry = take_number(
            case.unit,
            spec.type_code,
            on=on,
            typed=typed if position == 0 else None,
            instrument=key,
            title=spec.title.capitalize(),
        )
        entry.case_id, entry.event_id, entry.public = case.id, event.id, spec.public
        entry.signer_id = getattr(notices.signer_of(event), "id", None)
        db.session.flush()
        paper = notices.build(case, event, key, document=entry)
        entry.title = f"{spec.type_name} {paper.subtitle[:1].lower()}{paper.subtitle[1:]}".strip()
        if not paper.subtitle:
            entry.title = spec.type_name
        entry.title = entry.title[:300]
        entry.content = dataclasses.asdict(paper)
        issued.append(entry)
    if issued:
        # "decision_number" stays what the head typed (empty when none); the register's number
        # of the step's decision or notice is recorded beside it.
        event.details = {
            **details,
            "document_number": issued[0].number,
            "documents": [entry.id for entry in issued],
        }
    db.session.flush()
    return issued


def paper_of(document: OfficialDocument) -> layout.Paper:
    """The document as it was issued."""
    content = dict(document.content)
    content["header"] = Header(**content["header"])
    if content.get("signature"):
        content["signature"] = Signature(**content["signature"])
    return layout.Paper(**content)


def case_documents(case: Case, *, public_only: bool = False) -> list[OfficialDocument]:
    query = select(OfficialDocument).where(OfficialDocument.case_id == case.id)
    if public_only:
        query = query.where(OfficialDocument.public.is_(True))
    return list(db.session.scalars(query.order_by(OfficialDocument.issued_on, OfficialDocument.id)))


def rendered(document: OfficialDocument, extension: str, *, actor=None) -> tuple[bytes, str, str]:
    """The file's bytes, its content type and its name ("Quyết định 45-QĐ-UBND.pdf"),
    rendered on first use and then kept with the case (the caller's transaction writes)."""
    content_type, render = FORMATS[extension]
    paper = paper_of(document)
    column = f"{extension}_id"
    kept = (
        db.session.get(Attachment, getattr(document, column)) if getattr(document, column) else None
    )
    if kept is not None:
        path = files.path_of(kept)
        if path.exists():
            return path.read_bytes(), content_type, paper.named(extension)
    data = render(paper)
    if document.case_id is not None:
        case = db.session.get(Case, document.case_id)
        upload = files.Upload(
            filename=paper.named(extension),
            data=data,
            content_type=content_type,
            extension=extension,
        )
        attachment = files.store(case, upload, purpose="notice", uploaded_by=actor)
        db.session.flush()
        setattr(document, column, attachment.id)
    return data, content_type, paper.named(extension)


def document_json(document: OfficialDocument, links: dict[str, str]) -> dict:
    return {
        "id": document.id,
        "type": document.instrument,
        "type_code": document.type_code,
        "number": document.number,
        "typed": document.typed,
        "issued_on": document.issued_on.isoformat(),
        "title": document.title,
        "public": document.public,
        **links,
    }


def send(data: bytes, content_type: str, name: str):
    """The file as a download under its own name ("Quyết định 45-QĐ-UBND.pdf")."""
    return send_file(
        io.BytesIO(data), mimetype=content_type, as_attachment=True, download_name=name
    )


def mail_copy(
    document: OfficialDocument, case: Case, *, actor: User, reason: str, today, extension: str
) -> tuple[bytes, str, str]:
    """The copy of a sealed case's document to be mailed to the denouncer, with their name and
    address: only for those allowed to open the seal (reveal_identity refuses the others), the
    opening recorded as a reveal. Never kept: the file copy keeps the sealed mention."""
    if not case.sealed or document.event_id is None:
        raise Refused(404)
    identities = reveal_identity(case, actor=actor, reason=reason, today=today)
    event = db.session.get(CaseEvent, document.event_id)
    paper = notices.build(case, event, document.instrument, document=document, reveal=identities)
    content_type, render = FORMATS[extension]
    return render(paper), content_type, paper.named(extension)


def take_receipt_number(case: Case) -> OfficialDocument:
    """The desk's receipt (giấy biên nhận) numbered in the receiving unit's own register of
    receipts, once per case."""
    kept = receipt_entry(case)
    if kept is not None:
        return kept
    entry = take_number(
        case.receiving_unit,
        "GBN",
        on=case.received_on,
        register=RECEIPTS,
        instrument="receipt",
        title="Giấy biên nhận",
    )
    entry.case_id = case.id
    db.session.flush()
    return entry


def receipt_entry(case: Case) -> OfficialDocument | None:
    return db.session.scalars(
        select(OfficialDocument).where(
            OfficialDocument.case_id == case.id, OfficialDocument.register == RECEIPTS
        )
    ).first()
