"""Heads' reception sessions and the reception log (sổ tiếp công dân) with its citizens."""

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.accounts.models import User
from petitions.database import UTCDateTime, utcnow, value_enum
from petitions.domain.reception import is_group, minimum_for
from petitions.extensions import db
from petitions.units.models import Unit


class SessionKind(enum.StrEnum):
    PERIODIC = "periodic"  # định kỳ
    AD_HOC = "ad_hoc"  # đột xuất
    DIALOGUE = "dialogue"  # đối thoại tại nơi xảy ra vụ việc


class SessionMode(enum.StrEnum):
    """How citizens are received (Law on Citizen Reception art. 3a, added by Law 136/2025)."""

    IN_PERSON = "in_person"  # tiếp công dân trực tiếp
    ONLINE = "online"  # tiếp công dân trực tuyến, from 1/7/2026


class SessionStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


ACTIVE_SESSION_STATUSES = frozenset({SessionStatus.PLANNED, SessionStatus.HELD})


class Classification(enum.StrEnum):
    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    RECOMMENDATION = "recommendation"
    FEEDBACK = "feedback"
    OTHER = "other"


class Route(enum.StrEnum):
    ACCEPTED = "accepted"  # tiếp nhận đơn
    GUIDED = "guided"  # trả lại đơn và hướng dẫn
    FORWARDED = "forwarded"  # chuyển đơn
    ANSWERED = "answered"  # trả lời trực tiếp
    REFUSED = "refused"  # từ chối tiếp (LTCD art. 9)


class RefusalGround(enum.StrEnum):
    """The grounds of the Law on Citizen Reception, art. 9."""

    INCAPACITATED = "incapacitated"  # say rượu, mất năng lực hành vi dân sự
    DISORDERLY = "disorderly"  # đe dọa, xúc phạm, vi phạm nội quy
    ALREADY_RESOLVED = "already_resolved"  # đã giải quyết đúng, đã giải thích


class ReceptionSession(db.Model):
    """One reception session of a head (or of the deputy they delegated it to)."""

    __tablename__ = "reception_sessions"
    __table_args__ = (
        Index("ix_reception_sessions_unit_day", "unit_id", "day"),
        Index("ix_reception_sessions_head_day", "head_id", "day"),
        Index("ix_reception_sessions_published_day", "published", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    head_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    delegated: Mapped[bool] = mapped_column(Boolean, default=False)
    delegate_name: Mapped[str | None] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(300))
    # Online sessions (art. 3a) count like sessions in person; the link says how to join.
    mode: Mapped[SessionMode] = mapped_column(
        value_enum(SessionMode), default=SessionMode.IN_PERSON, server_default="in_person"
    )
    online_url: Mapped[str | None] = mapped_column(String(500))
    recorded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    kind: Mapped[SessionKind] = mapped_column(value_enum(SessionKind), default=SessionKind.PERIODIC)
    status: Mapped[SessionStatus] = mapped_column(
        value_enum(SessionStatus), default=SessionStatus.PLANNED, index=True
    )
    # Why it was postponed or cancelled.
    status_reason: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    # The matter of an on-site dialogue, or the theme of an ad hoc session.
    subject: Mapped[str] = mapped_column(String(500), default="")
    # How a periodic session was scheduled ("ngày 15 hằng tháng"), for the record.
    recurrence: Mapped[str] = mapped_column(String(200), default="")
    # The rule's day when the session was moved off a day off, and why.
    moved_from: Mapped[date | None] = mapped_column(Date)
    move_note: Mapped[str] = mapped_column(Text, default="")
    move_note_en: Mapped[str] = mapped_column(Text, default="")
    postponed_to_id: Mapped[int | None] = mapped_column(ForeignKey("reception_sessions.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()
    head: Mapped[User] = relationship(foreign_keys=[head_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    postponed_to: Mapped["ReceptionSession | None"] = relationship(
        remote_side=[id], foreign_keys=[postponed_to_id]
    )
    visits: Mapped[list["Visit"]] = relationship(back_populates="session", order_by="Visit.id")

    @property
    def online(self) -> bool:
        return self.mode == SessionMode.ONLINE

    @property
    def delegation_counts(self) -> bool:
        """Whether a day a deputy receives counts toward the head's minimum on this day."""
        minimum = minimum_for(self.unit.level.value, on=self.day)
        return minimum is None or minimum.delegable

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_SESSION_STATUSES

    @property
    def receiver_name(self) -> str:
        """Who receives citizens at the session."""
        if self.delegated and self.delegate_name:
            return self.delegate_name
        return self.head.display_name

    def can_manage(self, user) -> bool:
        return user.can("reception.manage") and user.unit_id == self.unit_id

    def __repr__(self) -> str:
        return f"<ReceptionSession {self.id} {self.day} {self.status}>"


class Visit(db.Model):
    """One row of the reception log (Circular 04/2021/TT-TTCP, form 03)."""

    __tablename__ = "reception_visits"
    __table_args__ = (
        UniqueConstraint("unit_id", "year", "sequence", name="uq_reception_visits_unit_sequence"),
        Index("ix_reception_visits_unit_day", "unit_id", "visited_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer)
    # Sequence number in the unit's log for the year.
    sequence: Mapped[int] = mapped_column(Integer)
    # The head's session it happened at; None at the regular desk.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("reception_sessions.id"), index=True)
    visited_on: Mapped[date] = mapped_column(Date)
    # Received in person or online (art. 3a); a visit at an online session is online.
    mode: Mapped[SessionMode] = mapped_column(
        value_enum(SessionMode), default=SessionMode.IN_PERSON, server_default="in_person"
    )
    people: Mapped[int] = mapped_column(Integer, default=1)
    content: Mapped[str] = mapped_column(Text)
    classification: Mapped[Classification] = mapped_column(value_enum(Classification))
    # The agency that already handled the matter, if any.
    handled_by: Mapped[str] = mapped_column(String(300), default="")
    route: Mapped[Route | None] = mapped_column(value_enum(Route))
    forwarded_to: Mapped[str] = mapped_column(String(300), default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    first_visit: Mapped[bool] = mapped_column(Boolean, default=True)
    refusal_ground: Mapped[RefusalGround | None] = mapped_column(value_enum(RefusalGround))
    # Number of the written refusal notice.
    refusal_notice: Mapped[str] = mapped_column(String(100), default="")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[Unit] = relationship()
    session: Mapped[ReceptionSession | None] = relationship(back_populates="visits")
    received_by: Mapped[User | None] = relationship()
    citizens: Mapped[list["VisitCitizen"]] = relationship(
        back_populates="visit", order_by="VisitCitizen.position", cascade="all, delete-orphan"
    )

    @property
    def is_group(self) -> bool:
        return is_group(self.people)

    @property
    def sealed(self) -> bool:
        """A denouncer's identity is secret (Law on Denunciation 2018, art. 47)."""
        return self.classification == Classification.DENUNCIATION

    def can_see_identity(self, user) -> bool:
        """Only the reception staff and head of the unit that received a denouncer see who."""
        if not self.sealed:
            return True
        return user is not None and user.can("reception.manage") and user.unit_id == self.unit_id

    def can_manage(self, user) -> bool:
        return user.can("reception.manage") and user.unit_id == self.unit_id

    def __repr__(self) -> str:
        return f"<Visit {self.unit_id}/{self.year}/{self.sequence}>"


class VisitCitizen(db.Model):
    """A citizen named in the log: the visitor, or a group's representative.

    At a denunciation visit the clear columns stay empty and the identity lives only in
    `sealed_identity` (petitions.sealing), as for a sealed case's petitioners.
    """

    __tablename__ = "reception_visit_citizens"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(
        ForeignKey("reception_visits.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(500), default="")
    id_number: Mapped[str] = mapped_column(String(20), default="")
    representative: Mapped[bool] = mapped_column(Boolean, default=False)
    sealed_identity: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Keyed hash of the ID number so that a sealed visitor's repeats can still be found.
    id_number_digest: Mapped[str | None] = mapped_column(String(64), index=True)

    visit: Mapped[Visit] = relationship(back_populates="citizens")
