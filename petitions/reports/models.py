"""Reports of units (annual, and the quarterly, 6-month and 9-month statistical reports), the
consolidated provincial report, their history, and report lines."""

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.accounts.models import User
from petitions.database import UTCDateTime, utcnow, value_enum
from petitions.extensions import db
from petitions.units.models import Unit


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"  # dự thảo
    APPROVED = "approved"  # thủ trưởng đã duyệt
    SUBMITTED = "submitted"  # đã gửi
    RETURNED = "returned"  # bị trả lại để chỉnh sửa
    ACCEPTED = "accepted"  # cơ quan nhận đã tiếp nhận


EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


class ReportLine(db.Model):
    """An admin's override of a configured report line (recipient, due dates, who reports)."""

    __tablename__ = "report_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    recipient_code: Mapped[str] = mapped_column(String(40))
    reviewer_role: Mapped[str] = mapped_column(String(30))
    # "MM-DD" in the report's year.
    unit_due: Mapped[str] = mapped_column(String(5))
    consolidated_due: Mapped[str] = mapped_column(String(5))
    # Comma-separated unit levels that must report on this line.
    levels: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AnnualReport(db.Model):
    """A unit's report for a reporting period (the year, or Q1, H1, 9M of Circular 01/2024) on
    one line, or (consolidated) the province's report built from the units' accepted
    submissions. The statistics are a snapshot taken when the report is refreshed or approved;
    the narrative is written by the unit."""

    __tablename__ = "annual_reports"
    __table_args__ = (
        UniqueConstraint(
            "unit_id", "year", "line", "consolidated", "period", name="uq_annual_reports_key"
        ),
        Index("ix_annual_reports_year_line", "year", "line"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    line: Mapped[str] = mapped_column(String(40))
    # The statistical period of the reporting year: Y (the year), Q1, H1 (6 months), 9M.
    period: Mapped[str] = mapped_column(String(3), default="Y", server_default="Y")
    consolidated: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[ReportStatus] = mapped_column(
        value_enum(ReportStatus),
        default=ReportStatus.DRAFT,
    )
    # The document number (số ký hiệu), e.g. 125/BC-UBND.
    number: Mapped[str] = mapped_column(String(60), default="")
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    # The day the figures of the snapshot stand at.
    as_of: Mapped[date] = mapped_column(Date)
    statistics: Mapped[dict] = mapped_column(JSON, default=dict)
    results: Mapped[str] = mapped_column(Text, default="")
    limitations: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date] = mapped_column(Date)
    # The first submission decides lateness; later ones are corrections.
    submitted_on: Mapped[date | None] = mapped_column(Date)
    last_submitted_on: Mapped[date | None] = mapped_column(Date)
    return_comment: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    steps: Mapped[list["ReportStep"]] = relationship(
        back_populates="report", order_by="ReportStep.id", cascade="all, delete-orphan"
    )

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def days_late(self, today: date) -> int:
        """Days past the due date: of the first submission, or of today while not yet sent."""
        day = self.submitted_on or today
        return max(0, (day - self.due_on).days)

    def __repr__(self) -> str:
        return f"<AnnualReport {self.year} {self.period} {self.line} unit={self.unit_id} {self.status}>"


class ReportStep(db.Model):
    """Append-only history of a report: created, saved, approved, submitted, returned..."""

    __tablename__ = "annual_report_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("annual_reports.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    day: Mapped[date] = mapped_column(Date)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[AnnualReport] = relationship(back_populates="steps")
    actor: Mapped[User | None] = relationship()
