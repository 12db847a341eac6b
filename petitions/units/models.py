"""The unit tree and its history: each unit's validity, its place in the tree over time, and
the dated reorganisations (with their legal act) that made it what it is today."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.database import UTCDateTime, utcnow, value_enum
from petitions.extensions import db

# Open ends of a period in the history tables, so that every period has two real dates and a
# query compares them without NULL cases.
BEGINNING = date(1900, 1, 1)
END_OF_TIME = date(9999, 12, 31)


def act_label(text: str, number: str | None) -> str:
    """How an act is named in history: its text, and its number unless the text has it."""
    parts = [text] if text else []
    if number and number not in (text or ""):
        parts.append(number)
    return " ".join(parts)


class UnitLevel(enum.StrEnum):
    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    COMMUNE = "commune"
    OFFICE = "office"


class ChangeKind(enum.StrEnum):
    CREATE = "create"
    MERGE = "merge"
    SPLIT = "split"
    MOVE = "move"


class ChangeStatus(enum.StrEnum):
    DRAFT = "draft"  # a split waiting for its cases to be reviewed
    APPLIED = "applied"


class Unit(db.Model):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    level: Mapped[UnitLevel] = mapped_column(value_enum(UnitLevel))
    # Today's parent; the parent on any other day is in UnitParent.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    # False once the unit has ended (valid_to set) or an admin switched it off.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # First and last day the unit exists; None: since before the system / still exists.
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # Days allowed to settle a recommendation or feedback; None means the rule's default.
    feedback_period_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped["Unit | None"] = relationship(
        remote_side=[id], foreign_keys=[parent_id], back_populates="children"
    )
    children: Mapped[list["Unit"]] = relationship(
        foreign_keys=[parent_id], back_populates="parent", order_by="Unit.code"
    )
    successors: Mapped[list["Unit"]] = relationship(
        secondary="unit_successions",
        primaryjoin="Unit.id == UnitSuccession.predecessor_id",
        secondaryjoin="Unit.id == UnitSuccession.successor_id",
        order_by="UnitSuccession.position",
        viewonly=True,
    )
    predecessors: Mapped[list["Unit"]] = relationship(
        secondary="unit_successions",
        primaryjoin="Unit.id == UnitSuccession.successor_id",
        secondaryjoin="Unit.id == UnitSuccession.predecessor_id",
        order_by="Unit.code",
        viewonly=True,
    )

    @property
    def successor(self) -> "Unit | None":
        """The first successor (the only one after a merger)."""
        return self.successors[0] if self.successors else None

    def exists_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"


class UnitChange(db.Model):
    """One dated reorganisation and the legal act behind it."""

    __tablename__ = "unit_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ChangeKind] = mapped_column(value_enum(ChangeKind))
    status: Mapped[ChangeStatus] = mapped_column(
        value_enum(ChangeStatus), default=ChangeStatus.APPLIED
    )
    effective_on: Mapped[date] = mapped_column(Date, index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    # The act: its free text as an admin typed it, and the parts when known.
    act: Mapped[str] = mapped_column(Text, default="")
    act_number: Mapped[str | None] = mapped_column(String(60))
    act_date: Mapped[date | None] = mapped_column(Date)
    act_issuer: Mapped[str | None] = mapped_column(String(255))
    # Kind-specific facts: the parents of a move, the successor codes of a split.
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    planned: Mapped[list["PlannedMove"]] = relationship(
        back_populates="change", cascade="all, delete-orphan", order_by="PlannedMove.case_id"
    )

    @property
    def act_label(self) -> str:
        return act_label(self.act, self.act_number)


class UnitSuccession(db.Model):
    __tablename__ = "unit_successions"

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("unit_changes.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class UnitParent(db.Model):
    """Where a unit sat in the tree from one day to another (both days included); a unit
    exists on the days its rows cover. parent_id None: a root (the province)."""

    __tablename__ = "unit_parents"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date, default=BEGINNING)
    valid_to: Mapped[date] = mapped_column(Date, default=END_OF_TIME)


class PlannedMove(db.Model):
    """A split's proposal for one case, which the admin or a receiving head may change before
    the split is confirmed."""

    __tablename__ = "unit_planned_moves"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(
        ForeignKey("unit_changes.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    to_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    # How the successor was chosen: "address" (the petitioner's address names it), "first".
    reason: Mapped[str] = mapped_column(String(20), default="first")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    change: Mapped[UnitChange] = relationship(back_populates="planned")
    to_unit: Mapped[Unit] = relationship(foreign_keys=[to_unit_id])
