"""The drill-down list behind a dashboard number as a workbook, dates and days as such."""

import re
from datetime import date, datetime
from io import BytesIO

from openpyxl import load_workbook


def test_the_drill_down_list_exports_to_excel_with_its_filters(province, client, login):
    login(province.inspector)
    page = client.get("/oversight/cases?state=overdue&as_of=2026-03-03").get_data(as_text=True)
    assert "/oversight/cases.xlsx?" in page and "state=overdue" in page

    response = client.get("/oversight/cases.xlsx?state=overdue&as_of=2026-03-03")

    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Danh sách"] == "Hồ sơ quá hạn"
    assert summary["Số hồ sơ"] == 2
    sheet = book["Hồ sơ"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    codes = {row[0] for row in rows}
    assert province.cases["C"].tracking_code in codes
    assert len(rows) == 2
    received, due = sheet.cell(2, 5), sheet.cell(2, 7)
    assert isinstance(received.value, (date, datetime)) and received.number_format == "DD/MM/YYYY"
    assert isinstance(due.value, (date, datetime)) and due.number_format == "DD/MM/YYYY"
    assert all(isinstance(row[7], int) and row[7] > 0 for row in rows)
    assert book["Tổng hợp"].cell(3, 2).number_format == "DD/MM/YYYY"


def test_a_handler_cannot_export_the_oversight_list(province, client, login):
    login(province.handler)

    assert client.get("/oversight/cases.xlsx").status_code == 403


def test_one_case_one_day_in_english(province, client, login):
    login(province.inspector)
    with client.session_transaction() as session:
        session["lang"] = "en"

    html = client.get("/oversight/overdue?as_of=2026-03-03").get_data(as_text=True)

    assert not re.search(r"\b1 (days|cases)\b", html)
    assert re.search(r"\b\d+ (day|days|case|cases)\b", html)
