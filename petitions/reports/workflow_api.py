"""JSON API of the report workflow: a unit's report for a period drafted, approved, sent,
returned, accepted; the consolidated report from the accepted submissions, with each unit's
source, sending day and the figures the data now gives differently."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from petitions.api.support import document, json_body
from petitions.clock import today
from petitions.errors import Refused
from petitions.extensions import db
from petitions.permissions import requires
from petitions.reports import consolidation, schedule
from petitions.reports.access import can_read_report
from petitions.reports.lines import HOME_AFFAIRS_LINE, check_year
from petitions.reports.models import AnnualReport
from petitions.reports.workflow import (
    NARRATIVE_FIELDS,
    accept_report,
    approve_report,
    locked,
    refresh_report,
    reopen_report,
    return_report,
    save_report,
    start_consolidation,
    start_report,
    submit_report,
)

bp = Blueprint("reports_workflow_api", __name__, url_prefix="/api/v1")

ACTIONS = ("save", "refresh", "approve", "reopen", "submit", "return", "accept")


def _text(data: dict, name: str) -> str:
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Refused(422, fields={name: [_("Phải là chuỗi ký tự.")]})
    return value


def _start_args(data: dict) -> dict:
    line = _text(data, "line") or HOME_AFFAIRS_LINE
    return {
        "year": check_year(data.get("year")),
        "line": line,
        "period": _text(data, "period") or schedule.ANNUAL,
    }


def _difference(d: consolidation.Difference) -> dict:
    return {"form": d.form, "key": d.key, "submitted": d.submitted, "live": d.live}


def report_json(report: AnnualReport) -> dict:
    """The report as the API gives it: its state, narrative, frozen figures and checks."""
    day = lambda value: value.isoformat() if value else None  # noqa: E731
    body = {
        "id": report.id,
        "unit": report.unit.code,
        "year": report.year,
        "line": report.line,
        "period": {
            "code": report.period,
            "from": report.period_start.isoformat(),
            "to": report.period_end.isoformat(),
        },
        "consolidated": report.consolidated,
        "status": report.status.value,
        "number": report.number,
        "due_on": day(report.due_on),
        "as_of": day(report.as_of),
        "approved_on": day(report.approved_on),
        "submitted_on": day(report.submitted_on),
        "last_submitted_on": day(report.last_submitted_on),
        "return_comment": report.return_comment,
        "narrative": {name: getattr(report, name) for name in NARRATIVE_FIELDS},
        "summary": (report.statistics or {}).get("summary", {}),
        "forms": (report.statistics or {}).get("forms", {}),
    }
    if report.consolidated:
        rows = {row["unit"]: row for row in (report.statistics or {}).get("units", [])}
        checks = {check.unit.code: check for check in consolidation.unit_checks(report)}
        body["units"] = [
            {
                "unit": code,
                "name": row.get("name", code),
                "source": row.get("source", consolidation.LIVE),
                "report": checks[code].report.id
                if code in checks and checks[code].report
                else None,
                "status": checks[code].report.status.value
                if code in checks and checks[code].report
                else None,
                "submitted_on": row.get("submitted_on"),
                "summary": row.get("summary", {}),
                "differs": bool(code in checks and checks[code].differs),
                "differences": [_difference(d) for d in checks[code].differences]
                if code in checks
                else [],
            }
            for code, row in rows.items()
        ]
    else:
        body["differences"] = [_difference(d) for d in consolidation.live_differences(report)]
    return body


def _readable(report_id: int) -> AnnualReport:
    report = db.session.get(AnnualReport, report_id)
    if report is None or not can_read_report(current_user, report):
        raise Refused(404)
    return report


@bp.route("/reports", methods=["POST"])
@requires("reports.draft")
def start():
    """Open (or find) the user's unit's report for a year, line and period."""
    args = _start_args(json_body())
    report = start_report(unit=current_user.unit, actor=current_user, today=today(), **args)
    return jsonify(report_json(report)), 201


@bp.route("/reports/consolidated", methods=["POST"])
@requires("reports.consolidate")
def consolidate():
    """Open (or find) the province's consolidated report: the accepted submissions added up."""
    args = _start_args(json_body())
    report = start_consolidation(actor=current_user, today=today(), **args)
    return jsonify(report_json(report)), 201


@bp.route("/reports/<id:report_id>", methods=["GET"])
@requires("reports.read")
def show(report_id):
    return jsonify(report_json(_readable(report_id)))


@bp.route("/reports/<id:report_id>/actions", methods=["POST"])
@requires("reports.read")
def act(report_id):
    """One step: save (narrative, number), refresh, approve, reopen, submit, return (comment),
    accept."""
    _readable(report_id)
    data = json_body()
    action = data.get("action")
    if action not in ACTIONS:
        raise Refused(
            422, fields={"action": [_("Thao tác phải là một trong %(a)s.", a=", ".join(ACTIONS))]}
        )
    report = locked(report_id)
    day = today()
    if action == "save":
        narrative = {name: _text(data, name) for name in NARRATIVE_FIELDS if name in data}
        current = {name: getattr(report, name) for name in NARRATIVE_FIELDS}
        save_report(
            report,
            actor=current_user,
            today=day,
            number=_text(data, "number") if "number" in data else report.number,
            **{**current, **narrative},
        )
    elif action == "return":
        return_report(report, actor=current_user, today=day, comment=_text(data, "comment"))
    else:
        steps = {
            "refresh": refresh_report,
            "approve": approve_report,
            "reopen": reopen_report,
            "submit": submit_report,
            "accept": accept_report,
        }
        steps[action](report, actor=current_user, today=day)
    return jsonify(report_json(report))


_ERROR = {
    "description": "Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_START = {
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["year"],
                "properties": {
                    "year": {"type": "integer"},
                    "line": {"type": "string", "enum": ["home_affairs", "inspection"]},
                    "period": {
                        "type": "string",
                        "description": "Y (default); Q1-Q4, H1, 9M on the inspection line",
                    },
                },
            }
        }
    }
}
_REPORT = {"200": {"description": "The report (see GET)"}}
_REPORT_ID = {"name": "report_id", "in": "path", "required": True, "schema": {"type": "integer"}}

document(
    {
        "/api/v1/reports": {
            "post": {
                "summary": "Open the user's unit's report for a year, line and period",
                "security": [{"bearer": []}],
                "requestBody": _START,
                "responses": {
                    "201": {"description": "The report"},
                    "403": _ERROR,
                    "409": _ERROR,
                    "422": _ERROR,
                },
            }
        },
        "/api/v1/reports/consolidated": {
            "post": {
                "summary": "Open the province's consolidated report: the units' accepted "
                "submissions added up, each unit's source and sending day",
                "security": [{"bearer": []}],
                "requestBody": _START,
                "responses": {"201": {"description": "The report"}, "403": _ERROR, "422": _ERROR},
            }
        },
        "/api/v1/reports/{report_id}": {
            "get": {
                "summary": "A report: status, dates, narrative, frozen summary and forms; a "
                "unit's report with `differences` (what the data now gives otherwise for the "
                "same days), a consolidated one with `units` (source, status, submitted_on, "
                "differs, differences)",
                "security": [{"bearer": []}],
                "parameters": [_REPORT_ID],
                "responses": {**_REPORT, "404": _ERROR},
            }
        },
        "/api/v1/reports/{report_id}/actions": {
            "post": {
                "summary": "One step of the report: save {results, limitations, proposals, "
                "number}, refresh, approve, reopen, submit, return {comment}, accept",
                "security": [{"bearer": []}],
                "parameters": [_REPORT_ID],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["action"],
                                "properties": {
                                    "action": {"type": "string", "enum": list(ACTIONS)},
                                    "results": {"type": "string"},
                                    "limitations": {"type": "string"},
                                    "proposals": {"type": "string"},
                                    "number": {"type": "string"},
                                    "comment": {"type": "string"},
                                },
                            }
                        }
                    }
                },
                "responses": {
                    **_REPORT,
                    "403": _ERROR,
                    "404": _ERROR,
                    "409": _ERROR,
                    "422": _ERROR,
                },
            }
        },
    }
)
