"""Files chosen on the online form, held while the citizen checks the answers.

A browser cannot send a file again from a hidden field, so the "check your answers" step
keeps the checked uploads under `<UPLOAD_FOLDER>/pending/<token>/` and the form carries only
the random token. Sending the petition takes them (and deletes them); a token older than
PENDING_LIFETIME is gone, and anything left that long is swept on the next save.
"""

import json
import secrets
import shutil
import time
from pathlib import Path

from petitions.attachments import Upload, folder

PENDING_LIFETIME = 3600  # seconds
TOKEN_BYTES = 16


def _root() -> Path:
    return folder() / "pending"


def _place(token: str | None) -> Path | None:
    if not isinstance(token, str) or len(token) != TOKEN_BYTES * 2:
        return None
    if any(ch not in "0123456789abcdef" for ch in token):
        return None
    return _root() / token


def _sweep(now: float) -> None:
    root = _root()
    if not root.is_dir():
        return
    for place in root.iterdir():
        try:
            if now - place.stat().st_mtime > PENDING_LIFETIME:
                shutil.rmtree(place, ignore_errors=True)
        except OSError:
            continue


def hold(uploads: list[Upload]) -> str:
    """Keep the uploads for the check step; returns the token ("" for no files)."""
    _sweep(time.time())
    if not uploads:
        return ""
    token = secrets.token_hex(TOKEN_BYTES)
    place = _root() / token
    place.mkdir(parents=True, mode=0o700)
    index = []
    for number, upload in enumerate(uploads):
        (place / f"{number}.bin").write_bytes(upload.data)
        index.append(
            {
                "filename": upload.filename,
                "content_type": upload.content_type,
                "extension": upload.extension,
            }
        )
    (place / "index.json").write_text(json.dumps(index, ensure_ascii=False))
    return token


def peek(token: str | None) -> list[Upload]:
    """The uploads held under `token` (none for an unknown or expired one)."""
    place = _place(token)
    if place is None or not (place / "index.json").is_file():
        return []
    if time.time() - place.stat().st_mtime > PENDING_LIFETIME:
        return []
    try:
        index = json.loads((place / "index.json").read_text())
        return [
            Upload(
                filename=entry["filename"],
                data=(place / f"{number}.bin").read_bytes(),
                content_type=entry["content_type"],
                extension=entry["extension"],
            )
            for number, entry in enumerate(index)
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def drop(token: str | None) -> None:
    place = _place(token)
    if place is not None:
        shutil.rmtree(place, ignore_errors=True)
