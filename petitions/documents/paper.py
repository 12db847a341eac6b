"""One official document laid out once (Decree 30/2020/NĐ-CP, Appendix I) and rendered from
that one layout to .docx (python-docx) and PDF (fpdf2 with a serif font covering every
Vietnamese letter): A4, margins top and bottom 20 mm, left 30 mm, right 15 mm; the issuer
block left and the national title right; place and date; title; bases; body; "Nơi nhận"
left and the signature block right. Nothing for the clerk is printed on it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from petitions.documents.issuers import MOTTO, NATIONAL_TITLE, Header, Signature
from petitions.text import fold

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
FONT_FOLDER = Path(__file__).resolve().parent.parent.parent / "static" / "fonts"
FONT_FILES = {
    "": "DejaVuSerifCondensed.ttf",
    "B": "DejaVuSerifCondensed-Bold.ttf",
    "I": "DejaVuSerifCondensed-Italic.ttf",
    "BI": "DejaVuSerifCondensed-BoldItalic.ttf",
}
# Margins in millimetres (Decree 30/2020, Appendix I, I.4: top and bottom 20-25, left 30-35,
# right 15-20).
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15


@dataclass
class Paper:
    """Everything a document shows, already in words; the renderers only lay it out."""

    header: Header
    number: str  # "45/QĐ-UBND" (printed after "Số: ")
    place_and_date: str
    title: str  # "QUYẾT ĐỊNH"
    subtitle: str = ""  # "Về việc …"
    type_name: str = ""  # "Quyết định": the file's name
    bases: list[str] = field(default_factory=list)
    # The body of a decision after its bases: "QUYẾT ĐỊNH:" then its articles.
    decides: str = ""
    addressee: str = ""
    paragraphs: list[str] = field(default_factory=list)
    # A decision's articles (Điều 1, Điều 2 …), after "QUYẾT ĐỊNH:".
    articles: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: Signature | None = None

    @property
    def filename(self) -> str:
        return self.named("docx")

    def named(self, extension: str) -> str:
        """ "Quyết định 45-QĐ-UBND.pdf": the type and the number, as a person names it."""
        number = re.sub(r"[\\/:*?\"<>|]+", "-", self.number).strip("-") or "chua-so"
        return f"{self.type_name or self.title.capitalize()} {number}.{extension}"

    def ascii_name(self, extension: str) -> str:
        return re.sub(r"[^A-Za-z0-9.-]+", "-", fold(self.named(extension))).strip("-")

    def text(self) -> str:
        """All the words of the document, in reading order (tests, search of the own file)."""
        lines = [
            self.header.governing_body,
            self.header.issuer,
            f"Số: {self.number}",
            NATIONAL_TITLE,
            MOTTO,
            self.place_and_date,
            self.title,
            self.subtitle,
            self.addressee and f"Kính gửi: {self.addressee}",
            *self.bases,
            *self.paragraphs,
            self.decides,
            *self.articles,
            "Nơi nhận:",
            *self.recipients,
            *(self._signature_lines()),
        ]
        return "\n".join(line for line in lines if line)

    def _signature_lines(self) -> list[str]:
        if self.signature is None:
            return []
        return [*self.signature.capacity.splitlines(), self.signature.title, self.signature.name]


# -- .docx ----------------------------------------------------------------------------------------


def to_docx(paper: Paper) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")

    def line(where, text, *, bold=False, italic=False, size=None, align=None, under=False):
        paragraph = where.add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, under
        if size:
            run.font.size = Pt(size)
        paragraph.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.space_after = Pt(3)
        return paragraph

    center, left_align = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    left.paragraphs[0].text = ""
    right.paragraphs[0].text = ""
    if paper.header.governing_body:
        line(left, paper.header.governing_body, size=13, align=center)
    line(left, paper.header.issuer, bold=True, size=13, align=center)
    line(left, f"Số: {paper.number}", size=13, align=center)
    line(right, NATIONAL_TITLE, bold=True, size=13, align=center)
    line(right, MOTTO, bold=True, size=14, align=center, under=True)
    line(right, paper.place_and_date, italic=True, size=14, align=center)

    line(document, "")
    line(document, paper.title, bold=True, align=center)
    if paper.subtitle:
        line(document, paper.subtitle, bold=True, align=center)
    if paper.addressee:
        line(document, f"Kính gửi: {paper.addressee}", align=center)
    for basis in paper.bases:
        line(document, basis, italic=True).paragraph_format.first_line_indent = Cm(1)
    for text in paper.paragraphs:
        line(document, text).paragraph_format.first_line_indent = Cm(1)
    if paper.decides:
        line(document, paper.decides, bold=True, align=center)
    for text in paper.articles:
        line(document, text).paragraph_format.first_line_indent = Cm(1)

    footer = document.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    left.paragraphs[0].text = ""
    right.paragraphs[0].text = ""
    line(left, "Nơi nhận:", bold=True, italic=True, size=12, align=left_align)
    for recipient in paper.recipients:
        line(left, f"- {recipient}", size=11, align=left_align)
    if paper.signature is not None:
        for capacity in paper.signature.capacity.splitlines():
            line(right, capacity, bold=True, align=center)
        line(right, paper.signature.title, bold=True, align=center)
        for _blank in range(3):
            line(right, "", align=center)
        line(right, paper.signature.name, bold=True, align=center)

    document.core_properties.title = f"{paper.title} {paper.subtitle}".strip()
    document.core_properties.identifier = paper.number
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- PDF ------------------------------------------------------------------------------------------


def to_pdf(paper: Paper) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    for style, name in FONT_FILES.items():
        pdf.add_font("Serif", style, str(FONT_FOLDER / name))
    pdf.set_title(f"{paper.title} {paper.subtitle}".strip())
    pdf.set_subject(paper.number)
    pdf.set_creator("petitions")
    pdf.add_page()
    width = pdf.epw
    left_w, right_w = width * 0.42, width * 0.58

    def block(x, w, lines):
        pdf.set_xy(x, y0)
        for text, style, size in lines:
            pdf.set_font("Serif", style, size)
            pdf.set_x(x)
            pdf.multi_cell(w, size * 0.45, text, align="C", new_x="LEFT", new_y="NEXT")
        return pdf.get_y()

    y0 = pdf.get_y()
    issuer = [
        (paper.header.governing_body, "", 12),
        (paper.header.issuer, "B", 12),
        (f"Số: {paper.number}", "", 12),
    ]
    left_end = block(LEFT, left_w, [item for item in issuer if item[0]])
    nation = [
        (NATIONAL_TITLE, "B", 11.5),
        (MOTTO, "BU", 12.5),
        ("", "", 6),
        (paper.place_and_date, "I", 12.5),
    ]
    right_end = block(LEFT + left_w, right_w, nation)
    pdf.set_y(max(left_end, right_end) + 8)

    def centred(text, style="B", size=13.5):
        pdf.set_font("Serif", style, size)
        pdf.multi_cell(0, 6.5, text, align="C", new_x="LMARGIN", new_y="NEXT")

    def body(text, style="", indent=True):
        pdf.set_font("Serif", style, 13)
        # A first-line indent of non-breaking spaces, which justification does not stretch.
        pdf.multi_cell(
            0,
            6.5,
            ("\u00a0" * 8 if indent else "") + text,
            align="J",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(1.5)

    centred(paper.title)
    if paper.subtitle:
        centred(paper.subtitle)
    pdf.ln(3)
    if paper.addressee:
        centred(f"Kính gửi: {paper.addressee}", style="", size=13)
        pdf.ln(2)
    for basis in paper.bases:
        body(basis, style="I")
    for text in paper.paragraphs:
        body(text)
    if paper.decides:
        pdf.ln(1)
        centred(paper.decides)
        pdf.ln(1)
    for text in paper.articles:
        body(text)

    pdf.ln(4)
    if pdf.get_y() > pdf.h - BOTTOM - 40:
        pdf.add_page()
    y0 = pdf.get_y()
    pdf.set_xy(LEFT, y0)
    pdf.set_font("Serif", "BI", 11.5)
    pdf.cell(left_w, 5.5, "Nơi nhận:", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "", 10.5)
    for recipient in paper.recipients:
        pdf.set_x(LEFT)
        pdf.multi_cell(left_w, 5, f"- {recipient}", new_x="LEFT", new_y="NEXT")
    if paper.signature is not None:
        lines = [(text, "B", 13) for text in paper.signature.capacity.splitlines()]
        lines.append((paper.signature.title, "B", 13))
        lines += [("", "", 13)] * 4
        lines.append((paper.signature.name, "B", 13))
        block(LEFT + left_w, right_w, lines)
    return bytes(pdf.output())
