"""JSON reports: the annual statistics of API.md, any period, and who has sent their report."""

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from petitions.api.support import document, parse_day
from petitions.clock import today
from petitions.domain.periods import STATISTICAL_PERIODS, PeriodError, custom
from petitions.errors import Refused
from petitions.permissions import requires
from petitions.reports import exports, schedule
from petitions.reports.access import can_consolidate, resolve_scope, sees_everything
from petitions.reports.figures import figures_for, payload
from petitions.reports.form_specs import FORM_CODES, SUMMARY_COUNTS
from petitions.reports.lines import (
    HOME_AFFAIRS_LINE,
    annual_period,
    check_year,
    current_year,
    get_line,
    period_or_error,
    statistical_period_or_error,
)
from petitions.reports.submissions import submission_statuses

bp = Blueprint("reports_api", __name__, url_prefix="/api/v1")

FORMATS = ("json", "xlsx")


def _format() -> str:
    fmt = request.args.get("format", "json").strip().lower()
    if fmt not in FORMATS:
        raise Refused(422, fields={"format": [_("Định dạng phải là json hoặc xlsx.")]})
    return fmt


def _respond(units, period):
    fmt = _format()
    day = today()
    if fmt == "xlsx":
        return exports.send(
            "xlsx", exports.live_document(units, period, today=day, by_unit=len(units) == 1)
        )
    figures = figures_for(units, period, today=day)
    return jsonify(payload(units, period, figures))


@bp.route("/reports/annual")
@requires("reports.read")
def annual():
    year = check_year(request.args.get("year"))
    units = resolve_scope(current_user, request.args.get("unit"))
    return _respond(units, annual_period(year))


@bp.route("/reports/statistics")
@requires("reports.read")
def statistics():
    """A periodic report's period (`period=Q1|Q2|Q3|Q4|H1|9M|Y&year=2026`, Circular 01/2024),
    or any period: `period=2026`, `2026-Q1`, `2026-9M`, or `from=` and `to=` dates."""
    units = resolve_scope(current_user, request.args.get("unit"))
    code = (request.args.get("period") or "").strip().upper()
    if request.args.get("from") or request.args.get("to"):
        period = _custom_period()
    elif code in STATISTICAL_PERIODS or (request.args.get("year") and not code[:1].isdigit()):
        year = check_year(request.args.get("year") or current_year(today()))
        period = statistical_period_or_error(code or "Y", year)
    else:
        text = request.args.get("period") or str(current_year(today()))
        period = period_or_error(text)
    return _respond(units, period)


def _custom_period():
    start = parse_day(request.args.get("from"), "from", required=True)
    end = parse_day(request.args.get("to"), "to", required=True)
    try:
        return custom(start, end)
    except PeriodError:
        raise Refused(422, fields={"to": [_("Ngày kết thúc phải sau ngày bắt đầu.")]}) from None


@bp.route("/reports/submissions")
@requires("reports.read")
def submissions():
    """Every unit's report status on a line for a period (the year by default), for the
    recipient and the overseers."""
    year = check_year(request.args.get("year"))
    line = get_line(request.args.get("line") or HOME_AFFAIRS_LINE)
    if not (sees_everything(current_user) or can_consolidate(current_user, line)):
        raise Refused(403)
    period = (request.args.get("period") or schedule.ANNUAL).strip().upper()
    if period not in schedule.line_periods(line):
        raise Refused(
            422,
            fields={
                "period": [_("Tuyến báo cáo này không có kỳ báo cáo %(period)s.", period=period)]
            },
        )
    day = today()
    rows = submission_statuses(year, line.code, today=day, period=period)
    return jsonify(
        {
            "year": year,
            "line": line.code,
            "period": period,
            "due_on": schedule.unit_due_on(line, period, year).isoformat(),
            "units": [
                {
                    "unit": row.unit.code,
                    "name": row.unit.name,
                    "status": row.report.status.value if row.report else "missing",
                    "submitted_on": (
                        row.report.submitted_on.isoformat()
                        if row.report and row.report.submitted_on
                        else None
                    ),
                    "due_on": row.due_on.isoformat(),
                    "days_late": row.days_late,
                }
                for row in rows
            ],
        }
    )


_SUMMARY_SCHEMA = {
    "type": "object",
    "properties": {key: {"type": "integer"} for key in SUMMARY_COUNTS}
    | {
        "on_time_rate": {
            "type": "number",
            "nullable": True,
            "description": "resolved_on_time / (resolved + open_overdue); null when both are 0",
        }
    },
}
_REPORT_SCHEMA = {
    "type": "object",
    "required": ["unit", "period", "summary", "forms"],
    "properties": {
        "unit": {"type": "string"},
        "period": {
            "type": "object",
            "properties": {
                "from": {"type": "string", "format": "date"},
                "to": {"type": "string", "format": "date"},
            },
        },
        "summary": {"$ref": "#/components/schemas/ReportSummary"},
        "forms": {
            "type": "object",
            "properties": {
                code: {
                    "type": "object",
                    # A rate is null when its denominator is 0.
                    "additionalProperties": {"type": "number", "nullable": True},
                }
                for code in FORM_CODES
            },
        },
    },
}
_ERRORS = {
    "401": {"description": "No or bad token"},
    "403": {"description": "The unit is outside the user's reach"},
    "422": {
        "description": "Bad year, period, unit or format",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
}
_REPORT_RESPONSES = {
    "200": {
        "description": "Statistics for the unit and its sub-units (or the xlsx workbook)",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/AnnualReport"}},
            exports.XLSX_MIMETYPE: {"schema": {"type": "string", "format": "binary"}},
        },
    },
    **_ERRORS,
}
_UNIT = {
    "name": "unit",
    "in": "query",
    "schema": {"type": "string"},
    "description": "Unit code; default: the user's unit, or the province for overseers",
}
_FORMAT = {"name": "format", "in": "query", "schema": {"type": "string", "enum": list(FORMATS)}}

document(
    {
        "/api/v1/reports/annual": {
            "get": {
                "summary": "Annual statistics: summary and the forms of Circular 01/2024/TT-TTCP "
                "by their codes (01/TCD, 01-04/XLD, 01-04/KQGQ); year = 15 December of the "
                "previous year to 14 December",
                "security": [{"bearer": []}],
                "parameters": [
                    {
                        "name": "year",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                    _UNIT,
                    _FORMAT,
                ],
                "responses": _REPORT_RESPONSES,
            }
        },
        "/api/v1/reports/statistics": {
            "get": {
                "summary": "The same statistics for a periodic report (period=Q1..Q4, H1, 9M, Y "
                "with year, data closing on the 14th) or any period",
                "security": [{"bearer": []}],
                "parameters": [
                    {
                        "name": "period",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "Q1, Q2, Q3, Q4, H1, 9M or Y with `year`; or 2026, "
                        "2026-Q1, 2026-9M, 2026-H2 or 2026-01-01..2026-06-30",
                    },
                    {"name": "year", "in": "query", "schema": {"type": "integer"}},
                    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                    _UNIT,
                    _FORMAT,
                ],
                "responses": _REPORT_RESPONSES,
            }
        },
        "/api/v1/reports/submissions": {
            "get": {
                "summary": "Each unit's annual report status on a line (home_affairs, "
                "inspection), with lateness",
                "security": [{"bearer": []}],
                "parameters": [
                    {
                        "name": "year",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                    {"name": "line", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "period",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "Y (default), or Q1-Q4, H1, 9M on the inspection line",
                    },
                ],
                "responses": {"200": {"description": "Statuses"}, **_ERRORS},
            }
        },
    },
    {"AnnualReport": _REPORT_SCHEMA, "ReportSummary": _SUMMARY_SCHEMA},
)
