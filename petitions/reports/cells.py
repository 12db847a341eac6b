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
    # The form as the circular prints it: the column's number ("" for a figure the form does
    # not print), the sum written under the number ("2+3" prints "1=2+3"), and the merged
    # header labels above the column, outermost first.
    column: str = ""
    formula: str = ""
    header: tuple = ()
    matter: bool = False  # counts matters (vụ việc), not petitions
    amount: str | None = None  # adds up this facts column instead of counting rows

    @property
    def numbering(self) -> str:
        return f"{self.column}={self.formula}" if self.formula else self.column

    @property
    def title(self) -> str:
        """The label with the headers above it and the column number, for a vertical listing:
        "(7) Kết quả giải quyết — Kiến nghị thu hồi cho Nhà nước — Tiền (triệu đồng)"."""
        text = " — ".join(str(part) for part in (*self.header, self.label))
        return f"({self.column}) {text}" if self.column else text


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

    @property
    def columns(self) -> tuple[Cell, ...]:
        """The cells the form prints, in the order of their column numbers."""
        return tuple(cell for cell in self.cells if cell.column)


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

    # -- petitions counted once across units (summary) -------------------------------------------

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

    # -- petition handling as the circular counts it (01-04/XLD) ---------------------------------
    # Every petition the unit received counts where it was received, forwarded ones too (the
    # form has a column for them); a matter forwarded or repeated is one matter (vụ việc).

    @property
    def petition_carried_over(self):
        return and_(
            self.start <= self.end,
            self.c.received_on < self.start,
            or_(self.c.handled_on.is_(None), self.c.handled_on >= self.start),
        )

    @property
    def petition_received(self):
        return self.during(self.c.received_on)

    @property
    def petitions(self):
        return or_(self.petition_carried_over, self.petition_received)

    @property
    def petitions_handled(self):
        return and_(self.petitions, self.during(self.c.handled_on))

    @property
    def eligible(self):
        """Handled and eligible: marked so, or not marked and not filed as ineligible."""
        return and_(
            self.petitions_handled,
            or_(
                self.c.eligible.is_(True),
                and_(self.c.eligible.is_(None), self.c.route != "filed"),
            ),
        )

    @property
    def within(self):
        return and_(
            self.eligible,
            or_(
                self.c.within_competence.is_(True),
                and_(self.c.within_competence.is_(None), self.c.route == "accepted"),
            ),
        )

    @property
    def outside(self):
        return and_(self.eligible, not_(self.within))

    # -- enforcement of decisions and conclusions (02/KQGQ, 04/KQGQ) -----------------------------

    @property
    def to_enforce(self):
        """Decided by the period's end and not carried out in full before it began."""
        return and_(
            self.start <= self.end,
            self.c.status.in_(workflow.DECIDED_STATES),
            self.c.concluded_on <= self.end,
            or_(self.c.enforced_on.is_(None), self.c.enforced_on >= self.start),
        )

    @property
    def enforced(self):
        return and_(self.to_enforce, self.during(self.c.enforced_on))

    # -- resolution (01/KQGQ, 03/KQGQ, summary) ----------------------------------------------------

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
