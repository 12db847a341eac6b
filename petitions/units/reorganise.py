"""Reorganisations as dated operations: a merger, a split, a move in the tree.

On the effective day the open cases (with their deadlines, which do not restart), the staff
and the coming reception sessions go to the successor; each moved case gets a history entry
naming the act, and keeps the unit that held it before in CaseHolding, so that what the old
unit did up to the day stays on its record (petitions.reports counts each event for the unit
holding the case that day). Closed cases, past sessions and visits, and submitted reports stay
where they were made. A change may be dated in the past (the act came first, the system later)
but not in the future.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from petitions.accounts.models import User
from petitions.audit.services import record
from petitions.cases.models import Case, CaseEvent, CaseHolding, Petitioner, statuses
from petitions.database import utcnow
from petitions.domain import workflow
from petitions.errors import Refused, invalid
from petitions.extensions import db
from petitions.reception.models import ReceptionSession
from petitions.text import fold
from petitions.units.models import (
    END_OF_TIME,
    ChangeKind,
    ChangeStatus,
    PlannedMove,
    Unit,
    UnitChange,
    UnitLevel,
    UnitParent,
    UnitSuccession,
    act_label,
)
from petitions.units.services import get_by_code, subtree_ids

# Higher in the tree first: a unit's sub-units follow it into a successor only if the
# successor ranks above them (a commune's communes would make no tree).
RANK = {
    UnitLevel.PROVINCE: 0,
    UnitLevel.DEPARTMENT: 1,
    UnitLevel.DISTRICT: 1,
    UnitLevel.COMMUNE: 2,
    UnitLevel.OFFICE: 3,
}

# Words that name a level, left out when a successor's name is looked for in an address.
LEVEL_WORDS = ("xa ", "phuong ", "thi tran ", "huyen ", "thi xa ", "thanh pho ", "dac khu ")


@dataclass(frozen=True)
class Act:
    """The legal act behind a change: free text as typed, and its parts when known."""

    text: str = ""
    number: str | None = None
    day: date | None = None
    issuer: str | None = None

    @property
    def label(self) -> str:
        return act_label(self.text, self.number)


def merge(
    *, old_code: str, new_code: str, on: date, today: date, act: Act | None = None, actor=None
) -> dict[str, int]:
    """Merge `old_code` into `new_code` on `on`; returns how many rows of each kind moved."""
    old = _unit(old_code, "old")
    new = _unit(new_code, "new")
    _check(old, [new], on, today)
    change = _change(ChangeKind.MERGE, old, on, act, actor, {"into": [new.code]})
    moved = {"cases": 0, "users": 0, "units": 0}
    for case in _cases_to_move(old, on):
        _move_case(case, old, new, on, change, act, "unit_merged")
        moved["cases"] += 1
    moved.update(_finish(old, [new], on, change, actor))
    record(actor, "unit.merge", old, {"from": old.code, "into": new.code, "on": str(on), **moved})
    return moved


def plan_split(
    *, old_code: str, into: list[str], on: date, today: date, act: Act | None = None, actor=None
) -> UnitChange:
    """A draft split: each case the old unit will hand over, with the successor proposed for
    it (the one its petitioners' address names, otherwise the first). Nothing moves until
    `confirm`; the review list may change any proposal first."""
    old = _unit(old_code, "old")
    if not into:
        raise invalid("into", _("Cần ít nhất một đơn vị kế thừa."))
    successors = [_unit(code, "into") for code in into]
    if len({unit.id for unit in successors}) != len(successors):
        raise invalid("into", _("Một đơn vị kế thừa được nêu hai lần."))
    _check(old, successors, on, today)
    pending = db.session.scalar(
        select(UnitChange).where(
            UnitChange.unit_id == old.id, UnitChange.status == ChangeStatus.DRAFT
        )
    )
    if pending is not None:
        raise invalid(
            "old", _("Đơn vị %(code)s đã có một phương án chia tách chờ xác nhận.", code=old.code)
        )
    change = _change(
        ChangeKind.SPLIT, old, on, act, actor, {"into": [unit.code for unit in successors]}
    )
    change.status = ChangeStatus.DRAFT
    change.applied_at = None
    for case in _cases_to_move(old, on):
        target, reason = _competent(case, successors)
        change.planned.append(PlannedMove(case_id=case.id, to_unit_id=target.id, reason=reason))
    db.session.flush()
    record(actor, "unit.split_planned", old, {"into": change.details["into"], "on": str(on)})
    return change


def replan(change: UnitChange, case_id: int, to_code: str, *, actor) -> PlannedMove:
    """Send one case of a draft split to another of its successors."""
    if change.status != ChangeStatus.DRAFT:
        raise Refused(409, _("Phương án chia tách này đã được xác nhận."))
    planned = next((row for row in change.planned if row.case_id == case_id), None)
    if planned is None:
        raise invalid("case", _("Hồ sơ không thuộc phương án chia tách này."))
    if to_code not in change.details["into"]:
        raise invalid("to_unit", _("Chỉ chọn được một trong các đơn vị kế thừa."))
    if not may_review(actor, change):
        raise Refused(403, _("Chỉ quản trị viên hoặc thủ trưởng đơn vị kế thừa được sửa."))
    # The relationship, not only its column: a caller that read planned.to_unit (a review
    # page) would otherwise confirm with the stale unit.
    planned.to_unit = get_by_code(to_code)
    planned.reason = "chosen"
    planned.changed_by_id = getattr(actor, "id", None)
    db.session.flush()
    return planned


def may_review(user, change: UnitChange) -> bool:
    """The admin, or the head of one of the successors."""
    if user is None:
        return True  # the command line
    if user.can("units.manage"):
        return True
    heads = {get_by_code(code).id for code in change.details["into"]}
    return user.can("cases.approve") and user.unit_id in heads


def confirm(change: UnitChange, *, today: date, actor=None) -> dict[str, int]:
    """Apply a draft split as reviewed."""
    if change.status != ChangeStatus.DRAFT:
        raise Refused(409, _("Phương án chia tách này đã được xác nhận."))
    old = change.unit
    successors = [_unit(code, "into") for code in change.details["into"]]
    _check(old, successors, change.effective_on, today)
    targets = {row.case_id: row.to_unit for row in change.planned}
    moved = {"cases": 0, "users": 0, "units": 0}
    for case in _cases_to_move(old, change.effective_on):
        # A case that arrived after the review list was drawn goes to the first successor.
        target = targets.get(case.id) or successors[0]
        _move_case(case, old, target, change.effective_on, change, _act_of(change), "unit_split")
        moved["cases"] += 1
    moved.update(_finish(old, successors, change.effective_on, change, actor))
    change.status = ChangeStatus.APPLIED
    change.applied_at = utcnow()
    db.session.flush()
    record(actor, "unit.split", old, {"into": change.details["into"], **moved})
    return moved


def discard(change: UnitChange, *, actor=None) -> None:
    """Drop a draft split and its review list; nothing had moved."""
    if change.status != ChangeStatus.DRAFT:
        raise Refused(409, _("Phương án chia tách này đã được xác nhận."))
    record(
        actor,
        "unit.split_discarded",
        change.unit,
        {"into": change.details["into"], "on": str(change.effective_on)},
    )
    db.session.delete(change)
    db.session.flush()


def planned_cases(change: UnitChange) -> list[tuple[PlannedMove, Case]]:
    """A split's review list: each planned move with its case, in the order of the cases."""
    rows = db.session.execute(
        select(PlannedMove, Case)
        .join(Case, Case.id == PlannedMove.case_id)
        .where(PlannedMove.change_id == change.id)
        .order_by(PlannedMove.case_id)
    )
    return [(planned, case) for planned, case in rows]


def split(
    *, old_code: str, into: list[str], on: date, today: date, act: Act | None = None, actor=None
) -> dict[str, int]:
    """Plan and confirm at once (the command line without --review)."""
    change = plan_split(old_code=old_code, into=into, on=on, today=today, act=act, actor=actor)
    return confirm(change, today=today, actor=actor)


def move(
    *, code: str, parent_code: str | None, on: date, today: date, act: Act | None = None, actor=None
) -> UnitChange:
    """Re-parent a unit from `on` (None: it becomes a root). Its cases do not move: the unit
    is the same; reports for days before `on` count it where it sat then."""
    unit = _unit(code, "code")
    parent = _unit(parent_code, "parent") if parent_code else None
    _check_day(on, today)
    if not unit.exists_on(on) or unit.valid_to is not None:
        raise invalid("code", _("Đơn vị %(code)s không còn tồn tại vào ngày đó.", code=unit.code))
    if parent is not None:
        if not parent.exists_on(on) or parent.valid_to is not None:
            raise invalid(
                "parent", _("Đơn vị %(code)s không tồn tại vào ngày đó.", code=parent.code)
            )
        if parent.id in subtree_ids(unit):
            raise invalid(
                "parent", _("Đơn vị cấp trên không thể là chính nó hoặc đơn vị cấp dưới.")
            )
    if (unit.parent_id or None) == (parent.id if parent else None):
        raise invalid("parent", _("Đơn vị %(code)s đã ở vị trí này.", code=unit.code))
    _check_no_later_place(unit, on)
    before = unit.parent.code if unit.parent else None
    change = _change(
        ChangeKind.MOVE,
        unit,
        on,
        act,
        actor,
        {"from": before, "to": parent.code if parent else None},
    )
    _reparent(unit, parent, on)
    db.session.flush()
    record(actor, "unit.move", unit, {"from": before, "to": change.details["to"], "on": str(on)})
    return change


def drafts() -> list[UnitChange]:
    return list(
        db.session.scalars(
            select(UnitChange)
            .where(UnitChange.status == ChangeStatus.DRAFT)
            .order_by(UnitChange.created_at)
        )
    )


def history(unit: Unit | None = None) -> list[UnitChange]:
    """Applied changes, the latest first; of one unit (as the changed unit or a successor)."""
    query = select(UnitChange).where(UnitChange.status == ChangeStatus.APPLIED)
    if unit is not None:
        successor_of = select(UnitSuccession.change_id).where(
            UnitSuccession.successor_id == unit.id
        )
        query = query.where(or_(UnitChange.unit_id == unit.id, UnitChange.id.in_(successor_of)))
    return list(
        db.session.scalars(query.order_by(UnitChange.effective_on.desc(), UnitChange.id.desc()))
    )


def merge_choices(unit: Unit) -> list[Unit]:
    """Units the given unit could hand over to: living ones other than itself."""
    return [
        candidate
        for candidate in db.session.scalars(
            select(Unit).where(Unit.active.is_(True), Unit.valid_to.is_(None)).order_by(Unit.code)
        )
        if candidate.id != unit.id
    ]


# -- the parts ------------------------------------------------------------------------------------


def _unit(code: str | None, field: str) -> Unit:
    unit = get_by_code(code or "")
    if unit is None:
        raise invalid(field, _("Không tìm thấy đơn vị %(code)s.", code=code or ""))
    return unit


def _check_day(on: date, today: date) -> None:
    if on > today:
        raise invalid(
            "on",
            _(
                "Ngày hiệu lực %(day)s chưa đến: hãy thực hiện thay đổi vào ngày đó.",
                day=on.strftime("%d/%m/%Y"),
            ),
        )


def _check(old: Unit, successors: list[Unit], on: date, today: date) -> None:
    _check_day(on, today)
    if old.valid_to is not None:
        raise invalid("old", _("Đơn vị %(code)s đã chấm dứt hoạt động.", code=old.code))
    if old.valid_from is not None and old.valid_from >= on:
        raise invalid(
            "on",
            _("Đơn vị %(code)s bắt đầu hoạt động sau ngày hiệu lực.", code=old.code),
        )
    for new in successors:
        if new.id == old.id:
            raise invalid("new", _("Không thể sáp nhập một đơn vị vào chính nó."))
        if not new.exists_on(on) or new.valid_to is not None or not new.active:
            raise invalid(
                "new",
                _(
                    "Đơn vị %(code)s không hoạt động vào ngày %(day)s.",
                    code=new.code,
                    day=on.strftime("%d/%m/%Y"),
                ),
            )
    _check_no_later_place(old, on)
    for child in old.children:
        _check_no_later_place(child, on)


def _check_no_later_place(unit: Unit, on: date) -> None:
    later = db.session.scalar(
        select(UnitParent.valid_from).where(
            UnitParent.unit_id == unit.id, UnitParent.valid_from > on
        )
    )
    if later is not None:
        raise invalid(
            "on",
            _(
                "Đơn vị %(code)s đã có thay đổi từ ngày %(day)s; thay đổi mới phải có hiệu lực "
                "sau ngày đó.",
                code=unit.code,
                day=later.strftime("%d/%m/%Y"),
            ),
        )


def _change(kind, unit, on, act, actor, details) -> UnitChange:
    act = act or Act()
    change = UnitChange(
        kind=kind,
        status=ChangeStatus.APPLIED,
        effective_on=on,
        unit=unit,
        act=act.text,
        act_number=act.number,
        act_date=act.day,
        act_issuer=act.issuer,
        details=details,
        created_by_id=getattr(actor, "id", None),
        applied_at=utcnow(),
    )
    db.session.add(change)
    db.session.flush()
    return change


def _act_of(change: UnitChange) -> Act:
    return Act(
        text=change.act, number=change.act_number, day=change.act_date, issuer=change.act_issuer
    )


def _cases_to_move(old: Unit, on: date) -> list[Case]:
    """The cases the old unit holds that were still open on `on` or came later."""
    return list(
        db.session.scalars(
            select(Case)
            .where(
                Case.unit_id == old.id,
                or_(
                    Case.status.in_(statuses(workflow.OPEN_STATES)),
                    Case.closed_on >= on,
                    Case.received_on >= on,
                ),
            )
            .order_by(Case.id)
            .with_for_update()
        )
    )


def _move_case(case: Case, old: Unit, new: Unit, on: date, change, act: Act | None, action):
    held_from = case.unit_since or case.received_on
    if held_from < on:
        db.session.add(
            CaseHolding(
                case_id=case.id,
                unit_id=old.id,
                valid_from=held_from,
                valid_to=on - timedelta(days=1),
                change_id=change.id,
            )
        )
        case.unit_since = on
    # Otherwise the old unit never held it while it existed (a change dated back): the
    # successor holds it from the start.
    case.unit = new
    label = act.label if act else ""
    # History stays Vietnamese whatever the admin's page language.
    note = f"Chuyển về {new.name} do sắp xếp đơn vị hành chính"
    details = {"from_unit": old.code, "to_unit": new.code}
    if label:
        note += f" ({label})"
        details["act"] = label
    case.events.append(
        CaseEvent(
            effective_on=max(on, case.received_on),
            actor_id=None,
            action=action,
            # No status: a move is not a step (a settled status here would read as settling).
            from_status=None,
            to_status=None,
            basis=label,
            public=True,
            note=note + ".",
            details=details,
        )
    )


def _finish(old: Unit, successors: list[Unit], on: date, change, actor) -> dict[str, int]:
    """End the old unit on the day before `on`; its staff and coming sessions go to the first
    successor, its sub-units to the successor (when it ranks above them) or to its parent."""
    first = successors[0]
    moved = {}
    moved["users"] = db.session.execute(
        update(User).where(User.unit_id == old.id).values(unit_id=first.id)
    ).rowcount
    moved["reception_sessions"] = db.session.execute(
        update(ReceptionSession)
        .where(ReceptionSession.unit_id == old.id, ReceptionSession.day >= on)
        .values(unit_id=first.id)
    ).rowcount
    below = subtree_ids(old)
    units = 0
    for child in list(old.children):
        if child.valid_to is not None and child.valid_to < on:
            continue  # ended before the day (a commune merged first): it has no place to take
        takes_children = (
            len(successors) == 1 and first.id not in below and RANK[first.level] < RANK[child.level]
        )
        _reparent(child, first if takes_children else old.parent, on)
        units += 1
    moved["units"] = units
    for position, successor in enumerate(successors):
        db.session.add(
            UnitSuccession(
                predecessor_id=old.id,
                successor_id=successor.id,
                change_id=change.id,
                position=position,
            )
        )
    _end(old, on)
    db.session.flush()
    db.session.expire(old, ["successors"])
    return moved


def _end(unit: Unit, on: date) -> None:
    last_day = on - timedelta(days=1)
    for place in db.session.scalars(
        select(UnitParent).where(UnitParent.unit_id == unit.id, UnitParent.valid_to >= on)
    ):
        if place.valid_from >= on:
            # A place it was given from this same day (moved, then merged): never held.
            db.session.delete(place)
        else:
            place.valid_to = last_day
    unit.valid_to = last_day
    unit.active = False


def _reparent(unit: Unit, parent: Unit | None, on: date) -> None:
    for place in db.session.scalars(
        select(UnitParent).where(UnitParent.unit_id == unit.id, UnitParent.valid_to >= on)
    ):
        if place.valid_from >= on:
            db.session.delete(place)
        else:
            place.valid_to = on - timedelta(days=1)
    db.session.add(
        UnitParent(
            unit_id=unit.id,
            parent_id=parent.id if parent else None,
            valid_from=on,
            valid_to=END_OF_TIME,
        )
    )
    unit.parent = parent


def _competent(case: Case, successors: list[Unit]) -> tuple[Unit, str]:
    """The successor the case's petitioners' address names (a sealed identity is not opened
    for this: its case goes to the first successor, for the admin to review)."""
    if not case.sealed:
        addresses = db.session.scalars(
            select(Petitioner.address).where(Petitioner.case_id == case.id)
        )
        text = " ".join(fold(address) for address in addresses if address)
        if text:
            for successor in successors:
                if _named_in(successor, text):
                    return successor, "address"
    return successors[0], "first"


def _named_in(unit: Unit, text: str) -> bool:
    name = fold(unit.name)
    if name and name in text:
        return True
    for word in LEVEL_WORDS:
        if name.startswith(word):
            base = name[len(word) :].strip()
            return bool(base) and f"{word}{base}" in text
    return False
