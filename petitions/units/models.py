"""The unit tree, with remote flags and successors for the 2025 reorganisation."""

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitions.database import UTCDateTime, utcnow, value_enum
from petitions.extensions import db


class UnitLevel(enum.StrEnum):
    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    COMMUNE = "commune"
    OFFICE = "office"


class Unit(db.Model):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    level: Mapped[UnitLevel] = mapped_column(value_enum(UnitLevel))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # Days allowed to settle a recommendation or feedback; None means the rule's default.
    feedback_period_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped["Unit | None"] = relationship(
        remote_side=[id], foreign_keys=[parent_id], back_populates="children"
    )
    children: Mapped[list["Unit"]] = relationship(
        foreign_keys=[parent_id], back_populates="parent", order_by="Unit.code"
    )
    successor: Mapped["Unit | None"] = relationship(remote_side=[id], foreign_keys=[successor_id])

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"
