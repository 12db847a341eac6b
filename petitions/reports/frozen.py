"""The figures of closed periods, stored once and read back.

A statistical period (Circular 01/2024/TT-TTCP: quarter, six months, nine months, year) that
ended before today has figures that only a change dated inside it can alter. The first time
they are computed after the period's end they are stored in frozen_figures (by scope, period
and whether the reception form is in them); later requests read them back. A change recorded
later and dated on or before a period's last day — a back-dated step or intake, a deadline
recompute moving a due date from before it, a dated reorganisation — drops the stored figures
of every period ending on or after that day (petitions.summaries.maintenance), so the next
request computes them afresh: the figures always agree with the cases. A submitted report
keeps its own snapshot (reports.models.AnnualReport), which no later change alters.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from petitions.database import write_intent
from petitions.domain.periods import Period
from petitions.extensions import db
from petitions.summaries.models import FrozenFigures
from petitions.views_support import begin_write


def is_closed(period: Period, today: date) -> bool:
    return period.end < today


def load(scope: str, period: Period, form: str):
    """The stored figures, or None."""
    return db.session.scalar(
        select(FrozenFigures.figures).where(
            FrozenFigures.scope == scope,
            FrozenFigures.period == period.key,
            FrozenFigures.form == form,
        )
    )


def store(scope: str, period: Period, form: str, figures) -> None:
    """Keep the figures in the caller's transaction (a page that only read begins one)."""
    row = {
        "scope": scope,
        "period": period.key,
        "form": form,
        "period_end": period.end,
        "figures": figures,
    }
    dialect = db.session.get_bind().dialect.name
    statement = (postgresql if dialect == "postgresql" else sqlite).insert(FrozenFigures.__table__)
    statement = statement.values(row).on_conflict_do_nothing()
    if not write_intent.get():
        # A page that only read: its read transaction ends and a writing one begins, which
        # the request commits at its end (views_support.begin_write).
        begin_write()
    db.session.execute(statement)
