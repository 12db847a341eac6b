"""The statistical forms as data: every cell of 01/TCD, 02/XLD, 03/GQKN, 04/GQTC and the summary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, not_, or_

from petitions.domain import workflow
from petitions.domain.rates import on_time_rate
from petitions.reports.cells import Cell, Facts, FormSpec

GROUP_THRESHOLD = 5  # Decree 124/2020 art. 6: five or more people on the same matter

C06 = "Thông tư 06/2025/TT-TTCP"  # verify: codes and columns of the forms


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
                f.to_handle, f.kept, or_(f.c.handled_on.is_(None), f.c.handled_on > f.as_of)
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
            when=lambda f: and_(f.to_resolve, f.kept, f.unsettled_on(f.as_of)),
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
    "Kế hoạch 09/KH-UBND ngày 07/01/2022 của UBND tỉnh Hà Giang, mục II.5",
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
            total=lambda v: on_time_rate(v["resolved_on_time"], v["resolved"], v["open_overdue"]),
            rate=True,
        ),
    ),
)

FORMS: tuple[FormSpec, ...] = (TCD, XLD, GQKN, GQTC)
FORM_CODES = tuple(form.code for form in FORMS)
# The summary's counts (every figure but its rate), in order: the API schema and charts list them.
SUMMARY_COUNTS = tuple(cell.key for cell in SUMMARY.cells if not cell.rate)
