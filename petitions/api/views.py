"""API endpoints that belong to no single domain: units, the OpenAPI document."""

from flask import Blueprint, jsonify, request

from petitions.api.support import OPENAPI_PATHS, OPENAPI_SCHEMAS, document, parse_day
from petitions.clock import today
from petitions.permissions import public
from petitions.units.history import tree_on

bp = Blueprint("api", __name__, url_prefix="/api/v1")

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["code", "message", "fields"],
        }
    },
}


@bp.route("/units")
@public
def units():
    """The tree as it stood on `on` (today by default): every unit that had come into being by
    then, with its parent on that day, whether it existed, and its successors."""
    day = parse_day(request.args.get("on"), "on") or today()
    return jsonify(
        [
            {
                "code": row.unit.code,
                "name": row.unit.name,
                "level": row.unit.level.value,
                "parent": row.parent.code if row.parent else None,
                "remote": row.unit.remote,
                "active": row.exists,
                "valid_from": _iso(row.unit.valid_from),
                "valid_to": _iso(row.unit.valid_to),
                "successors": [unit.code for unit in row.unit.successors],
                "predecessors": [unit.code for unit in row.unit.predecessors],
            }
            for row in tree_on(day)
        ]
    )


def _iso(day):
    return day.isoformat() if day else None


@bp.route("/openapi.json")
@public
def openapi():
    return jsonify(
        {
            "openapi": "3.0.3",
            "info": {
                "title": "Petitions API",
                "version": "1",
                "description": "Tiếp công dân và xử lý đơn thư — citizen reception and petitions.",
            },
            "servers": [{"url": "/"}],
            "paths": dict(sorted(OPENAPI_PATHS.items())),
            "components": {
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                "schemas": {"Error": ERROR_SCHEMA, **OPENAPI_SCHEMAS},
            },
        }
    )


document(
    {
        "/api/v1/units": {
            "get": {
                "summary": "The unit tree as it stood on a day (today by default)",
                "parameters": [
                    {
                        "name": "on",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "format": "date"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "Units",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "code": {"type": "string"},
                                            "name": {"type": "string"},
                                            "level": {
                                                "type": "string",
                                                "enum": [
                                                    "province",
                                                    "department",
                                                    "district",
                                                    "commune",
                                                    "office",
                                                ],
                                            },
                                            "parent": {"type": "string", "nullable": True},
                                            "remote": {"type": "boolean"},
                                            "active": {"type": "boolean"},
                                            "valid_from": {
                                                "type": "string",
                                                "format": "date",
                                                "nullable": True,
                                            },
                                            "valid_to": {
                                                "type": "string",
                                                "format": "date",
                                                "nullable": True,
                                            },
                                            "successors": {
                                                "type": "array",
                                                "items": {"type": "string"},
                                            },
                                            "predecessors": {
                                                "type": "array",
                                                "items": {"type": "string"},
                                            },
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "422": {"description": "A malformed day"},
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3"}}}
        },
    }
)
