"""The summary tables: what each case contributes, and the counts those contributions add up to.

`SummaryOpen` counts the cases open now by unit, kind, status and earliest running due date, so
that "overdue on a day" is a sum over due dates before it; `SummaryDay` counts what happened on
each day (received, accepted, resolved on time or late, closed) by unit, kind and channel. Both
are keyed by the unit holding the case today, as the dashboard counts. `SummaryContribution`
is what one case adds to them, so that a change to the case moves exactly its own counts
(petitions.summaries.maintenance), and `valid_from` the last day its open-state contribution
depends on: the open counts answer exactly for any day on or after the largest of them.
"""

from datetime import date

from sqlalchemy import JSON, Date, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from petitions.extensions import db


class SummaryContribution(db.Model):
    __tablename__ = "summary_contributions"

    # No foreign key: the row outlives a deleted case only until the same flush removes it.
    case_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    keys: Mapped[list] = mapped_column(JSON, default=list)
    valid_from: Mapped[date | None] = mapped_column(Date, index=True)


class SummaryOpen(db.Model):
    __tablename__ = "summary_open"
    __table_args__ = (
        UniqueConstraint("unit_id", "kind", "status", "due_on", name="uq_summary_open_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date] = mapped_column(Date)
    n: Mapped[int] = mapped_column(Integer, default=0)


class SummaryDay(db.Model):
    __tablename__ = "summary_days"
    __table_args__ = (
        UniqueConstraint("unit_id", "kind", "channel", "metric", "day", name="uq_summary_days_key"),
        # Covering: a trend over months reads the index alone, not a table row per entry.
        Index("ix_summary_days_metric_day", "metric", "day", "unit_id", "kind", "n"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    # received, accepted, resolved, resolved_on_time, resolved_late, closed
    metric: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    n: Mapped[int] = mapped_column(Integer, default=0)


class FrozenFigures(db.Model):
    """The figures of a statistical period that has ended, stored the first time they are
    computed after its end (petitions.reports.frozen) and dropped when a change dated on or
    before its last day is recorded (petitions.summaries.maintenance)."""

    __tablename__ = "frozen_figures"
    __table_args__ = (UniqueConstraint("scope", "period", "form", name="uq_frozen_figures_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Which units and how they are grouped, e.g. "for:3,7" or "by:3".
    scope: Mapped[str] = mapped_column(String(200))
    # The period's key; while it runs, with the day the figures stand at ("2026@2026-12-06").
    period: Mapped[str] = mapped_column(String(60))
    # Which figures: "all" (with 01/TCD) or "cases" (without the reception form).
    form: Mapped[str] = mapped_column(String(20))
    period_end: Mapped[date] = mapped_column(Date, index=True)
    figures: Mapped[dict] = mapped_column(JSON)


class FiguresGeneration(db.Model):
    """One row counting the changes that dropped stored figures: a request stores the figures
    it computed only if no such change was committed since it began computing them
    (petitions.reports.frozen), so a late store never puts back figures a change made stale."""

    __tablename__ = "figures_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
