"""`petitions report annual --year Y [--unit CODE] --format json|xlsx|docx -o FILE`."""

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.reports.factories import known_dataset
from tests.reports.test_statistics import AFTER_THE_YEAR, EXPECTED_A, EXPECTED_P_SUMMARY


@pytest.fixture
def units(app, monkeypatch):
    monkeypatch.setattr("petitions.reports.commands.today", lambda: AFTER_THE_YEAR)
    units, _cases = known_dataset()
    return units


def test_the_json_report_of_a_unit_matches_the_api(units, runner, tmp_path):
    target = tmp_path / "a.json"
    result = runner.invoke(
        args=[
            "report",
            "annual",
            "--year",
            "2026",
            "--unit",
            "P-A",
            "--format",
            "json",
            "-o",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(target.read_text(encoding="utf-8"))
    assert body["unit"] == "P-A"
    assert body["summary"] == EXPECTED_A["summary"]
    assert body["forms"]["03/KQGQ"] == EXPECTED_A["03/KQGQ"]


def test_without_a_unit_the_report_covers_the_province(units, runner):
    result = runner.invoke(args=["report", "annual", "--year", "2026", "-o", "-"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["unit"] == "P"
    assert body["summary"] == EXPECTED_P_SUMMARY


def test_the_province_workbook_has_a_row_per_unit(units, runner, tmp_path):
    target = tmp_path / "p.xlsx"
    result = runner.invoke(
        args=["report", "annual", "--year", "2026", "--format", "xlsx", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    workbook = load_workbook(target)
    rows = list(workbook["Theo đơn vị"].iter_rows(min_row=7, values_only=True))
    assert [row[0] for row in rows] == ["P", "P-A", "P-B", "Tổng cộng"]
    assert rows[-1][2] == EXPECTED_P_SUMMARY["received"]


def test_the_docx_report_is_an_official_document(units, runner, tmp_path):
    target = tmp_path / "a.docx"
    result = runner.invoke(
        args=[
            "report",
            "annual",
            "--year",
            "2026",
            "--unit",
            "P-A",
            "--format",
            "docx",
            "-o",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    document = Document(io.BytesIO(target.read_bytes()))
    text = " ".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "20x6", "-o", "x.json"], "2000"),
        (["--year", "1999", "-o", "x.json"], "2000"),
        (["--year", "2026", "--unit", "NOPE", "-o", "x.json"], "NOPE"),
        (["--year", "2026", "--format", "pdf", "-o", "x.pdf"], "pdf"),
        (["--year", "2026", "--format", "xlsx", "-o", "-"], "json"),
        (["--year", "2026", "-o", "/nonexistent/dir/x.json"], "/nonexistent/dir/x.json"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(units, runner, args, message):
    result = runner.invoke(args=["report", "annual", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_a_missing_year_exits_2(units, runner):
    result = runner.invoke(args=["report", "annual", "-o", "x.json"])
    assert result.exit_code == 2
    assert "--year" in result.output
