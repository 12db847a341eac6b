"""Documents kept with a step: verification records and dialogue minutes."""

from __future__ import annotations

from flask_babel import gettext as _

from petitions import attachments as files
from petitions.accounts.models import User
from petitions.cases.models import (
    Attachment,
    Case,
)
from petitions.errors import invalid


def attach_document(
    case: Case, *, storage, actor: User, purpose: str = "verification"
) -> Attachment:
    """Store a verification document or dialogue minutes uploaded on the case page."""

    data = files.read_file_storage(storage)
    try:
        upload = files.check_upload(storage.filename, data)
    except files.AttachmentError as error:
        messages = {
            "empty": _("Tệp %(name)s trống.", name=error.name),
            "too_large": _(
                "Tệp %(name)s vượt quá %(mb)d MB.",
                name=error.name,
                mb=files.max_bytes() // (1024 * 1024),
            ),
            "type": _("Tệp %(name)s không phải PDF, JPG, PNG hoặc DOCX.", name=error.name),
        }
        raise invalid("document", messages[error.reason]) from None
    return files.store(case, upload, purpose=purpose, uploaded_by=actor)
