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

import hashlib
from datetime import date

from sqlalchemy import select

from petitions.database import write_intent
from petitions.domain.periods import Period
from petitions.extensions import db
from petitions.summaries.maintenance import has_pending_changes, insert_for
from petitions.summaries.models import FiguresGeneration, FrozenFigures
from petitions.views_support import begin_write


def is_closed(period: Period, today: date) -> bool:
    return period.end < today


def scope_key(scope: str) -> str:
    """The scope as stored (at most 200 characters): a long list of units by its digest."""
    if len(scope) <= 200:
        return scope
    kind, _sep, _ids = scope.partition(":")
    return f"{kind}#{hashlib.sha256(scope.encode()).hexdigest()}"


def stored_key(period: Period, today: date) -> str:
    """The key a period's figures are stored under: the period's own once it has closed; while
    it runs, the period and the day the figures stand at (`2026@2026-12-06`), so tomorrow's
    request computes tomorrow's figures (cases fall overdue with the days alone)."""
    if is_closed(period, today):
        return period.key
    return f"{period.key}@{period.as_of(today).isoformat()}"


def load(scope: str, period: Period, form: str, *, today: date):
    """The stored figures, or None."""
    return db.session.scalar(
        select(FrozenFigures.figures).where(
            FrozenFigures.scope == scope,
            FrozenFigures.period == stored_key(period, today),
            FrozenFigures.form == form,
        )
    )


def pending() -> bool:
    """Whether this transaction changed what figures count (then they are computed, neither
    read back nor stored: the stored ones are dropped only when it commits)."""
    return has_pending_changes(db.session())


def generation() -> int:
    """The count of changes that dropped stored figures (0 before the first), read before
    computing figures to store: `store` keeps them only if it has not moved since."""
    found = db.session.scalar(select(FiguresGeneration.n).where(FiguresGeneration.id == 1))
    return found or 0


def store(scope: str, period: Period, form: str, figures, *, today: date, since: int) -> None:
    """Keep the figures in the caller's transaction (a page that only read begins one), unless
    a change was committed after `since` (the generation read before computing them): then
    they may miss it, and the next request computes them again."""
    row = {
        "scope": scope,
        "period": stored_key(period, today),
        "form": form,
        "period_end": period.end,
        "figures": figures,
    }
    session = db.session()
    statement = insert_for(session, FrozenFigures.__table__).values(row).on_conflict_do_nothing()
    if not write_intent.get():
        # A page that only read: its read transaction ends and a writing one begins, which
        # the request commits at its end (views_support.begin_write).
        begin_write()
    counter = insert_for(session, FiguresGeneration.__table__).values(id=1, n=0)
    db.session.execute(counter.on_conflict_do_nothing())  # the row exists from here on
    current = select(FiguresGeneration.n).where(FiguresGeneration.id == 1)
    if session.get_bind().dialect.name == "postgresql":
        current = current.with_for_update()  # a change's counter update waits for our commit
    if db.session.scalar(current) != since:
        return
    db.session.execute(statement)
