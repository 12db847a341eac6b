"""Open311 GeoReport v2 endpoints under /open311/v2, in JSON and XML.

Errors answer in GeoReport's shape, `[{"code": 400, "description": "…"}]` (XML: <errors>),
not in /api/v1's: the handlers below cover this blueprint, and petitions.errors.PATH_RENDERERS
covers what happens outside it under /open311/ (unknown paths, wrong methods, rate limits,
unexpected failures).
"""

import re

from flask import Blueprint, current_app, request
from flask_babel import gettext as _

from petitions.api.support import document
from petitions.clock import today
from petitions.errors import PATH_RENDERERS, Refused
from petitions.extensions import db, limiter
from petitions.intake import api as intake_api
from petitions.notifications.services import public_base
from petitions.open311 import services
from petitions.open311.formats import error_response, respond
from petitions.open311.services import Submission
from petitions.permissions import public

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")

FORMAT = "<any(json, xml):fmt>"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this endpoint's behaviour last changed (the discovery document's "changeset").
CHANGESET = "2026-03-01T00:00:00+07:00"
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
FIELDS = (
    "service_code",
    "jurisdiction_id",
    "description",
    "address_string",
    "lat",
    "long",
    "email",
    "first_name",
    "last_name",
    "phone",
    "media_url",
)


def submit_limit() -> str:
    """The citizen submission limit of /api/v1/petitions unless Open311 has its own."""
    return current_app.config["OPEN311_SUBMIT_RATE_LIMIT"] or intake_api.submit_limit()


def read_limit() -> str:
    return current_app.config["OPEN311_READ_RATE_LIMIT"]


def _path_format() -> str:
    return "xml" if request.path.endswith(".xml") else "json"


def _georeport_error(status: int, message: str):
    return error_response(status, [message], _path_format())


PATH_RENDERERS["/open311/"] = _georeport_error


@bp.errorhandler(Refused)
def refused(error: Refused):
    """A refusal in GeoReport's words: one description per field message ("name: message")."""
    db.session.rollback()
    descriptions = [
        f"{name}: {message}" for name, messages in error.fields.items() for message in messages
    ]
    return error_response(error.status, descriptions or [error.message], _path_format())


# -- parameters --------------------------------------------------------------------------------


def _as_text(value, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise Refused(400, _("%(name)s: Giá trị phải là chuỗi ký tự.", name=name))


def _submission() -> Submission:
    """A POST's parameters: form-encoded as GeoReport says, or a JSON object."""
    attributes: dict[str, str] = {}
    if request.is_json:
        raw = request.get_json(silent=True)
        if not isinstance(raw, dict):
            raise Refused(400, _("Dữ liệu JSON không đọc được hoặc không phải một đối tượng."))
        nested = raw.get("attribute") or {}
        if not isinstance(nested, dict):
            raise Refused(400, _("attribute: Phải là một đối tượng {mã: giá trị}."))
        for code, value in nested.items():
            attributes[str(code)] = _as_text(value, f"attribute[{code}]")
        values = {key: raw.get(key) for key in raw if key != "attribute"}
    else:
        values = {key: request.values.get(key) for key in request.values}
    for key, value in values.items():
        match = _ATTRIBUTE.match(key)
        if match:
            attributes[match.group(1)] = _as_text(value, key)
    fields = {name: _as_text(values.get(name), name) for name in FIELDS}
    return Submission(**fields, attributes={k: v for k, v in attributes.items() if v is not None})


def _list_arg(name: str) -> list[str] | None:
    raw = request.args.get(name, "")
    items = [item.strip() for item in raw.split(",") if item.strip()]
    return items or None


def _service_codes() -> list | None:
    codes = _list_arg("service_code")
    if codes is None:
        return None
    unknown = [code for code in codes if code not in services.SERVICES]
    if unknown:
        raise Refused(
            400,
            _(
                "service_code: Không có dịch vụ «%(code)s». Chỉ có feedback và recommendation.",
                code=", ".join(unknown),
            ),
        )
    return [services.SERVICES[code] for code in codes]


def _states() -> set[str] | None:
    states = _list_arg("status")
    if states is None:
        return None
    if not set(states) <= {services.OPEN, services.CLOSED}:
        raise Refused(400, _("status: Chỉ nhận open, closed hoặc open,closed."))
    return set(states)


# -- endpoints ---------------------------------------------------------------------------------


@bp.route(f"/discovery.{FORMAT}")
@limiter.limit(read_limit)
@public
def discovery(fmt):
    body = {
        "changeset": CHANGESET,
        "contact": current_app.config["OPEN311_CONTACT"]
        or _("Thanh tra tỉnh, bộ phận tiếp công dân"),
        "key_service": _("Không cần khóa API."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": public_base() + bp.url_prefix,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return respond(fmt, "discovery", body)


@bp.route(f"/services.{FORMAT}")
@limiter.limit(read_limit)
@public
def service_list(fmt):
    services.jurisdiction(request.args.get("jurisdiction_id"))
    return respond(fmt, "services", services.services())


@bp.route(f"/services/<service_code>.{FORMAT}")
@limiter.limit(read_limit)
@public
def service_definition(service_code, fmt):
    services.jurisdiction(request.args.get("jurisdiction_id"))
    return respond(fmt, "service_definition", services.service_definition(service_code))


@bp.route(f"/requests.{FORMAT}", methods=["POST"])
@limiter.limit(submit_limit)
@public
def file_request(fmt):
    day = today()
    filed = services.file_request(submission=_submission(), today=day)
    body = [
        {
            "service_request_id": filed.case.tracking_code,
            "service_notice": filed.notice,
            "account_id": None,
            "access_key": filed.access_key,
        }
    ]
    return respond(fmt, "service_requests", body, 201)


@bp.route(f"/requests.{FORMAT}", methods=["GET"])
@limiter.limit(read_limit)
@public
def list_requests(fmt):
    ids = _list_arg("service_request_id")
    if ids is not None:
        # GeoReport: service_request_id overrides every other argument.
        found = services.list_requests(today=today(), ids=ids)
    else:
        found = services.list_requests(
            today=today(),
            kinds=_service_codes(),
            states=_states(),
            start=services.parse_moment(request.args.get("start_date"), "start_date"),
            end=services.parse_moment(request.args.get("end_date"), "end_date"),
            unit=services.jurisdiction(request.args.get("jurisdiction_id")),
        )
    return respond(fmt, "service_requests", [view.item() for view in found])


@bp.route(f"/requests/<service_request_id>.{FORMAT}")
@limiter.limit(read_limit)
@public
def show_request(service_request_id, fmt):
    services.jurisdiction(request.args.get("jurisdiction_id"))
    view = services.find_request(service_request_id, access_key=request.headers.get("X-Access-Key"))
    if view is None:
        raise Refused(
            404,
            _(
                "service_request_id: Không có yêu cầu «%(code)s» trong danh sách công khai.",
                code=service_request_id,
            ),
        )
    return respond(fmt, "service_requests", [view.item()])


# -- OpenAPI -----------------------------------------------------------------------------------


def _format_parameter() -> dict:
    return {
        "name": "format",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": ["json", "xml"]},
        "description": "json (application/json) or xml (text/xml, GeoReport's required format)",
    }


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema or {"type": "string"},
        "description": description,
    }


_JURISDICTION = _query(
    "jurisdiction_id", "A unit code (e.g. HG-BQ); unknown codes answer 404. Optional."
)


def _ok(description: str, schema: dict) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}, "text/xml": {"schema": schema}},
    }


def _georeport_errors(*statuses: int) -> dict:
    descriptions = {
        400: "Invalid or missing parameters: one error per problem",
        404: "Unknown or refused service_code, unknown jurisdiction_id or request",
        429: "Rate limited",
    }
    schema = {"$ref": "#/components/schemas/Open311Errors"}
    return {
        str(status): {
            "description": descriptions[status],
            "content": {"application/json": {"schema": schema}, "text/xml": {"schema": schema}},
        }
        for status in statuses
    }


def _array(name: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}


_SERVICE = {
    "type": "object",
    "properties": {
        "service_code": {"type": "string", "enum": ["feedback", "recommendation"]},
        "service_name": {"type": "string"},
        "description": {"type": "string"},
        "metadata": {"type": "boolean", "description": "always true: see the definition"},
        "type": {"type": "string", "enum": ["realtime"]},
        "keywords": {"type": "string", "description": "comma separated"},
        "group": {"type": "string"},
    },
}
_DEFINITION = {
    "type": "object",
    "properties": {
        "service_code": {"type": "string"},
        "attributes": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "variable": {"type": "boolean"},
                    "code": {
                        "type": "string",
                        "enum": ["unit", "full_name", "id_number", "address", "confidential"],
                    },
                    "datatype": {"type": "string", "enum": ["string", "singlevaluelist"]},
                    "required": {"type": "boolean"},
                    "datatype_description": {"type": "string", "nullable": True},
                    "order": {"type": "integer"},
                    "description": {"type": "string"},
                    "values": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
                        },
                    },
                },
            },
        },
    },
}
_NEW_REQUEST = {
    "type": "object",
    "required": ["service_code", "description"],
    "properties": {
        "service_code": {"type": "string", "enum": ["feedback", "recommendation"]},
        "jurisdiction_id": {"type": "string", "description": "unit code (optional)"},
        "description": {
            "type": "string",
            "description": "The request; its first words (up to 80 characters) become the "
            "published title",
        },
        "address_string": {"type": "string", "description": "where it happens (optional)"},
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "long": {"type": "number", "minimum": -180, "maximum": 180},
        "first_name": {"type": "string", "description": "given name"},
        "last_name": {"type": "string", "description": "family name (comes first in Vietnamese)"},
        "email": {"type": "string", "format": "email"},
        "phone": {"type": "string", "example": "0912345678"},
        "media_url": {"type": "string", "format": "uri", "description": "kept for staff only"},
        "account_id": {"type": "string", "description": "ignored"},
        "device_id": {"type": "string", "description": "ignored, not stored"},
        "api_key": {"type": "string", "description": "ignored: no key is needed"},
        "attribute[unit]": {"type": "string", "description": "unit code, as jurisdiction_id"},
        "attribute[full_name]": {"type": "string", "description": "instead of first/last name"},
        "attribute[id_number]": {"type": "string", "description": "12-digit CCCD"},
        "attribute[address]": {"type": "string", "description": "the sender's home address"},
        "attribute[confidential]": {"type": "string", "enum": ["true", "false"]},
    },
    "description": "No identity at all files the request anonymously; any identity must be "
    "complete (full name, attribute[id_number], attribute[address], phone), as for every "
    "online petition. Form-encoded as GeoReport says; a JSON object with an `attribute` "
    "object is accepted too.",
}
_RECEIPT = {
    "type": "object",
    "properties": {
        "service_request_id": {"type": "string", "example": "HG-26-7KQ4-M2XD"},
        "service_notice": {"type": "string"},
        "account_id": {"type": "string", "nullable": True},
        "access_key": {
            "type": "string",
            "description": "Extension: the citizen's secret key, shown only here; with the "
            "service_request_id it opens /api/v1/petitions/{tracking_code} and a confidential "
            "request (header X-Access-Key)",
        },
    },
}
_REQUEST = {
    "type": "object",
    "properties": {
        "service_request_id": {"type": "string"},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "status_notes": {"type": "string"},
        "service_name": {"type": "string"},
        "service_code": {"type": "string"},
        "description": {
            "type": "string",
            "nullable": True,
            "description": "The title, only for requests filed through Open311; else null",
        },
        "agency_responsible": {"type": "string"},
        "service_notice": {"type": "string", "nullable": True},
        "requested_datetime": {"type": "string", "format": "date-time"},
        "updated_datetime": {"type": "string", "format": "date-time"},
        "expected_datetime": {
            "type": "string",
            "format": "date-time",
            "nullable": True,
            "description": "The open statutory deadline at 17:00 Asia/Ho_Chi_Minh; null when "
            "closed or suspended",
        },
        "address": {"type": "string", "nullable": True},
        "address_id": {"type": "string", "nullable": True},
        "zipcode": {"type": "string", "nullable": True},
        "lat": {"type": "number", "nullable": True},
        "long": {"type": "number", "nullable": True},
        "media_url": {"type": "string", "nullable": True, "description": "never published"},
    },
}
_ERRORS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "code": {"type": "integer"},
            "description": {"type": "string", "example": "attribute[id_number]: …"},
        },
    },
    "description": "GeoReport's error list (XML: <errors><error><code/><description/>): not "
    "the /api/v1 error object",
}

document(
    {
        "/open311/v2/discovery.{format}": {
            "get": {
                "summary": "Open311 service discovery",
                "tags": ["Open311"],
                "parameters": [_format_parameter()],
                "responses": {"200": {"description": "Endpoints and formats"}},
            }
        },
        "/open311/v2/services.{format}": {
            "get": {
                "summary": "Open311 services: feedback and recommendation",
                "tags": ["Open311"],
                "parameters": [_format_parameter(), _JURISDICTION],
                "responses": {
                    "200": _ok("The services", _array("Open311Service")),
                    **_georeport_errors(404, 429),
                },
            }
        },
        "/open311/v2/services/{service_code}.{format}": {
            "get": {
                "summary": "Open311 service definition (the attributes)",
                "tags": ["Open311"],
                "parameters": [
                    {
                        "name": "service_code",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    _format_parameter(),
                    _JURISDICTION,
                ],
                "responses": {
                    "200": _ok(
                        "The definition", {"$ref": "#/components/schemas/Open311Definition"}
                    ),
                    **_georeport_errors(404, 429),
                },
            }
        },
        "/open311/v2/requests.{format}": {
            "get": {
                "summary": "Public Open311 requests (feedback and recommendations)",
                "tags": ["Open311"],
                "parameters": [
                    _format_parameter(),
                    _query("service_request_id", "Comma separated codes; overrides the rest"),
                    _query("service_code", "feedback, recommendation or both (comma separated)"),
                    _query("status", "open, closed or both (comma separated)"),
                    _query(
                        "start_date",
                        "ISO 8601; compared by day in Asia/Ho_Chi_Minh; at most 90 days",
                        {"type": "string", "format": "date-time"},
                    ),
                    _query(
                        "end_date",
                        "ISO 8601; default: the most recent 90 days",
                        {"type": "string", "format": "date-time"},
                    ),
                    _query("jurisdiction_id", "A unit code: that unit and the units below it"),
                ],
                "responses": {
                    "200": _ok("Newest first, at most 1000", _array("Open311Request")),
                    **_georeport_errors(400, 404, 429),
                },
            },
            "post": {
                "summary": "File a feedback or recommendation (public, rate limited)",
                "tags": ["Open311"],
                "parameters": [_format_parameter()],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {"$ref": "#/components/schemas/Open311NewRequest"}
                        },
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Open311NewRequest"}
                        },
                    },
                },
                "responses": {
                    "201": _ok(
                        "Recorded; the access key is shown only here", _array("Open311Receipt")
                    ),
                    **_georeport_errors(400, 404, 429),
                },
            },
        },
        "/open311/v2/requests/{service_request_id}.{format}": {
            "get": {
                "summary": "One Open311 request",
                "tags": ["Open311"],
                "parameters": [
                    {
                        "name": "service_request_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    _format_parameter(),
                    {
                        "name": "X-Access-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "Needed only for a confidential request",
                    },
                ],
                "responses": {
                    "200": _ok("An array of one request", _array("Open311Request")),
                    **_georeport_errors(404, 429),
                },
            }
        },
    },
    {
        "Open311Service": _SERVICE,
        "Open311Definition": _DEFINITION,
        "Open311NewRequest": _NEW_REQUEST,
        "Open311Receipt": _RECEIPT,
        "Open311Request": _REQUEST,
        "Open311Errors": _ERRORS,
    },
)
