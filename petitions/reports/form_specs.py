"""The statistical forms of Circular 01/2024/TT-TTCP as data: every column of 01/TCD, 01-04/XLD
and 01-04/KQGQ, numbered as the forms print them, and the summary.

Codes, headers and column numbering follow the forms as a public implementation of the
circular lays them out (README, "Statistics"); the figures each column counts are the
conditions over one case's facts in reports.cells. A petition counts in the forms of the unit
that received it (forwarded ones too: the forms have a column for them); matter columns count
distinct matters (vụ việc), so a matter forwarded or petitioned again counts once.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, not_

from petitions.cases import subjects
from petitions.domain.rates import on_time_rate
from petitions.reports.cells import Cell, Facts, FormSpec
from petitions.reports.columns import (
    ADMINISTRATIVE,
    BY_CONTENT,
    BY_STATUS,
    CARRIED,
    CIRCULAR,
    CIVIL_SERVICE,
    ELIGIBLE,
    FIRST,
    FORWARDED,
    GUIDED,
    JUDICIAL,
    LAND_HOUSING,
    MANY,
    MATTERS,
    ONE,
    OTHER,
    OTHER_AREA,
    OTHER_PETITIONS,
    OUTSIDE,
    PARTY,
    PETITIONS,
    POLICY,
    RECEIVED,
    REPEAT,
    REPLIES,
    RESULT,
    TOTAL,
    URGED,
    WITHIN,
    Builder,
    repeated,
)
from petitions.reports.result_forms import (
    KQGQ_COMPLAINT_DECISIONS,
    KQGQ_COMPLAINTS,
    KQGQ_DENUNCIATION_CONCLUSIONS,
    KQGQ_DENUNCIATIONS,
)

# -- 01/TCD: reception (filled from petitions.reception, reports.figures.reception_cells) ---------

_tcd = Builder("01/TCD")
_tcd.col("visits", _l("Tổng số lượt tiếp"), formula="4+13+22", external=True)
_tcd.col("people", _l("Tổng số người được tiếp"), formula="5+14+23", external=True)
_tcd.col("cases", _l("Tổng số vụ việc tiếp"), formula="6+7+15+16+24+25", external=True)


def _reception_block(prefix: str, header: tuple, sessions: bool) -> None:
    if sessions:
        _tcd.col(f"{prefix}_sessions", _l("Số kỳ tiếp"), header=header, external=True)
    _tcd.col(f"{prefix}_visits", _l("Số lượt tiếp"), header=header, external=True)
    _tcd.col(f"{prefix}_people", _l("Số người được tiếp"), header=header, external=True)
    matters = (*header, MATTERS)
    _tcd.col(f"{prefix}_cases_first", FIRST, header=matters, external=True)
    _tcd.col(f"{prefix}_cases_repeat", REPEAT, header=matters, external=True)
    groups = (*header, _l("Trong đó đoàn đông người"))
    _tcd.col(f"{prefix}_groups", _l("Số đoàn được tiếp"), header=groups, external=True)
    _tcd.col(f"{prefix}_group_people", _l("Số người được tiếp"), header=groups, external=True)
    _tcd.col(f"{prefix}_group_cases_first", FIRST, header=groups, external=True)
    _tcd.col(f"{prefix}_group_cases_repeat", REPEAT, header=groups, external=True)


_HEADS = _l("Tiếp định kỳ và đột xuất của Thủ trưởng")
_reception_block("regular", (_l("Tiếp thường xuyên"),), sessions=False)
_reception_block("head", (_HEADS, _l("Thủ trưởng trực tiếp tiếp")), sessions=True)
# Delegated reception ends on 1/7/2026 (Law 136/2025/QH15); the column stays in the form.
_reception_block("delegated", (_HEADS, _l("Ủy quyền tiếp")), sessions=True)
_tcd.extra("refused", _l("Số trường hợp từ chối tiếp (Luật Tiếp công dân, Điều 9)"), external=True)
TCD = _tcd.spec(
    _l("Tổng hợp kết quả tiếp công dân thường xuyên, định kỳ và đột xuất"),
    f"Biểu 01/TCD, {CIRCULAR}; Luật Tiếp công dân 2013; Thông tư 04/2021/TT-TTCP",
)


# -- 01-04/XLD: petition handling -----------------------------------------------------------------


def _signed(form: Builder, other: bool) -> None:
    """Carried over and received, by who signed: many people, one person, other (unsigned)."""
    kinds = ("many", "one", "other") if other else ("many", "one")
    labels = {"many": MANY, "one": ONE, "other": OTHER_PETITIONS}
    for stage, header in (("carried", CARRIED), ("received", RECEIVED)):
        base = "petition_carried_over" if stage == "carried" else "petition_received"
        for signer in kinds:
            if other or signer == "many":
                condition = (lambda b, s: lambda f: and_(getattr(f, b), f.c.signers == s))(
                    base, signer
                )
            else:  # without an "other" column, an unsigned petition counts as one person's
                condition = (lambda b: lambda f: and_(getattr(f, b), f.c.signers != "many"))(base)
            form.col(f"{stage}_{signer}", labels[signer], condition, header=(header,))


def _handled(form: Builder, header) -> None:
    form.col(
        "handled",
        TOTAL,
        lambda f: f.petitions_handled,
        header=(header,),
        formula=f"{form.number + 2}+{form.number + 3}",
    )
    form.col(
        "handled_carried",
        CARRIED,
        lambda f: and_(f.petitions_handled, f.petition_carried_over),
        header=(header,),
    )
    form.col(
        "handled_received",
        RECEIVED,
        lambda f: and_(f.petitions_handled, f.petition_received),
        header=(header,),
    )


def _area(*areas: str):
    return lambda f: and_(f.eligible, f.c.subject_area.in_(areas))


def _routed_outside(route: str | None, exclude: tuple[str, ...] = ()):
    if route is None:
        return lambda f: and_(f.outside, f.c.route.not_in(exclude))
    return lambda f: and_(f.outside, f.c.route == route)


def _outside(form: Builder, guided: bool) -> None:
    first = form.number + 1
    parts = 3 if guided else 2
    form.col(
        "outside",
        TOTAL,
        lambda f: f.outside,
        header=(RESULT, OUTSIDE),
        formula="+".join(str(first + n) for n in range(1, parts + 1)),
        matter=True,
    )
    if guided:
        form.col("guided", GUIDED, _routed_outside("guided"), header=(RESULT, OUTSIDE), matter=True)
    form.col(
        "forwarded", FORWARDED, _routed_outside("forwarded"), header=(RESULT, OUTSIDE), matter=True
    )
    # Outside the unit's competence and neither guided nor forwarded: already before the
    # competent body, which the unit urges to resolve it.
    excluded = ("guided", "forwarded") if guided else ("forwarded",)
    form.col("urged", URGED, _routed_outside(None, excluded), header=(RESULT, OUTSIDE), matter=True)


def _replies(form: Builder) -> None:
    form.col(
        "replies",
        REPLIES,
        lambda f: and_(f.c.status == "forwarded", f.during(f.c.reply_on)),
    )


# 01/XLD: every kind of petition, counted by petition.
_x1 = Builder("01/XLD")
_x1.col("total", _l("Tổng số đơn"), lambda f: f.petitions, formula="2+...+7")
_signed(_x1, other=True)
_x1.col("handled", _l("Số đơn đã xử lý"), lambda f: f.petitions_handled)
_x1.col(
    "eligible",
    PETITIONS,
    lambda f: f.eligible,
    header=(ELIGIBLE,),
    formula="11+12+13=14+...+17=18+22",
)
_x1.col("eligible_matters", MATTERS, lambda f: f.eligible, header=(ELIGIBLE,), matter=True)
_content = (_l("Phân loại đơn theo nội dung"),)
_x1.col(
    "complaints",
    _l("Khiếu nại"),
    lambda f: and_(f.eligible, f.c.kind == "complaint"),
    header=_content,
)
_x1.col(
    "denunciations",
    _l("Tố cáo"),
    lambda f: and_(f.eligible, f.c.kind == "denunciation"),
    header=_content,
)
_x1.col(
    "recommendations",
    _l("Kiến nghị, phản ánh"),
    lambda f: and_(f.eligible, f.c.kind.in_(("recommendation", "feedback"))),
    header=_content,
)
_status = (_l("Phân loại đơn theo tình trạng giải quyết"),)
_resolved = (*_status, _l("Đã giải quyết"))
_x1.col(
    "resolved_once",
    _l("Lần đầu"),
    lambda f: and_(f.eligible, f.c.prior_decisions == 1),
    header=_resolved,
)
_x1.col(
    "resolved_many",
    _l("Nhiều lần"),
    lambda f: and_(f.eligible, f.c.prior_decisions >= 2),
    header=_resolved,
)


def _being_resolved(f: Facts):
    return and_(f.eligible, f.c.prior_decisions == 0, f.c.route == "accepted")


def _not_yet_resolved(f: Facts):
    return and_(f.eligible, f.c.prior_decisions == 0, f.c.route != "accepted")


_x1.col("being_resolved", _l("Đang giải quyết"), _being_resolved, header=_status)
_x1.col("not_resolved", _l("Chưa giải quyết"), _not_yet_resolved, header=_status)
_own = (_l("Kết quả xử lý đơn"), _l("Đơn thuộc thẩm quyền"))
_x1.col("within", TOTAL, lambda f: f.within, header=_own, formula="19+20+21")
_x1.col(
    "within_complaints",
    _l("Khiếu nại"),
    lambda f: and_(f.within, f.c.kind == "complaint"),
    header=_own,
)
_x1.col(
    "within_denunciations",
    _l("Tố cáo"),
    lambda f: and_(f.within, f.c.kind == "denunciation"),
    header=_own,
)
_x1.col(
    "within_recommendations",
    _l("Kiến nghị, phản ánh"),
    lambda f: and_(f.within, f.c.kind.in_(("recommendation", "feedback"))),
    header=_own,
)
_others = (_l("Kết quả xử lý đơn"), _l("Đơn không thuộc thẩm quyền"))
_x1.col("outside", TOTAL, lambda f: f.outside, header=_others, formula="23+24+25")
_x1.col("guided", GUIDED, _routed_outside("guided"), header=_others)
_x1.col("forwarded", FORWARDED, _routed_outside("forwarded"), header=_others)
_x1.col("urged", URGED, _routed_outside(None, ("guided", "forwarded")), header=_others)
_replies(_x1)
# Not columns of the form, kept for the pages: reminders (đôn đốc) sent about forwarded petitions
# and received by the scope's units (petitions.oversight), counted apart (counting.reminder_counts).
_x1.extra("reminders", _l("Số lượt đôn đốc cơ quan nhận đơn chuyển"), external=True)
_x1.extra(
    "reminders_received",
    _l("Số lượt bị đôn đốc (cấp trên, Thanh tra, nơi chuyển đơn)"),
    external=True,
)
XLD = _x1.spec(
    _l("Tổng hợp kết quả xử lý đơn"), f"Biểu 01/XLD, {CIRCULAR}; Thông tư 05/2021/TT-TTCP"
)

# 02/XLD: complaints; from column 10, matters.
_x2 = Builder("02/XLD", ("complaint",))
_x2.col("total", _l("Tổng số đơn"), lambda f: f.petitions, formula="2+...+5")
_signed(_x2, other=False)
_handled(_x2, _l("Đơn đã xử lý"))
_x2.col("eligible", PETITIONS, lambda f: f.eligible, header=(ELIGIBLE,))
_x2.col(
    "eligible_matters",
    MATTERS,
    lambda f: f.eligible,
    header=(ELIGIBLE,),
    formula="11+15+16+17=18+...+22=23+26",
    matter=True,
)
_admin = (BY_CONTENT, ADMINISTRATIVE)
_x2.col(
    "administrative",
    TOTAL,
    _area(*subjects.ADMINISTRATIVE),
    header=_admin,
    formula="12+13+14",
    matter=True,
)
_x2.col("policy", POLICY, _area(subjects.ADMIN_POLICY), header=_admin, matter=True)
_x2.col("land", LAND_HOUSING, _area(subjects.ADMIN_LAND), header=_admin, matter=True)
_x2.col(
    "administrative_other",
    OTHER,
    _area(subjects.ADMIN_CIVIL_SERVICE, subjects.ADMIN_OTHER),
    header=_admin,
    matter=True,
)
_x2.col("judicial", JUDICIAL, _area(subjects.JUDICIAL), header=(BY_CONTENT,), matter=True)
_x2.col("party", PARTY, _area(subjects.PARTY), header=(BY_CONTENT,), matter=True)
_x2.col(
    "other",
    OTHER_AREA,
    _area(subjects.OTHER, subjects.CORRUPTION),
    header=(BY_CONTENT,),
    matter=True,
)
_done = (BY_STATUS, _l("Đã giải quyết"))
_x2.col(
    "resolved_once",
    _l("Lần đầu"),
    lambda f: and_(f.eligible, f.c.prior_decisions == 1),
    header=_done,
    matter=True,
)
_x2.col(
    "resolved_twice",
    _l("Lần 2"),
    lambda f: and_(f.eligible, f.c.prior_decisions >= 2),
    header=_done,
    matter=True,
)
# No court judgments are recorded: the column is printed, and 0.
_x2.col(
    "court_judgment",
    _l("Đã có bản án của Tòa án"),
    lambda f: f.c.id.is_(None),
    header=_done,
    matter=True,
)
_x2.col("being_resolved", _l("Đang giải quyết"), _being_resolved, header=(BY_STATUS,), matter=True)
_x2.col("not_resolved", _l("Chưa giải quyết"), _not_yet_resolved, header=(BY_STATUS,), matter=True)
_x2.col("within", TOTAL, lambda f: f.within, header=(RESULT, WITHIN), formula="24+25", matter=True)
_x2.col(
    "within_first",
    _l("Lần đầu"),
    lambda f: and_(f.within, f.c.complaint_round < 2),
    header=(RESULT, WITHIN),
    matter=True,
)
_x2.col(
    "within_second",
    _l("Lần 2"),
    lambda f: and_(f.within, f.c.complaint_round >= 2),
    header=(RESULT, WITHIN),
    matter=True,
)
_outside(_x2, guided=True)
_replies(_x2)
XLD_COMPLAINTS = _x2.spec(
    _l("Tổng hợp kết quả xử lý đơn khiếu nại"),
    f"Biểu 02/XLD, {CIRCULAR}; Luật Khiếu nại 2011",
)

# 03/XLD: denunciations.
_x3 = Builder("03/XLD", ("denunciation",))
_x3.col("total", _l("Tổng số đơn"), lambda f: f.petitions, formula="2+...+7")
_signed(_x3, other=True)
_handled(_x3, _l("Đơn đã xử lý"))
_x3.col("eligible", PETITIONS, lambda f: f.eligible, header=(ELIGIBLE,))
_x3.col(
    "eligible_matters",
    MATTERS,
    lambda f: f.eligible,
    header=(ELIGIBLE,),
    formula="13+18+...+21=22+...+25=26+29",
    matter=True,
)
_x3.col(
    "administrative",
    _l("Tổng cộng"),
    _area(*subjects.ADMINISTRATIVE),
    header=_admin,
    formula="14+...+17",
    matter=True,
)
_x3.col("policy", POLICY, _area(subjects.ADMIN_POLICY), header=_admin, matter=True)
_x3.col("land", LAND_HOUSING, _area(subjects.ADMIN_LAND), header=_admin, matter=True)
_x3.col(
    "civil_service", CIVIL_SERVICE, _area(subjects.ADMIN_CIVIL_SERVICE), header=_admin, matter=True
)
_x3.col("administrative_other", OTHER, _area(subjects.ADMIN_OTHER), header=_admin, matter=True)
_x3.col(
    "corruption", _l("Tham nhũng"), _area(subjects.CORRUPTION), header=(BY_CONTENT,), matter=True
)
_x3.col("judicial", JUDICIAL, _area(subjects.JUDICIAL), header=(BY_CONTENT,), matter=True)
_x3.col("party", PARTY, _area(subjects.PARTY), header=(BY_CONTENT,), matter=True)
_x3.col("other", OTHER_AREA, _area(subjects.OTHER), header=(BY_CONTENT,), matter=True)


_x3.col(
    "not_resolved",
    _l("Chưa giải quyết, trong hạn"),
    lambda f: and_(_not_yet_resolved(f), not_(repeated(f))),
    header=(BY_STATUS,),
    matter=True,
)
_x3.col(
    "being_resolved",
    _l("Đang giải quyết"),
    lambda f: and_(_being_resolved(f), not_(repeated(f))),
    header=(BY_STATUS,),
    matter=True,
)
_again = (BY_STATUS, _l("Tố cáo tiếp"))
_x3.col(
    "again_overdue",
    _l("Quá thời hạn chưa giải quyết"),
    lambda f: and_(f.eligible, f.c.repeated == 1, f.c.prior_decisions == 0),
    header=_again,
    matter=True,
)
_x3.col(
    "again_concluded",
    _l("Đã có kết luận giải quyết"),
    lambda f: and_(f.eligible, f.c.prior_decisions >= 1),
    header=_again,
    matter=True,
)
_x3.col("within", TOTAL, lambda f: f.within, header=(RESULT, WITHIN), formula="27+28", matter=True)
_x3.col(
    "within_first",
    _l("Tố cáo lần đầu"),
    lambda f: and_(f.within, not_(repeated(f))),
    header=(RESULT, WITHIN),
    matter=True,
)
_x3.col(
    "within_again",
    _l("Tố cáo tiếp"),
    lambda f: and_(f.within, repeated(f)),
    header=(RESULT, WITHIN),
    matter=True,
)
_outside(_x3, guided=True)
_replies(_x3)
XLD_DENUNCIATIONS = _x3.spec(
    _l("Tổng hợp kết quả xử lý đơn tố cáo"), f"Biểu 03/XLD, {CIRCULAR}; Luật Tố cáo 2018"
)

# 04/XLD: recommendations and feedback.
_x4 = Builder("04/XLD", ("recommendation", "feedback"))
_x4.col("total", _l("Tổng số đơn"), lambda f: f.petitions, formula="2+...+7")
_signed(_x4, other=True)
_handled(_x4, _l("Đã xử lý trong kỳ"))
_x4.col("eligible", PETITIONS, lambda f: f.eligible, header=(ELIGIBLE,))
_x4.col(
    "eligible_matters",
    MATTERS,
    lambda f: f.eligible,
    header=(ELIGIBLE,),
    formula="13+...+16=17+...+19=20+21",
    matter=True,
)
_x4.col("policy", POLICY, _area(subjects.ADMIN_POLICY), header=(BY_CONTENT,), matter=True)
_x4.col("land", _l("Đất đai"), _area(subjects.ADMIN_LAND), header=(BY_CONTENT,), matter=True)
_x4.col("judicial", _l("Tư pháp"), _area(subjects.JUDICIAL), header=(BY_CONTENT,), matter=True)
_x4.col(
    "other",
    OTHER,
    lambda f: and_(
        f.eligible,
        f.c.subject_area.not_in((subjects.ADMIN_POLICY, subjects.ADMIN_LAND, subjects.JUDICIAL)),
    ),
    header=(BY_CONTENT,),
    matter=True,
)
_x4.col(
    "resolved",
    _l("Đã được giải quyết"),
    lambda f: and_(f.eligible, f.c.prior_decisions >= 1),
    header=(BY_STATUS,),
    matter=True,
)
_x4.col("being_resolved", _l("Đang giải quyết"), _being_resolved, header=(BY_STATUS,), matter=True)
_x4.col(
    "not_resolved", _l("Chưa được giải quyết"), _not_yet_resolved, header=(BY_STATUS,), matter=True
)
_x4.col("within", WITHIN, lambda f: f.within, header=(RESULT,), matter=True)
_outside(_x4, guided=False)
_replies(_x4)
XLD_RECOMMENDATIONS = _x4.spec(
    _l("Tổng hợp kết quả xử lý đơn kiến nghị, phản ánh"),
    f"Biểu 04/XLD, {CIRCULAR}; Thông tư 05/2021/TT-TTCP",
)


# -- the summary every page shows -----------------------------------------------------------------

SUMMARY = FormSpec(
    "summary",
    _l("Tổng hợp"),
    "Kế hoạch 09/KH-UBND ngày 07/01/2022 của UBND tỉnh Hà Giang, mục II.5",
    (
        Cell("received", _l("Số đơn tiếp nhận"), "01/XLD", when=lambda f: f.received),
        Cell(
            "accepted", _l("Số vụ việc thụ lý"), "01/KQGQ, 03/KQGQ", when=lambda f: f.newly_accepted
        ),
        Cell(
            "resolved",
            _l("Số vụ việc đã giải quyết"),
            "01/KQGQ, 03/KQGQ",
            when=lambda f: f.resolved,
        ),
        Cell(
            "resolved_on_time",
            _l("Giải quyết đúng hạn"),
            "01/KQGQ, 03/KQGQ",
            1,
            when=lambda f: and_(f.resolved, f.on_time),
        ),
        Cell(
            "resolved_late",
            _l("Giải quyết quá hạn"),
            "01/KQGQ, 03/KQGQ",
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

FORMS: tuple[FormSpec, ...] = (
    TCD,
    XLD,
    XLD_COMPLAINTS,
    XLD_DENUNCIATIONS,
    XLD_RECOMMENDATIONS,
    KQGQ_COMPLAINTS,
    KQGQ_COMPLAINT_DECISIONS,
    KQGQ_DENUNCIATIONS,
    KQGQ_DENUNCIATION_CONCLUSIONS,
)
FORM_CODES = tuple(form.code for form in FORMS)
# The summary's counts (every figure but its rate), in order: the API schema and charts list them.
SUMMARY_COUNTS = tuple(cell.key for cell in SUMMARY.cells if not cell.rate)
