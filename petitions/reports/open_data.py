"""Open data (Law on Access to Information): each unit's figures by statistical quarter with
its heads' reception compliance, as JSON and CSV at stable addresses, with no personal data."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, Response, jsonify, render_template, request

from petitions.clock import today
from petitions.domain.periods import statistical_period
from petitions.permissions import public
from petitions.reception.compliance import compliance
from petitions.reports.figures import public_rows
from petitions.reports.lines import current_year

bp = Blueprint("open_data", __name__, url_prefix="/open-data")

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
FIELDS = (
    "year",
    "quarter",
    "from",
    "to",
    "unit_code",
    "unit_name",
    "row",
    "received",
    "resolved",
    "resolved_on_time",
    "open_overdue",
    "on_time_rate",
    "reception_periods_assessed",
    "reception_periods_met",
)


def _reception(year: int, day: date) -> dict[str, list[tuple[date, str]]]:
    """Per unit code, each assessed reception period of its heads: (last day, status)."""
    found: dict[str, list[tuple[date, str]]] = {}
    for entry in compliance(year=year, today=day)["heads"]:
        for period in entry["periods"]:
            if period["status"] in ("met", "missed"):
                found.setdefault(entry["unit"]["code"], []).append(
                    (period["end"], period["status"])
                )
    return found


def rows(year: int, *, day: date) -> list[dict]:
    """The province and each unit under it, for every statistical quarter of `year` that has
    begun by `day`: the figures the public statistics page prints, and how many of the heads'
    reception periods ending in the quarter were assessed and met."""
    reception = _reception(year, day)
    found = []
    for code in QUARTERS:
        period = statistical_period(code, year)
        if period.start > day:
            break
        _parent, units = public_rows(year, None, today=day, period=period)
        for row in units:
            unit = row["unit"]
            ends = [
                status
                for end, status in reception.get(unit.code, [])
                if period.start <= end <= period.end
            ]
            found.append(
                {
                    "year": year,
                    "quarter": code,
                    "from": period.start.isoformat(),
                    "to": period.end.isoformat(),
                    "unit_code": unit.code,
                    "unit_name": unit.name,
                    # "total": the province with everything under it; "own": the province's
                    # own cases beside its units; "unit": a unit with the units under it.
                    "row": "total" if row["total"] else "own" if row["own"] else "unit",
                    "received": row["received"],
                    "resolved": row["resolved"],
                    "resolved_on_time": row["resolved_on_time"],
                    "open_overdue": row["open_overdue"],
                    "on_time_rate": row["on_time_rate"],
                    "reception_periods_assessed": len(ends),
                    "reception_periods_met": ends.count("met"),
                }
            )
    return found


def _cell(value):
    """Empty for None; a text a spreadsheet would read as a formula gets a quote in front."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _year() -> int:
    current = current_year(today())
    text = request.args.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= current else current


@bp.route("/")
@public
def index():
    return render_template("reports/open_data.html", fields=FIELDS, year=_year())


@bp.route("/statistics.json")
@public
def statistics_json():
    year = _year()
    body = {"year": year, "fields": list(FIELDS), "rows": rows(year, day=today())}
    response = jsonify(body)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/statistics.csv")
@public
def statistics_csv():
    year = _year()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows(year, day=today()):
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return Response(
        "\ufeff" + buffer.getvalue(),  # a BOM, so that spreadsheet programs read UTF-8
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'inline; filename="thong-ke-{year}.csv"',
            "Access-Control-Allow-Origin": "*",
        },
    )
