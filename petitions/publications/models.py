"""A decision's public version: its text without personal data, its state and who did what."""

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.accounts.models import User
from petitions.database import UTCDateTime, utcnow, value_enum
from petitions.extensions import db
from petitions.units.models import Unit


class State(enum.StrEnum):
    DRAFT = "draft"  # being prepared (or returned by the head, with a reason)
    SUBMITTED = "submitted"  # waiting for the head
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"  # taken down with a reason; a public note says so


class Publication(db.Model):
    """One issued document's public version. Its text is a copy edited by staff, never the
    document itself; once published it holds no personal data (checked at approval), so it
    stays when the case's personal data are removed at the end of the retention period."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("official_documents.id"), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    # "complaint" or "denunciation"; the rule of petitions.domain.publication it follows.
    kind: Mapped[str] = mapped_column(String(20), index=True)
    rule: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(60))
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[State] = mapped_column(value_enum(State), default=State.DRAFT, index=True)

    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    return_reason: Mapped[str | None] = mapped_column(Text)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_on: Mapped[date | None] = mapped_column(Date, index=True)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    # The public PDF, rendered once at approval from the approved text.
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)

    unit: Mapped[Unit] = relationship()
    prepared_by: Mapped[User | None] = relationship(foreign_keys=[prepared_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    returned_by: Mapped[User | None] = relationship(foreign_keys=[returned_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    @property
    def is_public(self) -> bool:
        return self.state in (State.PUBLISHED, State.WITHDRAWN)
