"""The parts of a statistical form: cells, and the conditions over one case's facts they count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, and_, bindparam, case, not_, or_

from petitions.domain import workflow


@dataclass(frozen=True)
class Cell:
    """One figure of a form: what it counts, in words and (for case cells) as SQL."""

    key: str
    label: Any
    reference: str
    level: int = 0
    when: Callable[[Facts], Any] | None = None
    total: Callable[[dict], int | float | None] | None = None
    rate: bool = False
    external: bool = False  # filled from another package (reception)


@dataclass(frozen=True)
class FormSpec:
    code: str
    title: Any
    basis: str
    cells: tuple[Cell, ...]
    kinds: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(cell.key for cell in self.cells)


class Facts:
    """Columns of the per-case facts subquery plus the period's bound days, for cell conditions."""

    def __init__(self, subquery):
        self.c = subquery.c
        self.period_start = bindparam("period_start", type_=Date)
        self.as_of = bindparam("period_as_of", type_=Date)
        # A row is a case as one group held it (units.history): from held_from to held_to.
        # Its own period runs from the later of the period's start and held_from to the
        # earlier of the as-of day and held_to, so that each day of a case counts for the
        # group that held it that day, and for no other.
        self.start = case(
            (self.c.held_from > self.period_start, self.c.held_from), else_=self.period_start
        )
        self.end = case((self.c.held_to < self.as_of, self.c.held_to), else_=self.as_of)
        # Still the group's on the as-of day: what is open then is its own.
        self.kept = and_(self.c.held_from <= self.as_of, self.c.held_to >= self.as_of)

    def during(self, column):
        return column.between(self.start, self.end)

    def unsettled_on(self, day):
        return or_(self.c.settled_on.is_(None), self.c.settled_on > day)

    @property
    def forwarded_out(self):
        return and_(self.c.status == "forwarded", self.c.settled_on <= self.as_of)

    @property
    def counted(self):
        """Not forwarded out by the as-of day: counted here rather than where it arrived."""
        return not_(self.forwarded_out)

    # -- petition handling (02/XLD) --------------------------------------------------------------

    @property
    def carried_over(self):
        return and_(
            self.counted,
            self.start <= self.end,
            self.c.received_on < self.start,
            or_(self.c.handled_on.is_(None), self.c.handled_on >= self.start),
        )

    @property
    def received(self):
        return and_(self.counted, self.during(self.c.received_on))

    @property
    def to_handle(self):
        return or_(self.carried_over, self.received)

    @property
    def handled(self):
        return and_(self.to_handle, self.during(self.c.handled_on))

    def routed(self, route: str):
        return and_(self.handled, self.c.route == route)

    # -- resolution (03/GQKN, 04/GQTC, summary) ----------------------------------------------------

    @property
    def resolution_carried_over(self):
        return and_(
            self.start <= self.end,
            self.c.accepted_on < self.start,
            or_(self.c.settled_on.is_(None), self.c.settled_on >= self.start),
        )

    @property
    def newly_accepted(self):
        return self.during(self.c.accepted_on)

    @property
    def to_resolve(self):
        return or_(self.resolution_carried_over, self.newly_accepted)

    @property
    def resolved(self):
        """Settled in the period by a decision or conclusion, or ended by withdrawal or a
        termination after acceptance (đình chỉ)."""
        return and_(
            self.during(self.c.settled_on),
            or_(
                self.c.status.in_(workflow.DECIDED_STATES),
                and_(
                    self.c.status.in_(("withdrawn", "terminated")),
                    self.c.accepted_on.is_not(None),
                ),
            ),
        )

    @property
    def on_time(self):
        return or_(self.c.resolve_due.is_(None), self.c.settled_on <= self.c.resolve_due)

    @property
    def pending(self):
        return and_(self.counted, self.kept, self.unsettled_on(self.as_of))

    @property
    def overdue(self):
        return and_(self.pending, self.c.overdue == 1)
