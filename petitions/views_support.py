"""Small helpers shared by HTML views."""

from urllib.parse import urlsplit

from flask import request, url_for

from petitions.database import write_intent
from petitions.extensions import db


def safe_next(target: str | None) -> str:
    """A local path to go back to, never another site (open-redirect safe)."""
    if target:
        parts = urlsplit(target)
        same_host = not parts.netloc or parts.netloc == request.host
        if same_host and parts.path.startswith("/") and not parts.path.startswith("//"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return url_for("public.home")


def page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100000 else 1


def begin_write() -> None:
    """For a GET that must record something (a reveal, a spent receipt ticket): end the read
    transaction so that the next statement begins a writing one (BEGIN IMMEDIATE on SQLite),
    which cannot fail on a snapshot another writer has moved past."""
    db.session.commit()
    write_intent.set(True)
