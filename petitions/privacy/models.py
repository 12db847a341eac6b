"""What the privacy features keep: each data subject's request, with its deadline and answer,
and each consent given with the version of the processing notice shown."""

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from petitions.database import UTCDateTime, utcnow, value_enum
from petitions.extensions import db


class RequestKind(enum.StrEnum):
    ACCESS = "access"  # what is held about me, as a file
    CORRECTION = "correction"
    ERASURE = "erasure"


class RequestStatus(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    REFUSED = "refused"


class DataRequest(db.Model):
    """A data subject's request (Law 91/2025/QH15 art. 4), handled with a deadline."""

    __tablename__ = "data_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RequestKind] = mapped_column(value_enum(RequestKind))
    status: Mapped[RequestStatus] = mapped_column(
        value_enum(RequestStatus), default=RequestStatus.OPEN, index=True
    )
    # How the requester was identified: "tracking" (code, key and ID number) or "desk".
    channel: Mapped[str] = mapped_column(String(20))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # Never the ID number itself: its keyed digest, as repeat detection keeps it.
    subject_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    details: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    answered_on: Mapped[date | None] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(Text, default="")
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Consent(db.Model):
    """Consent given on the online form: to which notice version, when, for which case."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    notice_version: Mapped[str] = mapped_column(String(20))
    purposes: Mapped[str] = mapped_column(String(200))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(20))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
