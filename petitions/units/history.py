"""The unit tree as it stood on a day, and over a period, from the units' dated places in the
tree (UnitParent): what the API's `?on=` answers and what a report's scope is made of."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, case, literal, select
from sqlalchemy.orm import aliased

from petitions.extensions import db
from petitions.units.models import Unit, UnitParent


@dataclass(frozen=True)
class UnitOnDay:
    unit: Unit
    parent: Unit | None
    exists: bool


def tree_on(day: date) -> list[UnitOnDay]:
    """Every unit that had come into being by `day`, in code order, with its parent on that
    day (a unit that had already ended keeps the parent it last had) and whether it existed."""
    units = {
        unit.id: unit
        for unit in db.session.scalars(
            select(Unit)
            .where((Unit.valid_from.is_(None)) | (Unit.valid_from <= day))
            .order_by(Unit.code)
        )
    }
    places: dict[int, UnitParent] = {}
    for place in db.session.scalars(
        select(UnitParent)
        .where(UnitParent.unit_id.in_(list(units)), UnitParent.valid_from <= day)
        .order_by(UnitParent.valid_from)
    ):
        places[place.unit_id] = place  # the latest period that began by `day`
    rows = []
    for unit in units.values():
        place = places.get(unit.id)
        parent_id = place.parent_id if place is not None else unit.parent_id
        rows.append(
            UnitOnDay(
                unit=unit,
                parent=units.get(parent_id) if parent_id else None,
                exists=unit.exists_on(day) and (unit.active or unit.valid_to is not None),
            )
        )
    return rows


def subtree_on(unit: Unit, day: date) -> set[int]:
    """Ids of the unit and of every unit below it on `day`."""
    children: dict[int | None, list[int]] = {}
    for place in db.session.scalars(
        select(UnitParent).where(UnitParent.valid_from <= day, UnitParent.valid_to >= day)
    ):
        children.setdefault(place.parent_id, []).append(place.unit_id)
    found, queue = set(), [unit.id]
    while queue:
        current = queue.pop()
        if current not in found:
            found.add(current)
            queue.extend(children.get(current, ()))
    return found


def scope_periods(*, split: bool = False):
    """A recursive CTE of (unit_id, grp, valid_from, valid_to): every unit under the roots
    (the `scope_roots` parameter) and the days it was under them, both included.

    `grp` is the root; with `split`, each child of a root forms its own group (its whole
    subtree in it) and the root's own rows stay in the root's group. A unit that changed place
    within the scope has one row per period; one outside it for a while has none for that time.
    """
    roots = bindparam("scope_roots", expanding=True)
    seed = select(
        UnitParent.unit_id.label("unit_id"),
        UnitParent.unit_id.label("grp"),
        literal(0).label("depth"),
        UnitParent.valid_from.label("valid_from"),
        UnitParent.valid_to.label("valid_to"),
    ).where(UnitParent.unit_id.in_(roots))
    tree = seed.cte("scope_periods", recursive=True)
    child = aliased(UnitParent)
    grp = case((tree.c.depth == 0, child.unit_id), else_=tree.c.grp) if split else tree.c.grp
    start = case((child.valid_from > tree.c.valid_from, child.valid_from), else_=tree.c.valid_from)
    end = case((child.valid_to < tree.c.valid_to, child.valid_to), else_=tree.c.valid_to)
    return tree.union_all(
        select(child.unit_id, grp, tree.c.depth + 1, start, end).where(
            child.parent_id == tree.c.unit_id,
            child.valid_from <= tree.c.valid_to,
            child.valid_to >= tree.c.valid_from,
        )
    )
