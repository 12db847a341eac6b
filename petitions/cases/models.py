"""The case, its petitioners, deadlines, history, attachments and assignments.

Overdue and due-soon are never stored: they are derived by comparing an open deadline's
`due_on` with the day asked about. `Case.due_on` mirrors the current open deadline so that
lists and dashboards can filter and sort on an indexed column.
"""

import enum
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.accounts.models import User
from petitions.database import UTCDateTime, utcnow, value_enum
from petitions.domain import workflow
from petitions.extensions import db
from petitions.units.models import Unit


class Kind(enum.StrEnum):
    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    RECOMMENDATION = "recommendation"
    FEEDBACK = "feedback"


class Channel(enum.StrEnum):
    ONLINE = "online"
    RECEPTION = "reception"
    MAIL = "mail"
    TRANSFERRED = "transferred"


class Status(enum.StrEnum):
    RECEIVED = "received"
    FORWARDED = "forwarded"
    GUIDED = "guided"
    FILED = "filed"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    VERIFYING = "verifying"
    CONCLUDED = "concluded"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"


def statuses(states: Iterable[str]) -> tuple[Status, ...]:
    """The Status members of a group of domain states (petitions.domain.workflow), in order."""
    return tuple(status for status in Status if status.value in states)


# Case.notify_email for a sealed case: an address exists, but only inside the sealed identity.
SEALED_EMAIL = "sealed"


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_unit_status", "unit_id", "status"),
        # With the unit: a head's overdue count reads the index alone (petitions.work).
        Index("ix_cases_status_due", "status", "due_on", "unit_id"),
        Index("ix_cases_unit_received", "unit_id", "received_on"),
        # Covering: today's oversight numbers (overdue, long-standing, repeated, flagged) read
        # the open cases' entries alone, not a table row each (petitions.oversight.lists).
        Index(
            "ix_cases_open_flags",
            "due_on",
            "unit_id",
            "kind",
            "received_on",
            "repeat_number",
            "complexity",
            "public_interest",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(20), unique=True)
    # Hash of the citizen's secret access key (shown once, never stored in clear).
    access_key_hash: Mapped[str] = mapped_column(String(128))
    kind: Mapped[Kind] = mapped_column(value_enum(Kind), index=True)
    channel: Mapped[Channel] = mapped_column(value_enum(Channel))
    status: Mapped[Status] = mapped_column(value_enum(Status), default=Status.RECEIVED, index=True)
    # The state to return to when a suspension ends.
    status_before_suspension: Mapped[Status | None] = mapped_column(value_enum(Status))
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text)
    # Accent-folded title, content, code and (unless sealed) names: the search index.
    search_text: Mapped[str] = mapped_column(Text, default="")

    receiving_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    # The unit holding the case today, since `unit_since` (None: since it was received); the
    # units that held it before are in CaseHolding.
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_since: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    backdated: Mapped[bool] = mapped_column(Boolean, default=False)

    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # The citizen asked for confidentiality; denunciations are always sealed.
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    group_size: Mapped[int] = mapped_column(Integer, default=1)
    # Where an email may be sent: the clear address, or for sealed cases only a flag.
    notify_email: Mapped[str | None] = mapped_column(String(254))

    # Classification.
    eligible: Mapped[bool | None] = mapped_column(Boolean)
    within_competence: Mapped[bool | None] = mapped_column(Boolean)
    complaint_round: Mapped[int] = mapped_column(Integer, default=1)
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    repeat_number: Mapped[int] = mapped_column(Integer, default=1)
    complexity: Mapped[str | None] = mapped_column(String(10))
    multi_site: Mapped[bool] = mapped_column(Boolean, default=False)
    extensions: Mapped[int] = mapped_column(Integer, default=0)
    # Days each denunciation extension added (LTC art. 30: at most 30 each, stated by the head).
    extension_days: Mapped[list | None] = mapped_column(JSON)
    # The matter is in a remote area (vùng sâu, vùng xa, đi lại khó khăn): a fact of the case,
    # defaulted from the unit at intake and set by the handler (cases.deadline_facts).
    remote: Mapped[bool | None] = mapped_column(Boolean)
    public_interest: Mapped[bool] = mapped_column(Boolean, default=False)
    # The subject area of the statistical forms (Circular 01/2024/TT-TTCP): cases.subjects.
    subject_area: Mapped[str | None] = mapped_column(String(30))

    # A forwarded case opens a linked case in the receiving unit.
    forwarded_from_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)

    accepted_on: Mapped[date | None] = mapped_column(Date)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    # The day its personal data were removed at the end of the retention period (privacy).
    anonymised_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    # Why the case was filed or refused (a code of petitions.domain.workflow.FILE_REASONS).
    reason_code: Mapped[str | None] = mapped_column(String(40))
    # The (latest) minuted dialogue with the complainant.
    dialogue_on: Mapped[date | None] = mapped_column(Date)
    decision_number: Mapped[str | None] = mapped_column(String(60))
    decided_on: Mapped[date | None] = mapped_column(Date)
    # The day the complainant received the decision: the second-complaint window runs from it.
    decision_delivered_on: Mapped[date | None] = mapped_column(Date)

    # Mirror of the current open deadline (see the module docstring).
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    due_rule: Mapped[str | None] = mapped_column(String(40))

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    receiving_unit: Mapped[Unit] = relationship(foreign_keys=[receiving_unit_id])
    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
    petitioners: Mapped[list["Petitioner"]] = relationship(
        back_populates="case", order_by="Petitioner.position", cascade="all, delete-orphan"
    )
    deadlines: Mapped[list["CaseDeadline"]] = relationship(
        back_populates="case", order_by="CaseDeadline.id", cascade="all, delete-orphan"
    )
    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="case", order_by="Attachment.id", cascade="all, delete-orphan"
    )
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="case", order_by="Assignment.id", cascade="all, delete-orphan"
    )
    forwarded_from: Mapped["Case | None"] = relationship(
        remote_side=[id], foreign_keys=[forwarded_from_id]
    )
    repeat_of: Mapped["Case | None"] = relationship(remote_side=[id], foreign_keys=[repeat_of_id])
    duplicate_of: Mapped["Case | None"] = relationship(
        remote_side=[id], foreign_keys=[duplicate_of_id]
    )

    @property
    def is_open(self) -> bool:
        return self.status in workflow.OPEN_STATES

    def open_deadlines(self) -> list["CaseDeadline"]:
        return [d for d in self.deadlines if d.met_on is None and not d.cancelled]

    def __repr__(self) -> str:
        return f"<Case {self.tracking_code} {self.kind} {self.status}>"


class CaseHolding(db.Model):
    """A unit that held the case before today's, from one day to another (both included):
    what it did with the case in that time stays on its record (petitions.units.reorganise)."""

    __tablename__ = "case_holdings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    change_id: Mapped[int | None] = mapped_column(ForeignKey("unit_changes.id"))

    unit: Mapped[Unit] = relationship()


class Petitioner(db.Model):
    """A petitioner or co-petitioner. When the case is sealed the clear columns stay empty
    and the identity lives only in `sealed_identity` (see petitions.sealing)."""

    __tablename__ = "petitioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    representative: Mapped[bool] = mapped_column(Boolean, default=False)
    full_name: Mapped[str | None] = mapped_column(String(200))
    id_number: Mapped[str | None] = mapped_column(String(20), index=True)
    address: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    name_folded: Mapped[str | None] = mapped_column(String(200), index=True)
    sealed_identity: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Keyed hash of the ID number so that sealed repeats can still be found.
    id_number_digest: Mapped[str | None] = mapped_column(String(64), index=True)

    case: Mapped[Case] = relationship(back_populates="petitioners")


class CaseDeadline(db.Model):
    """One statutory deadline of a case: open until met (met_on) or cancelled."""

    __tablename__ = "case_deadlines"
    __table_args__ = (Index("ix_case_deadlines_open_due", "met_on", "cancelled", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(40), index=True)
    start_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    basis: Mapped[str] = mapped_column(String(300), default="")
    met_on: Mapped[date | None] = mapped_column(Date)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Flags the due date was computed with, so that it can be recomputed later.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    suspended_on: Mapped[date | None] = mapped_column(Date)

    case: Mapped[Case] = relationship(back_populates="deadlines")


class CaseEvent(db.Model):
    """Append-only history: every change and every sensitive read of a case."""

    __tablename__ = "case_events"
    # The oversight's back-dated entries: their number and the latest ones, an index range.
    __table_args__ = (Index("ix_case_events_backdated_entered", "backdated", "entered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    effective_on: Mapped[date] = mapped_column(Date)
    backdated: Mapped[bool] = mapped_column(Boolean, default=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    basis: Mapped[str] = mapped_column(String(300), default="")
    # Shown on the citizen's tracking page.
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # The tamper-evident chain (petitions.audit.chain), filled in when the row is committed.
    seq: Mapped[int | None] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    case_prev_hash: Mapped[str | None] = mapped_column(String(64))

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class Attachment(db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # evidence (from the citizen), scan (desk), verification, notice (generated)
    purpose: Mapped[str] = mapped_column(String(20), default="evidence")
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(back_populates="attachments")


class Assignment(db.Model):
    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_on: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    case: Mapped[Case] = relationship(back_populates="assignments")
    user: Mapped[User] = relationship()


class IdentityReveal(db.Model):
    """Each time someone allowed to see a sealed identity looked at it, and why."""

    __tablename__ = "identity_reveals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(String(500))


class CaseResult(db.Model):
    """What a complaint decision or denunciation conclusion recovered, returned and
    recommended, and when it was carried out: the result columns of forms 01-04/KQGQ
    (Circular 01/2024/TT-TTCP). Money in đồng, land in square metres."""

    __tablename__ = "case_results"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    recover_money: Mapped[int] = mapped_column(BigInteger, default=0)
    recover_land: Mapped[float] = mapped_column(Float, default=0)
    return_org_money: Mapped[int] = mapped_column(BigInteger, default=0)
    return_org_land: Mapped[float] = mapped_column(Float, default=0)
    return_person_money: Mapped[int] = mapped_column(BigInteger, default=0)
    return_person_land: Mapped[float] = mapped_column(Float, default=0)
    restored_orgs: Mapped[int] = mapped_column(Integer, default=0)
    restored_people: Mapped[int] = mapped_column(Integer, default=0)
    discipline_people: Mapped[int] = mapped_column(Integer, default=0)
    discipline_officials: Mapped[int] = mapped_column(Integer, default=0)
    investigation_cases: Mapped[int] = mapped_column(Integer, default=0)
    investigation_people: Mapped[int] = mapped_column(Integer, default=0)
    investigation_officials: Mapped[int] = mapped_column(Integer, default=0)
    # The day the decision or conclusion was carried out in full (02/KQGQ, 04/KQGQ).
    enforced_on: Mapped[date | None] = mapped_column(Date)
