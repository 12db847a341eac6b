"""Attachment files: type checked from the bytes, stored outside static/ under random names.

The original file name is kept only as data (Attachment.original_name); on disk a file is
`<UPLOAD_FOLDER>/<two hex>/<32 hex>.<ext>`, so a name chosen by a citizen never reaches a path
and nothing uploaded can be served as a page or a script.
"""

import hashlib
import io
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from petitions.cases.models import Attachment, Case
from petitions.text import clean

# (content type, extension, what a citizen calls it)
PDF = ("application/pdf", "pdf")
JPEG = ("image/jpeg", "jpg")
PNG = ("image/png", "png")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
ACCEPTED = (PDF, JPEG, PNG, DOCX)
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.docx,application/pdf,image/jpeg,image/png," + DOCX[0]


class AttachmentError(ValueError):
    """A file that cannot be accepted. `reason` is one of "empty", "too_large", "type";
    the words for the citizen live with the caller (petitions.intake.validation)."""

    def __init__(self, reason: str, name: str, limit: int = 0):
        super().__init__(f"{reason}: {name}")
        self.reason = reason
        self.name = name
        self.limit = limit


@dataclass(frozen=True)
class Upload:
    """A file received with a petition, read into memory and checked."""

    filename: str
    data: bytes
    content_type: str
    extension: str

    @property
    def size(self) -> int:
        return len(self.data)


def detect_type(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the magic bytes, or None for anything not accepted."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        # A macro-enabled document saved as .docx is refused: macros run on the officer's PC.
        if "word/document.xml" in names and "word/vbaProject.bin" not in names:
            return DOCX
    return None


def safe_original_name(filename: str | None) -> str:
    """The name as the citizen's device gave it, without any path, for display only."""
    name = clean(filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:255] or "attachment"


def max_bytes() -> int:
    return int(current_app.config["UPLOAD_MAX_BYTES"])


def max_files() -> int:
    return int(current_app.config["UPLOAD_MAX_FILES"])


def check_upload(filename: str | None, data: bytes) -> Upload:
    """An Upload, or AttachmentError saying what is wrong with the file."""
    name = safe_original_name(filename)
    if not data:
        raise AttachmentError("empty", name)
    if len(data) > max_bytes():
        raise AttachmentError("too_large", name, max_bytes())
    detected = detect_type(data)
    if detected is None:
        raise AttachmentError("type", name)
    return Upload(filename=name, data=data, content_type=detected[0], extension=detected[1])


def read_file_storage(storage) -> bytes:
    """Read an uploaded werkzeug FileStorage, stopping just past the size limit, and close
    it (a large upload is spooled to a temporary file)."""
    try:
        return storage.stream.read(max_bytes() + 1)
    finally:
        storage.close()


def folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def path_of(attachment: Attachment) -> Path:
    return folder() / attachment.stored_name[:2] / attachment.stored_name


def store(case: Case, upload: Upload, *, purpose: str = "evidence", uploaded_by=None) -> Attachment:
    """Write the file to disk (synced) and add its Attachment row to the case.

    The file is on disk before the transaction commits; a rolled-back transaction leaves an
    orphan file, never a row without its file.
    """
    stored_name = f"{secrets.token_hex(16)}.{upload.extension}"
    path = folder() / stored_name[:2] / stored_name
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(upload.data)
        handle.flush()
        os.fsync(handle.fileno())
    attachment = Attachment(
        stored_name=stored_name,
        original_name=upload.filename,
        content_type=upload.content_type,
        size=upload.size,
        sha256=hashlib.sha256(upload.data).hexdigest(),
        purpose=purpose,
        uploaded_by_id=getattr(uploaded_by, "id", None),
    )
    case.attachments.append(attachment)
    return attachment
