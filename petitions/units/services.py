"""Creating, editing and walking units."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased

from petitions.audit.services import record
from petitions.errors import invalid
from petitions.extensions import db
from petitions.text import clean
from petitions.units.models import BEGINNING, END_OF_TIME, Unit, UnitLevel, UnitParent


def get_by_code(code: str) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.code == clean(code).upper()))


def create_unit(
    *,
    code: str,
    name: str,
    level: str,
    parent_code: str | None = None,
    remote: bool = False,
    valid_from: date | None = None,
    actor=None,
) -> Unit:
    """A new unit, existing since `valid_from` (None: since before the system's records)."""
    code = clean(code).upper()
    name = clean(name)
    if not code:
        raise invalid("code", _("Mã đơn vị không được để trống."))
    if not name:
        raise invalid("name", _("Tên đơn vị không được để trống."))
    try:
        unit_level = UnitLevel(level)
    except ValueError:
        raise invalid("level", _("Cấp đơn vị không hợp lệ: %(level)s.", level=level)) from None
    if get_by_code(code) is not None:
        raise invalid("code", _("Mã đơn vị %(code)s đã tồn tại.", code=code))
    parent = None
    if parent_code:
        parent = get_by_code(parent_code)
        if parent is None:
            raise invalid("parent", _("Không tìm thấy đơn vị cấp trên %(code)s.", code=parent_code))
        if valid_from is not None and not parent.exists_on(valid_from):
            raise invalid(
                "parent",
                _(
                    "Đơn vị cấp trên %(code)s không tồn tại vào ngày %(day)s.",
                    code=parent.code,
                    day=valid_from.strftime("%d/%m/%Y"),
                ),
            )
    unit = Unit(
        code=code,
        name=name,
        level=unit_level,
        parent=parent,
        remote=remote,
        valid_from=valid_from,
    )
    db.session.add(unit)
    db.session.flush()
    db.session.add(
        UnitParent(
            unit_id=unit.id,
            parent_id=parent.id if parent else None,
            valid_from=valid_from or BEGINNING,
            valid_to=END_OF_TIME,
        )
    )
    details = {"code": code, "name": name, "level": level}
    if valid_from is not None:
        details["valid_from"] = valid_from.isoformat()
    record(actor, "unit.create", unit, details)
    return unit


def update_unit(
    unit: Unit,
    *,
    name: str,
    parent_code: str | None,
    remote: bool,
    active: bool,
    feedback_period_days: int | None,
    actor=None,
) -> Unit:
    """Corrects a unit's record. A new parent here is a correction (the unit always sat there
    in its current period); a dated re-parenting is petitions.units.reorganise.move."""
    name = clean(name)
    if not name:
        raise invalid("name", _("Tên đơn vị không được để trống."))
    parent = get_by_code(parent_code) if parent_code else None
    if parent_code and parent is None:
        raise invalid("parent", _("Không tìm thấy đơn vị cấp trên %(code)s.", code=parent_code))
    if parent is not None and (parent.id == unit.id or parent.id in subtree_ids(unit)):
        raise invalid("parent", _("Đơn vị cấp trên không thể là chính nó hoặc đơn vị cấp dưới."))
    changes = {}
    for field, value in (
        ("name", name),
        ("remote", remote),
        ("active", active),
        ("feedback_period_days", feedback_period_days),
    ):
        if getattr(unit, field) != value:
            changes[field] = [getattr(unit, field), value]
            setattr(unit, field, value)
    if unit.parent != parent:
        changes["parent"] = [unit.parent.code if unit.parent else None, parent_code or None]
        unit.parent = parent
        current = db.session.scalars(
            select(UnitParent)
            .where(UnitParent.unit_id == unit.id)
            .order_by(UnitParent.valid_from.desc())
            .limit(1)
        ).first()
        if current is not None:
            current.parent_id = parent.id if parent else None
    db.session.flush()
    if changes:
        record(actor, "unit.update", unit, changes)
    return unit


def subtree_ids(unit: Unit) -> set[int]:
    """Ids of the unit and every unit below it, by one recursive query."""
    tree = select(Unit.id).where(Unit.id == unit.id).cte("tree", recursive=True)
    child = aliased(Unit)
    tree = tree.union_all(select(child.id).where(child.parent_id == tree.c.id))
    return set(db.session.scalars(select(tree.c.id)))


def all_units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).order_by(Unit.code)))


def tree_rows() -> list[tuple[Unit, int]]:
    """Units in tree order with their depth, for lists and pickers."""
    units = all_units()
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    rows: list[tuple[Unit, int]] = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            rows.append((unit, depth))
            walk(unit.id, depth + 1)

    walk(None, 0)
    return rows
