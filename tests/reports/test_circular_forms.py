"""The forms and periods of Circular 01/2024/TT-TTCP: periods closing on the 14th, the statistics
API by period code, matters (vụ việc), subject areas, the results of decisions, and each form's
xlsx sheet against the appendix layout (header texts and column numbering)."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from petitions.cases.models import CaseResult, Status
from petitions.domain.periods import PeriodError, parse, statistical_period
from petitions.extensions import db
from petitions.reports.figures import figures_for
from petitions.reports.form_specs import FORMS
from tests.factories import create_case, create_unit, create_user
from tests.reports.factories import known_dataset, report_case
from tests.reports.test_statistics import AFTER_THE_YEAR, EXPECTED_A

SPECS = {spec.code: spec for spec in FORMS}


# -- periods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        # The circular's closing dates, as written: Q1 from 15/12 of the previous year to 14/3;
        # Q2-Q4 from the 15th of the previous quarter's last month to the 14th of the quarter's
        # last month; 6 months to 14/6, 9 months to 14/9, the year to 14/12.
        ("Q1", date(2025, 12, 15), date(2026, 3, 14)),
        ("Q2", date(2026, 3, 15), date(2026, 6, 14)),
        ("Q3", date(2026, 6, 15), date(2026, 9, 14)),
        ("Q4", date(2026, 9, 15), date(2026, 12, 14)),
        ("H1", date(2025, 12, 15), date(2026, 6, 14)),
        ("9M", date(2025, 12, 15), date(2026, 9, 14)),
        ("Y", date(2025, 12, 15), date(2026, 12, 14)),
    ],
)
def test_each_periodic_report_closes_on_the_14th(code, start, end):
    period = statistical_period(code, 2026)
    assert (period.start, period.end) == (start, end)
    assert period.code == code
    assert parse(period.key) == period


def test_an_unknown_period_code_is_refused():
    for code in ("Q5", "H3", "10M", "", "y2026"):
        with pytest.raises(PeriodError):
            statistical_period(code, 2026)


@pytest.fixture
def units(app, monkeypatch):
    monkeypatch.setattr("petitions.reports.api.today", lambda: AFTER_THE_YEAR)
    units, _cases = known_dataset()
    return units


@pytest.mark.parametrize(
    ("code", "start", "end", "complaints_accepted"),
    [
        ("Q1", "2025-12-15", "2026-03-14", 2),  # c2 (20/12), c15 (6/1)
        ("H1", "2025-12-15", "2026-06-14", 3),  # and c7 (5/6)
        ("9M", "2025-12-15", "2026-09-14", 4),  # and c14 (12/8)
        ("Y", "2025-12-15", "2026-12-14", 4),
    ],
)
def test_the_statistics_api_gives_the_forms_of_a_periodic_report(
    units, api, code, start, end, complaints_accepted
):
    inspector = create_user(role="inspector", unit=units["P"])
    response = api(inspector).get(f"/api/v1/reports/statistics?period={code}&year=2026&unit=P-A")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"unit", "period", "summary", "forms"}
    assert body["period"] == {"from": start, "to": end}
    assert set(body["forms"]) == set(SPECS)
    assert body["forms"]["01/KQGQ"]["accepted"] == complaints_accepted


def test_the_year_of_the_statistics_api_equals_the_annual_report(units, api):
    client = api(create_user(role="inspector", unit=units["P"]))
    yearly = client.get("/api/v1/reports/statistics?period=Y&year=2026&unit=P-A").get_json()
    annual = client.get("/api/v1/reports/annual?year=2026&unit=P-A").get_json()
    assert yearly == annual
    assert annual["forms"]["01/XLD"] == EXPECTED_A["01/XLD"]


def test_a_bad_period_code_or_year_is_a_clear_422(units, api):
    client = api(create_user(role="inspector", unit=units["P"]))
    bad = client.get("/api/v1/reports/statistics?period=Q5&year=2026&unit=P-A")
    assert bad.status_code == 422
    assert "Q1" in bad.get_json()["error"]["message"]
    assert client.get("/api/v1/reports/statistics?period=Q1&year=20x6").status_code == 422


# -- matters, subject areas, results ---------------------------------------------------------------


@pytest.fixture
def unit(app):
    return create_unit(code="M", level="district")


def _year(unit):
    return figures_for([unit], statistical_period("Y", 2026), today=AFTER_THE_YEAR)


def test_a_repeat_a_duplicate_and_a_second_round_are_one_matter(unit):
    first = report_case(
        unit=unit,
        received_on=date(2026, 1, 5),
        status="concluded",
        accepted_on=date(2026, 1, 6),
        settled_on=date(2026, 2, 1),
        outcome="incorrect",
        eligible=True,
        within_competence=True,
    )
    # A copy of the same petition, filed as a duplicate.
    report_case(
        unit=unit,
        received_on=date(2026, 1, 7),
        status="filed",
        settled_on=date(2026, 1, 8),
        duplicate_of=first,
        eligible=False,
    )
    # The complaint's second round, after the first decision.
    second = report_case(
        unit=unit,
        received_on=date(2026, 3, 1),
        accepted_on=date(2026, 3, 2),
        status="accepted",
        complaint_round=2,
        repeat_of=first,
        repeat_number=2,
        eligible=True,
        within_competence=True,
    )
    for case in (first, second):
        case.subject_area = "admin_land"
    db.session.flush()
    xld = _year(unit).forms["02/XLD"]
    assert (xld["total"], xld["handled"], xld["eligible"]) == (3, 3, 2)
    assert xld["eligible_matters"] == 1
    assert (xld["land"], xld["administrative"], xld["other"]) == (1, 1, 0)
    # The second round was petitioned once the matter had a decision: resolved once before.
    assert xld["resolved_once"] == 1
    assert xld["within_first"] == 1 and xld["within_second"] == 1
    kqgq = _year(unit).forms["01/KQGQ"]
    assert (kqgq["petitions"], kqgq["matters"]) == (2, 1)
    assert kqgq["first_incorrect"] == 1


def test_a_decisions_results_fill_the_recovery_and_enforcement_columns(unit):
    case = report_case(
        unit=unit,
        kind="denunciation",
        received_on=date(2026, 2, 1),
        status="concluded",
        accepted_on=date(2026, 2, 3),
        settled_on=date(2026, 3, 1),
        outcome="correct",
        eligible=True,
        within_competence=True,
    )
    db.session.add(
        CaseResult(
            case_id=case.id,
            recover_money=125_500_000,  # 125,5 million đồng
            recover_land=300.5,
            return_org_money=0,
            return_org_land=0,
            return_person_money=2_000_000,
            return_person_land=0,
            restored_orgs=0,
            restored_people=3,
            discipline_people=2,
            discipline_officials=1,
            investigation_cases=1,
            investigation_people=1,
            investigation_officials=0,
            enforced_on=date(2026, 5, 20),
        )
    )
    db.session.flush()
    figures = _year(unit)
    kqgq = figures.forms["03/KQGQ"]
    assert kqgq["recover_money"] == 125.5
    assert kqgq["recover_land"] == 300.5
    assert kqgq["return_person_money"] == 2.0
    assert (kqgq["restored_people"], kqgq["discipline_people"]) == (3, 2)
    assert kqgq["discipline_officials"] == 1 and kqgq["investigation_cases"] == 1
    assert kqgq["found_correct"] == 1 and kqgq["resolved"] == 1
    enforcement = figures.forms["04/KQGQ"]
    assert (enforcement["to_enforce"], enforcement["enforced"]) == (1, 1)
    assert enforcement["recover_money_due"] == 125.5 == enforcement["recover_money_done"]
    assert enforcement["disciplined_officials"] == 1
    # The first quarter ends on 14/3: decided, not yet carried out.
    first_quarter = figures_for([unit], statistical_period("Q1", 2026), today=AFTER_THE_YEAR)
    assert first_quarter.forms["04/KQGQ"]["to_enforce"] == 1
    assert first_quarter.forms["04/KQGQ"]["enforced"] == 0
    assert first_quarter.forms["04/KQGQ"]["recover_money_done"] == 0


def test_the_handler_records_the_area_and_the_results_through_the_api(unit, api):
    handler = create_user(role="handler", unit=unit)
    case = create_case(unit=unit, received_on=date(2026, 1, 5))
    db.session.commit()
    client = api(handler)
    classified = client.post(
        f"/api/v1/cases/{case.id}/actions",
        json={"action": "classify", "subject_area": "admin_policy"},
    )
    assert classified.status_code == 200, classified.get_json()
    assert client.get(f"/api/v1/cases/{case.id}").get_json()["subject_area"] == "admin_policy"
    unknown = client.post(
        f"/api/v1/cases/{case.id}/actions", json={"action": "classify", "subject_area": "weather"}
    )
    assert unknown.status_code == 422
    assert "subject_area" in unknown.get_json()["error"]["fields"]
    # No decision yet: nothing was recovered.
    early = client.post(f"/api/v1/cases/{case.id}/results", json={"recover_money": 1000})
    assert early.status_code == 409
    case.status = Status.CONCLUDED
    db.session.commit()
    negative = client.post(f"/api/v1/cases/{case.id}/results", json={"recover_land": "-3"})
    assert negative.status_code == 422
    assert "recover_land" in negative.get_json()["error"]["fields"]
    words = client.post(f"/api/v1/cases/{case.id}/results", json={"restored_people": "ba"})
    assert words.status_code == 422
    later = client.post(f"/api/v1/cases/{case.id}/results", json={"enforced_on": "2099-01-01"})
    assert later.status_code == 422
    saved = client.post(
        f"/api/v1/cases/{case.id}/results",
        json={"recover_money": "5000000", "recover_land": "12,5", "enforced_on": "2026-02-01"},
    )
    assert saved.status_code == 200, saved.get_json()
    body = client.get(f"/api/v1/cases/{case.id}/results").get_json()
    assert body["recover_money"] == 5_000_000
    assert body["recover_land"] == 12.5
    assert body["enforced_on"] == "2026-02-01"
    assert body["subject_area"] == "admin_policy"
    other_unit = create_user(role="handler", unit=create_unit())
    assert api(other_unit).get(f"/api/v1/cases/{case.id}/results").status_code in (403, 404)


# -- the xlsx of each form -------------------------------------------------------------------------

# The appendix's headers, as printed, by column number (a sample of each form).
HEADERS = {
    "01/TCD": {
        1: ["Tổng số lượt tiếp"],
        4: ["Tiếp thường xuyên", "Số lượt tiếp"],
        6: ["Tiếp thường xuyên", "Số vụ việc", "Tiếp lần đầu"],
        12: ["Tiếp định kỳ và đột xuất của Thủ trưởng", "Thủ trưởng trực tiếp tiếp", "Số kỳ tiếp"],
        21: ["Tiếp định kỳ và đột xuất của Thủ trưởng", "Ủy quyền tiếp", "Số kỳ tiếp"],
        29: [
            "Tiếp định kỳ và đột xuất của Thủ trưởng",
            "Ủy quyền tiếp",
            "Trong đó đoàn đông người",
            "Tiếp nhiều lần",
        ],
    },
    "01/XLD": {
        1: ["Tổng số đơn"],
        2: ["Đơn kỳ trước chuyển sang", "Đơn có nhiều người đứng tên"],
        8: ["Số đơn đã xử lý"],
        10: ["Đủ điều kiện xử lý", "Số vụ việc"],
        24: ["Kết quả xử lý đơn", "Đơn không thuộc thẩm quyền", "Chuyển đơn"],
        26: ["Số văn bản phúc đáp nhận được do chuyển đơn"],
    },
    "02/XLD": {
        12: ["Phân loại vụ việc theo nội dung", "Lĩnh vực hành chính", "Chế độ, chính sách"],
        20: [
            "Phân loại vụ việc theo tình trạng giải quyết",
            "Đã giải quyết",
            "Đã có bản án của Tòa án",
        ],
        25: ["Kết quả xử lý", "Vụ việc thuộc thẩm quyền", "Lần 2"],
        29: ["Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Đôn đốc giải quyết"],
    },
    "03/XLD": {
        16: ["Phân loại vụ việc theo nội dung", "Lĩnh vực hành chính", "Công chức, công vụ"],
        18: ["Phân loại vụ việc theo nội dung", "Tham nhũng"],
        24: [
            "Phân loại vụ việc theo tình trạng giải quyết",
            "Tố cáo tiếp",
            "Quá thời hạn chưa giải quyết",
        ],
        28: ["Kết quả xử lý", "Vụ việc thuộc thẩm quyền", "Tố cáo tiếp"],
    },
    "04/XLD": {
        13: ["Phân loại vụ việc theo nội dung", "Chế độ, chính sách"],
        20: ["Kết quả xử lý", "Vụ việc thuộc thẩm quyền"],
        22: ["Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Chuyển đơn"],
    },
    "01/KQGQ": {
        1: ["Đơn khiếu nại thuộc thẩm quyền", "Tổng số"],
        4: ["Tổng số vụ việc khiếu nại thuộc thẩm quyền"],
        7: ["Kết quả giải quyết", "Kiến nghị thu hồi cho Nhà nước", "Tiền (triệu đồng)"],
        11: ["Kết quả giải quyết", "Trả lại cho tổ chức, cá nhân", "Cá nhân", "Tiền (triệu đồng)"],
        19: [
            "Kết quả giải quyết",
            "Chuyển cơ quan điều tra",
            "Trong đó số cán bộ, công chức, viên chức",
        ],
        23: [
            "Phân tích kết quả giải quyết (vụ việc)",
            "Giải quyết lần 2",
            "Công nhận quyết định giải quyết lần đầu",
        ],
        26: [
            "Phân tích kết quả giải quyết (vụ việc)",
            "Chấp hành thời hạn giải quyết",
            "Không đúng quy định",
        ],
    },
    "02/KQGQ": {
        1: ["Tổng số quyết định phải thực hiện trong kỳ"],
        5: ["Thu hồi cho Nhà nước", "Đã thu", "Tiền (triệu đồng)"],
        13: ["Trả lại cho tổ chức, cá nhân", "Đã trả", "Cá nhân", "Tiền (triệu đồng)"],
        17: ["Đã khởi tố", "Số vụ"],
    },
    "03/KQGQ": {
        5: ["Trong đó số vụ việc tố cáo tiếp"],
        10: ["Kết quả giải quyết", "Đã giải quyết", "Số vụ việc đình chỉ không do rút tố cáo"],
        17: ["Kết quả giải quyết", "Số tổ chức được trả lại quyền lợi"],
        29: ["Phân tích kết quả giải quyết (vụ việc)", "Trong đó tố cáo tiếp có đúng, có sai"],
        30: ["Chấp hành thời hạn giải quyết", "Đúng quy định"],
    },
    "04/KQGQ": {
        7: ["Trả lại cho tổ chức, cá nhân", "Phải trả", "Số tổ chức phải được trả lại quyền lợi"],
        19: ["Đã xử lý hành chính", "Tổng số tổ chức bị xử lý"],
        24: ["Đã khởi tố", "Trong đó số cán bộ, công chức, viên chức"],
    },
}
# Column numbers as printed under the headers, with the sums the forms write.
NUMBERING = {
    "01/TCD": (29, {1: "1=4+13+22", 2: "2=5+14+23", 3: "3=6+7+15+16+24+25"}),
    "01/XLD": (
        26,
        {1: "1=2+...+7", 9: "9=11+12+13=14+...+17=18+22", 18: "18=19+20+21", 22: "22=23+24+25"},
    ),
    "02/XLD": (
        30,
        {1: "1=2+...+5", 6: "6=7+8", 10: "10=11+15+16+17=18+...+22=23+26", 26: "26=27+28+29"},
    ),
    "03/XLD": (
        33,
        {8: "8=9+10", 12: "12=13+18+...+21=22+...+25=26+29", 26: "26=27+28", 29: "29=30+31+32"},
    ),
    "04/XLD": (24, {8: "8=9+10", 12: "12=13+...+16=17+...+19=20+21", 21: "21=22+23"}),
    "01/KQGQ": (26, {1: "1=2+3", 5: "5=20+...+24"}),
    "02/KQGQ": (19, {}),
    "03/KQGQ": (31, {1: "1=2+3", 6: "6=7+...+10=24+26+28=30+31", 8: "8=25+27+29"}),
    "04/KQGQ": (24, {}),
}


def _header_path(sheet, rows, first_header, numbering_row, column):
    """The texts above a column, a merged cell read from its top-left cell, each once."""
    path = []
    for index in range(first_header, numbering_row):
        value = rows[index][column]
        for merged in sheet.merged_cells.ranges:
            if merged.min_row <= index + 1 <= merged.max_row and (
                merged.min_col <= column + 1 <= merged.max_col
            ):
                value = rows[merged.min_row - 1][merged.min_col - 1]
        if value and value not in path:
            path.append(value)
    return path


@pytest.fixture
def workbook(units, api):
    inspector = create_user(role="inspector", unit=units["P"])
    response = api(inspector).get("/api/v1/reports/annual?year=2026&unit=P&format=xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data))


def test_each_form_sheet_has_the_appendix_headers_and_column_numbers(workbook):
    for code, (columns, sums) in NUMBERING.items():
        sheet = workbook[code.replace("/", "-")]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert rows[0][0] == f"Biểu số: {code}"
        assert rows[1][0] == str(SPECS[code].title).upper()
        numbering_row = next(index for index, row in enumerate(rows) if row[0] == "MS")
        first_header = next(index for index, row in enumerate(rows) if row[0] == "Đơn vị")
        numbers = rows[numbering_row][1 : columns + 2]
        # 1, 2, 3 … as printed, each with its sum where the form writes one, then "Ghi chú".
        assert [str(n).split("=")[0] for n in numbers] == [str(n) for n in range(1, columns + 2)]
        for number, text in sums.items():
            assert numbers[number - 1] == text, (code, number)
        assert rows[first_header][columns + 1] == "Ghi chú"
        for number, path in HEADERS[code].items():
            found = _header_path(sheet, rows, first_header, numbering_row, number)
            assert found == path, (code, number, found)
        # Group headers are merged over their columns, each leaf down to the numbering row.
        merged = {str(r) for r in sheet.merged_cells.ranges}
        assert any(r.startswith("A") for r in merged), code


def test_each_form_sheet_lists_the_units_and_their_total(workbook):
    sheet = workbook["01-XLD"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    numbering_row = next(index for index, row in enumerate(rows) if row[0] == "MS")
    names = [row[0] for row in rows[numbering_row + 1 :]]
    assert names == ["Tỉnh P", "Huyện A", "Sở B", "Tổng cộng"]
    total = rows[-1]
    # Column 1, all petitions: A's 11, B's c4b and c13, the province's c16.
    assert total[1] == 11 + 2 + 1


def test_the_statistics_page_shows_nine_months_with_each_column_numbered(units, client, login):
    login(create_user(role="inspector", unit=units["P"]))
    page = client.get("/reports/?unit=P-A&year=2026&part=9M").get_data(as_text=True)
    assert "14/09/2026" in page
    # Column 24 of 01/XLD under its headers, as the form prints it.
    assert "(24) Kết quả xử lý đơn — Đơn không thuộc thẩm quyền — Chuyển đơn" in page
    assert 'data-cell="01/XLD:forwarded">1<' in page  # c4, forwarded on 5/03
