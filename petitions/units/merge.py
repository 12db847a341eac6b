"""Merging a unit into its successor (the 2025 reorganisation): open cases, staff, sub-units
and reception schedules move; history and deadlines stay exactly as they were."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select, update

from petitions.accounts.models import User
from petitions.audit.services import record
from petitions.cases.models import Case, CaseEvent, statuses
from petitions.domain import workflow
from petitions.errors import invalid
from petitions.extensions import db
from petitions.units.models import Unit
from petitions.units.services import get_by_code, subtree_ids

# Tables of other packages whose rows follow the unit (when they are installed). A table with
# a `day` column moves only its rows from `today` on: sessions already held stay on the record
# of the unit that held them, as do logged visits, closed cases and reports.
MOVING_TABLES = ("reception_sessions", "reception_schedules")


def merge_units(*, old_code: str, new_code: str, today: date, actor=None) -> dict[str, int]:
    """Merge the unit `old_code` into `new_code`; returns how many rows of each kind moved.

    The old unit stays in the tree, inactive, with `successor` set, so that its closed cases
    and reports still name it. Each moved case gets a CaseEvent; deadlines are not recomputed
    (the law's clock does not restart because the office changed its name).
    """
    old, new = get_by_code(old_code), get_by_code(new_code)
    if old is None:
        raise invalid("old", _("Không tìm thấy đơn vị %(code)s.", code=old_code))
    if new is None:
        raise invalid("new", _("Không tìm thấy đơn vị %(code)s.", code=new_code))
    if old.id == new.id:
        raise invalid("new", _("Không thể sáp nhập một đơn vị vào chính nó."))
    if new.id in subtree_ids(old):
        raise invalid(
            "new", _("Đơn vị kế thừa không được là đơn vị cấp dưới của %(code)s.", code=old.code)
        )
    if not new.active:
        raise invalid("new", _("Đơn vị %(code)s không còn hoạt động.", code=new.code))
    if old.successor_id is not None:
        raise invalid("old", _("Đơn vị %(code)s đã được sáp nhập.", code=old.code))

    moved = {"cases": 0, "users": 0, "units": 0}
    cases = db.session.scalars(
        select(Case)
        .where(Case.unit_id == old.id, Case.status.in_(statuses(workflow.OPEN_STATES)))
        .order_by(Case.id)
        .with_for_update()
    ).all()
    for case in cases:
        case.unit = new
        case.events.append(
            CaseEvent(
                effective_on=today,
                actor_id=getattr(actor, "id", None),
                action="unit_merged",
                from_status=case.status.value,
                to_status=case.status.value,
                basis="",
                public=True,
                # History stays Vietnamese whatever the admin's page language.
                note=f"Chuyển về {new.name} do sắp xếp đơn vị hành chính.",
                details={"from_unit": old.code, "to_unit": new.code},
            )
        )
        moved["cases"] += 1
    moved["users"] = db.session.execute(
        update(User).where(User.unit_id == old.id).values(unit_id=new.id)
    ).rowcount
    for child in list(old.children):
        child.parent = new
        moved["units"] += 1
    tables = db.metadata.tables
    for name in MOVING_TABLES:
        table = tables.get(name)
        if table is None or "unit_id" not in table.c:
            continue
        rows = update(table).where(table.c.unit_id == old.id)
        if "day" in table.c:
            rows = rows.where(table.c.day >= today)
        moved[name] = db.session.execute(rows.values(unit_id=new.id)).rowcount
    old.successor = new
    old.active = False
    db.session.flush()
    record(actor, "unit.merge", old, {"from": old.code, "into": new.code, **moved})
    return moved


def merge_choices(unit: Unit) -> list[Unit]:
    """Units the given unit could be merged into: active, not itself or below it."""
    below = subtree_ids(unit)
    return [
        candidate
        for candidate in db.session.scalars(
            select(Unit).where(Unit.active.is_(True)).order_by(Unit.code)
        )
        if candidate.id not in below
    ]
