"""JSON intake: a citizen's online submission, the citizen's view, and desk intake by staff."""

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from petitions import guards
from petitions.api.support import document, json_body
from petitions.attachments import AttachmentError, check_upload, read_file_storage
from petitions.cases.models import Channel
from petitions.cases.subjects import SUBJECT_AREAS
from petitions.clock import today
from petitions.errors import Refused
from petitions.extensions import limiter
from petitions.intake import from_visit, services
from petitions.intake.validation import (
    Errors,
    attachment_message,
    parse_received_on,
    resolve_unit,
    validate_petition,
)
from petitions.permissions import public, requires
from petitions.units.services import subtree_ids

bp = Blueprint("intake_api", __name__, url_prefix="/api/v1")

# One budget per address whichever door is used: the form or the API.
SUBMIT_SCOPE = "intake-submit"
TRACK_SCOPE = "intake-track"


def submit_limit() -> str:
    return current_app.config["INTAKE_SUBMIT_RATE_LIMIT"]


def track_limit() -> str:
    return current_app.config["INTAKE_TRACK_RATE_LIMIT"]


def _secret(response):
    """The response carries an access key: no browser or proxy may keep it."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _payload_and_files(errors: Errors) -> tuple[dict, list]:
    """JSON body, or multipart with a `payload` JSON part and `files` parts."""
    if request.mimetype == "multipart/form-data":
        raw = request.form.get("payload")
        if raw is None:
            raise Refused(
                400, _("Thiếu phần «payload» chứa dữ liệu đơn dạng JSON."), code="bad_json"
            )
        try:
            payload = guards.loads(raw)
        except guards.RefusedInput:
            raise  # answered with its own message, as for any request
        except ValueError:
            raise Refused(400, _("Dữ liệu JSON không đọc được."), code="bad_json") from None
        if not isinstance(payload, dict):
            raise Refused(400, _("Dữ liệu JSON phải là một đối tượng."), code="bad_json")
        uploads = []
        for storage in request.files.getlist("files"):
            try:
                uploads.append(check_upload(storage.filename, read_file_storage(storage)))
            except AttachmentError as error:
                errors.add("files", attachment_message(error))
        return payload, uploads
    return json_body(), []


def _raise_with_all(errors: Errors, payload: dict, *, staff: bool, visible=None) -> None:
    """Report problems found before the service together with the petition's own."""
    if errors.fields:
        validate_petition(payload, staff=staff, visible_unit_ids=visible, errors=errors)
        errors.raise_if_any()


@bp.route("/petitions", methods=["POST"])
@limiter.shared_limit(submit_limit, scope=SUBMIT_SCOPE, methods=["POST"])
@public
def submit():
    errors = Errors()
    payload, uploads = _payload_and_files(errors)
    day = today()
    _raise_with_all(errors, payload, staff=False)
    receipt = services.record_petition(
        data=payload,
        channel=Channel.ONLINE,
        receiving_unit=None,
        received_on=day,
        today=day,
        attachments=uploads,
    )
    return _secret(jsonify(receipt.as_json())), 201


@bp.route("/petitions/<code>")
@limiter.shared_limit(track_limit, scope=TRACK_SCOPE)
@public
def track(code):
    case = services.find_case_for_citizen(code, request.headers.get("X-Access-Key"))
    if case is None:
        raise Refused(404, _("Không tìm thấy hồ sơ với mã hồ sơ và mã bí mật này."))
    return jsonify(services.citizen_json(case))


@bp.route("/cases", methods=["POST"])
@requires("intake.record")
def record_case():
    errors = Errors()
    payload, uploads = _payload_and_files(errors)
    day = today()
    visit = payload.get("visit")
    if visit is not None:
        if isinstance(visit, bool) or not isinstance(visit, int):
            raise Refused(422, fields={"visit": [_("Mã lượt tiếp công dân phải là số nguyên.")]})
        # Everything the log holds, unless the payload says otherwise.
        payload = from_visit.payload_from_visit(
            from_visit.find_visit(visit, actor=current_user), payload, actor=current_user
        )
    visible = subtree_ids(current_user.unit)
    receiving = current_user.unit
    code = payload.get("receiving_unit")
    if code not in (None, ""):
        receiving = resolve_unit(code) if isinstance(code, str) else None
        if receiving is None:
            errors.add("receiving_unit", _("Không có đơn vị nào mang mã này."))
    received_on = parse_received_on(errors, payload.get("received_on"), today=day)
    _raise_with_all(errors, payload, staff=True, visible=visible)
    receipt = services.record_petition(
        data=payload,
        channel=payload.get("channel"),
        receiving_unit=receiving,
        received_on=received_on,
        today=day,
        actor=current_user,
        attachments=uploads,
        visit_id=visit,
    )
    return _secret(jsonify(receipt.as_json(with_id=True))), 201


# -- OpenAPI ---------------------------------------------------------------------------------

_PERSON = {
    "type": "object",
    "properties": {
        "full_name": {"type": "string", "maxLength": 200},
        "id_number": {"type": "string", "description": "12-digit CCCD", "example": "002203004005"},
        "address": {"type": "string", "maxLength": 500},
        "phone": {"type": "string", "example": "0912345678"},
        "email": {"type": "string", "format": "email"},
        "representative": {
            "type": "boolean",
            "description": "staff: speaks for a group of 5 or more (at most 2, or 5 from 11 "
            "people; Decree 124/2020 art. 6)",
        },
    },
}
_PETITION = {
    "type": "object",
    "required": ["kind", "title", "content"],
    "properties": {
        "kind": {
            "type": "string",
            "enum": ["complaint", "denunciation", "recommendation", "feedback"],
        },
        "title": {"type": "string", "maxLength": 300},
        "content": {"type": "string", "maxLength": 20000},
        "unit": {"type": "string", "description": "Code of the unit addressed (optional)"},
        "anonymous": {"type": "boolean", "default": False},
        "confidential": {"type": "boolean", "default": False},
        "petitioner": {"$ref": "#/components/schemas/Petitioner"},
    },
}
_DESK = {
    "allOf": [
        {"$ref": "#/components/schemas/Petition"},
        {
            "type": "object",
            "required": ["channel"],
            "properties": {
                "channel": {
                    "type": "string",
                    "enum": ["reception", "mail", "transferred", "online"],
                },
                "received_on": {"type": "string", "format": "date"},
                "receiving_unit": {"type": "string"},
                "co_petitioners": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Petitioner"},
                },
                "group_size": {"type": "integer", "minimum": 1},
                "repeat_of": {"type": "integer", "description": "id of the earlier case"},
                "duplicate_of": {"type": "integer"},
                "subject_area": {
                    "type": "string",
                    "enum": list(SUBJECT_AREAS),
                    "description": "subject area of the statistical forms (Circular 01/2024)",
                },
                "visit": {
                    "type": "integer",
                    "description": "id of a logged reception visit: the case takes its kind, "
                    "text, day, every citizen (representatives marked) and group size unless "
                    "the payload gives them",
                },
            },
        },
    ]
}
_DEADLINE = {
    "type": "object",
    "properties": {
        "rule": {"type": "string"},
        "due_on": {"type": "string", "format": "date"},
        "basis": {"type": "string"},
    },
}
_RECEIPT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "description": "only from POST /api/v1/cases"},
        "tracking_code": {"type": "string", "example": "HG-26-7KQ4-M2XD"},
        "access_key": {"type": "string", "description": "shown once, stored only hashed"},
        "status": {"type": "string", "enum": ["received"]},
        "received_on": {"type": "string", "format": "date"},
        "deadlines": {"type": "array", "items": {"$ref": "#/components/schemas/Deadline"}},
    },
}


def _errors(*statuses: int) -> dict:
    descriptions = {
        400: "Malformed JSON or missing payload part",
        401: "No valid bearer token",
        403: "Role may not record petitions",
        404: "Unknown code, or wrong or missing key",
        413: "Request too large",
        415: "Not JSON",
        422: "Invalid fields",
        429: "Rate limited",
    }
    schema = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {str(s): {"description": descriptions[s], "content": schema} for s in statuses}


def _body(schema_name: str) -> dict:
    reference = {"$ref": f"#/components/schemas/{schema_name}"}
    return {
        "required": True,
        "content": {
            "application/json": {"schema": reference},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "payload": {"type": "string", "description": "the JSON object"},
                        "files": {
                            "type": "array",
                            "maxItems": 5,
                            "items": {"type": "string", "format": "binary"},
                            "description": "PDF, JPEG, PNG or DOCX, 10 MB each",
                        },
                    },
                }
            },
        },
    }


def _created(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}},
    }


document(
    {
        "/api/v1/petitions": {
            "post": {
                "summary": "A citizen's online submission (public, rate limited)",
                "requestBody": _body("Petition"),
                "responses": {
                    "201": _created("Recorded; the access key is shown only here"),
                    **_errors(400, 413, 415, 422, 429),
                },
            }
        },
        "/api/v1/petitions/{tracking_code}": {
            "get": {
                "summary": "The citizen's view of a case",
                "parameters": [
                    {
                        "name": "tracking_code",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "X-Access-Key",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                ],
                "responses": {
                    "200": {"description": "Kind, status, unit, deadlines, public timeline"},
                    **_errors(404, 429),
                },
            }
        },
        "/api/v1/cases": {
            "post": {
                "summary": "Desk or mail intake by staff",
                "security": [{"bearer": []}],
                "requestBody": _body("DeskPetition"),
                "responses": {
                    "201": _created("Recorded"),
                    **_errors(400, 401, 403, 413, 415, 422),
                },
            }
        },
    },
    {
        "Petitioner": _PERSON,
        "Petition": _PETITION,
        "DeskPetition": _DESK,
        "Deadline": _DEADLINE,
        "Receipt": _RECEIPT,
    },
)
