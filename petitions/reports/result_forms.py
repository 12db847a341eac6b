"""Forms 01-04/KQGQ of Circular 01/2024/TT-TTCP as data: resolving complaints and denunciations
within competence, with what the decisions recovered, returned and recommended, and carrying out
the decisions and conclusions. Column numbers as printed (reports.columns)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, not_, or_

from petitions.domain import workflow
from petitions.domain.rates import on_time_rate
from petitions.reports.cells import Facts
from petitions.reports.columns import (
    CASES_COUNT,
    CIRCULAR,
    DISCIPLINE,
    INDIVIDUALS,
    INVESTIGATION,
    LAND,
    LATE,
    MONEY,
    OF_WHOM_OFFICIALS,
    ON_TIME,
    ORGANISATIONS,
    RECOVER,
    RETURN,
    TIMELINESS,
    TOTAL,
    Builder,
    repeated,
    total_of,
)

# -- 01/KQGQ, 03/KQGQ: resolution within competence -----------------------------------------------


def _resolved(f: Facts):
    return and_(f.to_resolve, f.resolved)


def _decided(f: Facts):
    return and_(_resolved(f), f.c.status.in_(workflow.DECIDED_STATES))


def _results(form: Builder, people_label, *, rights_apart: bool = False) -> None:
    """The recovery, return and handling columns, over decisions made in the period (03/KQGQ
    prints the organisations and people whose rights were restored beside "returned")."""
    header = (_l("Kết quả giải quyết"),)
    rights = header if rights_apart else (*header, RETURN)
    for key, label in (("recover_money", MONEY), ("recover_land", LAND)):
        form.col(key, label, _decided, header=(*header, RECOVER), amount=key)
    for who, who_label in (("org", ORGANISATIONS), ("person", INDIVIDUALS)):
        for what, what_label in (("money", MONEY), ("land", LAND)):
            key = f"return_{who}_{what}"
            form.col(key, what_label, _decided, header=(*header, RETURN, who_label), amount=key)
    form.col(
        "restored_orgs",
        _l("Số tổ chức được trả lại quyền lợi"),
        _decided,
        header=rights,
        amount="restored_orgs",
    )
    form.col(
        "restored_people",
        _l("Số cá nhân được trả lại quyền lợi"),
        _decided,
        header=rights,
        amount="restored_people",
    )
    form.col(
        "discipline_people",
        _l("Tổng số người bị kiến nghị xử lý"),
        _decided,
        header=(*header, DISCIPLINE),
        amount="discipline_people",
    )
    form.col(
        "discipline_officials",
        OF_WHOM_OFFICIALS,
        _decided,
        header=(*header, DISCIPLINE),
        amount="discipline_officials",
    )
    for key, label in (
        ("investigation_cases", CASES_COUNT),
        ("investigation_people", people_label),
        ("investigation_officials", OF_WHOM_OFFICIALS),
    ):
        form.col(key, label, _decided, header=(*header, INVESTIGATION), amount=key)


def _timeliness(form: Builder, header=()) -> None:
    form.col(
        "resolved_on_time",
        ON_TIME,
        lambda f: and_(_resolved(f), f.on_time),
        header=(*header, TIMELINESS),
    )
    form.col(
        "resolved_late",
        LATE,
        lambda f: and_(_resolved(f), not_(f.on_time)),
        header=(*header, TIMELINESS),
    )


def _pending(form: Builder) -> None:
    form.extra(
        "pending",
        _l("Số vụ việc đang giải quyết cuối kỳ"),
        lambda f: and_(f.to_resolve, f.kept, f.unsettled_on(f.as_of)),
    )
    form.extra(
        "pending_overdue", _l("Trong đó đã quá thời hạn"), lambda f: and_(f.to_resolve, f.overdue)
    )
    form.extra(
        "on_time_rate",
        _l("Tỷ lệ giải quyết đúng hạn"),
        total=lambda v: on_time_rate(
            v["resolved_on_time"], v["resolved_on_time"] + v["resolved_late"], v["pending_overdue"]
        ),
        rate=True,
    )


def _outcome(round_: str, *outcomes: str):
    second = round_ == "second"

    def condition(f: Facts):
        rounds = f.c.complaint_round >= 2 if second else f.c.complaint_round < 2
        return and_(_decided(f), rounds, f.c.outcome.in_(outcomes))

    return condition


_k1 = Builder("01/KQGQ", ("complaint",))
_own_complaints = (_l("Đơn khiếu nại thuộc thẩm quyền"),)
_k1.col("petitions", TOTAL, lambda f: f.to_resolve, header=_own_complaints, formula="2+3")
_k1.col(
    "carried_over",
    _l("Kỳ trước chuyển sang"),
    lambda f: f.resolution_carried_over,
    header=_own_complaints,
)
_k1.col("accepted", _l("Tiếp nhận trong kỳ"), lambda f: f.newly_accepted, header=_own_complaints)
_k1.col(
    "matters", _l("Tổng số vụ việc khiếu nại thuộc thẩm quyền"), lambda f: f.to_resolve, matter=True
)
_solved = (_l("Kết quả giải quyết"), _l("Đã giải quyết"))
_k1.col(
    "resolved_by_decision",
    _l("Số vụ việc giải quyết bằng quyết định hành chính"),
    _decided,
    header=_solved,
    formula="20+...+24",
)
_k1.col(
    "resolved_by_withdrawal",
    _l("Số vụ việc rút đơn thông qua giải thích, thuyết phục"),
    lambda f: and_(_resolved(f), f.c.status == "withdrawn"),
    header=_solved,
)
_results(_k1, _l("Tổng số người"))
_analysis = (_l("Phân tích kết quả giải quyết (vụ việc)"),)
_first = (*_analysis, _l("Giải quyết lần đầu"))
_k1.col("first_correct", _l("Khiếu nại đúng"), _outcome("first", "correct"), header=_first)
_k1.col("first_incorrect", _l("Khiếu nại sai"), _outcome("first", "incorrect"), header=_first)
_k1.col(
    "first_partly_correct",
    _l("Khiếu nại đúng một phần"),
    _outcome("first", "partly_correct"),
    header=_first,
)
# A second-round complaint found wrong upholds the first decision; one found (partly) right
# annuls or amends it.
_second = (*_analysis, _l("Giải quyết lần 2"))
_k1.col(
    "second_upheld",
    _l("Công nhận quyết định giải quyết lần đầu"),
    _outcome("second", "incorrect"),
    header=_second,
)
_k1.col(
    "second_amended",
    _l("Hủy, sửa quyết định giải quyết lần đầu"),
    _outcome("second", "correct", "partly_correct"),
    header=_second,
)
_timeliness(_k1, _analysis)
_k1.extra(
    "resolved",
    _l("Số vụ việc đã giải quyết"),
    total=total_of("resolved_by_decision", "resolved_by_withdrawal"),
)
_pending(_k1)
KQGQ_COMPLAINTS = _k1.spec(
    _l("Tổng hợp kết quả giải quyết khiếu nại thuộc thẩm quyền"),
    f"Biểu 01/KQGQ, {CIRCULAR}; Luật Khiếu nại 2011; Nghị định 124/2020/NĐ-CP",
)

_k3 = Builder("03/KQGQ", ("denunciation",))
_own_denunciations = (_l("Đơn tố cáo thuộc thẩm quyền"),)
_k3.col("petitions", TOTAL, lambda f: f.to_resolve, header=_own_denunciations, formula="2+3")
_k3.col(
    "carried_over",
    _l("Kỳ trước chuyển sang"),
    lambda f: f.resolution_carried_over,
    header=_own_denunciations,
)
_k3.col("accepted", _l("Tiếp nhận trong kỳ"), lambda f: f.newly_accepted, header=_own_denunciations)
_k3.col(
    "matters", _l("Tổng số vụ việc tố cáo thuộc thẩm quyền"), lambda f: f.to_resolve, matter=True
)
_k3.col(
    "matters_again",
    _l("Trong đó số vụ việc tố cáo tiếp"),
    lambda f: and_(f.to_resolve, repeated(f)),
    matter=True,
)
_k3.col(
    "resolved",
    TOTAL,
    lambda f: or_(_resolved(f), and_(f.c.status == "terminated", f.during(f.c.settled_on))),
    header=_solved,
    formula="7+...+10=24+26+28=30+31",
)
_k3.col(
    "resolved_first",
    _l("Số vụ việc lần đầu"),
    lambda f: and_(_decided(f), not_(repeated(f))),
    header=_solved,
)
_k3.col(
    "resolved_again",
    _l("Số vụ việc tố cáo tiếp"),
    lambda f: and_(_decided(f), repeated(f)),
    header=_solved,
    formula="25+27+29",
)
_k3.col(
    "resolved_by_withdrawal",
    _l("Số vụ việc rút toàn bộ nội dung tố cáo"),
    lambda f: and_(_resolved(f), f.c.status == "withdrawn"),
    header=_solved,
)
_k3.col(
    "terminated",
    _l("Số vụ việc đình chỉ không do rút tố cáo"),
    lambda f: and_(f.c.status == "terminated", f.during(f.c.settled_on)),
    header=_solved,
)
_results(_k3, _l("Số đối tượng"), rights_apart=True)


def _found(outcome: str, again: bool = False):
    def condition(f: Facts):
        found = and_(_decided(f), f.c.outcome == outcome)
        return and_(found, repeated(f)) if again else found

    return condition


for _key, _label, _of_which, _outcome_value in (
    ("correct", _l("Tố cáo đúng"), _l("Trong đó tố cáo tiếp đúng"), "correct"),
    ("incorrect", _l("Tố cáo sai"), _l("Trong đó tố cáo tiếp sai"), "incorrect"),
    (
        "partly_correct",
        _l("Tố cáo có đúng, có sai"),
        _l("Trong đó tố cáo tiếp có đúng, có sai"),
        "partly_correct",
    ),
):
    _k3.col(f"found_{_key}", _label, _found(_outcome_value), header=_analysis)
    _k3.col(f"found_{_key}_again", _of_which, _found(_outcome_value, again=True), header=_analysis)
_timeliness(_k3)
_pending(_k3)
KQGQ_DENUNCIATIONS = _k3.spec(
    _l("Tổng hợp kết quả giải quyết tố cáo thuộc thẩm quyền"),
    f"Biểu 03/KQGQ, {CIRCULAR}; Luật Tố cáo 2018; Nghị định 31/2019/NĐ-CP",
)


# -- 02/KQGQ, 04/KQGQ: carrying out decisions and conclusions -------------------------------------


RIGHTS = {
    "due": (
        _l("Số tổ chức phải được trả lại quyền lợi"),
        _l("Số cá nhân phải được trả lại quyền lợi"),
    ),
    "done": (
        _l("Số tổ chức đã được trả lại quyền lợi"),
        _l("Số cá nhân đã được trả lại quyền lợi"),
    ),
}


def _enforcement(form: Builder, decisions_label, done_label, rights: bool) -> None:
    form.col("to_enforce", decisions_label, lambda f: f.to_enforce)
    form.col("enforced", done_label, lambda f: f.enforced)
    due = lambda f: f.to_enforce  # noqa: E731
    done = lambda f: f.enforced  # noqa: E731
    recover = (_l("Thu hồi cho Nhà nước"),)
    for stage, label, when in (("due", _l("Phải thu"), due), ("done", _l("Đã thu"), done)):
        for what, what_label in (("money", MONEY), ("land", LAND)):
            form.col(
                f"recover_{what}_{stage}",
                what_label,
                when,
                header=(*recover, label),
                amount=f"recover_{what}",
            )
    for stage, label, when in (("due", _l("Phải trả"), due), ("done", _l("Đã trả"), done)):
        header = (RETURN, label)
        if rights:
            orgs, people = RIGHTS[stage]
            form.col(f"restored_orgs_{stage}", orgs, when, header=header, amount="restored_orgs")
            form.col(
                f"restored_people_{stage}", people, when, header=header, amount="restored_people"
            )
        for who, who_label in (("org", ORGANISATIONS), ("person", INDIVIDUALS)):
            for what, what_label in (("money", MONEY), ("land", LAND)):
                form.col(
                    f"return_{who}_{what}_{stage}",
                    what_label,
                    when,
                    header=(*header, who_label),
                    amount=f"return_{who}_{what}",
                )
    handled = (_l("Đã xử lý hành chính"),)
    if rights:
        # Organisations disciplined are not recorded: the column is printed, and 0.
        form.col(
            "disciplined_orgs",
            _l("Tổng số tổ chức bị xử lý"),
            lambda f: f.c.id.is_(None),
            header=handled,
        )
    form.col(
        "disciplined_people",
        _l("Tổng số cá nhân bị xử lý") if rights else _l("Tổng số người bị xử lý"),
        done,
        header=handled,
        amount="discipline_people",
    )
    form.col(
        "disciplined_officials",
        OF_WHOM_OFFICIALS,
        done,
        header=handled,
        amount="discipline_officials",
    )
    prosecuted = (_l("Đã khởi tố"),)
    form.col("prosecuted_cases", CASES_COUNT, done, header=prosecuted, amount="investigation_cases")
    form.col(
        "prosecuted_people",
        _l("Số đối tượng") if rights else _l("Số người"),
        done,
        header=prosecuted,
        amount="investigation_people",
    )
    form.col(
        "prosecuted_officials",
        OF_WHOM_OFFICIALS,
        done,
        header=prosecuted,
        amount="investigation_officials",
    )


_k2 = Builder("02/KQGQ", ("complaint",))
_enforcement(
    _k2,
    _l("Tổng số quyết định phải thực hiện trong kỳ"),
    _l("Số quyết định đã thực hiện xong"),
    rights=False,
)
KQGQ_COMPLAINT_DECISIONS = _k2.spec(
    _l("Tổng hợp kết quả thi hành quyết định giải quyết khiếu nại"),
    f"Biểu 02/KQGQ, {CIRCULAR}; Luật Khiếu nại 2011, Điều 46",
)

_k4 = Builder("04/KQGQ", ("denunciation",))
_enforcement(
    _k4,
    _l("Tổng số kết luận phải thực hiện"),
    _l("Số kết luận đã thực hiện xong"),
    rights=True,
)
KQGQ_DENUNCIATION_CONCLUSIONS = _k4.spec(
    _l("Tổng hợp kết quả thực hiện kết luận nội dung tố cáo"),
    f"Biểu 04/KQGQ, {CIRCULAR}; Luật Tố cáo 2018, Điều 44",
)
