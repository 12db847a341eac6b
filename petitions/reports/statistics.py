"""The statistical forms as data (every cell with its label and basis) and the SQL that fills them.

Each case-based cell is a condition over one row of "case facts" (a subquery that derives, per
case, the day it was settled, the route it took, its resolution deadline and whether it stood
overdue); the forms are filled by one `SUM(CASE WHEN ...)` query grouped by unit, never by
loading cases into Python.

Counting rules (DOMAIN.md "Reporting", API.md):
- the figures stand "as of" a day: the period's end, or today while the period runs; a case
  settled after that day still counts as open;
- a case forwarded to another unit counts as received where it arrives (the linked case with
  channel "transferred"); the forwarding unit reports it only as forwarded, so a province-wide
  total never counts it twice;
- carried over = received before the period and not yet settled (or, for the resolution forms,
  accepted before the period and not yet resolved) on its first day;
- a resolved case is on time when it was settled no later than its resolution deadline (the
  latest non-cancelled one, extensions included); a case without a resolution deadline cannot
  be late; open cases past any running deadline count as late in the on-time rate.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Date,
    and_,
    bindparam,
    case,
    func,
    literal,
    not_,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import aliased

from petitions.cases.models import Case, CaseDeadline, CaseEvent
from petitions.domain import workflow
from petitions.domain.periods import Period
from petitions.extensions import db
from petitions.oversight.models import Reminder
from petitions.units.models import Unit

# Routes out of "received" that end the case for the unit: settled without a decision. The
# state groups and deadline rule lists themselves are the workflow's (domain.workflow).
ROUTES = workflow.SETTLED_STATES - workflow.DECIDED_STATES
# The unit chasing the agency it forwarded a petition to (workflow step "remind"), and a
# reminder arriving on one of the unit's cases (from that agency or from the inspectorate).
REMINDER_SENT = "remind"
REMINDER_RECEIVED = "reminder_received"
GROUP_THRESHOLD = 5  # Decree 124/2020 art. 6: five or more people on the same matter

C06 = "Thông tư 06/2025/TT-TTCP"  # verify: codes and columns of the forms


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
        self.start = bindparam("period_start", type_=Date)
        self.as_of = bindparam("period_as_of", type_=Date)
        self.day_before = bindparam("period_day_before", type_=Date)

    def during(self, column):
        return column.between(self.start, self.as_of)

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
        return and_(self.c.accepted_on < self.start, self.unsettled_on(self.day_before))

    @property
    def newly_accepted(self):
        return self.during(self.c.accepted_on)

    @property
    def to_resolve(self):
        return or_(self.resolution_carried_over, self.newly_accepted)

    @property
    def resolved(self):
        """Settled in the period by a decision or conclusion, or ended by withdrawal after
        acceptance (đình chỉ)."""
        return and_(
            self.during(self.c.settled_on),
            or_(
                self.c.status.in_(workflow.DECIDED_STATES),
                and_(self.c.status == "withdrawn", self.c.accepted_on.is_not(None)),
            ),
        )

    @property
    def on_time(self):
        return or_(self.c.resolve_due.is_(None), self.c.settled_on <= self.c.resolve_due)

    @property
    def pending(self):
        return and_(self.counted, self.unsettled_on(self.as_of))

    @property
    def overdue(self):
        return and_(self.pending, self.c.overdue == 1)


def _kind(kind: str):
    return lambda f: f.c.kind == kind


def _both(*parts: Callable[[Facts], Any]) -> Callable[[Facts], Any]:
    return lambda f: and_(*(part(f) for part in parts))


def _rate(numerator: str, *denominator: str) -> Callable[[dict], float | None]:
    def compute(values: dict) -> float | None:
        below = sum(values[key] for key in denominator)
        return round(values[numerator] / below, 4) if below else None

    return compute


def _among(key: str, label, base: str, column: str, value: str) -> Cell:
    """A 02/XLD sub-cell: the cases of `base` (a Facts property) whose `column` is `value`."""
    return Cell(
        key, label, "02/XLD", 1, when=lambda f: and_(getattr(f, base), f.c[column] == value)
    )


def _sum(*keys: str) -> Callable[[dict], int]:
    return lambda values: sum(values[key] for key in keys)


# -- the forms ------------------------------------------------------------------------------------

TCD = FormSpec(
    "01/TCD",
    _l("Kết quả tiếp công dân"),
    f"Mẫu 01/TCD, {C06}; Luật Tiếp công dân 2013; Thông tư 04/2021/TT-TTCP",
    tuple(
        Cell(key, label, reference, level, external=True)
        for key, label, reference, level in (
            ("visits", _l("Tổng số lượt tiếp"), "01/TCD", 0),
            ("people", _l("Tổng số người được tiếp"), "01/TCD", 0),
            ("cases_first", _l("Số vụ việc tiếp lần đầu"), "01/TCD", 1),
            ("cases_repeat", _l("Số vụ việc tiếp nhiều lần"), "01/TCD", 1),
            ("groups", _l("Số đoàn đông người"), "01/TCD; Nghị định 124/2020, Điều 6", 0),
            ("group_people", _l("Số người trong các đoàn đông người"), "01/TCD", 1),
            ("group_cases_first", _l("Vụ việc của đoàn đông người tiếp lần đầu"), "01/TCD", 1),
            ("group_cases_repeat", _l("Vụ việc của đoàn đông người tiếp nhiều lần"), "01/TCD", 1),
            ("regular_visits", _l("Tiếp thường xuyên: số lượt"), "01/TCD; LTCD Điều 10", 0),
            ("regular_people", _l("Tiếp thường xuyên: số người"), "01/TCD", 1),
            (
                "head_sessions",
                _l("Thủ trưởng trực tiếp tiếp: số ngày tiếp"),
                "01/TCD; LTCD Điều 12, 13, 15, 18",
                0,
            ),
            ("head_visits", _l("Thủ trưởng trực tiếp tiếp: số lượt"), "01/TCD", 1),
            ("head_people", _l("Thủ trưởng trực tiếp tiếp: số người"), "01/TCD", 1),
            ("delegated_sessions", _l("Thủ trưởng ủy quyền tiếp: số ngày tiếp"), "01/TCD", 0),
            ("delegated_visits", _l("Thủ trưởng ủy quyền tiếp: số lượt"), "01/TCD", 1),
            ("delegated_people", _l("Thủ trưởng ủy quyền tiếp: số người"), "01/TCD", 1),
            ("refused", _l("Số trường hợp từ chối tiếp"), "01/TCD; LTCD Điều 9", 0),
        )
    ),
)

XLD = FormSpec(
    "02/XLD",
    _l("Kết quả xử lý đơn"),
    f"Mẫu 02/XLD, {C06}; Thông tư 05/2021/TT-TTCP",
    (
        Cell(
            "carried_over",
            _l("Số đơn kỳ trước chuyển sang"),
            "02/XLD",
            when=lambda f: f.carried_over,
        ),
        Cell("received", _l("Số đơn tiếp nhận trong kỳ"), "02/XLD", when=lambda f: f.received),
        *(
            _among(key, label, "received", "channel", value)
            for key, label, value in (
                ("received_online", _l("Tiếp nhận trực tuyến"), "online"),
                ("received_reception", _l("Tiếp nhận qua tiếp công dân"), "reception"),
                ("received_mail", _l("Tiếp nhận qua bưu chính"), "mail"),
                ("received_transferred", _l("Do cơ quan, tổ chức khác chuyển đến"), "transferred"),
            )
        ),
        Cell(
            "total", _l("Tổng số đơn phải xử lý"), "02/XLD", total=_sum("carried_over", "received")
        ),
        *(
            _among(key, label, "to_handle", "kind", value)
            for key, label, value in (
                ("complaints", _l("Đơn khiếu nại"), "complaint"),
                ("denunciations", _l("Đơn tố cáo"), "denunciation"),
                ("recommendations", _l("Đơn kiến nghị"), "recommendation"),
                ("feedback", _l("Đơn phản ánh"), "feedback"),
            )
        ),
        Cell(
            "eligible",
            _l("Đơn đủ điều kiện xử lý"),
            "02/XLD; TT 05/2021 Điều 6",
            1,
            when=lambda f: and_(f.to_handle, f.c.eligible.is_(True)),
        ),
        Cell(
            "ineligible",
            _l("Đơn không đủ điều kiện xử lý"),
            "02/XLD; TT 05/2021 Điều 6",
            1,
            when=lambda f: and_(f.to_handle, f.c.eligible.is_(False)),
        ),
        Cell(
            "within_competence",
            _l("Đơn thuộc thẩm quyền"),
            "02/XLD",
            1,
            when=lambda f: and_(f.to_handle, f.c.within_competence.is_(True)),
        ),
        Cell(
            "outside_competence",
            _l("Đơn không thuộc thẩm quyền"),
            "02/XLD",
            1,
            when=lambda f: and_(f.to_handle, f.c.within_competence.is_(False)),
        ),
        Cell(
            "repeated",
            _l("Đơn gửi nhiều lần (tái diễn)"),
            "02/XLD",
            1,
            when=lambda f: and_(f.to_handle, f.c.repeated == 1),
        ),
        Cell(
            "duplicates",
            _l("Đơn trùng lặp"),
            "02/XLD",
            1,
            when=lambda f: and_(f.to_handle, f.c.duplicate_of_id.is_not(None)),
        ),
        Cell(
            "group_petitions",
            _l("Đơn có đông người đứng tên"),
            "02/XLD",
            1,
            when=lambda f: and_(f.to_handle, f.c.group_size >= GROUP_THRESHOLD),
        ),
        Cell("handled", _l("Số đơn đã xử lý trong kỳ"), "02/XLD", when=lambda f: f.handled),
        Cell(
            "handled_accepted",
            _l("Đề xuất thụ lý giải quyết"),
            "02/XLD",
            1,
            when=lambda f: f.routed("accepted"),
        ),
        Cell(
            "handled_guided",
            _l("Hướng dẫn (khiếu nại không thuộc thẩm quyền)"),
            "02/XLD; TT 05/2021",
            1,
            when=lambda f: f.routed("guided"),
        ),
        Cell(
            "handled_filed",
            _l("Lưu đơn"),
            "02/XLD; TT 05/2021 Điều 6, 11",
            1,
            when=lambda f: f.routed("filed"),
        ),
        Cell(
            "handled_rejected", _l("Không thụ lý"), "02/XLD", 1, when=lambda f: f.routed("rejected")
        ),
        Cell(
            "handled_withdrawn",
            _l("Rút đơn trước khi thụ lý"),
            "02/XLD",
            1,
            when=lambda f: f.routed("withdrawn"),
        ),
        Cell(
            "pending",
            _l("Số đơn chưa xử lý cuối kỳ"),
            "02/XLD",
            when=lambda f: and_(
                f.to_handle, or_(f.c.handled_on.is_(None), f.c.handled_on > f.as_of)
            ),
        ),
        Cell(
            "forwarded",
            _l("Chuyển đơn đến cơ quan có thẩm quyền (tính ở nơi nhận)"),
            "02/XLD; TT 05/2021; Luật Tố cáo Điều 24",
            when=lambda f: and_(f.c.status == "forwarded", f.during(f.c.settled_on)),
        ),
        Cell(
            "replies",
            _l("Đơn đã chuyển được cơ quan nhận trả lời kết quả"),
            "02/XLD",
            1,
            when=lambda f: and_(f.c.status == "forwarded", f.during(f.c.reply_on)),
        ),
        Cell(
            "reminders",
            _l("Số lượt đôn đốc cơ quan nhận đơn chuyển"),
            "02/XLD; TT 05/2021",
            external=True,
        ),
        Cell(
            "reminders_received",
            _l("Số lượt bị đôn đốc (cấp trên, Thanh tra, nơi chuyển đơn)"),
            "02/XLD; TT 05/2021",
            external=True,
        ),
    ),
)


def _resolution_cells(kind: str, labels: dict[str, Any]) -> tuple[Cell, ...]:
    is_kind = _kind(kind)
    code = "03/GQKN" if kind == "complaint" else "04/GQTC"

    def cell(key, label, reference=code, level=0, when=None, **options):
        return Cell(
            key, label, reference, level, when=_both(is_kind, when) if when else None, **options
        )

    resolved = lambda f: and_(f.to_resolve, f.resolved)  # noqa: E731
    decided = lambda f: and_(resolved(f), f.c.status.in_(workflow.DECIDED_STATES))  # noqa: E731
    cells = [
        cell(
            "carried_over",
            _l("Số vụ việc kỳ trước chuyển sang"),
            when=lambda f: f.resolution_carried_over,
        ),
        cell(
            "accepted",
            _l("Số vụ việc thụ lý mới trong kỳ"),
            labels["accept_basis"],
            when=lambda f: f.newly_accepted,
        ),
        cell(
            "total",
            _l("Tổng số vụ việc thuộc thẩm quyền phải giải quyết"),
            total=_sum("carried_over", "accepted"),
        ),
    ]
    if kind == "complaint":
        cells += [
            cell(
                "first_time",
                _l("Khiếu nại lần đầu"),
                "03/GQKN; LKN Điều 28",
                1,
                when=lambda f: and_(f.to_resolve, f.c.complaint_round < 2),
            ),
            cell(
                "second_time",
                _l("Khiếu nại lần hai"),
                "03/GQKN; LKN Điều 37",
                1,
                when=lambda f: and_(f.to_resolve, f.c.complaint_round >= 2),
            ),
        ]
    else:
        cells += [
            cell(
                "extended_once",
                _l("Gia hạn một lần"),
                "04/GQTC; Luật Tố cáo Điều 30",
                1,
                when=lambda f: and_(f.to_resolve, f.c.extensions == 1),
            ),
            cell(
                "extended_twice",
                _l("Gia hạn hai lần"),
                "04/GQTC; Luật Tố cáo Điều 30",
                1,
                when=lambda f: and_(f.to_resolve, f.c.extensions >= 2),
            ),
        ]
    cells += [
        cell("resolved", _l("Số vụ việc đã giải quyết"), when=resolved),
        cell("resolved_by_decision", labels["by_decision"], level=1, when=decided),
        cell(
            "resolved_by_withdrawal",
            _l("Đình chỉ do rút đơn"),
            labels["withdraw_basis"],
            1,
            when=lambda f: and_(resolved(f), f.c.status == "withdrawn"),
        ),
        cell(
            "outcome_correct",
            labels["correct"],
            level=1,
            when=lambda f: and_(decided(f), f.c.outcome == "correct"),
        ),
        cell(
            "outcome_partly_correct",
            labels["partly"],
            level=1,
            when=lambda f: and_(decided(f), f.c.outcome == "partly_correct"),
        ),
        cell(
            "outcome_incorrect",
            labels["incorrect"],
            level=1,
            when=lambda f: and_(decided(f), f.c.outcome == "incorrect"),
        ),
    ]
    if kind == "complaint":
        cells += [
            cell(
                "resolved_first_time",
                _l("Đã giải quyết lần đầu"),
                level=1,
                when=lambda f: and_(resolved(f), f.c.complaint_round < 2),
            ),
            cell(
                "resolved_second_time",
                _l("Đã giải quyết lần hai"),
                level=1,
                when=lambda f: and_(resolved(f), f.c.complaint_round >= 2),
            ),
        ]
    cells += [
        cell(
            "resolved_on_time",
            _l("Giải quyết đúng thời hạn"),
            level=1,
            when=lambda f: and_(resolved(f), f.on_time),
        ),
        cell(
            "resolved_late",
            _l("Giải quyết quá thời hạn"),
            level=1,
            when=lambda f: and_(resolved(f), not_(f.on_time)),
        ),
        cell(
            "pending",
            _l("Số vụ việc đang giải quyết cuối kỳ"),
            when=lambda f: and_(f.to_resolve, f.unsettled_on(f.as_of)),
        ),
        cell(
            "pending_overdue",
            _l("Trong đó đã quá thời hạn"),
            level=1,
            when=lambda f: and_(f.to_resolve, f.overdue),
        ),
        cell(
            "on_time_rate",
            _l("Tỷ lệ giải quyết đúng hạn"),
            total=_rate("resolved_on_time", "resolved", "pending_overdue"),
            rate=True,
        ),
    ]
    return tuple(cells)


GQKN = FormSpec(
    "03/GQKN",
    _l("Kết quả giải quyết khiếu nại"),
    f"Mẫu 03/GQKN, {C06}; Luật Khiếu nại 2011; Nghị định 124/2020/NĐ-CP",
    _resolution_cells(
        "complaint",
        {
            "accept_basis": "03/GQKN; LKN Điều 27",
            "by_decision": _l("Bằng quyết định giải quyết"),
            "withdraw_basis": "03/GQKN; LKN Điều 10",
            "correct": _l("Khiếu nại đúng"),
            "partly": _l("Khiếu nại có đúng, có sai"),
            "incorrect": _l("Khiếu nại sai"),
        },
    ),
    kinds=("complaint",),
)

GQTC = FormSpec(
    "04/GQTC",
    _l("Kết quả giải quyết tố cáo"),
    f"Mẫu 04/GQTC, {C06}; Luật Tố cáo 2018; Nghị định 31/2019/NĐ-CP",
    _resolution_cells(
        "denunciation",
        {
            "accept_basis": "04/GQTC; Luật Tố cáo Điều 29",
            "by_decision": _l("Bằng kết luận nội dung tố cáo"),
            "withdraw_basis": "04/GQTC; Luật Tố cáo Điều 33",
            "correct": _l("Tố cáo đúng"),
            "partly": _l("Tố cáo có đúng, có sai"),
            "incorrect": _l("Tố cáo sai"),
        },
    ),
    kinds=("denunciation",),
)

SUMMARY = FormSpec(
    "summary",
    _l("Tổng hợp"),
    "API.md; Kế hoạch 09/KH-UBND mục II.5",
    (
        Cell("received", _l("Số đơn tiếp nhận"), "02/XLD", when=lambda f: f.received),
        Cell(
            "accepted", _l("Số vụ việc thụ lý"), "03/GQKN, 04/GQTC", when=lambda f: f.newly_accepted
        ),
        Cell(
            "resolved",
            _l("Số vụ việc đã giải quyết"),
            "03/GQKN, 04/GQTC",
            when=lambda f: f.resolved,
        ),
        Cell(
            "resolved_on_time",
            _l("Giải quyết đúng hạn"),
            "03/GQKN, 04/GQTC",
            1,
            when=lambda f: and_(f.resolved, f.on_time),
        ),
        Cell(
            "resolved_late",
            _l("Giải quyết quá hạn"),
            "03/GQKN, 04/GQTC",
            1,
            when=lambda f: and_(f.resolved, not_(f.on_time)),
        ),
        Cell(
            "open_overdue",
            _l("Đang giải quyết đã quá hạn"),
            "Thanh tra tỉnh",
            when=lambda f: f.overdue,
        ),
        Cell(
            "on_time_rate",
            _l("Tỷ lệ giải quyết đúng hạn"),
            "đúng hạn / (đã giải quyết + đang quá hạn)",
            total=_rate("resolved_on_time", "resolved", "open_overdue"),
            rate=True,
        ),
    ),
)

FORMS: tuple[FormSpec, ...] = (TCD, XLD, GQKN, GQTC)
FORM_CODES = tuple(form.code for form in FORMS)
# The summary's counts (every figure but its rate), in order: the API schema and charts list them.
SUMMARY_COUNTS = tuple(cell.key for cell in SUMMARY.cells if not cell.rate)


# -- the queries ----------------------------------------------------------------------------------


def scope_cte(*, split: bool = False):
    """(unit_id, grp) for every unit under the roots (the `scope_roots` parameter), by one
    recursive query.

    `grp` is the root; with `split`, each child of a root forms its own group (its whole
    subtree in it) and the root's own cases stay in the root's group.
    """
    seed = select(Unit.id.label("unit_id"), Unit.id.label("grp"), literal(0).label("depth"))
    roots = bindparam("scope_roots", expanding=True)
    tree = seed.where(Unit.id.in_(roots)).cte("report_scope", recursive=True)
    child = aliased(Unit)
    grp = case((tree.c.depth == 0, child.id), else_=tree.c.grp) if split else tree.c.grp
    return tree.union_all(
        select(child.id, grp, tree.c.depth + 1).where(child.parent_id == tree.c.unit_id)
    )


def _settled_on(case_table):
    """The day the case left the unit's hands; NULL while the unit still works it.

    Correlated lookups (by the indexed case_id) rather than joins with whole-table groupings,
    so that a unit's report reads that unit's cases and their rows, not every case's.
    """
    settling_event = (
        select(func.min(CaseEvent.effective_on))
        .where(CaseEvent.case_id == case_table.id, CaseEvent.to_status.in_(workflow.SETTLED_STATES))
        .scalar_subquery()
    )
    return case(
        (case_table.status.in_(workflow.PENDING_STATES), None),
        else_=func.coalesce(
            case_table.concluded_on, settling_event, case_table.closed_on, case_table.received_on
        ),
    )


def facts_subquery(scope):
    """One row per case of the scope received by the as-of day, with what the cells need."""
    as_of = bindparam("period_as_of", type_=Date)
    resolve_due = (
        select(func.max(CaseDeadline.due_on))
        .where(
            CaseDeadline.case_id == Case.id,
            CaseDeadline.rule.in_(workflow.RESOLUTION_RULES),
            CaseDeadline.cancelled.is_(False),
        )
        .scalar_subquery()
    )
    overdue = (
        select(CaseDeadline.id)
        .where(
            CaseDeadline.case_id == Case.id,
            CaseDeadline.cancelled.is_(False),
            CaseDeadline.suspended_on.is_(None),
            CaseDeadline.rule.not_in(workflow.PASSIVE_RULES),
            CaseDeadline.due_on < as_of,
            or_(CaseDeadline.met_on.is_(None), CaseDeadline.met_on > as_of),
        )
        .exists()
    )
    destination = aliased(Case)
    reply = (
        select(func.min(_settled_on(destination)))
        .where(destination.forwarded_from_id == Case.id)
        .scalar_subquery()
    )
    settled_on = type_coerce(_settled_on(Case), Date)
    route = case(
        (Case.accepted_on.is_not(None), "accepted"),
        (Case.status.in_(ROUTES), Case.status),
        else_="accepted",
    )
    return (
        select(
            scope.c.grp,
            Case.id,
            Case.tracking_code,
            Case.unit_id,
            Case.kind,
            Case.channel,
            Case.status,
            Case.received_on,
            Case.accepted_on,
            settled_on.label("settled_on"),
            type_coerce(func.coalesce(Case.accepted_on, settled_on), Date).label("handled_on"),
            route.label("route"),
            type_coerce(resolve_due, Date).label("resolve_due"),
            case((overdue, 1), else_=0).label("overdue"),
            type_coerce(case((Case.status == "forwarded", reply)), Date).label("reply_on"),
            Case.complaint_round,
            case((or_(Case.repeat_number > 1, Case.repeat_of_id.is_not(None)), 1), else_=0).label(
                "repeated"
            ),
            Case.duplicate_of_id,
            Case.group_size,
            Case.eligible,
            Case.within_competence,
            Case.extensions,
            Case.outcome,
        )
        .join(scope, scope.c.unit_id == Case.unit_id)
        .where(Case.received_on <= as_of)
        # Materialised: every cell reads these columns, and the correlated lookups behind
        # them must run once per case, not once per cell.
        .cte("case_facts")
        .prefix_with("MATERIALIZED")
    )


def query_params(root_ids: Sequence[int], period: Period, as_of: date) -> dict:
    return {
        "scope_roots": list(root_ids),
        "period_start": period.start,
        "period_as_of": as_of,
        "period_day_before": period.start - timedelta(days=1),
    }


def _case_cells(specs: Iterable[FormSpec]) -> list[tuple[str, str, Cell]]:
    return [(spec.code, cell.key, cell) for spec in specs for cell in spec.cells if cell.when]


def case_counts(
    root_ids: Sequence[int], period: Period, as_of: date, *, split: bool = False
) -> dict[int, dict[str, dict[str, int]]]:
    """{group unit id: {form code: {cell: count}}} for every case-based cell, one query."""
    query, cells = _counting_query(split)
    result: dict[int, dict[str, dict[str, int]]] = {}
    for row in db.session.execute(query, query_params(root_ids, period, as_of)):
        forms = result.setdefault(row.grp, {})
        for index, (code, key, _cell) in enumerate(cells):
            forms.setdefault(code, {})[key] = int(row[index + 1] or 0)
    return result


@functools.cache
def _counting_query(split: bool):
    """The statement is built once: scope and days are bound parameters, so building its
    ~100 conditions (and compiling them) is not paid again on every report."""
    facts = facts_subquery(scope_cte(split=split))
    f = Facts(facts)
    cells = _case_cells((SUMMARY, *FORMS))
    columns = [
        func.coalesce(func.sum(case((cell.when(f), 1), else_=0)), 0).label(f"c{index}")
        for index, (_code, _key, cell) in enumerate(cells)
    ]
    return select(facts.c.grp, *columns).group_by(facts.c.grp), cells


def reminder_counts(
    root_ids: Sequence[int], period: Period, as_of: date, *, split: bool = False
) -> dict[int, dict[str, int]]:
    """Reminders (đôn đốc) in the period, per group: `reminders` sent about forwarded
    petitions, and `reminders_received` by the scope's units, on a case (its history) or, from
    the inspectorate, to the unit as a whole (petitions.oversight)."""
    scope = scope_cte(split=split)
    params = {"scope_roots": list(root_ids)}
    query = (
        select(scope.c.grp, CaseEvent.action, func.count(CaseEvent.id))
        .join(Case, Case.unit_id == scope.c.unit_id)
        .join(CaseEvent, CaseEvent.case_id == Case.id)
        .where(
            CaseEvent.action.in_((REMINDER_SENT, REMINDER_RECEIVED)),
            CaseEvent.effective_on.between(period.start, as_of),
        )
        .group_by(scope.c.grp, CaseEvent.action)
    )
    counts: dict[int, dict[str, int]] = {}
    keys = {REMINDER_SENT: "reminders", REMINDER_RECEIVED: "reminders_received"}
    for grp, action, total in db.session.execute(query, params):
        bucket = counts.setdefault(grp, {"reminders": 0, "reminders_received": 0})
        bucket[keys[action]] += int(total)
    # A reminder about a case is already in that case's history; count the others here.
    unit_level = (
        select(scope.c.grp, func.count(Reminder.id))
        .join(Reminder, Reminder.unit_id == scope.c.unit_id)
        .where(Reminder.case_id.is_(None), Reminder.sent_on.between(period.start, as_of))
        .group_by(scope.c.grp)
    )
    for grp, total in db.session.execute(unit_level, params):
        bucket = counts.setdefault(grp, {"reminders": 0, "reminders_received": 0})
        bucket["reminders_received"] += int(total)
    return counts


def group_units(root_ids: Sequence[int], *, split: bool) -> dict[int, list[int]]:
    """The unit ids of each group, for the statistics another package computes by unit list."""
    scope = scope_cte(split=split)
    groups: dict[int, list[int]] = {}
    query = select(scope.c.unit_id, scope.c.grp)
    for unit_id, grp in db.session.execute(query, {"scope_roots": list(root_ids)}):
        groups.setdefault(grp, []).append(unit_id)
    return groups


def empty_form(spec: FormSpec) -> dict[str, int | float | None]:
    return {cell.key: (None if cell.rate else 0) for cell in spec.cells}


def finish(spec: FormSpec, values: dict) -> dict[str, int | float | None]:
    """Fill the derived cells of a form, in the form's order."""
    filled = {**empty_form(spec), **values}
    for cell in spec.cells:
        if cell.total is not None:
            filled[cell.key] = cell.total(filled)
    return {cell.key: filled[cell.key] for cell in spec.cells}


def add_up(spec: FormSpec, parts: Iterable[dict]) -> dict[str, int | float | None]:
    """The form for several groups together: counts add, rates are recomputed."""
    totals = {cell.key: 0 for cell in spec.cells if not cell.rate and cell.total is None}
    for part in parts:
        for key in totals:
            totals[key] += part.get(key) or 0
    return finish(spec, totals)


@dataclass
class Figures:
    """The summary and the four forms for one scope and period."""

    summary: dict[str, Any]
    forms: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary, "forms": self.forms}
