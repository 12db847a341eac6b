"""GET /api/v1/cases/<id>/documents and the files behind it."""

from flask import Blueprint, abort, jsonify, url_for
from flask_login import current_user

from petitions.api.support import document as openapi
from petitions.api.support import json_body
from petitions.cases.access import can_read, get_case_for
from petitions.clock import today
from petitions.documents import service
from petitions.documents.models import OfficialDocument
from petitions.extensions import db
from petitions.oversight.models import Reminder
from petitions.oversight.scope import sees_everything
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


def _format(extension: str) -> None:
    if extension not in service.FORMATS:
        abort(404)


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


@bp.route("/cases/<id:case_id>/documents/<id:document_id>.<extension>")
@requires("cases.read")
def file(case_id, document_id, extension):
    _format(extension)
    begin_write()  # the file is rendered once and kept
    case = get_case_for(current_user, case_id)
    found = db.session.get(OfficialDocument, document_id)
    if found is None or found.case_id != case.id:
        abort(404)
    data, content_type, name = service.rendered(found, extension, actor=current_user)
    return service.send(data, content_type, name)


@bp.route(
    "/cases/<id:case_id>/documents/<id:document_id>/mail-copy.<extension>",
    methods=["POST"],
)
@requires("cases.act")
def mail_copy(case_id, document_id, extension):
    """The copy to be mailed to a denouncer, with name and address: {"reason": "…"}."""
    _format(extension)
    data = json_body()
    case = get_case_for(current_user, case_id)
    found = db.session.get(OfficialDocument, document_id)
    if found is None or found.case_id != case.id:
        abort(404)
    file = service.mail_copy(
        found,
        case,
        actor=current_user,
        reason=data.get("reason"),
        today=today(),
        extension=extension,
    )
    # The reveal is recorded before the identity leaves in the file, whatever happens next.
    db.session.commit()
    return service.send(*file), 200, {"Cache-Control": "no-store"}


@bp.route("/reminders/<id:reminder_id>/letter.<extension>")
@requires("cases.read")
def reminder_letter(reminder_id, extension):
    """The letter of a reminder, for its sender's unit, the reminded unit and the inspectorate."""
    _format(extension)
    begin_write()  # the file is rendered once and kept (with the case, when there is one)
    found = db.session.scalars(
        db.select(OfficialDocument).where(OfficialDocument.reminder_id == reminder_id)
    ).first()
    reminder = db.session.get(Reminder, reminder_id)
    if found is None or reminder is None or not _may_read_letter(reminder):
        abort(404)
    data, content_type, name = service.rendered(found, extension, actor=current_user)
    return service.send(data, content_type, name)


def _may_read_letter(reminder: Reminder) -> bool:
    user = current_user
    return (
        sees_everything(user)
        or user.unit_id in (reminder.unit_id, reminder.sent_by.unit_id)
        or (reminder.case is not None and can_read(user, reminder.case))
    )


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
        "/api/v1/cases/{id}/documents/{document_id}/mail-copy.{format}": {
            "post": {
                "summary": "A sealed case's document with the denouncer's name and address, for "
                "mailing; only for those allowed to reveal, recorded as a reveal ({reason})",
                "security": [{"bearer": []}],
                "parameters": [
                    {"name": name, "in": "path", "required": True, "schema": {"type": kind}}
                    for name, kind in (
                        ("id", "integer"),
                        ("document_id", "integer"),
                        ("format", "string"),
                    )
                ],
                "responses": {"200": {"description": "The file"}, "403": {"description": "No"}},
            }
        },
        "/api/v1/reminders/{id}/letter.{format}": {
            "get": {
                "summary": "The letter of reminder (công văn đôn đốc), PDF or .docx",
                "security": [{"bearer": []}],
                "parameters": [
                    {"name": name, "in": "path", "required": True, "schema": {"type": kind}}
                    for name, kind in (("id", "integer"), ("format", "string"))
                ],
                "responses": {"200": {"description": "The file"}, "404": {"description": "None"}},
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
