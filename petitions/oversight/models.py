"""Reminders (đôn đốc) sent by the inspectorate or a head to a unit, about a case or not."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.accounts.models import User
from petitions.database import UTCDateTime, utcnow
from petitions.extensions import db
from petitions.units.models import Unit


class Reminder(db.Model):
    """One reminder to a unit; `case_id` set when it is about one case (also in its history)."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_unit_sent_on", "unit_id", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    sent_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The day it counts for in reports (the sender's local date).
    sent_on: Mapped[date] = mapped_column(Date, index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    respond_by: Mapped[date | None] = mapped_column(Date)

    unit: Mapped[Unit] = relationship()
    sent_by: Mapped[User] = relationship()
    case = relationship("Case")
