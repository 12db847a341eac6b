"""What an official report prints: the Decree 30/2020 layout of the docx, no internal text
anywhere (page, print view, docx, workbook), rates as percentages and dates as dd/mm/yyyy."""

import io
from datetime import date, datetime

from docx import Document
from openpyxl import load_workbook

from petitions.reports.form_specs import SUMMARY
from tests.reports.test_one_rate import district  # noqa: F401 (the fixture)

INTERNAL = ("API.md", "DOMAIN.md", "README")


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_docx_is_a_narrative_report_in_the_official_layout(district, client, login):  # noqa: F811
    login(district["inspector"])
    report = district["report"]
    text = docx_text(client.get(f"/reports/annual/{report.id}/export.docx").data)

    for expected in (
        "ỦY BAN NHÂN DÂN HUYỆN U",  # the issuer, a People's Committee
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:        /BC-UBND",  # no number yet: left for the records office
        "Hà Giang, ngày 20 tháng 11 năm 2026",
        "BÁO CÁO",
        "Kết quả công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo năm 2026",
        "Kính gửi: Tỉnh P.",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Kết quả.",  # the narrative the head wrote
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "PHỤ LỤC",
    ):
        assert expected in text, expected
    assert not any(word in text for word in INTERNAL)


def test_no_internal_text_on_the_page_or_the_print_view(district, client, login):  # noqa: F811
    login(district["inspector"])
    report = district["report"]
    for url in (
        f"/reports/annual/{report.id}",
        f"/reports/annual/{report.id}/print",
        "/reports/?unit=P-U&year=2026",
        "/reports/print?unit=P-U&year=2026",
    ):
        page = client.get(url).get_data(as_text=True)
        assert not any(word in page for word in INTERNAL), url


def test_every_sheet_has_percentages_dates_and_no_internal_codes(district, client, login):  # noqa: F811
    login(district["inspector"])
    report = district["report"]
    keys = {cell.key for cell in SUMMARY.cells}
    for url in (
        f"/reports/annual/{report.id}/export.xlsx",
        "/reports/export?format=xlsx&unit=P-U&year=2026",
        "/oversight/export.xlsx?unit=P-U",
    ):
        book = load_workbook(io.BytesIO(client.get(url).data))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = cell.value
                    if isinstance(value, datetime | date):
                        assert cell.number_format == "DD/MM/YYYY", (url, sheet.title)
                    elif isinstance(value, float):
                        assert "%" in cell.number_format, (url, sheet.title, cell.coordinate)
                    elif isinstance(value, str):
                        assert value not in keys, (url, sheet.title, value)
                        assert not any(word in value for word in INTERNAL), (url, value)
