"""GET /api/v1/reports/annual: the exact shape of API.md, the known figures, xlsx, access."""

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from petitions.reports.form_specs import FORMS
from tests.factories import create_unit, create_user
from tests.reports.factories import known_dataset
from tests.reports.test_statistics import AFTER_THE_YEAR, EXPECTED_A, EXPECTED_P_SUMMARY

FORM_SHEETS = {spec.code: spec.code.replace("/", "-") for spec in FORMS}


@pytest.fixture
def units(app, monkeypatch):
    monkeypatch.setattr("petitions.reports.api.today", lambda: AFTER_THE_YEAR)
    units, _cases = known_dataset()
    return units


@pytest.fixture
def tree(app):
    """The units alone, for tests about access and input."""
    province = create_unit(code="P", level="province")
    a = create_unit(code="P-A", parent=province)
    return {
        "P": province,
        "A": a,
        "A1": create_unit(code="P-A-1", level="commune", parent=a),
        "B": create_unit(code="P-B", level="department", parent=province),
    }


def form_values(sheet, code: str) -> dict:
    """{cell key: value} of a form sheet's total row (or its one unit row), under the row of
    column numbers ("MS"); the printed figures only (one the form does not print is not read)."""
    spec = next(spec for spec in FORMS if spec.code == code)
    rows = list(sheet.iter_rows(values_only=True))
    numbering = next(index for index, row in enumerate(rows) if row[0] == "MS")
    # A row per unit (A, its commune A1), then the total when there are several.
    data = next((row for row in rows if row[0] == "Tổng cộng"), rows[numbering + 1])
    return {cell.key: data[index + 1] for index, cell in enumerate(spec.columns)}


def printed(code: str) -> dict:
    spec = next(spec for spec in FORMS if spec.code == code)
    return {cell.key: EXPECTED_A[code][cell.key] for cell in spec.columns}


def sheet_values(sheet) -> dict:
    """{cell key: value} from the summary sheet: the label in column B names the cell, its
    value is in column C. No column carries the internal keys (they are not official)."""
    from petitions.reports.form_specs import SUMMARY

    keys = {str(cell.label): cell.key for cell in SUMMARY.cells}
    values = {}
    for row in sheet.iter_rows(min_row=7, values_only=True):
        assert not set(row) & set(keys.values()), row
        label = row[1].strip() if isinstance(row[1], str) else None
        if label in keys:
            values[keys[label]] = row[2]
    return values


def test_the_annual_report_has_exactly_the_documented_shape(units, api):
    inspector = create_user(role="inspector", unit=units["P"])
    response = api(inspector).get("/api/v1/reports/annual?year=2026&unit=P-A")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"unit", "period", "summary", "forms"}
    assert body["unit"] == "P-A"
    assert body["period"] == {"from": "2025-12-15", "to": "2026-12-14"}
    assert set(body["summary"]) == {
        "received",
        "accepted",
        "resolved",
        "resolved_on_time",
        "resolved_late",
        "open_overdue",
        "on_time_rate",
    }
    assert set(body["forms"]) == {
        "01/TCD",
        "01/XLD",
        "02/XLD",
        "03/XLD",
        "04/XLD",
        "01/KQGQ",
        "02/KQGQ",
        "03/KQGQ",
        "04/KQGQ",
    }


def test_the_api_gives_the_known_value_of_every_cell(units, api):
    inspector = create_user(role="inspector", unit=units["P"])
    body = api(inspector).get("/api/v1/reports/annual?year=2026&unit=P-A").get_json()
    assert body["summary"] == EXPECTED_A["summary"]
    for code in FORM_SHEETS:
        assert body["forms"][code] == EXPECTED_A[code], code


def test_without_a_unit_an_overseer_gets_the_province(units, api):
    home_affairs = create_user(role="home_affairs", unit=units["B"])
    body = api(home_affairs).get("/api/v1/reports/annual?year=2026").get_json()
    assert body["unit"] == "P"
    assert body["summary"] == EXPECTED_P_SUMMARY


def test_the_workbook_holds_the_same_values_as_real_numbers(units, api):
    inspector = create_user(role="inspector", unit=units["P"])
    response = api(inspector).get("/api/v1/reports/annual?year=2026&unit=P-A&format=xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    summary = workbook["Tổng hợp"]
    assert sheet_values(summary) == EXPECTED_A["summary"]
    assert summary["B3"].value == datetime(2025, 12, 15)
    assert summary["C3"].value == datetime(2026, 12, 14)
    assert summary["B4"].value == datetime(2026, 12, 14)
    assert summary["B3"].number_format == "DD/MM/YYYY"
    for code, title in FORM_SHEETS.items():
        values = form_values(workbook[title], code)
        assert values == printed(code), code
        assert all(isinstance(v, int | float) for v in values.values())
    assert summary._charts, "the summary sheet carries a chart"


def test_the_workbook_lists_overdue_cases_without_personal_data(units, api):
    inspector = create_user(role="inspector", unit=units["P"])
    response = api(inspector).get("/api/v1/reports/annual?year=2026&unit=P-A&format=xlsx")
    listing = load_workbook(io.BytesIO(response.data))["Vụ việc quá hạn"]
    rows = [row for row in listing.iter_rows(min_row=7, values_only=True) if row[0]]
    # c11 (due 1/11/2026), c9 (4/12/2026) and c2 (19/1/2026), oldest deadline first.
    assert [row[6] for row in rows] == [329, 43, 10]
    assert rows[0][5] == datetime(2026, 1, 19)
    text = " ".join(str(cell) for row in rows for cell in row)
    assert "Nguyễn" not in text


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year=abc&unit=P-A", "year"),
        ("year=1990&unit=P-A", "year"),
        ("unit=P-A", "year"),
        ("year=2026&unit=NOPE", "unit"),
        ("year=2026&unit=P-A&format=pdf", "format"),
    ],
)
def test_bad_input_answers_422_naming_the_field(tree, api, query, field):
    inspector = create_user(role="inspector", unit=tree["P"])
    response = api(inspector).get(f"/api/v1/reports/annual?{query}")
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


@pytest.mark.parametrize(
    ("role", "unit", "asked", "status"),
    [
        ("handler", "A", "P-A", 200),
        ("handler", "A", "P-A-1", 200),
        ("unit_head", "A", "P", 403),
        ("unit_head", "B", "P-A", 403),
        ("inspector", "B", "P-A", 200),
        ("home_affairs", "B", "P-A-1", 200),
        ("admin", "B", "P", 200),
        ("reception_officer", "A", "P-A", 403),
    ],
)
def test_unit_staff_see_their_own_subtree_and_overseers_see_all(
    tree, api, role, unit, asked, status
):
    user = create_user(role=role, unit=tree[unit])
    response = api(user).get(f"/api/v1/reports/annual?year=2026&unit={asked}")
    assert response.status_code == status


def test_unit_staff_get_their_own_unit_by_default(tree, api):
    handler = create_user(role="handler", unit=tree["A"])
    body = api(handler).get("/api/v1/reports/annual?year=2026").get_json()
    assert body["unit"] == "P-A"


def test_the_reports_api_needs_a_token(tree, client):
    assert client.get("/api/v1/reports/annual?year=2026").status_code == 401


def test_statistics_for_a_quarter_or_any_dates(units, api):
    inspector = create_user(role="inspector", unit=units["P"])
    quarter = api(inspector).get("/api/v1/reports/statistics?unit=P-A&period=2026-Q2")
    assert quarter.get_json()["period"] == {"from": "2026-03-15", "to": "2026-06-14"}
    assert quarter.get_json()["forms"]["01/XLD"]["received_one"] == 3  # c5 c6 c7
    dates = api(inspector).get("/api/v1/reports/statistics?unit=P-A&from=2026-01-01&to=2026-01-31")
    assert dates.get_json()["summary"]["resolved"] == 1  # c1 on 10/01
    bad = api(inspector).get("/api/v1/reports/statistics?unit=P-A&from=2026-02-01&to=2026-01-01")
    assert bad.status_code == 422
    assert api(inspector).get("/api/v1/reports/statistics?period=2026-Q9").status_code == 422


def test_the_annual_reports_are_in_the_openapi_document(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/reports/annual" in paths
    assert date  # the module's date import is used by the other tests' data
