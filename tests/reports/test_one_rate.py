"""One on-time rate: a unit's rate is the same number on the oversight dashboard (page and
JSON), the public statistics, the annual report (API, page, print, docx) and every workbook."""

import io
import re
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from petitions.extensions import db
from petitions.reports.lines import HOME_AFFAIRS_LINE
from petitions.reports.workflow import approve_report, save_report, start_report
from tests.factories import create_unit, create_user
from tests.reports.factories import report_case

TODAY = date(2026, 11, 20)  # inside the reporting year 2026 (15/12/2025 - 14/12/2026)
# 1 resolved on time / (2 resolved + 1 open past due), counting cases.
RATE = 0.3333


@pytest.fixture
def district(app, monkeypatch):
    for target in (
        "petitions.reports.api.today",
        "petitions.reports.views.today",
        "petitions.oversight.views.clock_today",
        "petitions.oversight.api.clock_today",
    ):
        monkeypatch.setattr(target, lambda: TODAY)
    app.config["REPORT_RECIPIENTS"] = {HOME_AFFAIRS_LINE: {"recipient": "P"}}
    province = create_unit(code="P", name="Tỉnh P", level="province")
    unit = create_unit(code="P-U", name="Huyện U", level="district", parent=province)
    d = date
    # On time, and its classifying and accepting deadlines met on time too: counting
    # deadlines would give 3 met on time of 5 (60 %), counting cases gives 1 of 3.
    report_case(
        unit=unit,
        received_on=d(2026, 1, 5),
        status="concluded",
        accepted_on=d(2026, 1, 6),
        settled_on=d(2026, 2, 1),
        outcome="correct",
        resolve_due=d(2026, 2, 5),
        deadlines=(
            ("petition.classify", d(2026, 1, 5), d(2026, 1, 19), d(2026, 1, 6), None),
            ("complaint.accept", d(2026, 1, 5), d(2026, 1, 15), d(2026, 1, 6), None),
        ),
        eligible=True,
        within_competence=True,
    )
    # Concluded a month late.
    report_case(
        unit=unit,
        received_on=d(2026, 3, 1),
        status="concluded",
        accepted_on=d(2026, 3, 2),
        settled_on=d(2026, 5, 1),
        outcome="partly_correct",
        resolve_due=d(2026, 4, 1),
        eligible=True,
        within_competence=True,
    )
    # Still being verified, past its deadline of 2/7.
    report_case(
        unit=unit,
        received_on=d(2026, 6, 1),
        status="verifying",
        accepted_on=d(2026, 6, 2),
        resolve_due=d(2026, 7, 2),
        eligible=True,
        within_competence=True,
    )
    head = create_user(role="unit_head", unit=unit)
    report = start_report(unit=unit, year=2026, line=HOME_AFFAIRS_LINE, actor=head, today=TODAY)
    save_report(report, actor=head, today=TODAY, results="Kết quả.")
    approve_report(report, actor=head, today=TODAY)
    db.session.commit()
    return {
        "unit": unit,
        "report": report,
        "inspector": create_user(role="inspector", unit=province),
    }


def row_rate(page: str, code: str) -> str:
    """The text of the rate cell of the row of `code` (data-unit, data-rate)."""
    match = re.search(rf'data-unit="{code}"[^>]*>.*?<td[^>]*data-rate[^>]*>([^<]+)<', page, re.S)
    assert match, code
    return match.group(1).strip()


def sheet_rate(sheet, label_start: str, value_column: int, *, row_label: str | None = None):
    for row in sheet.iter_rows(values_only=True):
        names = [str(v).strip() for v in row if isinstance(v, str)]
        if row_label is not None and row_label not in names:
            continue
        if row_label is not None or any(n.startswith(label_start) for n in names):
            return row[value_column]
    raise AssertionError(label_start)


def test_a_units_rate_is_the_same_everywhere(district, client, login, api):
    inspector = district["inspector"]
    report = district["report"]
    staff = api(inspector)

    annual = staff.get("/api/v1/reports/annual?year=2026&unit=P-U").get_json()
    assert annual["summary"]["on_time_rate"] == RATE
    assert report.statistics["summary"]["on_time_rate"] == RATE

    on_time = staff.get("/api/v1/oversight/on_time?unit=P-U&as_of=2026-11-20").get_json()
    assert {i["unit"]: i["on_time_rate"] for i in on_time["items"]} == {"P-U": RATE}

    login(inspector)
    board = client.get("/oversight/?unit=P-U&as_of=2026-11-20").get_data(as_text=True)
    public = client.get("/reports/public?year=2026&unit=P").get_data(as_text=True)
    printed = row_rate(board, "P-U")
    assert printed.startswith("33,33")
    assert row_rate(public, "P-U") == printed
    page = client.get(f"/reports/annual/{report.id}").get_data(as_text=True)
    assert f'data-cell="summary:on_time_rate">{printed}<' in page
    print_view = client.get(f"/reports/annual/{report.id}/print").get_data(as_text=True)
    assert f'data-cell="summary:on_time_rate">{printed}<' in print_view

    docx = Document(io.BytesIO(client.get(f"/reports/annual/{report.id}/export.docx").data))
    texts = {cell.text for table in docx.tables for row in table.rows for cell in row.cells}
    assert "33,33%" in texts

    label = "Tỷ lệ giải quyết đúng hạn"
    workbooks = {
        "api": staff.get("/api/v1/reports/annual?year=2026&unit=P-U&format=xlsx").data,
        "live": client.get("/reports/export?format=xlsx&unit=P-U&year=2026").data,
        "report": client.get(f"/reports/annual/{report.id}/export.xlsx").data,
    }
    for name, data in workbooks.items():
        summary = load_workbook(io.BytesIO(data))["Tổng hợp"]
        assert sheet_rate(summary, label, 2) == RATE, name
    oversight = load_workbook(io.BytesIO(client.get("/oversight/export.xlsx?unit=P-U").data))
    sheet = oversight["Tỷ lệ đúng hạn"]
    assert sheet_rate(sheet, "", 4, row_label="Huyện U") == RATE
    assert sheet.cell(2, 5).number_format == "0.00%"
