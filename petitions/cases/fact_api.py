"""JSON API for the facts a case's deadlines hang on (cases.deadline_facts)."""

from flask import Blueprint, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from petitions.api.support import document, json_body
from petitions.cases import deadline_facts
from petitions.cases.access import get_case_for
from petitions.cases.deadline_views import deadlines_json
from petitions.cases.fact_views import may_edit
from petitions.clock import today
from petitions.errors import Refused
from petitions.permissions import requires

bp = Blueprint("case_facts_api", __name__, url_prefix="/api/v1")


@bp.route("/cases/<id:case_id>/facts", methods=["GET"])
@requires("cases.read")
def read(case_id):
    case = get_case_for(current_user, case_id)
    return jsonify({"id": case.id, **deadline_facts.facts_json(case, today())})


@bp.route("/cases/<id:case_id>/facts", methods=["POST"])
@requires("cases.read")
def change(case_id):
    """{"remote": true|false, "decision_delivered_on": "YYYY-MM-DD", "note": "…"} → the facts,
    the recorded history entry (or null when nothing changed) and the case's deadlines."""
    data = json_body()
    day = today()
    case = get_case_for(current_user, case_id, lock=True)
    if not may_edit(case):
        raise Refused(403, _("Bạn không có quyền sửa thông tin này của hồ sơ."), code="forbidden")
    event = deadline_facts.set_facts(case, data, actor=current_user, today=day)
    return jsonify(
        {
            "id": case.id,
            **deadline_facts.facts_json(case, day),
            "event_id": event.id if event is not None else None,
            "deadlines": deadlines_json(case, day),
        }
    )


_FACTS = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "remote": {"type": "boolean"},
        "decision_delivered_on": {"type": "string", "format": "date", "nullable": True},
        "extension_days": {"type": "array", "items": {"type": "integer"}},
        "second_window_after_lapse": {
            "type": "object",
            "nullable": True,
            "properties": {
                "rule": {"type": "string"},
                "start_on": {"type": "string", "format": "date"},
                "due_on": {"type": "string", "format": "date"},
                "basis": {"type": "string"},
            },
        },
    },
}

document(
    {
        "/api/v1/cases/{id}/facts": {
            "get": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "summary": "The facts the case's deadlines hang on: remote area (LKN arts. 28, "
                "33, 37), the day the decision was received (art. 33), each extension's days "
                "(LTC art. 30), and the second-complaint window after a first round that lapsed",
                "security": [{"bearer": []}],
                "responses": {
                    "200": {
                        "description": "The facts",
                        "content": {"application/json": {"schema": _FACTS}},
                    }
                },
            },
            "post": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "summary": "Set the remote-area fact and/or the decision's delivery day; the "
                "change is recorded in the history and the deadlines it moves are recomputed",
                "security": [{"bearer": []}],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "remote": {"type": "boolean"},
                                    "decision_delivered_on": {"type": "string", "format": "date"},
                                    "note": {"type": "string"},
                                },
                            }
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "The facts, the history entry (null when nothing "
                        "changed) and the case's deadlines",
                        "content": {"application/json": {"schema": _FACTS}},
                    },
                    "403": {"description": "Not this user's to change"},
                    "422": {"description": "An invalid value, named by its field"},
                },
            },
        }
    }
)
