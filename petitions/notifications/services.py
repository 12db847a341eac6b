"""Queueing email in the caller's transaction, and sending it after commit over SMTP.

`queue_email` only adds an outbox row: if the request rolls back, nothing is sent. The
`send_outbox` job (every minute, petitions.jobs) calls `send_pending`, which claims rows so
that two senders never send the same message, sends them with smtplib and retries failures
with backoff. When a scheduler runs in the same process (`petitions serve`) a commit that
queued mail also wakes the job at once (see `on_queued_commit`), so mail leaves in seconds;
otherwise it leaves within the minute.
"""

import json
import logging
import smtplib
import ssl
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path

from flask import current_app, has_request_context, request
from sqlalchemy import and_, event, func, or_, select, update
from sqlalchemy.orm import Session

from petitions import sealing
from petitions.database import utcnow
from petitions.extensions import db
from petitions.notifications.models import Outbox, OutboxStatus

log = logging.getLogger(__name__)

# Wait before attempt 2, 3, 4 and 5; after the fifth failure the message is given up.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A sender that died while holding rows gives them back after this long. SMTP calls time
# out long before it, so a live sender never loses its rows to another one.
LEASE = timedelta(minutes=15)
SMTP_TIMEOUT = 30

_QUEUED_FLAG = "petitions.outbox_queued"
_wakers: list[Callable[[], None]] = []


class InvalidRecipient(ValueError):
    pass


def queue_email(
    *,
    to: str,
    subject: str,
    body: str,
    html: str | None = None,
    sealed: bool = False,
    case_id: int | None = None,
    ephemeral: bool = False,
) -> Outbox:
    """Add a message to the outbox in the caller's transaction; it leaves after commit.

    `sealed=True` is for a recipient whose identity is protected (a denouncer): the address
    and the text are stored only encrypted and are decrypted in memory when sending.
    `ephemeral=True` is for a message that carries a secret (a citizen's access key): it is
    stored sealed too, and its text is dropped once it has been sent or given up on.
    """
    to = (to or "").strip()
    if not to or "@" not in to or any(ch in to for ch in "\r\n,;<>"):
        raise InvalidRecipient("not an email address")
    # Header values must be one line; a newline would let text inject headers.
    subject = " ".join(subject.split())[:300]
    row = Outbox(
        subject=subject,
        case_id=case_id,
        status=OutboxStatus.QUEUED,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    row.ephemeral = ephemeral
    if sealed or ephemeral:
        seal_message(row, to=to, body=body, html=html)
    else:
        row.recipient, row.body, row.html = to, body, html
    db.session.add(row)
    db.session.flush()
    db.session.info[_QUEUED_FLAG] = True
    return row


def seal_message(row: Outbox, *, to: str, body: str, html: str | None) -> None:
    """Move a message's address and text into its sealed payload (same key and format as a
    petitioner's identity, so unseal_identity opens it); the clear columns are emptied."""
    payload = json.dumps({"email": to, "body": body, "html": html}, ensure_ascii=False)
    row.sealed = True
    row.sealed_payload = sealing.seal_bytes(payload.encode(), sealing.public_key())
    row.recipient, row.body, row.html = "", "", None


def seal_case_messages(case_id: int) -> int:
    """Seal every clear message of a case (one just found to be a denunciation), queued or
    already sent; returns how many were sealed."""
    rows = db.session.scalars(
        select(Outbox).where(Outbox.case_id == case_id, Outbox.sealed.is_(False))
    ).all()
    for row in rows:
        seal_message(row, to=row.recipient, body=row.body, html=row.html)
    return len(rows)


def _forget_secret(row: Outbox) -> None:
    if row.ephemeral:
        row.sealed_payload = None
        row.body, row.html = "", None


# Where links point outside a request when PUBLIC_BASE_URL is unset and `serve` has not said
# where it listens (a CLI command, a test).
FALLBACK_BASE = "http://127.0.0.1:5000"
SERVED_AT = "petitions.served_at"


def public_base() -> str:
    """The site's address as citizens and staff reach it, no trailing slash: PUBLIC_BASE_URL;
    unset, the address of the request being answered (so a QR code served on port 8080 says
    8080), and outside a request the address `petitions serve` listens on."""
    configured = current_app.config["PUBLIC_BASE_URL"]
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return current_app.extensions.get(SERVED_AT) or FALLBACK_BASE


def public_base_warning(app) -> str | None:
    """What `serve` says at start-up when links would follow the Host header of each request
    (fine on a desk machine, not in production behind a proxy)."""
    if app.config["PUBLIC_BASE_URL"]:
        return None
    return (
        "PUBLIC_BASE_URL is not set: links in mail and QR codes use the address of each "
        "request (and " + app.extensions.get(SERVED_AT, FALLBACK_BASE) + " in scheduled "
        "mail). In production set PETITIONS_PUBLIC_BASE_URL to the public address, e.g. "
        "https://tiepcongdan.example.gov.vn."
    )


def public_url(endpoint: str, **values) -> str:
    """An absolute link for an email, a receipt or a job, built from PUBLIC_BASE_URL (no
    request needed): every link the site hands out to be followed later is built here."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return public_base() + path


def on_queued_commit(callback: Callable[[], None]) -> None:
    """Call `callback` after every commit that queued mail (used to wake the sender)."""
    if callback not in _wakers:
        _wakers.append(callback)


def forget_waker(callback: Callable[[], None]) -> None:
    if callback in _wakers:
        _wakers.remove(callback)


@event.listens_for(Session, "after_commit")
def _wake_after_commit(session) -> None:
    if not session.info.pop(_QUEUED_FLAG, False):
        return
    for wake in list(_wakers):
        try:
            wake()
        except Exception:  # the every-minute run still sends it; never fail a request here
            log.exception("waking the outbox sender failed")


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session) -> None:
    session.info.pop(_QUEUED_FLAG, None)


def send_pending(*, now: datetime, limit: int = 100) -> int:
    """Claim up to `limit` due messages, send them, and return how many were sent.

    Commits: the claim is committed before any SMTP traffic (so other senders skip those
    rows and no database lock is held while talking to the mail server) and each result is
    committed as soon as it is known. Call it outside a request's transaction.
    """
    down = _server_down(current_app.config)
    if down is not None and now < down["until"]:
        return 0  # the mail server was unreachable: wait out the back-off, claim nothing
    rows = _claim(now=now, limit=limit)
    if not rows:
        return 0
    config = current_app.config
    sent = 0
    connection: smtplib.SMTP | None = None
    try:
        for position, row in enumerate(rows):
            if connection is None:
                try:
                    connection = _connect(config)
                except (OSError, smtplib.SMTPException) as error:
                    # The server, not the messages: give them back uncharged and back off.
                    until = _server_unreachable(config, now=now, error=error)
                    for waiting in rows[position:]:
                        _release(waiting, until=until, error=error)
                    db.session.commit()
                    break
                _server_reachable()
            try:
                message = _compose(row, config["MAIL_SENDER"])
            except Exception as error:  # e.g. no private key here to open a sealed address
                _record_failure(row, now=now, error=error)
                db.session.commit()
                continue
            try:
                connection.send_message(message)
            except (OSError, smtplib.SMTPException) as error:
                _record_failure(row, now=now, error=error)
                if isinstance(error, (OSError, smtplib.SMTPServerDisconnected)):
                    _close(connection)
                    connection = None
            else:
                row.status = OutboxStatus.SENT
                row.sent_at = now
                row.claim_token = None
                row.last_error = ""
                _forget_secret(row)
                sent += 1
                log.info("outbox %s sent (attempt %s)", row.id, row.attempts)
            db.session.commit()
    finally:
        if connection is not None:
            _close(connection)
    return sent


def outbox_counts() -> dict[str, int]:
    """How many messages are in each state (for the jobs page)."""
    rows = db.session.execute(select(Outbox.status, func.count()).group_by(Outbox.status))
    counts = {status.value: 0 for status in OutboxStatus}
    counts.update({str(getattr(status, "value", status)): n for status, n in rows})
    return counts


def failed_messages(*, limit: int = 10) -> list[Outbox]:
    """The latest messages given up on, for the jobs page."""
    return list(
        db.session.scalars(
            select(Outbox)
            .where(Outbox.status == OutboxStatus.FAILED)
            .order_by(Outbox.id.desc())
            .limit(limit)
        )
    )


def _claim(*, now: datetime, limit: int) -> list[Outbox]:
    due = or_(
        and_(Outbox.status == OutboxStatus.QUEUED, Outbox.next_attempt_at <= now),
        and_(Outbox.status == OutboxStatus.SENDING, Outbox.claimed_at < now - LEASE),
    )
    candidates = select(Outbox.id).where(due).order_by(Outbox.next_attempt_at, Outbox.id)
    candidates = candidates.limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        # Rows another sender is claiming right now are skipped, not waited for.
        candidates = candidates.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(candidates))
    if not ids:
        db.session.commit()
        return []
    token = uuid.uuid4().hex
    # On SQLite the transaction began with BEGIN IMMEDIATE, so nobody else can write between
    # the SELECT and this UPDATE; on PostgreSQL the selected rows are locked until commit.
    db.session.execute(
        update(Outbox)
        .where(Outbox.id.in_(ids), due)
        .values(
            status=OutboxStatus.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=Outbox.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.scalars(select(Outbox).where(Outbox.claim_token == token).order_by(Outbox.id))
    )


# After the mail server could not be reached: wait 1, 2, 4 … minutes, at most 30, before
# the next try; one warning when it goes down, one line when it is back.
SERVER_DOWN = "petitions.mail_server_down"
SERVER_RETRY_FIRST = timedelta(minutes=1)
SERVER_RETRY_MAX = timedelta(minutes=30)


def _server_key(config) -> tuple:
    return (mail_backend(config), config["SMTP_HOST"], config["SMTP_PORT"])


def _server_down(config) -> dict | None:
    """The back-off of the configured server; a server configured since is tried at once."""
    down = current_app.extensions.get(SERVER_DOWN)
    return down if down is not None and down["server"] == _server_key(config) else None


def _server_unreachable(config, *, now: datetime, error: Exception) -> datetime:
    down = _server_down(config)
    delay = SERVER_RETRY_FIRST if down is None else min(down["delay"] * 2, SERVER_RETRY_MAX)
    current_app.extensions[SERVER_DOWN] = {
        "server": _server_key(config),
        "until": now + delay,
        "delay": delay,
    }
    if down is None:
        log.warning(
            "mail server %s:%s unreachable (%s); mail stays queued, retried after %s "
            "and then less often (at most every %s)",
            config["SMTP_HOST"],
            config["SMTP_PORT"],
            type(error).__name__,
            delay,
            SERVER_RETRY_MAX,
        )
    else:
        log.info("mail server still unreachable; next try in %s", delay)
    return now + delay


def _server_reachable() -> None:
    if current_app.extensions.pop(SERVER_DOWN, None) is not None:
        log.info("mail server reachable again; sending the queued mail")


def _release(row: Outbox, *, until: datetime, error: Exception) -> None:
    """Back to the queue as it was: an unreachable server does not use up a message's tries."""
    row.status = OutboxStatus.QUEUED
    row.claim_token = None
    row.claimed_at = None
    row.attempts = max(row.attempts - 1, 0)
    row.next_attempt_at = until
    row.last_error = _describe(error, sealed=row.sealed)


def _connect(config):
    backend = mail_backend(config)
    if backend == "file":
        return FileMailer(mail_folder(config))
    if backend == "console":
        return ConsoleMailer()
    connection = smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=SMTP_TIMEOUT)
    if config["SMTP_STARTTLS"]:
        connection.starttls(context=ssl.create_default_context())
    if config["SMTP_USERNAME"]:
        connection.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
    return connection


def mail_backend(config) -> str:
    """smtp, file or console: MAIL_BACKEND, else smtp (`serve --demo` chooses file)."""
    backend = (config["MAIL_BACKEND"] or "smtp").strip().lower()
    return backend if backend in ("smtp", "file", "console") else "smtp"


def mail_folder(config) -> Path:
    folder = config["MAIL_FOLDER"] or str(Path(current_app.instance_path) / "mail")
    return Path(folder)


def where_mail_goes(config) -> str:
    """One line for start-up: where a message sent now would end up."""
    backend = mail_backend(config)
    if backend == "file":
        return f"Mail is written to {mail_folder(config)} (one .eml file per message)"
    if backend == "console":
        return "Mail is printed to the console (standard output)"
    return f"Mail goes to the SMTP server {config['SMTP_HOST']}:{config['SMTP_PORT']}"


class FileMailer:
    """A mail 'server' that writes each message to an .eml file: the demo's outbox."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder

    def send_message(self, message: EmailMessage) -> None:
        name = f"{utcnow():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
        (self.folder / name).write_bytes(bytes(message))

    def quit(self) -> None:
        pass

    close = quit


class ConsoleMailer(FileMailer):
    """Prints each message to standard output."""

    def __init__(self):
        pass

    def send_message(self, message: EmailMessage) -> None:
        print(message.as_string(), flush=True)


def _close(connection) -> None:
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException):
        connection.close()


def _compose(row: Outbox, sender: str) -> EmailMessage:
    if row.sealed:
        payload = sealing.unseal_identity(row.sealed_payload)
        to, body, html = payload["email"], payload.get("body") or "", payload.get("html")
    else:
        to, body, html = row.recipient, row.body, row.html
    message = EmailMessage()
    message["From"] = formataddr(("Tiếp công dân", sender)) if "<" not in sender else sender
    message["To"] = to
    message["Subject"] = row.subject
    message["Message-ID"] = make_msgid(idstring=f"outbox{row.id}")
    # Tells vacation responders and the like not to answer a machine.
    message["Auto-Submitted"] = "auto-generated"
    # Quoted-printable keeps Vietnamese text intact through relays without 8BITMIME.
    message.set_content(body, cte="quoted-printable")
    if html:
        message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message


def _record_failure(row: Outbox, *, now: datetime, error: Exception) -> None:
    row.claim_token = None
    row.claimed_at = None
    row.last_error = _describe(error, sealed=row.sealed)
    if row.attempts >= MAX_ATTEMPTS:
        row.status = OutboxStatus.FAILED
        _forget_secret(row)
    else:
        row.status = OutboxStatus.QUEUED
        row.next_attempt_at = now + RETRY_DELAYS[max(row.attempts, 1) - 1]
    # Only the id and the error class: server replies often quote the address.
    log.warning(
        "outbox %s attempt %s failed (%s)%s",
        row.id,
        row.attempts,
        type(error).__name__,
        ", giving up" if row.status == OutboxStatus.FAILED else "",
    )


def _describe(error: Exception, *, sealed: bool) -> str:
    code = getattr(error, "smtp_code", None)
    head = f"{type(error).__name__}" + (f" {code}" if code else "")
    if sealed:
        return head
    detail = getattr(error, "smtp_error", None)
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    detail = detail or str(error)
    return f"{head}: {detail}"[:500]
