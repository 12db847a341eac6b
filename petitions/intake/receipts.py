"""The receipt page's access key, shown once: kept encrypted under a one-time key that only
the citizen's session holds, and deleted as it is read."""

import base64
import secrets
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete

from petitions.cases.models import Case
from petitions.extensions import db
from petitions.intake.models import ReceiptTicket
from petitions.intake.services import Receipt

RECEIPT_TICKET_LIFETIME = timedelta(hours=1)


def issue_receipt_ticket(receipt: Receipt, *, now: datetime) -> dict:
    """Keep the access key for the receipt page, encrypted under a one-time key that only the
    returned dict (which goes into the citizen's session) holds. Expired tickets are purged."""
    db.session.execute(
        delete(ReceiptTicket).where(ReceiptTicket.created_at < now - RECEIPT_TICKET_LIFETIME)
    )
    ticket = secrets.token_hex(16)
    secret = AESGCM.generate_key(bit_length=256)
    nonce = secrets.token_bytes(12)
    sealed = nonce + AESGCM(secret).encrypt(nonce, receipt.access_key.encode(), ticket.encode())
    db.session.add(
        ReceiptTicket(id=ticket, case_id=receipt.case.id, sealed_key=sealed, created_at=now)
    )
    return {
        "case": receipt.case.id,
        "ticket": ticket,
        "secret": base64.urlsafe_b64encode(secret).decode(),
    }


def redeem_receipt_ticket(held: dict | None, *, now: datetime) -> tuple[Case, str] | None:
    """The case and its access key, once: the ticket is deleted as it is read. None for a
    ticket already used, expired, or not what it claims to be."""
    if not isinstance(held, dict) or not isinstance(held.get("ticket"), str):
        return None
    row = db.session.get(ReceiptTicket, held["ticket"][:32])
    if row is None:
        return None
    db.session.delete(row)
    db.session.flush()
    if row.created_at < now - RECEIPT_TICKET_LIFETIME or row.case_id != held.get("case"):
        return None
    try:
        secret = base64.urlsafe_b64decode(str(held.get("secret", "")))
        nonce, sealed = row.sealed_key[:12], row.sealed_key[12:]
        key = AESGCM(secret).decrypt(nonce, sealed, row.id.encode()).decode()
    except (ValueError, InvalidTag):
        return None
    case = db.session.get(Case, row.case_id)
    return (case, key) if case is not None else None
