"""The email outbox: one row per message, written in the caller's transaction."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from petitions.database import UTCDateTime, utcnow, value_enum
from petitions.extensions import db


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Outbox(db.Model):
    """A message waiting to be sent, being sent, sent, or given up on.

    For a sealed recipient (a denouncer whose identity is protected) `recipient` and `body`
    stay empty: the address, body and html live only in `sealed_payload`, encrypted with
    petitions.sealing, and are decrypted in memory at send time.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), default="")
    sealed: Mapped[bool] = mapped_column(default=False)
    sealed_payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str | None] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[OutboxStatus] = mapped_column(
        value_enum(OutboxStatus, length=10),
        default=OutboxStatus.QUEUED,
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Which sender holds the row while it is `sending`, and since when (a lease: a sender
    # that died mid-batch gives its rows back once the lease runs out).
    claim_token: Mapped[str | None] = mapped_column(String(32), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The message carries a secret (a citizen's access key): it is stored sealed and its text
    # is dropped once it has been sent or given up on.
    ephemeral: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<Outbox {self.id} {self.status}>"
