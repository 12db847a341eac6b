"""GET /api/v1/cases/<id>/documents and the files behind it."""

from flask import Blueprint, abort, jsonify, url_for
from flask_login import current_user

from petitions.api.support import document as openapi
from petitions.cases.access import get_case_for
from petitions.documents import service
from petitions.documents.models import OfficialDocument
from petitions.extensions import db
from petitions.permissions import requires
from petitions.views_support import begin_write

bp = Blueprint("documents_api", __name__, url_prefix="/api/v1")


def _links(case_id: int, document: OfficialDocument) -> dict:
    return {
        extension: url_for(
            "documents_api.file",
            case_id=case_id,
            document_id=document.id,
            extension=extension,
        )
        for extension in service.FORMATS
    }


@bp.route("/cases/<id:case_id>/documents")
@requires("cases.read")
def case_documents(case_id):
    case = get_case_for(current_user, case_id)
    return jsonify(
        [
            service.document_json(document, _links(case.id, document))
            for document in service.case_documents(case)
        ]
    )


@bp.route("/cases/<id:case_id>/documents/<id:document_id>.<any(pdf, docx):extension>")
@requires("cases.read")
def file(case_id, document_id, extension):
    begin_write()  # the file is rendered once and kept
    case = get_case_for(current_user, case_id)
    found = db.session.get(OfficialDocument, document_id)
    if found is None or found.case_id != case.id:
        abort(404)
    data, content_type, name = service.rendered(found, extension, actor=current_user)
    return service.send(data, content_type, name)


openapi(
    {
        "/api/v1/cases/{id}/documents": {
            "get": {
                "summary": "The case's official documents (register number, date, title, files)",
                "security": [{"bearer": []}],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {
                        "description": "[{id, type, number, issued_on, title, pdf, docx}]",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/OfficialDocument"},
                                }
                            }
                        },
                    }
                },
            }
        },
        "/api/v1/cases/{id}/documents/{document_id}.{format}": {
            "get": {
                "summary": "One document as PDF or .docx, named by its type and number",
                "security": [{"bearer": []}],
                "parameters": [
                    {"name": name, "in": "path", "required": True, "schema": {"type": kind}}
                    for name, kind in (
                        ("id", "integer"),
                        ("document_id", "integer"),
                        ("format", "string"),
                    )
                ],
                "responses": {"200": {"description": "The file"}},
            }
        },
    },
    {
        "OfficialDocument": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "type": {"type": "string"},
                "number": {"type": "string", "example": "45/QĐ-UBND"},
                "issued_on": {"type": "string", "format": "date"},
                "title": {"type": "string"},
                "pdf": {"type": "string"},
                "docx": {"type": "string"},
            },
        }
    },
)
