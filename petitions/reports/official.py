"""A report as an official document: the narrative report of Plan 09/KH-UBND (a unit's report to
Sở Nội vụ before 30/11, the province's to Bộ Nội vụ before 10/12) and the statistical reports,
laid out as Decree 30/2020/NĐ-CP (Appendix I) sets an administrative document: the issuer and
its governing body, the number line, the place and date, the kind and subject, the body in the
sections the head writes, the figures as tables attached, "Nơi nhận" and the signature block.

`report_header` and `report_signature` are the seam for the document register (issue #16):
they answer with the same fields as petitions.documents.issuers (Header, Signature), so that
package can take them over without touching the layout.

Nothing internal is printed: a basis that names a project file (API.md and the like) is
dropped (`official_text`), rates print as percentages and dates as dd/mm/yyyy.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from petitions.domain.periods import Period
from petitions.spreadsheets import safe_text
from petitions.units.models import Unit, UnitLevel

GOVERNMENT_LEVELS = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)
# A reference to a file of the project (API.md, DOMAIN.md, README...) is no legal basis.
_INTERNAL = re.compile(r"\b[\w-]+\.md\b|\bREADME\b", re.IGNORECASE)


def official_text(text: Any) -> str:
    """A basis or reference as an official document may print it: the parts (split on ";")
    that name an internal file are left out."""
    parts = [part.strip() for part in str(text or "").split(";")]
    return "; ".join(part for part in parts if part and not _INTERNAL.search(part))


def percent_text(value: float | None) -> str:
    """0.4286 as "42,86%" (Vietnamese decimal comma); "—" when there is nothing to rate."""
    if value is None:
        return "—"
    return f"{value * 100:.2f}%".replace(".", ",")


def day_text(day: date) -> str:
    return f"{day:%d/%m/%Y}"


# -- the seam: issuer and signature ----------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    governing_body: str  # "" when the issuer has none above it
    issuer: str
    abbreviation: str  # of the issuer, after the kind in the number: 125/BC-UBND
    place: str


@dataclass(frozen=True)
class Signature:
    capacity: str  # "TM. ỦY BAN NHÂN DÂN" or ""
    title: str  # "CHỦ TỊCH", "GIÁM ĐỐC", "CHÁNH THANH TRA"...
    name: str


def _is_government(unit: Unit) -> bool:
    return unit.level in GOVERNMENT_LEVELS


def _issuer_name(unit: Unit) -> str:
    name = unit.name.strip()
    if _is_government(unit) and not name.lower().startswith(("ủy ban", "uỷ ban", "ubnd")):
        name = f"Ủy ban nhân dân {name}"
    return name.upper()


def _abbreviation(unit: Unit) -> str:
    if _is_government(unit):
        return "UBND"
    words = unit.name.strip().lower()
    for start, short in (("thanh tra", "TTr"), ("sở nội vụ", "SNV"), ("văn phòng", "VP")):
        if words.startswith(start):
            return short
    return "".join(word[0] for word in unit.name.split() if word[:1].isalpha()).upper()


def report_header(unit: Unit) -> Header:
    """Who issues the report: the unit, under its governing body (the parent's People's
    Committee for a department)."""
    governing = ""
    if not _is_government(unit) and unit.parent is not None:
        governing = _issuer_name(unit.parent)
    place = current_app.config["REPORT_PLACE"] or current_app.config["PROVINCE_NAME"]
    return Header(governing, _issuer_name(unit), _abbreviation(unit), place)


def report_signature(unit: Unit, signer_name: str) -> Signature:
    """The head signs: a People's Committee's report on behalf of the committee ("TM.")."""
    if _is_government(unit):
        return Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", signer_name)
    words = unit.name.strip().lower()
    for start, title in (("sở", "GIÁM ĐỐC"), ("thanh tra", "CHÁNH THANH TRA")):
        if words.startswith(start):
            return Signature("", title, signer_name)
    return Signature("", "THỦ TRƯỞNG CƠ QUAN", signer_name)


def number_line(number: str, abbreviation: str) -> str:
    """ "Số: 125/BC-UBND"; a number not yet given is left blank for the records office."""
    if number:
        return f"Số: {number}"
    return f"Số:        /BC-{abbreviation}"


def place_and_date(place: str, day: date) -> str:
    """ "Hà Giang, ngày 05 tháng 3 năm 2026" (Decree 30/2020, Appendix I: a zero before days
    below 10 and months 1 and 2)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def document_title(period: Period) -> str:
    """The subject (trích yếu) of the report for its period."""
    subject = _("Kết quả công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo")
    names = {
        "year": _("năm %(year)s", year=period.year),
        "nine_months": _("9 tháng năm %(year)s", year=period.year),
    }
    if period.kind == "half" and period.number == 1:
        names["half"] = _("6 tháng đầu năm %(year)s", year=period.year)
    if period.kind == "quarter":
        roman = {1: "I", 2: "II", 3: "III", 4: "IV"}.get(period.number or 0, "")
        names["quarter"] = _("quý %(q)s năm %(year)s", q=roman, year=period.year)
    if period.kind in names:
        return f"{subject} {names[period.kind]}"
    return _(
        "%(subject)s từ ngày %(start)s đến ngày %(end)s",
        subject=subject,
        start=day_text(period.start),
        end=day_text(period.end),
    )


# -- the docx --------------------------------------------------------------------------------------


def cell_label(cell) -> str:
    """A form cell as a table row names it (a column of the circular's layout by its title)."""
    if getattr(cell, "column", None) and getattr(cell, "title", None):
        return str(cell.title)
    return ("    " * cell.level) + str(cell.label)


def write_docx(
    doc, target, *, summary_spec, form_specs, chart_png: bytes | None = None, source_label=str
) -> None:
    """The report in the official layout, always in Vietnamese. `doc` is an
    exports.ReportDocument; the specs are the summary and the forms to attach; `source_label`
    names where a consolidated row's figures come from."""
    with force_locale("vi"):
        _Writer(doc, summary_spec, form_specs, chart_png, source_label).write(target)


NARRATIVE_SECTIONS = (
    ("results", "I. KẾT QUẢ ĐẠT ĐƯỢC"),
    ("limitations", "II. HẠN CHẾ, NGUYÊN NHÂN"),
    ("proposals", "III. ĐỀ XUẤT, KIẾN NGHỊ"),
)


class _Writer:
    def __init__(self, doc, summary_spec, form_specs, chart_png, source_label=str):
        from docx import Document
        from docx.shared import Mm, Pt

        self.doc = doc
        self.summary_spec = summary_spec
        self.form_specs = form_specs
        self.chart_png = chart_png
        self.source_label = source_label
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        base = self.document.styles["Normal"]
        base.font.name = "Times New Roman"
        base.font.size = Pt(13)

    def paragraph(
        self, where, text="", *, bold=False, italic=False, underline=False, centre=False, size=None
    ):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph = where.add_paragraph()
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(safe_text(str(text)))
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        return paragraph

    def write(self, target) -> None:
        self.header()
        self.title()
        self.body()
        self.closing()
        self.attachments()
        self.document.save(target)

    def header(self) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT

        doc = self.doc
        head = report_header(doc.unit) if doc.unit is not None else _plain_header(doc)
        grid = self.document.add_table(rows=1, cols=2)
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = grid.rows[0].cells
        left.paragraphs[0].text = right.paragraphs[0].text = ""
        if head.governing_body:
            self.paragraph(left, head.governing_body, centre=True, size=12)
        self.paragraph(left, head.issuer, bold=True, centre=True, size=12)
        self.paragraph(left, "———", centre=True, size=8)
        self.paragraph(left, number_line(doc.number, head.abbreviation), centre=True, size=12)
        self.paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, centre=True, size=12)
        self.paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, centre=True)
        self.paragraph(right, "———————————", centre=True, size=8)
        self.paragraph(right, place_and_date(head.place, doc.dated), italic=True, centre=True)

    def title(self) -> None:
        doc = self.doc
        self.paragraph(self.document, "BÁO CÁO", bold=True, centre=True, size=14)
        self.paragraph(self.document, document_title(doc.period), bold=True, centre=True)
        self.paragraph(
            self.document,
            f"(Số liệu từ ngày {day_text(doc.period.start)} đến ngày {day_text(doc.period.end)}, "
            f"tính đến ngày {day_text(doc.as_of)})",
            italic=True,
            centre=True,
        )
        if doc.recipient:
            self.paragraph(self.document, f"Kính gửi: {doc.recipient}.", centre=True)

    def body(self) -> None:
        """The narrative in its sections, the summary figures and chart in the first."""
        doc = self.doc
        for key, heading in NARRATIVE_SECTIONS:
            self.paragraph(self.document, heading, bold=True)
            lines = [line for line in (doc.narrative.get(key) or "").splitlines() if line.strip()]
            for line in lines or [""]:
                self.paragraph(self.document, line)
            if key == "results":
                self.paragraph(self.document, "Số liệu tổng hợp:", italic=True)
                self.form_table(self.summary_spec, doc.figures.summary, heading=False)
                if self.chart_png:
                    from docx.shared import Mm

                    self.document.add_picture(io.BytesIO(self.chart_png), width=Mm(150))

    def closing(self) -> None:
        doc = self.doc
        grid = self.document.add_table(rows=1, cols=2)
        received_by, signature = grid.rows[0].cells
        received_by.paragraphs[0].text = signature.paragraphs[0].text = ""
        self.paragraph(received_by, "Nơi nhận:", bold=True, italic=True, size=12)
        if doc.recipient:
            self.paragraph(received_by, f"- {doc.recipient};", size=11)
        self.paragraph(received_by, "- Lưu: VT.", size=11)
        sign = report_signature(doc.unit, doc.signer) if doc.unit is not None else None
        if sign is None:
            sign = Signature("", "THỦ TRƯỞNG CƠ QUAN", doc.signer)
        for line in filter(None, sign.capacity.split("\n")):
            self.paragraph(signature, line, bold=True, centre=True)
        self.paragraph(signature, sign.title, bold=True, centre=True)
        self.paragraph(
            signature, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, centre=True, size=11
        )
        for _blank in range(3):
            self.paragraph(signature, "")
        self.paragraph(signature, sign.name, bold=True, centre=True)

    def attachments(self) -> None:
        """The statistical forms (and the units' rows of a consolidated report), attached."""
        from docx.enum.text import WD_BREAK

        doc = self.doc
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.paragraph(self.document, "PHỤ LỤC", bold=True, centre=True)
        self.paragraph(
            self.document,
            f"Biểu số liệu kèm theo Báo cáo {doc.number or ''}".rstrip(),
            italic=True,
            centre=True,
        )
        for spec in self.form_specs:
            self.form_table(spec, doc.figures.forms.get(spec.code, {}))
        if doc.by_unit:
            self.paragraph(self.document, "Tổng hợp theo đơn vị", bold=True)
            sourced = any(getattr(row, "source", "") for row in doc.by_unit)
            headers = ["Đơn vị", "Tiếp nhận", "Đã giải quyết", "Đúng hạn", "Quá hạn"]
            headers.append("Tỷ lệ đúng hạn")
            if sourced:
                headers += ["Nguồn số liệu", "Ngày gửi báo cáo"]
            self.table(headers, [self.unit_row(row, sourced) for row in doc.by_unit])

    def unit_row(self, row, sourced: bool) -> tuple:
        summary = row.figures.summary
        values = (
            row.name,
            summary.get("received"),
            summary.get("resolved"),
            summary.get("resolved_on_time"),
            summary.get("open_overdue"),
            percent_text(summary.get("on_time_rate")),
        )
        if not sourced:
            return values
        return (*values, self.source_label(row.source), row.submitted_on or "")

    def table(self, headers, rows):
        grid = self.document.add_table(rows=1, cols=len(headers))
        grid.style = "Table Grid"
        for index, header in enumerate(headers):
            grid.rows[0].cells[index].text = ""
            grid.rows[0].cells[index].paragraphs[0].add_run(str(header)).bold = True
        for row in rows:
            cells = grid.add_row().cells
            for index, value in enumerate(row):
                cells[index].text = safe_text(_display(value))
        return grid

    def form_table(self, spec, values: dict, *, heading: bool = True) -> None:
        if heading:
            name = f"Biểu {spec.code} — {spec.title}" if spec.code != "summary" else spec.title
            self.paragraph(self.document, name, bold=True)
        self.table(
            ["STT", "Chỉ tiêu", "Số liệu"],
            [
                (
                    index,
                    cell_label(cell),
                    percent_text(values.get(cell.key)) if cell.rate else values.get(cell.key, 0),
                )
                for index, cell in enumerate(spec.cells, start=1)
            ],
        )
        basis = official_text(spec.basis)
        if basis:
            self.paragraph(self.document, f"Căn cứ: {basis}", italic=True, size=11)


def _plain_header(doc) -> Header:
    place = current_app.config["REPORT_PLACE"] or current_app.config["PROVINCE_NAME"]
    return Header(doc.parent_name.upper(), doc.unit_name.upper(), "BC", place)


def _display(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, date):
        return day_text(value)
    return str(value)
