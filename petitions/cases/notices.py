"""The instruments a case's steps issue, with the contents the law sets for each: the notice
or decision of acceptance (Law on Complaints 2011 art. 27; Law on Denunciation 2018 art. 29),
the complaint decision (LKN arts. 31 and 40), the conclusion on a denunciation and the notice
of its result (LTC art. 35), extension (LTC art. 30), suspension and termination, the guidance
slip and the forwarding slip (Circular 05/2021/TT-TTCP), refusals and results.

Each instrument is laid out as a petitions.documents.paper.Paper, rendered to .docx and PDF
from that one layout. Documents are Vietnamese whatever the page's language. The copy kept in
the file never shows a sealed identity: a denouncer is named by the sealed mention; the copy to
be mailed to them is built with `reveal=` by someone allowed to open the seal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from petitions.cases.models import Case, CaseEvent
from petitions.documents import paper as layout
from petitions.documents.issuers import header_block, place_and_date, signature_block
from petitions.documents.models import OfficialDocument
from petitions.domain import workflow
from petitions.domain.rules import AMENDED_2025
from petitions.extensions import db
from petitions.text import fold
from petitions.units.models import Unit

DOCX_TYPE = layout.DOCX_TYPE
Notice = layout.Paper  # the name the case pages use
SEALED_RECIPIENT = "Người tố cáo (thông tin cá nhân được giữ bí mật theo Điều 47 Luật Tố cáo 2018)"
KIND_WORD = {kind: words[0] for kind, words in workflow.KIND_LABELS.items()}
OUTCOME_WORD = {"correct": "đúng", "partly_correct": "đúng một phần", "incorrect": "sai"}
LAWS = {
    "complaint": [
        "Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;",
        "Căn cứ Nghị định số 124/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ quy định "
        "chi tiết một số điều và biện pháp thi hành Luật Khiếu nại;",
    ],
    "denunciation": [
        "Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018;",
        "Căn cứ Nghị định số 31/2019/NĐ-CP ngày 10 tháng 4 năm 2019 của Chính phủ quy định "
        "chi tiết một số điều và biện pháp tổ chức thi hành Luật Tố cáo;",
    ],
    "recommendation": ["Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;"],
    "feedback": ["Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;"],
}
# From 1/7/2026 the three laws are cited as amended (Law 136/2025/QH15, art. 4).
AMENDMENT = (
    "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tiếp công dân, Luật Khiếu nại và Luật Tố "
    "cáo số 136/2025/QH15 ngày 10 tháng 12 năm 2025;"
)
CIRCULAR_05 = (
    "Căn cứ Thông tư số 05/2021/TT-TTCP ngày 01 tháng 10 năm 2021 của Thanh tra Chính phủ quy "
    "định quy trình tiếp nhận, xử lý đơn khiếu nại, đơn tố cáo, đơn kiến nghị, phản ánh;"
)
# Law on Administrative Procedure 2015 art. 116(3)(a): one year from receiving the decision.
LAWSUIT = (
    "khởi kiện vụ án hành chính tại Tòa án trong thời hạn 01 năm kể từ ngày nhận được quyết "
    "định giải quyết khiếu nại (Điều 116 Luật Tố tụng hành chính 2015)"
)


@dataclass(frozen=True)
class Instrument:
    key: str
    type_code: str  # the type's abbreviation in the number (Decree 30/2020, Appendix III)
    type_name: str  # how the file is named: "Quyết định 45-QĐ-UBND.pdf"
    title: str
    # The citizen receives it (tracking page); otherwise it stays with staff.
    public: bool
    fill: Callable


@dataclass
class Context:
    case: Case
    event: CaseEvent
    details: dict
    on: date
    reveal: list | None  # the sealed identities, for the copy mailed to a denouncer


def _dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def _day(value, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except (TypeError, ValueError):
        return default


def _laws(kind: str, on: date) -> list[str]:
    laws = list(LAWS[kind])
    if on >= AMENDED_2025 and kind in ("complaint", "denunciation"):
        laws.insert(1, AMENDMENT)
    return laws


def _person(ctx: Context) -> tuple[str, str]:
    """The petitioner's name and address as the document prints them: the sealed mention on
    the file copy of a sealed case, the revealed identity on the copy to be mailed."""
    case = ctx.case
    if case.sealed and not ctx.reveal:
        return "", ""
    first = ctx.reveal[0] if ctx.reveal else (case.petitioners[0] if case.petitioners else None)
    if first is None:
        return "", ""
    get = first.get if isinstance(first, dict) else lambda name: getattr(first, name)
    return get("full_name") or "", get("address") or ""


def _addressee(ctx: Context) -> str:
    name, address = _person(ctx)
    if not name:
        return SEALED_RECIPIENT if ctx.case.sealed else "Người gửi đơn"
    return f"Ông/Bà {name}" + (f", địa chỉ: {address}" if address else "")


def _petitioner_words(ctx: Context) -> str:
    name, _address = _person(ctx)
    if name:
        return f"ông/bà {name}"
    return "người tố cáo" if ctx.case.kind.value == "denunciation" else "người gửi đơn"


def _citizen_recipient(ctx: Context) -> str:
    name, _address = _person(ctx)
    if name:
        role = "người tố cáo" if ctx.case.kind.value == "denunciation" else "người gửi đơn"
        return f"Ông/Bà {name} ({role});"
    if ctx.case.sealed:
        return "Người tố cáo (thông tin được giữ bí mật);"
    return "Người gửi đơn;"


def inspectorate(unit: Unit) -> str:
    """The inspectorate told of the case (LKN art. 27): the province's, by its name."""
    found = db.session.scalars(
        db.select(Unit)
        .where(Unit.active.is_(True), Unit.name.ilike("thanh tra%"), Unit.id != unit.id)
        .order_by(Unit.id)
    ).all()
    for other in found:
        if fold(other.name).startswith("thanh tra"):
            return other.name
    return "Thanh tra tỉnh"


def _recipients(ctx: Context, *, accused: str = "", citizen: bool = True) -> list[str]:
    case = ctx.case
    rows = [_citizen_recipient(ctx)] if citizen else []
    if accused:
        rows.append(accused)
    if case.forwarded_from is not None:
        rows.append(f"{case.forwarded_from.unit.name} (cơ quan chuyển đơn);")
    rows.append(f"{inspectorate(case.unit)} (để theo dõi);")
    rows.append("Lưu: VT, hồ sơ.")
    return rows


def _received(ctx: Context) -> str:
    case = ctx.case
    return (
        f"Ngày {_dmy(case.received_on)}, {case.unit.name} nhận được đơn "
        f"{KIND_WORD[case.kind.value]} của {_petitioner_words(ctx)} (mã hồ sơ "
        f"{case.tracking_code}) về việc: {case.title}."
    )


def _round(case: Case) -> str:
    return "lần hai" if (case.complaint_round or 1) >= 2 else "lần đầu"


def _due(ctx: Context) -> str:
    due = ctx.details.get("due_on")
    return f", thời hạn giải quyết đến hết ngày {_dmy(_day(due, ctx.on))}" if due else ""


# -- the instruments ------------------------------------------------------------------------------


def _acceptance_notice(paper: layout.Paper, ctx: Context) -> None:
    """Thông báo thụ lý (LKN art. 27; for recommendations and feedback, Circular 05/2021)."""
    case, word = ctx.case, KIND_WORD[ctx.case.kind.value]
    paper.subtitle = (
        f"Về việc thụ lý giải quyết khiếu nại {_round(case)}"
        if case.kind.value == "complaint"
        else f"Về việc thụ lý giải quyết đơn {word}"
    )
    paper.addressee = _addressee(ctx)
    paper.bases = [*_laws(case.kind.value, ctx.on), CIRCULAR_05]
    paper.paragraphs = [
        _received(ctx),
        f"Sau khi xem xét, đơn {word} đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết của "
        f"{case.unit.name}.",
        f"{case.unit.name} thông báo: đã thụ lý giải quyết đơn {word} nêu trên kể từ ngày "
        f"{_dmy(ctx.event.effective_on)}{_due(ctx)}.",
    ]
    paper.recipients = _recipients(ctx)


def _denunciation_acceptance(paper: layout.Paper, ctx: Context) -> None:
    """Quyết định thụ lý tố cáo (LTC art. 29): its date, bases, the contents accepted, the
    period of resolution."""
    case = ctx.case
    paper.subtitle = "Về việc thụ lý tố cáo"
    paper.bases = [*_laws("denunciation", ctx.on), f"Xét đơn tố cáo mã hồ sơ {case.tracking_code}."]
    paper.decides = "QUYẾT ĐỊNH:"
    paper.articles = [
        f"Điều 1. Thụ lý tố cáo đối với nội dung: {case.title}. Ngày nhận đơn: "
        f"{_dmy(case.received_on)}.",
        f"Điều 2. Thời hạn giải quyết tố cáo là 30 ngày kể từ ngày thụ lý{_due(ctx)}; có thể "
        "gia hạn theo Điều 30 Luật Tố cáo.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Người được giao xác minh và các cơ "
        "quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.",
    ]
    paper.recipients = ["Như Điều 3;", *_recipients(ctx, accused="Người bị tố cáo;", citizen=False)]


def _denunciation_acceptance_notice(paper: layout.Paper, ctx: Context) -> None:
    """Thông báo việc thụ lý tố cáo to the denouncer (LTC art. 29(4))."""
    case = ctx.case
    paper.subtitle = "Về việc thụ lý tố cáo"
    paper.addressee = _addressee(ctx)
    paper.bases = [*_laws("denunciation", ctx.on)]
    paper.paragraphs = [
        _received(ctx),
        f"Ngày {_dmy(ctx.event.effective_on)}, {case.unit.name} đã ra quyết định thụ lý tố cáo"
        f"{_due(ctx)}.",
        "Thông tin về người tố cáo được giữ bí mật theo Điều 47 Luật Tố cáo. Người tố cáo có "
        "trách nhiệm trình bày trung thực, cung cấp thông tin, tài liệu liên quan đến nội dung "
        "tố cáo khi được yêu cầu.",
    ]
    paper.recipients = _recipients(ctx)


def _refusal(paper: layout.Paper, ctx: Context) -> None:
    case, word = ctx.case, KIND_WORD[ctx.case.kind.value]
    paper.subtitle = f"Về việc không thụ lý giải quyết đơn {word}"
    paper.addressee = _addressee(ctx)
    paper.bases = [*_laws(case.kind.value, ctx.on), CIRCULAR_05]
    reason = ctx.details.get("reason") or ctx.event.note or "…"
    paper.paragraphs = [
        _received(ctx),
        f"Sau khi xem xét, {case.unit.name} không thụ lý giải quyết đơn {word} nêu trên với lý "
        f"do: {reason}",
    ]
    paper.recipients = _recipients(ctx)


def _guidance(paper: layout.Paper, ctx: Context) -> None:
    """Phiếu hướng dẫn (Circular 05/2021/TT-TTCP): where to send a complaint."""
    case = ctx.case
    paper.addressee = _addressee(ctx)
    paper.bases = [CIRCULAR_05]
    body = ctx.details.get("to_body") or "cơ quan, người có thẩm quyền giải quyết"
    paper.paragraphs = [
        _received(ctx),
        f"Nội dung đơn không thuộc thẩm quyền giải quyết của {case.unit.name}.",
        f"{case.unit.name} hướng dẫn {_petitioner_words(ctx)} gửi đơn đến {body} để được xem "
        "xét, giải quyết theo quy định của pháp luật.",
    ]
    if ctx.details.get("reason"):
        paper.paragraphs.insert(2, f"Lý do: {ctx.details['reason']}")
    paper.recipients = [_citizen_recipient(ctx), "Lưu: VT, hồ sơ."]


def _forwarding(paper: layout.Paper, ctx: Context) -> None:
    """Phiếu chuyển đơn (Circular 05/2021/TT-TTCP; LTC art. 24 for a denunciation)."""
    case = ctx.case
    to_name = ctx.details.get("to_unit_name") or ctx.details.get("to_unit") or "…"
    paper.addressee = to_name
    paper.bases = [CIRCULAR_05]
    if case.kind.value == "denunciation":
        paper.bases.insert(0, "Căn cứ Điều 24 Luật Tố cáo ngày 12 tháng 6 năm 2018;")
    paper.paragraphs = [
        _received(ctx),
        f"Nội dung đơn không thuộc thẩm quyền giải quyết của {case.unit.name}. {case.unit.name} "
        f"chuyển đơn đến {to_name} để xem xét, giải quyết theo thẩm quyền.",
        "Đề nghị cơ quan nhận đơn thông báo kết quả xử lý cho người gửi đơn và cho "
        f"{case.unit.name} theo quy định.",
    ]
    linked = ctx.details.get("linked_tracking_code")
    if linked:
        paper.paragraphs.append(f"Mã hồ sơ tại cơ quan nhận đơn: {linked}.")
    if case.sealed:
        paper.paragraphs.append(
            "Thông tin cá nhân của người tố cáo được chuyển kèm theo chế độ mật và chỉ người giải "
            "quyết tố cáo được tiếp cận (Điều 47 Luật Tố cáo 2018)."
        )
    paper.recipients = ["Như trên;", _citizen_recipient(ctx), "Lưu: VT, hồ sơ."]


def _extension(paper: layout.Paper, ctx: Context) -> None:
    """Quyết định gia hạn giải quyết tố cáo (LTC art. 30)."""
    case = ctx.case
    paper.subtitle = "Về việc gia hạn thời hạn giải quyết tố cáo"
    paper.bases = [
        *_laws(case.kind.value, ctx.on),
        f"Xét đề nghị gia hạn giải quyết tố cáo (mã hồ sơ {case.tracking_code}).",
    ]
    paper.decides = "QUYẾT ĐỊNH:"
    due = ctx.details.get("due_on")
    count = ctx.details.get("extension") or case.extensions
    paper.articles = [
        f"Điều 1. Gia hạn lần {count} thời hạn giải quyết tố cáo về việc: {case.title}, thụ lý "
        f"ngày {_dmy(case.accepted_on)}, thêm 30 ngày"
        + (f", đến hết ngày {_dmy(_day(due, ctx.on))}." if due else "."),
        f"Lý do gia hạn: {ctx.details.get('reason') or ctx.event.note or '…'}",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký và được gửi cho người tố cáo, người bị "
        "tố cáo (Điều 30 Luật Tố cáo). Người được giao xác minh và các cơ quan, tổ chức, cá nhân "
        "có liên quan chịu trách nhiệm thi hành Quyết định này.",
    ]
    paper.recipients = ["Như Điều 2;", *_recipients(ctx, accused="Người bị tố cáo;")]


def _pause(paper: layout.Paper, ctx: Context, *, final: bool) -> None:
    """Quyết định tạm đình chỉ / đình chỉ việc giải quyết, with its legal ground."""
    case, word = ctx.case, KIND_WORD[ctx.case.kind.value]
    verb = "Đình chỉ" if final else "Tạm đình chỉ"
    paper.subtitle = f"Về việc {verb.lower()} việc giải quyết {word}"
    paper.bases = [*_laws(case.kind.value, ctx.on)]
    ground = ctx.details.get("ground_basis")
    if ground:
        paper.bases.append(f"Căn cứ {ground};")
    paper.decides = "QUYẾT ĐỊNH:"
    reason = ctx.details.get("reason") or ctx.event.note or "…"
    paper.articles = [
        f"Điều 1. {verb} việc giải quyết {word} về việc: {case.title} (mã hồ sơ "
        f"{case.tracking_code}), thụ lý ngày {_dmy(case.accepted_on)}.",
        f"Lý do: {reason}",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."
        + (
            ""
            if final
            else " Việc giải quyết được tiếp tục khi lý do tạm đình chỉ không còn; "
            "thời gian tạm đình chỉ không tính vào thời hạn giải quyết."
        ),
    ]
    paper.recipients = _recipients(ctx)


def _complaint_decision(paper: layout.Paper, ctx: Context) -> None:
    """Quyết định giải quyết khiếu nại lần đầu (LKN art. 31) / lần hai (art. 40): the
    complainant, the content, the verification and dialogue, the bases, the conclusion, what is
    kept or annulled, and the rights to complain again or to sue."""
    case = ctx.case
    second = (case.complaint_round or 1) >= 2
    name, address = _person(ctx)
    outcome = OUTCOME_WORD.get(ctx.details.get("outcome") or case.outcome or "", "…")
    paper.subtitle = f"Về việc giải quyết khiếu nại {_round(case)} của " + (
        f"ông/bà {name}" if name else "người khiếu nại"
    )
    paper.bases = [*_laws("complaint", ctx.on), f"Xét đơn khiếu nại mã hồ sơ {case.tracking_code}."]
    paper.paragraphs = [
        f"1. Người khiếu nại: {name or 'người gửi đơn'}"
        + (f", địa chỉ: {address}." if address else "."),
        f"2. Nội dung khiếu nại: {case.title}. {case.content}".strip(),
        f"3. Kết quả xác minh: {ctx.event.note or 'theo báo cáo xác minh trong hồ sơ.'}",
        "4. Kết quả đối thoại: "
        + (f"đã đối thoại ngày {_dmy(case.dialogue_on)}." if case.dialogue_on else "không có."),
        f"5. Kết luận: nội dung khiếu nại là {outcome}.",
    ]
    paper.decides = "QUYẾT ĐỊNH:"
    action = {
        "correct": "Chấp nhận nội dung khiếu nại; sửa đổi, hủy bỏ quyết định hành chính, chấm dứt "
        "hành vi hành chính bị khiếu nại theo kết luận trên.",
        "partly_correct": "Chấp nhận một phần nội dung khiếu nại; sửa đổi, bổ sung quyết định "
        "hành chính bị khiếu nại theo kết luận trên.",
        "incorrect": "Không chấp nhận nội dung khiếu nại; giữ nguyên quyết định hành chính, hành "
        "vi hành chính bị khiếu nại.",
    }.get(ctx.details.get("outcome") or case.outcome or "", "…")
    paper.articles = [f"Điều 1. {action}"]
    if second:
        paper.articles.append(
            "Điều 2. Quyết định giải quyết khiếu nại lần hai có hiệu lực pháp luật. Nếu không đồng "
            f"ý, người khiếu nại có quyền {LAWSUIT}."
        )
    else:
        days = 45 if case.unit.remote else 30
        paper.articles.append(
            "Điều 2. Nếu không đồng ý với Quyết định này, người khiếu nại có quyền khiếu nại lần "
            f"hai đến người có thẩm quyền trong thời hạn {days} ngày kể từ ngày nhận được Quyết "
            f"định (Điều 33 Luật Khiếu nại) hoặc {LAWSUIT}."
        )
    paper.articles.append(
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Người khiếu nại, người bị khiếu nại và "
        "các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này."
    )
    paper.recipients = ["Như Điều 3;", *_recipients(ctx, accused="Người bị khiếu nại;")]


def _denunciation_conclusion(paper: layout.Paper, ctx: Context) -> None:
    """Kết luận nội dung tố cáo (LTC art. 35): the verification, the legal bases, the
    conclusion and responsibilities, the measures to take. It never names the denouncer."""
    case = ctx.case
    outcome = OUTCOME_WORD.get(ctx.details.get("outcome") or case.outcome or "", "…")
    paper.subtitle = f"Nội dung tố cáo về việc: {case.title}"
    paper.bases = [*_laws("denunciation", ctx.on)]
    paper.paragraphs = [
        f"Ngày {_dmy(case.accepted_on)}, {case.unit.name} thụ lý tố cáo (mã hồ sơ "
        f"{case.tracking_code}). Sau khi xác minh, {case.unit.name} kết luận như sau:",
        f"1. Kết quả xác minh nội dung tố cáo: {ctx.event.note or 'theo báo cáo kết quả xác minh.'}",
        "2. Căn cứ pháp luật để xác định có hay không có hành vi vi phạm: các quy định nêu trên "
        "và văn bản pháp luật chuyên ngành liên quan.",
        f"3. Kết luận: nội dung tố cáo là {outcome}.",
        "4. Biện pháp xử lý theo thẩm quyền và kiến nghị: theo kết luận trên.",
    ]
    paper.recipients = _recipients(ctx, accused="Người bị tố cáo;", citizen=False)


def _denunciation_result(paper: layout.Paper, ctx: Context) -> None:
    """Thông báo kết quả giải quyết tố cáo to the denouncer (LTC art. 35(2))."""
    case = ctx.case
    outcome = OUTCOME_WORD.get(ctx.details.get("outcome") or case.outcome or "", "…")
    paper.subtitle = "Kết quả giải quyết tố cáo"
    paper.addressee = _addressee(ctx)
    paper.bases = [*_laws("denunciation", ctx.on)]
    paper.paragraphs = [
        _received(ctx),
        f"Ngày {_dmy(ctx.on)}, {case.unit.name} đã ban hành kết luận nội dung tố cáo: nội dung "
        f"tố cáo là {outcome}.",
    ]
    paper.recipients = _recipients(ctx)


def _result_notice(paper: layout.Paper, ctx: Context) -> None:
    case, word = ctx.case, KIND_WORD[ctx.case.kind.value]
    outcome = OUTCOME_WORD.get(ctx.details.get("outcome") or case.outcome or "", "…")
    paper.subtitle = f"Kết quả giải quyết đơn {word}"
    paper.addressee = _addressee(ctx)
    paper.bases = [*_laws(case.kind.value, ctx.on)]
    paper.paragraphs = [_received(ctx), f"Kết quả xem xét: nội dung {word} là {outcome}."]
    if ctx.event.note:
        paper.paragraphs.append(ctx.event.note)
    paper.recipients = _recipients(ctx)


def _suspension(paper, ctx):
    _pause(paper, ctx, final=False)


def _termination(paper, ctx):
    _pause(paper, ctx, final=True)


INSTRUMENTS = {
    i.key: i
    for i in (
        Instrument("acceptance", "TB", "Thông báo", "THÔNG BÁO", True, _acceptance_notice),
        Instrument(
            "denunciation_acceptance",
            "QĐ",
            "Quyết định",
            "QUYẾT ĐỊNH",
            False,
            _denunciation_acceptance,
        ),
        Instrument(
            "denunciation_acceptance_notice",
            "TB",
            "Thông báo",
            "THÔNG BÁO",
            True,
            _denunciation_acceptance_notice,
        ),
        Instrument("refusal", "TB", "Thông báo", "THÔNG BÁO", True, _refusal),
        Instrument("guidance", "HD", "Phiếu hướng dẫn", "PHIẾU HƯỚNG DẪN", True, _guidance),
        Instrument("forwarding", "PC", "Phiếu chuyển đơn", "PHIẾU CHUYỂN ĐƠN", True, _forwarding),
        Instrument("extension", "QĐ", "Quyết định", "QUYẾT ĐỊNH", True, _extension),
        Instrument("suspension", "QĐ", "Quyết định", "QUYẾT ĐỊNH", True, _suspension),
        Instrument("termination", "QĐ", "Quyết định", "QUYẾT ĐỊNH", True, _termination),
        Instrument(
            "complaint_decision", "QĐ", "Quyết định", "QUYẾT ĐỊNH", True, _complaint_decision
        ),
        Instrument(
            "denunciation_conclusion",
            "KL",
            "Kết luận",
            "KẾT LUẬN",
            False,
            _denunciation_conclusion,
        ),
        Instrument(
            "denunciation_result", "TB", "Thông báo", "THÔNG BÁO", True, _denunciation_result
        ),
        Instrument("result", "TB", "Thông báo", "THÔNG BÁO", True, _result_notice),
    )
}


def instruments_for(case: Case, event: CaseEvent) -> list[str]:
    """The instruments a step issues, first the one the case page shows for the step."""
    kind = case.kind.value
    action = event.action
    if action == "accept":
        if kind == "denunciation":
            return ["denunciation_acceptance", "denunciation_acceptance_notice"]
        return ["acceptance"]
    if action == "conclude":
        if kind == "complaint":
            return ["complaint_decision"]
        if kind == "denunciation":
            return ["denunciation_conclusion", "denunciation_result"]
        return ["result"]
    if action == "withdraw":
        full = event.to_status == "withdrawn"
        accepted = case.accepted_on is not None and kind in ("complaint", "denunciation")
        return ["termination"] if full and accepted else []
    by_action = {
        "reject": "refusal",
        "guide": "guidance",
        "forward": "forwarding",
        "extend": "extension",
        "suspend": "suspension",
        "terminate": "termination",
    }
    return [by_action[action]] if action in by_action else []


def issued_on(event: CaseEvent) -> date:
    """The document's date: the decision's signing day when one was given, else the step's."""
    return _day((event.details or {}).get("decided_on"), event.effective_on)


def signer_of(event: CaseEvent):
    actor = event.actor
    return actor if actor is not None and actor.has_role("unit_head") else None


def build(
    case: Case,
    event: CaseEvent,
    instrument: str | None = None,
    *,
    document: OfficialDocument | None = None,
    reveal: list | None = None,
) -> layout.Paper:
    """The instrument `instrument` (by default the step's first) of the step `event`, with
    its register number when issued; `reveal` puts the denouncer's identity on the copy."""
    keys = instruments_for(case, event)
    key = instrument or (document.instrument if document is not None else None)
    key = key or (keys[0] if keys else None)
    if key not in INSTRUMENTS:
        raise ValueError(f"event {event.id} issues no {key}")
    spec = INSTRUMENTS[key]
    if document is None:
        document = db.session.scalars(
            db.select(OfficialDocument).where(
                OfficialDocument.event_id == event.id, OfficialDocument.instrument == key
            )
        ).first()
    on = document.issued_on if document is not None else issued_on(event)
    unit = document.unit if document is not None else case.unit
    typed = (event.details or {}).get("decision_number")
    number = document.number if document is not None else (typed or "……")
    signer = document.signer if document is not None else signer_of(event)
    paper = layout.Paper(
        header=header_block(unit),
        number=number,
        place_and_date=place_and_date(unit, on),
        title=spec.title,
        type_name=spec.type_name,
        signature=signature_block(unit, signer),
    )
    spec.fill(
        paper, Context(case=case, event=event, details=event.details or {}, on=on, reveal=reveal)
    )
    return paper


def render_docx(paper: layout.Paper) -> bytes:
    return layout.to_docx(paper)


def render_pdf(paper: layout.Paper) -> bytes:
    return layout.to_pdf(paper)
