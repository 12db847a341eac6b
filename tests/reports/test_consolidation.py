"""The consolidated report adds up what units submitted, and flags where live data now differs;
the quarterly, 6-month and 9-month reports go through the same workflow as the annual one."""

from datetime import date, datetime

import pytest

from petitions.errors import Refused
from petitions.reports.consolidation import LIVE, OWN, SUBMISSION, unit_checks
from petitions.reports.lines import HOME_AFFAIRS_LINE, INSPECTION_LINE
from petitions.reports.models import ReportStatus
from petitions.reports.submissions import submission_statuses
from petitions.reports.workflow import (
    accept_report,
    approve_report,
    finalize_consolidation,
    return_report,
    save_report,
    start_consolidation,
    start_report,
    submit_report,
)
from tests.factories import create_user
from tests.reports.factories import known_dataset, report_case

LINE = HOME_AFFAIRS_LINE
AFTER = date(2027, 1, 10)  # the 2026 year (to 14/12/2026) has closed


@pytest.fixture
def province(app):
    app.config["REPORT_RECIPIENTS"] = {
        LINE: {"recipient": "P-B"},
        INSPECTION_LINE: {"recipient": "P"},
    }
    units, _cases = known_dataset()
    return {
        **units,
        "head": create_user(role="unit_head", unit=units["A"]),
        "home_affairs": create_user(role="home_affairs", unit=units["B"]),
        "inspector": create_user(role="inspector", unit=units["P"]),
    }


def send(unit, head, day, *, line=LINE, period="Y"):
    report = start_report(unit=unit, year=2026, line=line, actor=head, today=day, period=period)
    save_report(report, actor=head, today=day, results="Đã giải quyết đơn thư đúng quy định.")
    approve_report(report, actor=head, today=day)
    submit_report(report, actor=head, today=day)
    return report


def test_the_province_reports_what_a_unit_sent_and_flags_a_case_entered_later(province):
    p = province
    sent = send(p["A"], p["head"], AFTER)
    accept_report(sent, actor=p["home_affairs"], today=AFTER)
    # A received 9 petitions in 2026 (tests/reports/test_statistics.py works them out by hand).
    assert sent.statistics["summary"]["received"] == 9
    # A paper petition of 1 June 2026 is entered in A afterwards, backdated.
    report_case(unit=p["A"], received_on=date(2026, 6, 1))

    total = start_consolidation(year=2026, line=LINE, actor=p["home_affairs"], today=AFTER)

    rows = {row["unit"]: row for row in total.statistics["units"]}
    assert rows["P-A"]["source"] == SUBMISSION
    assert rows["P-A"]["summary"]["received"] == 9  # what A sent, not the 10 the data now has
    assert rows["P-A"]["submitted_on"] == "2027-01-10"
    assert rows["P-B"]["source"] == LIVE  # B has sent nothing: the figures of the day
    assert rows["P"]["source"] == OWN
    # The province's 12: A's 9 as sent, B's 2 (one forwarded from A) and its own 1.
    assert total.statistics["summary"]["received"] == 12
    assert (
        total.statistics["forms"]["01/TCD"]["visits"]
        == sent.statistics["forms"]["01/TCD"]["visits"]
        + rows["P-B"]["forms"]["01/TCD"]["visits"]
        + rows["P"]["forms"]["01/TCD"]["visits"]
    )

    checks = {check.unit.code: check for check in unit_checks(total)}
    assert checks["P-A"].report.id == sent.id and checks["P-A"].submitted_on == AFTER
    received = [d for d in checks["P-A"].differences if (d.form, d.key) == ("summary", "received")]
    assert [(d.submitted, d.live) for d in received] == [(9, 10)]
    assert checks["P-B"].report is None and not checks["P-B"].differs

    # Sending the provincial report adds up the same submissions one last time.
    save_report(total, actor=p["home_affairs"], today=AFTER, results="Tổng hợp.")
    finalize_consolidation(total, actor=p["home_affairs"], today=AFTER)
    assert total.statistics["summary"]["received"] == 12


def test_the_consolidated_page_shows_who_sent_when_and_the_difference(province, client, login):
    p = province
    sent = send(p["A"], p["head"], AFTER)
    accept_report(sent, actor=p["home_affairs"], today=AFTER)
    report_case(unit=p["A"], received_on=date(2026, 6, 1))
    total = start_consolidation(year=2026, line=LINE, actor=p["home_affairs"], today=AFTER)
    from petitions.extensions import db

    db.session.commit()
    login(p["home_affairs"])
    page = client.get(f"/reports/annual/{total.id}").get_data(as_text=True)
    assert 'data-unit="P-A"' in page and "Có chênh lệch" in page
    assert "đã gửi 9, hiện nay 10" in page
    assert "10/01/2027" in page  # when A sent its report
    # The unit's own report shows the same difference to whoever opens it.
    unit_page = client.get(f"/reports/annual/{sent.id}").get_data(as_text=True)
    assert "đã gửi 9, hiện nay 10" in unit_page


def test_a_submission_not_yet_accepted_is_not_added_up(province):
    p = province
    send(p["A"], p["head"], AFTER)  # submitted, not accepted
    report_case(unit=p["A"], received_on=date(2026, 6, 1))
    total = start_consolidation(year=2026, line=LINE, actor=p["home_affairs"], today=AFTER)
    rows = {row["unit"]: row for row in total.statistics["units"]}
    assert rows["P-A"]["source"] == LIVE
    assert rows["P-A"]["summary"]["received"] == 10


def test_a_first_quarter_report_goes_through_the_whole_workflow(province):
    p = province
    day = date(2026, 3, 15)
    report = start_report(
        unit=p["A"], year=2026, line=INSPECTION_LINE, actor=p["head"], today=day, period="Q1"
    )
    assert report.period == "Q1"
    assert (report.period_start, report.period_end) == (date(2025, 12, 15), date(2026, 3, 14))
    assert report.due_on == date(2026, 3, 16)  # two days after closing, as the year's 16/12
    # Received by A from 15/12/2025 to 14/3/2026: c15 (5/1) and c3 at A1 (1/2).
    assert report.statistics["summary"]["received"] == 2
    save_report(report, actor=p["head"], today=day, results="Quý I.")
    approve_report(report, actor=p["head"], today=day)
    submit_report(report, actor=p["head"], today=day)
    return_report(report, actor=p["inspector"], today=day, comment="Bổ sung số liệu tiếp dân.")
    assert report.status == ReportStatus.RETURNED
    approve_report(report, actor=p["head"], today=date(2026, 3, 16))
    submit_report(report, actor=p["head"], today=date(2026, 3, 16))
    assert report.submitted_on == day and report.last_submitted_on == date(2026, 3, 16)
    accept_report(report, actor=p["inspector"], today=date(2026, 3, 17))
    # The year's report on the same line is a report of its own.
    annual = start_report(
        unit=p["A"], year=2026, line=INSPECTION_LINE, actor=p["head"], today=day, period="Y"
    )
    assert annual.id != report.id and annual.period == "Y"
    rows = {
        r.unit.code: r for r in submission_statuses(2026, INSPECTION_LINE, today=day, period="Q1")
    }
    assert rows["P-A"].report.id == report.id
    total = start_consolidation(
        year=2026, line=INSPECTION_LINE, actor=p["inspector"], today=day, period="Q1"
    )
    assert total.period == "Q1" and total.due_on == date(2026, 3, 14) + (
        date(2026, 12, 20) - date(2026, 12, 14)
    )
    units = {row["unit"]: row for row in total.statistics["units"]}
    assert units["P-A"]["source"] == SUBMISSION and units["P-A"]["summary"]["received"] == 2


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("H1", date(2025, 12, 15), date(2026, 6, 14)),
        ("9M", date(2025, 12, 15), date(2026, 9, 14)),
    ],
)
def test_six_and_nine_month_reports_run_from_the_year_start(province, period, start, end):
    p = province
    report = start_report(
        unit=p["A"],
        year=2026,
        line=INSPECTION_LINE,
        actor=p["head"],
        today=date(2026, 10, 1),
        period=period,
    )
    assert (report.period_start, report.period_end) == (start, end)


def test_the_home_affairs_line_has_only_the_annual_report(province):
    p = province
    with pytest.raises(Refused) as refused:
        start_report(unit=p["A"], year=2026, line=LINE, actor=p["head"], today=AFTER, period="Q1")
    assert refused.value.status == 422 and refused.value.field == "period"


def test_the_submissions_api_takes_the_period(province, api):
    p = province
    day = date(2026, 3, 15)
    send(p["A"], p["head"], day, line=INSPECTION_LINE, period="Q1")
    staff = api(p["inspector"])
    body = staff.get("/api/v1/reports/submissions?year=2026&line=inspection&period=Q1").get_json()
    assert body["period"] == "Q1" and body["due_on"] == "2026-03-16"
    units = {row["unit"]: row for row in body["units"]}
    assert units["P-A"]["status"] == "submitted" and units["P-A"]["submitted_on"] == "2026-03-15"
    annual = staff.get("/api/v1/reports/submissions?year=2026&line=inspection").get_json()
    assert {row["unit"]: row["status"] for row in annual["units"]}["P-A"] == "missing"
    wrong = staff.get("/api/v1/reports/submissions?year=2026&line=home_affairs&period=Q1")
    assert wrong.status_code == 422 and "period" in wrong.get_json()["error"]["fields"]


def test_the_consolidated_exports_say_where_each_units_figures_come_from(province, client, login):
    import io

    from docx import Document
    from openpyxl import load_workbook

    from petitions.extensions import db

    p = province
    sent = send(p["A"], p["head"], AFTER)
    accept_report(sent, actor=p["home_affairs"], today=AFTER)
    total = start_consolidation(year=2026, line=LINE, actor=p["home_affairs"], today=AFTER)
    db.session.commit()
    login(p["home_affairs"])

    book = load_workbook(io.BytesIO(client.get(f"/reports/annual/{total.id}/export.xlsx").data))
    rows = {row[0]: row for row in book["Theo đơn vị"].iter_rows(values_only=True) if row[0]}
    assert rows["P-A"][-2:] == ("Báo cáo đã tiếp nhận", datetime(2027, 1, 10))
    assert rows["P-B"][-2] == "Số liệu hệ thống (chưa có báo cáo được tiếp nhận)"

    document = Document(io.BytesIO(client.get(f"/reports/annual/{total.id}/export.docx").data))
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    # The province's report goes to the ministry (Plan 09/KH-UBND), the units' to Sở Nội vụ.
    assert "Kính gửi: Bộ Nội vụ." in [p.text for p in document.paragraphs]
    assert any(
        r[:2] == ["Huyện A", "9"] and r[-2:] == ["Báo cáo đã tiếp nhận", "10/01/2027"]
        for r in cells
    )

    page = client.get(f"/reports/annual/{total.id}/print").get_data(as_text=True)
    assert "Báo cáo đã tiếp nhận" in page and "10/01/2027" in page
