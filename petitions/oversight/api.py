"""JSON API of oversight: overdue cases as of a day, the on-time rates, and reminders."""

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from petitions.api.support import document, json_body, page_arg, parse_day
from petitions.cases.models import Case
from petitions.clock import now as clock_now
from petitions.clock import today as clock_today
from petitions.errors import Refused
from petitions.extensions import db
from petitions.guards import row_id
from petitions.oversight.dashboard import on_time_by_unit, on_time_period
from petitions.oversight.lists import overdue_items
from petitions.oversight.reminders import send_reminder
from petitions.oversight.scope import Filters, parse_kind, resolve_unit, scope_root
from petitions.permissions import requires

bp = Blueprint("oversight_api", __name__, url_prefix="/api/v1")


@bp.route("/oversight/overdue", methods=["GET"])
@requires("oversight.read")
def overdue():
    as_of = parse_day(request.args.get("as_of"), "as_of") or clock_today()
    root = scope_root(current_user)
    unit = resolve_unit(request.args.get("unit"), root)
    kind = parse_kind(request.args.get("kind"))
    filters = Filters(as_of=as_of, root_id=root, unit_id=unit.id if unit else None, kind=kind)
    limit = _limit()
    page = page_arg()
    if limit is None:
        total, items = overdue_items(filters)  # every overdue case, as before paging existed
    else:
        total, items = overdue_items(filters, limit=limit, offset=(page - 1) * limit)
    body = {"as_of": as_of.isoformat(), "total": total, "items": [i.as_json() for i in items]}
    if limit is not None:
        body.update(limit=limit, page=page)
    return jsonify(body)


MAX_LIMIT = 1000


def _limit() -> int | None:
    raw = request.args.get("limit", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise Refused(422, fields={"limit": [_("Từ 1 đến %(n)d.", n=MAX_LIMIT)]})
    return int(raw)


@bp.route("/oversight/on_time", methods=["GET"])
@requires("oversight.read")
def on_time():
    """The on-time rates of the dashboard: the reports' own figures (domain.rates)."""
    as_of = parse_day(request.args.get("as_of"), "as_of") or clock_today()
    root = scope_root(current_user)
    unit = resolve_unit(request.args.get("unit"), root)
    filters = Filters(as_of=as_of, root_id=root, unit_id=unit.id if unit else None)
    period = on_time_period(as_of)
    return jsonify(
        {
            "as_of": as_of.isoformat(),
            "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
            "items": [
                {
                    "unit": row.unit.code,
                    "resolved_on_time": row.resolved_on_time,
                    "resolved": row.resolved,
                    "open_overdue": row.open_overdue,
                    "on_time_rate": row.rate,
                }
                for row in on_time_by_unit(filters)
            ],
        }
    )


@bp.route("/oversight/reminders", methods=["POST"])
@requires("cases.remind")
def remind():
    data = json_body()
    case = None
    unit = None
    if data.get("case") is not None:
        if not isinstance(data["case"], int) or isinstance(data["case"], bool):
            raise Refused(422, fields={"case": [_("Mã số hồ sơ phải là số nguyên.")]})
        case_id = row_id(data["case"])
        case = db.session.get(Case, case_id) if case_id else None
        if case is None:
            raise Refused(404)
    elif isinstance(data.get("unit"), str):
        unit = resolve_unit(data["unit"], None)
    else:
        raise Refused(422, fields={"unit": [_("Cho biết đơn vị (unit) hoặc hồ sơ (case).")]})
    message = data.get("message")
    if not isinstance(message, str):
        raise Refused(422, fields={"message": [_("Nhập nội dung đôn đốc.")]})
    reminder = send_reminder(
        sender=current_user,
        unit=unit,
        case_=case,
        message=message,
        respond_by=parse_day(data.get("respond_by"), "respond_by"),
        today=clock_today(),
        now=clock_now(),
    )
    return jsonify(
        {
            "id": reminder.id,
            "unit": reminder.unit.code,
            "case": reminder.case_id,
            "sent_on": reminder.sent_on.isoformat(),
            "respond_by": reminder.respond_by.isoformat() if reminder.respond_by else None,
        }
    ), 201


_ERROR = {
    "description": "Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_OVERDUE_ITEM = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "tracking_code": {"type": "string"},
        "unit": {"type": "string", "description": "unit code"},
        "kind": {"type": "string"},
        "status": {"type": "string"},
        "rule": {"type": "string"},
        "due_on": {"type": "string", "format": "date"},
        "days_overdue": {"type": "integer"},
        "overdue_deadlines": {
            "type": "integer",
            "description": "how many of the case's running deadlines are past due",
        },
    },
}

document(
    {
        "/api/v1/oversight/overdue": {
            "get": {
                "summary": "Overdue cases as of a day (one item per case)",
                "description": "A case is overdue when one of its deadlines was running on "
                "as_of (started, not met, not paused) and due before as_of; its item names the "
                "earliest such deadline, and `total` counts cases. `unit` includes the units "
                "below it. Inspectors see the province, a unit head their own subtree. Without "
                "`limit` every overdue case is listed; with it, the `page` of `limit` items.",
                "security": [{"bearer": []}],
                "parameters": [
                    {
                        "name": "as_of",
                        "in": "query",
                        "schema": {"type": "string", "format": "date"},
                    },
                    {"name": "unit", "in": "query", "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "page", "in": "query", "schema": {"type": "integer"}},
                    {
                        "name": "kind",
                        "in": "query",
                        "schema": {
                            "type": "string",
                            "enum": ["complaint", "denunciation", "recommendation", "feedback"],
                        },
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Overdue cases",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "as_of": {"type": "string", "format": "date"},
                                        "total": {"type": "integer"},
                                        "items": {"type": "array", "items": _OVERDUE_ITEM},
                                    },
                                }
                            }
                        },
                    },
                    "401": _ERROR,
                    "403": _ERROR,
                    "422": _ERROR,
                },
            }
        },
        "/api/v1/oversight/on_time": {
            "get": {
                "summary": "On-time rates of the top of the scope and the units below",
                "description": "resolved_on_time / (resolved + open_overdue), counting cases, "
                "for the reporting year that holds as_of: the same number as the reports, "
                "the public statistics and the exports (null when both are 0).",
                "security": [{"bearer": []}],
                "parameters": [
                    {
                        "name": "as_of",
                        "in": "query",
                        "schema": {"type": "string", "format": "date"},
                    },
                    {"name": "unit", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "Rates"},
                    "401": _ERROR,
                    "403": _ERROR,
                    "422": _ERROR,
                },
            }
        },
        "/api/v1/oversight/reminders": {
            "post": {
                "summary": "Send a reminder (đôn đốc) to a unit, or about one case",
                "security": [{"bearer": []}],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "unit": {"type": "string"},
                                    "case": {"type": "integer"},
                                    "message": {"type": "string"},
                                    "respond_by": {"type": "string", "format": "date"},
                                },
                                "required": ["message"],
                            }
                        }
                    }
                },
                "responses": {
                    "201": {"description": "Recorded and emailed"},
                    "403": _ERROR,
                    "404": _ERROR,
                    "409": _ERROR,
                    "422": _ERROR,
                },
            }
        },
    }
)
