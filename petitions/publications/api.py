"""The published decisions as JSON: GET /api/v1/publications and /api/v1/publications/<id>;
open to anyone, like the public pages, and never a draft."""

from flask import Blueprint, current_app, jsonify, request, url_for
from flask_babel import gettext as _

from petitions.api.support import document, page_arg
from petitions.errors import Refused
from petitions.permissions import public
from petitions.publications import services
from petitions.publications.models import State

bp = Blueprint("publications_api", __name__, url_prefix="/api/v1/publications")


def _links(publication) -> dict[str, str | None]:
    return {
        "url": url_for("publications.public_show", publication_id=publication.id, _external=True),
        "pdf": url_for("publications.public_pdf", publication_id=publication.id, _external=True)
        if publication.state == State.PUBLISHED
        else None,
    }


@bp.route("")
@public
def index():
    kind = request.args.get("kind") or None
    if kind is not None and kind not in ("complaint", "denunciation"):
        raise Refused(422, fields={"kind": [_("Một trong: complaint, denunciation.")]})
    raw_year = request.args.get("year") or ""
    if raw_year and not (raw_year.isdigit() and 2000 <= int(raw_year) <= 2100):
        raise Refused(422, fields={"year": [_("Năm từ 2000 đến 2100.")]})
    unit = (request.args.get("unit") or "").strip() or None
    if unit is not None and len(unit) > 40:
        raise Refused(422, fields={"unit": [_("Tối đa %(n)d ký tự.", n=40)]})
    found = services.public_list(
        unit=unit,
        kind=kind,
        year=int(raw_year) if raw_year else None,
        page=page_arg(),
        per_page=int(current_app.config["PAGE_SIZE"]),
    )
    return jsonify(
        {
            "items": [services.public_json(p, _links(p)) for p in found.items],
            "total": found.total,
            "page": found.page,
            "pages": found.pages,
        }
    )


@bp.route("/<id:publication_id>")
@public
def show(publication_id):
    publication = services.public_item(publication_id)
    return jsonify(
        {
            **services.public_json(publication, _links(publication)),
            "text": services.paragraphs(publication)
            if publication.state == State.PUBLISHED
            else [],
        }
    )


_ITEM = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "unit": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
        },
        "kind": {"type": "string", "enum": ["complaint", "denunciation"]},
        "number": {"type": "string"},
        "issued_on": {"type": "string", "format": "date"},
        "title": {"type": "string"},
        "state": {"type": "string", "enum": ["published", "withdrawn"]},
        "published_on": {"type": "string", "format": "date", "nullable": True},
        "withdrawn_on": {"type": "string", "format": "date", "nullable": True},
        "withdrawal_reason": {"type": "string", "nullable": True},
        "basis": {"type": "string"},
        "url": {"type": "string"},
        "pdf": {"type": "string", "nullable": True},
    },
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


document(
    {
        "/api/v1/publications": {
            "get": {
                "summary": "Published second-round complaint decisions and denunciation "
                "conclusions (personal data removed), newest first",
                "parameters": [
                    {"name": "unit", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "kind",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["complaint", "denunciation"]},
                    },
                    {"name": "year", "in": "query", "schema": {"type": "integer"}},
                    {"name": "page", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {
                        "description": "Publications",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "items": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Publication"},
                                        },
                                        "total": {"type": "integer"},
                                        "page": {"type": "integer"},
                                        "pages": {"type": "integer"},
                                    },
                                }
                            }
                        },
                    },
                    "422": _error("Invalid filter"),
                    "429": _error("Rate limited"),
                },
            }
        },
        "/api/v1/publications/{publication_id}": {
            "get": {
                "summary": "One publication with its text (empty once withdrawn)",
                "parameters": [
                    {
                        "name": "publication_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The publication",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "allOf": [
                                        {"$ref": "#/components/schemas/Publication"},
                                        {
                                            "type": "object",
                                            "properties": {
                                                "text": {
                                                    "type": "array",
                                                    "items": {"type": "string"},
                                                }
                                            },
                                        },
                                    ]
                                }
                            }
                        },
                    },
                    "404": _error("Unknown, or not published"),
                    "429": _error("Rate limited"),
                },
            }
        },
    },
    {"Publication": _ITEM},
)
