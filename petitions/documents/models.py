"""The document register (sổ đăng ký văn bản, Decree 30/2020/NĐ-CP): each issuing unit's
settings, its yearly counters and every document numbered in it."""

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.accounts.models import User
from petitions.database import UTCDateTime, utcnow
from petitions.extensions import db
from petitions.units.models import Unit

# The registers a unit keeps: its outgoing documents, the desk's receipts, the reception log.
DOCUMENTS, RECEIPTS, RECEPTION = "documents", "receipts", "reception"


class DocumentIssuer(db.Model):
    """How a unit signs and numbers its documents, where it differs from what its name gives:
    the abbreviation in the number's symbol (UBND, TTr), the governing body line, the place name
    of the date line, the head's title, and whether each type has its own numbers."""

    __tablename__ = "document_issuers"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), unique=True)
    abbreviation: Mapped[str | None] = mapped_column(String(20))
    governing_body: Mapped[str | None] = mapped_column(String(255))
    place: Mapped[str | None] = mapped_column(String(100))
    head_title: Mapped[str | None] = mapped_column(String(100))
    # The head in person; another head of the unit signs "KT." as a deputy.
    chief_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    numbers_per_type: Mapped[bool] = mapped_column(Boolean, default=False)

    unit: Mapped[Unit] = relationship()


class RegisterCounter(db.Model):
    """The last number taken in one register of a unit in one calendar year; a row lock on it
    serialises concurrent approvals."""

    __tablename__ = "register_counters"
    __table_args__ = (UniqueConstraint("unit_id", "register", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    # DOCUMENTS, RECEIPTS, RECEPTION, or a type code when the unit numbers types apart.
    register: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class OfficialDocument(db.Model):
    """One numbered entry of a register: an issued document, a receipt or a log entry. A
    number typed for a paper document issued outside the system is kept as typed."""

    __tablename__ = "official_documents"
    __table_args__ = (UniqueConstraint("unit_id", "register", "year", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    register: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    # The register's running number; None for a typed number.
    sequence: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(60))
    typed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The instrument (petitions.cases.notices.INSTRUMENTS key) and its type code (QĐ, TB…).
    instrument: Mapped[str] = mapped_column(String(40))
    type_code: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    issued_on: Mapped[date] = mapped_column(Date)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id"), index=True)
    reminder_id: Mapped[int | None] = mapped_column(ForeignKey("reminders.id"), index=True)
    # Whether the citizen may fetch it on the tracking page.
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The document as issued, laid out (petitions.documents.paper.Paper as a dict): both files
    # are rendered from it, once, and kept as attachments of the case.
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    docx_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    pdf_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[Unit] = relationship()
    signer: Mapped[User | None] = relationship()
