"""JSON API of the case workflow: list and read cases, take a step, reveal a sealed identity."""

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from petitions.api.support import document, json_body, page_arg, parse_day
from petitions.cases import queries, steps
from petitions.cases.access import can_reveal, get_case_for
from petitions.cases.deadline_views import deadlines_json
from petitions.cases.identity import reveal_identity
from petitions.clock import today
from petitions.domain import workflow
from petitions.errors import Refused
from petitions.permissions import requires
from petitions.privacy.access import record_view
from petitions.views_support import begin_write

bp = Blueprint("cases_api", __name__, url_prefix="/api/v1")

TRUE_WORDS = ("1", "true", "yes", "on")
MAX_PER_PAGE = 100


def _flag(name: str) -> bool:
    return request.args.get(name, "").lower() in TRUE_WORDS


@bp.route("/cases", methods=["GET"])
@requires("cases.read")
def list_cases():
    filters = queries.CaseFilters(
        status=request.args.get("status") or None,
        kind=request.args.get("kind") or None,
        unit=request.args.get("unit") or None,
        handler=request.args.get("handler") or None,
        overdue=_flag("overdue"),
        due_soon=_flag("due_soon"),
        received_from=parse_day(request.args.get("received_from"), "received_from"),
        received_to=parse_day(request.args.get("received_to"), "received_to"),
        q=request.args.get("q") or None,
        sort=request.args.get("sort") or "-received",
    )
    page = page_arg()
    raw = request.args.get("per_page", "")
    per_page = int(current_app.config["PAGE_SIZE"])
    if raw:
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PER_PAGE:
            raise Refused(422, fields={"per_page": [_("Từ 1 đến %(n)d.", n=MAX_PER_PAGE)]})
        per_page = int(raw)
    day = today()
    result = queries.list_cases(current_user, filters, today=day, page=page, per_page=per_page)
    return jsonify(
        {
            "items": [queries.case_summary(case, day) for case in result.items],
            "page": result.page,
            "pages": result.pages,
            "total": result.total,
        }
    )


@bp.route("/cases/<id:case_id>", methods=["GET"])
@requires("cases.read")
def show_case(case_id):
    day = today()
    case = get_case_for(current_user, case_id)
    identities = None
    if case.sealed and can_reveal(current_user, case):
        # The identity appears to those allowed to see it, and each view is recorded.
        reason = (
            request.args.get("reason")
            or request.headers.get("X-Reveal-Reason")
            or "Xem hồ sơ qua API"
        )
        # Recorded in a writing transaction, committed before the answer leaves.
        begin_write()
        case = get_case_for(current_user, case_id)
        try:
            identities = reveal_identity(case, actor=current_user, reason=reason, today=day)
        except Refused as error:
            if error.status != 503:
                raise
    body, seen = queries.case_detail(case, current_user, day, identities), case.id
    # Each staff view of a case's personal data is recorded (privacy.access).
    begin_write()
    record_view(current_user, seen, via="api")
    return jsonify(body)


@bp.route("/cases/<id:case_id>/actions", methods=["POST"])
@requires("cases.read")
def take_action(case_id):
    data = json_body()
    day = today()
    case = get_case_for(current_user, case_id, lock=True)
    event = steps.take_action(case, data, actor=current_user, today=day)
    body = {
        "id": case.id,
        "status": case.status.value,
        "deadlines": deadlines_json(case, day),
        "event_id": event.id,
    }
    linked = event.details.get("linked_case_id")
    if linked:
        body["linked_case_id"] = linked
        body["linked_tracking_code"] = event.details.get("linked_tracking_code")
    return jsonify(body)


@bp.route("/cases/<id:case_id>/reveal", methods=["POST"])
@requires("cases.act")
def reveal(case_id):
    data = json_body()
    day = today()
    case = get_case_for(current_user, case_id)
    identities = reveal_identity(case, actor=current_user, reason=data.get("reason"), today=day)
    return jsonify({"id": case.id, "petitioners": identities})


# -- OpenAPI --------------------------------------------------------------------------------------

_ERRORS = {
    str(status): {
        "description": text,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for status, text in (
        (401, "Not signed in"),
        (403, "Another unit's case, or a step this user may not take"),
        (404, "No such case"),
        (409, "The case's state does not allow the step (code invalid_transition)"),
        (422, "Missing or invalid fields, named in error.fields"),
    )
}
_DEADLINE = {
    "type": "object",
    "properties": {
        "rule": {"type": "string"},
        "due_on": {"type": "string", "format": "date"},
        "basis": {"type": "string"},
        "overdue": {"type": "boolean"},
        "state": {
            "type": "string",
            "enum": ["open", "met", "missed", "paused", "cancelled", "window", "ended"],
        },
        "start_on": {"type": "string", "format": "date"},
        "met_on": {"type": "string", "format": "date", "nullable": True},
        "days_overdue": {"type": "integer"},
        "days_late": {"type": "integer"},
    },
}
_SUMMARY = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "tracking_code": {"type": "string"},
        "kind": {"type": "string", "enum": list(workflow.KINDS)},
        "status": {"type": "string", "enum": list(workflow.STATES)},
        "title": {"type": "string"},
        "unit": {"type": "string"},
        "received_on": {"type": "string", "format": "date"},
        "due_on": {"type": "string", "format": "date", "nullable": True},
        "overdue": {"type": "boolean"},
        "petitioner": {
            "type": "object",
            "description": '{"sealed": true} unless the user may see the identity',
        },
    },
}
_ACTION = {
    "type": "object",
    "required": ["action"],
    "properties": {
        "action": {"type": "string", "enum": [*workflow.ACTIONS, "propose"]},
        "on": {
            "type": "string",
            "format": "date",
            "description": "Effective date: default today, never in the future; earlier dates "
            "are recorded as backdated",
        },
        "complex": {
            "description": 'accept: false, true or "very"',
            "oneOf": [{"type": "boolean"}, {"type": "string", "enum": ["very"]}],
        },
        "to_unit": {"type": "string", "description": "forward: the receiving unit's code"},
        "reason": {
            "type": "string",
            "description": "file, reject, extend, suspend, withdraw; terminate: the note on its "
            "ground (required with ground other)",
        },
        "ground": {
            "type": "string",
            "description": "suspend, terminate (complaint and denunciation only): the legal "
            "ground. suspend: await_other, await_expertise (both kinds), no_successor, other "
            "(complaint); terminate: respondent_died, already_decided (denunciation), "
            "no_successor, act_revoked, court, other (complaint)",
        },
        "withdrawn_contents": {
            "type": "string",
            "description": "withdraw with partial: what is withdrawn; the rest goes on",
        },
        "absent": {
            "type": "boolean",
            "description": "dialogue: the complainant, invited, stayed away without good reason "
            "(then invitation and invited_on are required, minutes optional; a second-round "
            "conclude may follow)",
        },
        "invitation": {"type": "string", "description": "dialogue: the invitation sent"},
        "invited_on": {"type": "string", "format": "date"},
        "reason_code": {"type": "string", "enum": list(workflow.FILE_REASONS)},
        "user": {"type": "string", "description": "assign: username"},
        "decision_number": {
            "type": "string",
            "description": "extend, conclude, suspend, resume, terminate: kept exactly as typed; "
            "empty when the register is to give it",
        },
        "outcome": {"type": "string", "enum": list(workflow.OUTCOMES)},
        "decided_on": {
            "type": "string",
            "format": "date",
            "description": "the decision's signing day (default the step's day)",
        },
        "partial": {"type": "boolean", "description": "withdraw: part of the content only"},
        "continue": {
            "type": "boolean",
            "description": "withdraw (denunciation): resolution continues (signs of violation)",
        },
        "continue_reason": {"type": "string"},
        "minutes": {"type": "string", "description": "dialogue: the minutes"},
        "participants": {"type": "string"},
        "note": {"type": "string"},
        "summary": {"type": "string", "description": "conclude: the result in brief"},
        "to_body": {"type": "string", "description": "guide: the competent body"},
        "kind": {"type": "string", "description": "classify: the kind found"},
        "eligible": {"type": "boolean"},
        "within_competence": {"type": "boolean"},
        "complaint_round": {"type": "integer", "enum": [1, 2]},
        "repeat_of": {"description": "classify: id or tracking code of the earlier case"},
        "duplicate_of": {"description": "classify: id or tracking code"},
        "multi_site": {"type": "boolean"},
        "proposal": {
            "type": "string",
            "enum": sorted(workflow.HEAD_ONLY_ACTIONS),
            "description": "propose: the head-only step a handler proposes",
        },
    },
}

_CASE_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
}

document(
    {
        "/api/v1/cases": {
            "get": {
                "summary": "Cases this user may read, filtered and paginated",
                "security": [{"bearer": []}],
                "parameters": [
                    {"name": name, "in": "query", "schema": {"type": kind}}
                    for name, kind in (
                        ("status", "string"),
                        ("unit", "string"),
                        ("kind", "string"),
                        ("handler", "string"),
                        ("overdue", "boolean"),
                        ("due_soon", "boolean"),
                        ("received_from", "string"),
                        ("received_to", "string"),
                        ("q", "string"),
                        ("sort", "string"),
                        ("page", "integer"),
                        ("per_page", "integer"),
                    )
                ],
                "responses": {
                    "200": {
                        "description": "A page of cases",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "items": {"type": "array", "items": _SUMMARY},
                                        "page": {"type": "integer"},
                                        "pages": {"type": "integer"},
                                        "total": {"type": "integer"},
                                    },
                                }
                            }
                        },
                    },
                    **{k: v for k, v in _ERRORS.items() if k in ("401", "422")},
                },
            }
        },
        "/api/v1/cases/{id}": {
            "get": {
                "summary": "The case as this user may see it; a sealed identity appears only to "
                "the head of the resolving unit and assigned staff, and each such view is "
                "recorded (reason from ?reason=)",
                "security": [{"bearer": []}],
                "parameters": [
                    _CASE_ID,
                    {"name": "reason", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "The case with deadlines, history and next steps"},
                    **{k: v for k, v in _ERRORS.items() if k in ("401", "403", "404")},
                },
            }
        },
        "/api/v1/cases/{id}/actions": {
            "post": {
                "summary": "Take one workflow step",
                "security": [{"bearer": []}],
                "parameters": [_CASE_ID],
                "requestBody": {"content": {"application/json": {"schema": _ACTION}}},
                "responses": {
                    "200": {
                        "description": "The case's new status and deadlines",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "status": {"type": "string"},
                                        "deadlines": {"type": "array", "items": _DEADLINE},
                                        "event_id": {"type": "integer"},
                                    },
                                }
                            }
                        },
                    },
                    **_ERRORS,
                },
            }
        },
        "/api/v1/cases/{id}/reveal": {
            "post": {
                "summary": "Open a sealed identity, stating a reason (recorded)",
                "security": [{"bearer": []}],
                "parameters": [_CASE_ID],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["reason"],
                                "properties": {"reason": {"type": "string"}},
                            }
                        }
                    }
                },
                "responses": {
                    "200": {"description": "The petitioners' identities"},
                    **{k: v for k, v in _ERRORS.items() if k in ("401", "403", "404", "422")},
                },
            }
        },
    }
)
