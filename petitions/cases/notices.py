"""Official notices of the workflow steps, as .docx (python-docx) and as printable HTML.

A notice is built from the step's CaseEvent and the case, in the administrative layout of
Decree 30/2020/ND-CP: issuing body and number on the left, national title and motto on the
right, place and date, title, legal bases, body, recipients and the signature block.

Notices are official Vietnamese documents, so their text is Vietnamese whatever the language
of the page. They never contain a sealed identity: a denouncer is "người tố cáo" and the
envelope is addressed from the sealed record by the person allowed to open it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from petitions import attachments as files
from petitions.cases.models import Attachment, Case, CaseEvent
from petitions.domain import workflow
from petitions.text import fold

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SEALED_RECIPIENT = "Người tố cáo (thông tin cá nhân được giữ bí mật theo Điều 47 Luật Tố cáo 2018)"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Documents are always in Vietnamese: the kind as a word within a sentence.
KIND_WORD = {kind: words[0] for kind, words in workflow.KIND_LABELS.items()}
OUTCOME_WORD = {
    "correct": "đúng",
    "partly_correct": "đúng một phần",
    "incorrect": "sai",
}
# Document type symbols (Decree 30/2020/ND-CP, appendix III) for the number line.
SYMBOL = {
    "acceptance": "TB",
    "refusal": "TB",
    "guidance": "HD",
    "forwarding": "PC",
    "extension": "QĐ",
    "conclusion": "TB",
}
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
    "recommendation": [
        "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;",
    ],
    "feedback": [
        "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;",
    ],
}
CIRCULAR_05 = (
    "Căn cứ Thông tư số 05/2021/TT-TTCP ngày 01 tháng 10 năm 2021 của Thanh tra Chính phủ quy "
    "định quy trình tiếp nhận, xử lý đơn khiếu nại, đơn tố cáo, đơn kiến nghị, phản ánh;"
)


@dataclass
class Notice:
    """Everything a notice shows, already in words; renderers only lay it out."""

    kind: str  # acceptance, refusal, guidance, forwarding, extension, conclusion
    case: Case
    event: CaseEvent
    issuer_parent: str
    issuer: str
    number: str
    place_and_date: str
    title: str
    subtitle: str
    bases: list[str] = field(default_factory=list)
    addressee: str = ""
    paragraphs: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_capacity: str = ""
    signer_title: str = ""
    signer_name: str = ""

    @property
    def filename(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", fold(self.title + " " + self.subtitle)).strip("-")
        return f"{slug[:60]}-{self.case.tracking_code}.docx"


def place() -> str:
    return current_app.config["NOTICE_PLACE"] or current_app.config["PROVINCE_NAME"]


def vietnamese_date(day: date) -> str:
    """ "ngày 05 tháng 3 năm 2026": days below 10 with a zero, months 1 and 2 with one, as
    Decree 30/2020 writes them."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def _addressee(case: Case) -> str:
    if case.sealed:
        return SEALED_RECIPIENT
    first = case.petitioners[0] if case.petitioners else None
    if first is None or not first.full_name:
        return "Người gửi đơn"
    address = f", địa chỉ: {first.address}" if first.address else ""
    return f"Ông/Bà {first.full_name}{address}"


def _petitioner_words(case: Case) -> str:
    if case.sealed:
        return "người tố cáo" if case.kind.value == "denunciation" else "người gửi đơn"
    first = case.petitioners[0] if case.petitioners else None
    if first is None or not first.full_name:
        return "người gửi đơn"
    return f"ông/bà {first.full_name}"


def _signature(unit_name: str) -> tuple[str, str]:
    lowered = fold(unit_name)
    if lowered.startswith("uy ban nhan dan"):
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    if lowered.startswith("thanh tra"):
        return "", "CHÁNH THANH TRA"
    if lowered.startswith("so "):
        return "", "GIÁM ĐỐC"
    return "", "THỦ TRƯỞNG ĐƠN VỊ"


def _round_words(case: Case) -> str:
    return "lần hai" if (case.complaint_round or 1) >= 2 else "lần đầu"


def build(case: Case, event: CaseEvent) -> Notice:
    """The notice the step recorded by `event` produces."""
    kind = (event.details or {}).get("notice")
    if kind not in SYMBOL:
        raise ValueError(f"event {event.id} has no notice")
    details = event.details or {}
    unit = case.unit
    parent = unit.parent.name.upper() if unit.parent is not None else ""
    number_text = details.get("decision_number") or "……"
    capacity, title = _signature(unit.name)
    signer = event.actor.full_name if event.actor and event.actor.has_role("unit_head") else ""
    on = event.effective_on
    if kind in ("extension", "conclusion") and details.get("decided_on"):
        on = date.fromisoformat(details["decided_on"])
    notice = Notice(
        kind=kind,
        case=case,
        event=event,
        issuer_parent=parent,
        issuer=unit.name.upper(),
        number=f"Số: {number_text}/{SYMBOL[kind]}-{unit.code}",
        place_and_date=f"{place()}, {vietnamese_date(on)}",
        title="",
        subtitle="",
        addressee=_addressee(case),
        recipients=["Như trên;", "Thanh tra tỉnh (để theo dõi);", "Lưu: VT, hồ sơ."],
        signer_capacity=capacity,
        signer_title=title,
        signer_name=signer,
    )
    BUILDERS[kind](notice, case, details)
    return notice


def _received_sentence(case: Case) -> str:
    word = KIND_WORD[case.kind.value]
    return (
        f"Ngày {_dmy(case.received_on)}, {case.unit.name} nhận được đơn {word} của "
        f"{_petitioner_words(case)} (mã hồ sơ {case.tracking_code}) về việc: {case.title}."
    )


def _acceptance(notice: Notice, case: Case, details: dict) -> None:
    word = KIND_WORD[case.kind.value]
    notice.title = "THÔNG BÁO"
    if case.kind.value == "complaint":
        notice.subtitle = f"Về việc thụ lý giải quyết khiếu nại {_round_words(case)}"
    elif case.kind.value == "denunciation":
        notice.subtitle = "Về việc thụ lý tố cáo"
    else:
        notice.subtitle = f"Về việc thụ lý giải quyết đơn {word}"
    notice.bases = [*LAWS[case.kind.value], CIRCULAR_05]
    due = details.get("due_on")
    period = f", hạn giải quyết đến hết ngày {_dmy(date.fromisoformat(due))}" if due else ""
    notice.paragraphs = [
        _received_sentence(case),
        f"Sau khi xem xét, đơn {word} đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết của "
        f"{case.unit.name}.",
        f"{case.unit.name} thông báo: đã thụ lý giải quyết đơn {word} nêu trên kể từ ngày "
        f"{_dmy(notice.event.effective_on)}{period}.",
    ]
    if case.kind.value == "denunciation":
        notice.paragraphs.append(
            "Thông tin về người tố cáo được giữ bí mật theo quy định của Luật Tố cáo. "
            "Người tố cáo có trách nhiệm trình bày trung thực, cung cấp thông tin, tài liệu "
            "liên quan đến nội dung tố cáo khi được yêu cầu."
        )
    if case.forwarded_from is not None:
        notice.recipients.insert(1, f"{case.forwarded_from.unit.name} (cơ quan chuyển đơn);")


def _refusal(notice: Notice, case: Case, details: dict) -> None:
    word = KIND_WORD[case.kind.value]
    notice.title = "THÔNG BÁO"
    notice.subtitle = f"Về việc không thụ lý giải quyết đơn {word}"
    notice.bases = [*LAWS[case.kind.value], CIRCULAR_05]
    reason = details.get("reason") or notice.event.note or "…"
    notice.paragraphs = [
        _received_sentence(case),
        f"Sau khi xem xét, {case.unit.name} không thụ lý giải quyết đơn {word} nêu trên "
        f"với lý do: {reason}",
    ]


def _guidance(notice: Notice, case: Case, details: dict) -> None:
    notice.title = "VĂN BẢN HƯỚNG DẪN"
    notice.subtitle = "Về việc gửi đơn khiếu nại đến cơ quan có thẩm quyền"
    notice.bases = [*LAWS[case.kind.value], CIRCULAR_05]
    body = details.get("to_body") or "cơ quan, người có thẩm quyền giải quyết"
    notice.paragraphs = [
        _received_sentence(case),
        f"Nội dung đơn không thuộc thẩm quyền giải quyết của {case.unit.name}.",
        f"{case.unit.name} hướng dẫn {_petitioner_words(case)} gửi đơn đến {body} để được "
        "xem xét, giải quyết theo quy định của pháp luật.",
    ]
    if details.get("reason"):
        notice.paragraphs.insert(2, f"Lý do: {details['reason']}")


def _forwarding(notice: Notice, case: Case, details: dict) -> None:
    to_name = details.get("to_unit_name") or details.get("to_unit") or "…"
    notice.title = "PHIẾU CHUYỂN ĐƠN"
    notice.subtitle = ""
    notice.addressee = to_name
    notice.bases = [CIRCULAR_05]
    if case.kind.value == "denunciation":
        notice.bases.insert(0, "Căn cứ Điều 24 Luật Tố cáo ngày 12 tháng 6 năm 2018;")
    linked = details.get("linked_tracking_code")
    notice.paragraphs = [
        _received_sentence(case),
        f"Sau khi xem xét, nội dung đơn không thuộc thẩm quyền giải quyết của "
        f"{case.unit.name}. Căn cứ quy định của pháp luật, {case.unit.name} chuyển đơn đến "
        f"{to_name} để xem xét, giải quyết theo thẩm quyền.",
        "Đề nghị đơn vị nhận đơn thông báo kết quả xử lý cho người gửi đơn và cho "
        f"{case.unit.name} theo quy định.",
    ]
    if linked:
        notice.paragraphs.append(f"Mã hồ sơ tại đơn vị nhận đơn: {linked}.")
    if case.sealed:
        notice.paragraphs.append(
            "Thông tin cá nhân của người tố cáo được chuyển kèm theo chế độ mật và chỉ người "
            "giải quyết tố cáo được tiếp cận (Điều 47 Luật Tố cáo 2018)."
        )
    notice.recipients = [
        "Như trên;",
        f"{'Người tố cáo' if case.sealed else 'Người gửi đơn'} (để biết);",
        "Lưu: VT, hồ sơ.",
    ]


def _extension(notice: Notice, case: Case, details: dict) -> None:
    notice.title = "QUYẾT ĐỊNH"
    notice.subtitle = "Về việc gia hạn thời hạn giải quyết tố cáo"
    notice.bases = [
        *LAWS["denunciation"],
        f"Xét đề nghị gia hạn giải quyết tố cáo (mã hồ sơ {case.tracking_code}).",
    ]
    due = details.get("due_on")
    number = details.get("extension") or case.extensions
    notice.paragraphs = [
        f"Điều 1. Gia hạn lần {number} thời hạn giải quyết tố cáo về việc: {case.title}, "
        f"thụ lý ngày {_dmy(case.accepted_on)}, thêm 30 ngày"
        + (f", đến hết ngày {_dmy(date.fromisoformat(due))}." if due else "."),
        f"Lý do gia hạn: {details.get('reason') or notice.event.note or '…'}",
        "Điều 2. Người được giao xác minh và các cơ quan, tổ chức, cá nhân có liên quan chịu "
        "trách nhiệm thi hành Quyết định này.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Quyết định được gửi cho người tố "
        "cáo, người bị tố cáo theo quy định tại Điều 30 Luật Tố cáo 2018.",
    ]
    notice.addressee = ""
    notice.recipients = ["Như Điều 2;", "Người tố cáo;", "Thanh tra tỉnh;", "Lưu: VT, hồ sơ."]


def _conclusion(notice: Notice, case: Case, details: dict) -> None:
    word = KIND_WORD[case.kind.value]
    outcome = OUTCOME_WORD.get(details.get("outcome") or case.outcome or "", "…")
    number = details.get("decision_number") or case.decision_number
    decided = details.get("decided_on")
    decided_text = _dmy(date.fromisoformat(decided)) if decided else _dmy(case.decided_on)
    notice.title = "THÔNG BÁO"
    notice.bases = [*LAWS[case.kind.value]]
    if case.kind.value == "complaint":
        notice.subtitle = f"Kết quả giải quyết khiếu nại {_round_words(case)}"
        verdict = f"Nội dung khiếu nại là {outcome}."
        document = "Quyết định giải quyết khiếu nại"
    elif case.kind.value == "denunciation":
        notice.subtitle = "Kết luận nội dung tố cáo"
        verdict = f"Nội dung tố cáo là {outcome}."
        document = "Kết luận nội dung tố cáo"
    else:
        notice.subtitle = f"Kết quả giải quyết đơn {word}"
        verdict = f"Nội dung {word} là {outcome}."
        document = "Văn bản giải quyết"
    ref = f"{document} số {number} ngày {decided_text}" if number else document
    notice.paragraphs = [_received_sentence(case), f"{ref} của {case.unit.name}: {verdict}"]
    if notice.event.note:
        notice.paragraphs.append(notice.event.note)
    if case.kind.value == "complaint" and (case.complaint_round or 1) < 2:
        days = 45 if case.unit.remote else 30
        notice.paragraphs.append(
            f"Nếu không đồng ý với quyết định giải quyết, người khiếu nại có quyền khiếu nại lần "
            f"hai đến người có thẩm quyền hoặc khởi kiện vụ án hành chính tại Tòa án trong thời "
            f"hạn {days} ngày kể từ ngày nhận được quyết định (Điều 33 Luật Khiếu nại 2011)."
        )


BUILDERS = {
    "acceptance": _acceptance,
    "refusal": _refusal,
    "guidance": _guidance,
    "forwarding": _forwarding,
    "extension": _extension,
    "conclusion": _conclusion,
}
assert set(BUILDERS) == {s.notice for s in workflow.STEPS.values() if s.notice}


# -- .docx ----------------------------------------------------------------------------------------


def render_docx(notice: Notice) -> bytes:
    """The notice as a Word document, A4, Times New Roman 13-14 pt (Decree 30/2020)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")

    def line(cell_or_doc, text, *, bold=False, italic=False, size=None, align=None, under=False):
        paragraph = cell_or_doc.add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, under
        if size:
            run.font.size = Pt(size)
        paragraph.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.space_after = Pt(3)
        return paragraph

    center = WD_ALIGN_PARAGRAPH.CENTER
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    left.paragraphs[0].text = ""
    if notice.issuer_parent:
        line(left, notice.issuer_parent, size=13, align=center)
    line(left, notice.issuer, bold=True, size=13, align=center)
    line(left, notice.number, size=13, align=center)
    line(right, NATIONAL_TITLE, bold=True, size=13, align=center)
    line(right, MOTTO, bold=True, size=14, align=center, under=True)
    line(right, notice.place_and_date, italic=True, size=14, align=center)

    line(document, "")
    line(document, notice.title, bold=True, align=center)
    if notice.subtitle:
        line(document, notice.subtitle, bold=True, align=center)
    for basis in notice.bases:
        line(document, basis, italic=True)
    if notice.addressee:
        line(document, f"Kính gửi: {notice.addressee}", align=center)
    for text in notice.paragraphs:
        paragraph = line(document, text)
        paragraph.paragraph_format.first_line_indent = Cm(1)

    footer = document.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    left.paragraphs[0].text = ""
    line(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for recipient in notice.recipients:
        line(left, f"- {recipient}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if notice.signer_capacity:
        line(right, notice.signer_capacity, bold=True, align=center)
    line(right, notice.signer_title, bold=True, align=center)
    line(right, "(Ký, ghi rõ họ tên và đóng dấu)", italic=True, size=12, align=center)
    for _blank in range(3):
        line(right, "", align=center)
    line(right, notice.signer_name, bold=True, align=center)

    document.core_properties.title = f"{notice.title} {notice.subtitle}".strip()
    document.core_properties.subject = notice.case.tracking_code
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def store(case: Case, event: CaseEvent, *, actor=None) -> Attachment | None:
    """Keep the notice of a step as a file (purpose "notice"), so that the citizen's tracking
    page lists it and the document stays as it was issued."""
    notice = build(case, event)
    data = render_docx(notice)
    upload = files.Upload(
        filename=notice.filename, data=data, content_type=DOCX_TYPE, extension="docx"
    )
    return files.store(case, upload, purpose="notice", uploaded_by=actor)
