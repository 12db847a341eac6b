"""API endpoints that belong to no single domain: units, the OpenAPI document."""

from flask import Blueprint, jsonify

from petitions.api.support import OPENAPI_PATHS, OPENAPI_SCHEMAS, document
from petitions.permissions import public
from petitions.units.services import all_units

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
    return jsonify(
        [
            {
                "code": unit.code,
                "name": unit.name,
                "level": unit.level.value,
                "parent": unit.parent.code if unit.parent else None,
                "remote": unit.remote,
                "active": unit.active,
            }
            for unit in all_units()
        ]
    )


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
                "summary": "The unit tree",
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
                                        },
                                    },
                                }
                            }
                        },
                    }
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3"}}}
        },
    }
)
