"""Small helpers shared by HTML views."""

from urllib.parse import urlsplit

from flask import flash, request, url_for

from petitions.database import write_intent
from petitions.errors import Refused
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
    which cannot fail on a snapshot another writer has moved past. The request then commits
    at its end like any write (petitions.create_app's commit_request)."""
    db.session.commit()  # ends a transaction that only read
    write_intent.set(True)


def show_refusal(form, refused: Refused, fallback: str) -> None:
    """A refused operation on the form that goes back to the user: each field's messages next
    to that field, the rest (or the refusal's message) on `fallback`. Whatever the request
    wrote before the refusal is dropped, as the request's commit would otherwise keep it."""
    db.session.rollback()
    for name, messages in (refused.fields or {fallback: [refused.message]}).items():
        field = form._fields.get(name) or form[fallback]
        field.errors = [*field.errors, *messages]


def flash_refusal(refused: Refused) -> None:
    """A refused operation, told on the next page: each field's messages, or the refusal's
    message. Whatever the request wrote before the refusal is dropped."""
    db.session.rollback()
    messages = [message for listed in refused.fields.values() for message in listed]
    for message in messages or [refused.message]:
        flash(message, "error")
