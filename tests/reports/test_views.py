"""The reports pages: statistics, the annual report through the browser forms, exports, public."""

import io
import zipfile
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from petitions.reports.lines import HOME_AFFAIRS_LINE, get_line
from petitions.reports.models import AnnualReport, ReportStatus
from petitions.reports.workflow import save_report, start_report
from tests.factories import create_unit, create_user
from tests.reports.factories import known_dataset
from tests.reports.test_statistics import AFTER_THE_YEAR

INJECTIONS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)"]


@pytest.fixture
def units(app, monkeypatch):
    monkeypatch.setattr("petitions.reports.views.today", lambda: AFTER_THE_YEAR)
    app.config["REPORT_RECIPIENTS"] = {HOME_AFFAIRS_LINE: {"recipient": "P-B"}}
    units, _cases = known_dataset()
    return units


def test_the_statistics_page_shows_the_forms_for_the_chosen_unit(units, client, login):
    login(create_user(role="unit_head", unit=units["A"]))
    page = client.get("/reports/?unit=P-A&year=2026").get_data(as_text=True)
    assert 'data-cell="summary:received">9<' in page
    assert 'data-cell="01/XLD:forwarded">1<' in page
    assert 'data-cell="01/KQGQ:on_time_rate">50' in page
    assert "<svg" in page and "15/12/2025" in page


def test_a_quarter_and_a_custom_range_can_be_chosen(units, client, login):
    login(create_user(role="inspector", unit=units["P"]))
    quarter = client.get("/reports/?unit=P-A&year=2026&part=Q2").get_data(as_text=True)
    assert "15/03/2026" in quarter and 'data-cell="01/XLD:received_one">3<' in quarter
    custom = client.get("/reports/?unit=P-A&part=custom&from=2026-01-01&to=2026-01-31")
    assert 'data-cell="summary:resolved">1<' in custom.get_data(as_text=True)
    bad = client.get("/reports/?unit=P-A&part=custom&from=2026-02-01&to=2026-01-01")
    assert bad.status_code == 200 and "không hợp lệ" in bad.get_data(as_text=True)


def test_unit_staff_cannot_open_another_units_statistics(units, client, login):
    login(create_user(role="handler", unit=units["B"]))
    page = client.get("/reports/?unit=P-A&year=2026").get_data(as_text=True)
    assert "không có quyền" in page
    assert "Sở B: từ" in page  # falls back to the user's own unit


def test_the_exports_are_real_workbooks_and_official_documents(units, client, login):
    login(create_user(role="inspector", unit=units["P"]))
    xlsx = client.get("/reports/export?format=xlsx&unit=P&year=2026")
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.data))
    assert {"Tổng hợp", "01-TCD", "01-XLD", "02-XLD", "01-KQGQ", "04-KQGQ", "Theo đơn vị"} <= set(
        workbook.sheetnames
    )
    by_unit = workbook["Theo đơn vị"]
    assert [row[0] for row in by_unit.iter_rows(min_row=7, values_only=True)][:4] == [
        "P",
        "P-A",
        "P-B",
        "Tổng cộng",
    ]
    assert by_unit._charts
    docx = client.get("/reports/export?format=docx&unit=P-A&year=2026")
    text = "\n".join(p.text for p in _all_paragraphs(Document(io.BytesIO(docx.data))))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "HUYỆN A",
        "Hà Giang, ngày 10 tháng 01 năm 2027",
        "BÁO CÁO",
        "01/XLD",
        "01/KQGQ",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert expected in text
    with zipfile.ZipFile(io.BytesIO(docx.data)) as archive:
        assert any(name.endswith(".png") for name in archive.namelist())
    printed = client.get("/reports/print?unit=P-A&year=2026").get_data(as_text=True)
    assert "Độc lập - Tự do - Hạnh phúc" in printed and "data-print" in printed


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_the_head_approves_and_submits_and_home_affairs_returns_it(units, client, login, app):
    handler = create_user(role="handler", unit=units["A"])
    head = create_user(role="unit_head", unit=units["A"])
    home_affairs = create_user(role="home_affairs", unit=units["B"])
    login(handler)
    started = client.post("/reports/annual/start", data={"year": "2026", "line": "home_affairs"})
    report = app.extensions["sqlalchemy"].session.query(AnnualReport).one()
    assert started.headers["Location"].endswith(f"/reports/annual/{report.id}")
    saved = client.post(
        f"/reports/annual/{report.id}",
        data={
            "number": "12/BC-UBND",
            "results": "Kết quả tốt.",
            "limitations": "",
            "proposals": "",
        },
    )
    assert saved.status_code == 302
    client.post("/logout")
    login(head)
    client.post(f"/reports/annual/{report.id}/approve")
    client.post(f"/reports/annual/{report.id}/submit")
    assert client.get(f"/reports/annual/{report.id}").status_code == 200
    client.post("/logout")
    login(home_affairs)
    statuses = client.get("/reports/submissions?year=2026").get_data(as_text=True)
    assert "Huyện A" in statuses and "Đã gửi" in statuses
    missing = client.post(f"/reports/annual/{report.id}/return", data={"comment": ""})
    assert missing.status_code == 422
    client.post(f"/reports/annual/{report.id}/return", data={"comment": "Bổ sung số liệu quý IV."})
    client.post("/logout")
    login(handler)
    page = client.get(f"/reports/annual/{report.id}").get_data(as_text=True)
    assert "Bổ sung số liệu quý IV." in page and "Bị trả lại" in page
    report = app.extensions["sqlalchemy"].session.get(AnnualReport, report.id)
    assert report.status == ReportStatus.RETURNED
    docx = client.get(f"/reports/annual/{report.id}/export.docx")
    text = "\n".join(p.text for p in _all_paragraphs(Document(io.BytesIO(docx.data))))
    assert "Số: 12/BC-UBND" in text and "Kết quả tốt." in text


def test_someone_else_cannot_move_a_report(units, client, login):
    head = create_user(role="unit_head", unit=units["A"])
    report = start_report(
        unit=units["A"], year=2026, line="home_affairs", actor=head, today=date(2026, 11, 1)
    )
    save_report(report, actor=head, today=date(2026, 11, 1), results="x")
    from petitions.extensions import db

    db.session.commit()
    login(create_user(role="unit_head", unit=units["B"]))
    assert client.post(f"/reports/annual/{report.id}/approve").status_code == 404
    login(create_user(role="handler", unit=units["A"]))
    assert client.post(f"/reports/annual/{report.id}/approve").status_code == 403


@pytest.mark.parametrize("text", INJECTIONS)
def test_text_that_looks_like_a_formula_is_stored_as_text(units, client, login, text):
    head = create_user(role="unit_head", unit=units["A"])
    report = start_report(
        unit=units["A"], year=2026, line="home_affairs", actor=head, today=AFTER_THE_YEAR
    )
    save_report(report, actor=head, today=AFTER_THE_YEAR, results=text, proposals=text)
    from petitions.extensions import db

    db.session.commit()
    login(head)
    response = client.get(f"/reports/annual/{report.id}/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook["Thuyết minh"]
    cells = [row[1] for row in sheet.iter_rows(min_row=6) if row[1].value == text]
    assert len(cells) == 2
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if "worksheets/sheet" in name]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)


def test_the_public_page_shows_figures_per_unit_without_personal_data(units, client):
    page = client.get("/reports/public?year=2026").get_data(as_text=True)
    assert "Huyện A" in page and "Sở B" in page
    assert "42,86%" in page or "42.86%" in page  # A's rate
    assert "Nguyễn" not in page and "R000" not in page
    drill = client.get("/reports/public?year=2026&unit=P-A").get_data(as_text=True)
    assert "Xã A1" in drill
    assert client.get("/reports/public?unit=NOPE").status_code == 404


def test_admins_set_recipients_and_due_dates(units, client, login):
    login(create_user(role="admin", unit=units["P"]))
    form = client.get("/reports/lines?line=home_affairs").get_data(as_text=True)
    assert "11-30" in form
    response = client.post(
        "/reports/lines?line=home_affairs",
        data={
            "name": "Báo cáo năm gửi Sở Nội vụ",
            "recipient": "P-B",
            "reviewer_role": "home_affairs",
            "unit_due": "11-28",
            "consolidated_due": "12-08",
            "levels": ["department", "district"],
            "active": "y",
        },
    )
    assert response.status_code == 302
    assert get_line("home_affairs").unit_due == "11-28"
    bad = client.post(
        "/reports/lines?line=home_affairs",
        data={
            "name": "x",
            "recipient": "NOPE",
            "reviewer_role": "home_affairs",
            "unit_due": "11-28",
            "consolidated_due": "12-08",
            "levels": ["district"],
            "active": "y",
        },
    )
    assert bad.status_code == 200 and "NOPE" in bad.get_data(as_text=True)


def test_staff_without_report_rights_are_refused(app, client, login):
    unit = create_unit()
    login(create_user(role="reception_officer", unit=unit))
    assert client.get("/reports/").status_code == 403
