"""`petitions report annual`: a unit's (or the province's) annual report as json, xlsx or docx."""

import json

import click
from flask.cli import with_appcontext

from petitions.cli import fail
from petitions.clock import today
from petitions.errors import Refused
from petitions.reports import exports
from petitions.reports.access import resolve_scope, scope_label
from petitions.reports.figures import annual_payload
from petitions.reports.lines import HOME_AFFAIRS_LINE, INSPECTION_LINE, annual_period, check_year
from petitions.reports.workflow import find_report

FORMATS = ("json", "xlsx", "docx")


@click.group("report")
def report_group():
    """Báo cáo — reports."""


@report_group.command("annual")
@click.option("--year", required=True, help="Reporting year (15 December of Y-1 to 14 December).")
@click.option("--unit", "unit_code", default=None, help="Unit code; default: the province.")
@click.option("--format", "fmt", default="json", show_default=True, help="json, xlsx or docx.")
@click.option("-o", "--output", required=True, help="File to write; '-' for standard output.")
@with_appcontext
def annual_command(year, unit_code, fmt, output):
    """Write the annual report of a unit and its sub-units (or of the whole province)."""
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        fail(f"Định dạng không hợp lệ: {fmt} (json, xlsx, docx) / unknown format {fmt}")
    try:
        year = check_year(year)
        units = resolve_scope(None, unit_code)
    except Refused as error:
        fail(f"{error.message} / {_english(error.field, year, unit_code)}")
    if output == "-" and fmt != "json":
        fail("Chỉ định dạng json được ghi ra màn hình / only json can go to standard output")
    day = today()
    period = annual_period(year)
    if fmt == "json":
        text = json.dumps(annual_payload(units, year, today=day), ensure_ascii=False, indent=2)
        if output == "-":
            click.echo(text)
        else:
            _write(output, (text + "\n").encode("utf-8"))
        return
    narrative = _report_of(units, year)
    doc = exports.live_document(
        units, period, today=day, narrative_from=narrative, by_unit=len(units) == 1
    )
    writer = exports.write_xlsx if fmt == "xlsx" else exports.write_docx
    try:
        with open(output, "wb") as handle:
            writer(doc, handle)
    except OSError as error:
        fail(f"Không ghi được tệp {output}: {error.strerror} / cannot write {output}")
    click.echo(f"{output}\t{scope_label(units)}\t{period.start}..{period.end}")


def _write(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as error:
        fail(f"Không ghi được tệp {path}: {error.strerror} / cannot write {path}")


def _english(field: str | None, year, unit_code) -> str:
    if field == "year":
        return f"the year must be a number from 2000 to 2100, not {year!r}"
    if field == "unit":
        return f"unknown unit {unit_code}"
    return "invalid input"


def _report_of(units, year: int):
    """The narrative written for this report, if the unit (or Sở Nội vụ) has one."""
    if len(units) != 1:
        return None
    unit = units[0]
    for consolidated in (False, True):
        for line in (HOME_AFFAIRS_LINE, INSPECTION_LINE):
            report = find_report(unit, year, line, consolidated=consolidated)
            if report is not None:
                return report
    return None
