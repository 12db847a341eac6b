"""Configuration defaults and the PETITIONS_* environment variables that override them."""

import os
import secrets
import typing
from pathlib import Path

from petitions.secret_files import create_new

TRUE_WORDS = {"1", "true", "yes", "on"}


class Defaults:
    """Every setting and its default; instance/config.py and PETITIONS_<NAME> variables win.

    README.md lists them all (a test checks it). A PETITIONS_ variable is read as the type of
    its default: a boolean, an integer, else a string.
    """

    # -- the app and its database
    # Signs sessions and CSRF tokens; empty: a random key kept in instance/secret_key.
    SECRET_KEY = ""
    # PETITIONS_DATABASE_URL; empty: the SQLite file instance/petitions.sqlite3.
    SQLALCHEMY_DATABASE_URI = ""
    # hide_parameters: a failed statement's log line never prints its values (personal data).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    # Flask's test mode: only the test suite turns it on.
    TESTING = False
    # "https" behind TLS: links in mail and QR codes, and (see SECURE_COOKIES) secure cookies.
    PREFERRED_URL_SCHEME = "http"
    # The address the app is reached at, for links in mail, QR codes and Open311 discovery;
    # empty: the address of each request (and `serve`'s host and port in scheduled mail),
    # with a warning at start-up. Set it in production.
    PUBLIC_BASE_URL = ""
    # Rows per page of the case and oversight lists and of the case API.
    PAGE_SIZE = 25

    # -- requests and uploads
    # Largest request body (uploads included); waitress refuses larger ones before the app.
    MAX_CONTENT_LENGTH = 60 * 1024 * 1024
    # A JSON body larger than this answers 413; uploads (multipart) keep MAX_CONTENT_LENGTH.
    JSON_MAX_BYTES = 1024 * 1024
    # Where attachments are stored (random names, outside static/); empty: instance/uploads.
    UPLOAD_FOLDER = ""
    # Largest attachment, and attachments per petition.
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    UPLOAD_MAX_FILES = 5

    # -- language
    # The locale of a visitor who has not chosen one, and the time zone of dates shown.
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    # The languages a visitor may choose.
    LANGUAGES = ("vi", "en")

    # -- rate limits (Flask-Limiter)
    # Off only for load tests.
    RATELIMIT_ENABLED = True
    # Where the counters live: redis://… when several processes serve.
    RATELIMIT_STORAGE_URI = "memory://"
    # X-RateLimit-* headers on limited answers.
    RATELIMIT_HEADERS_ENABLED = True
    # Sign-in attempts per address and username; then per address (many usernames from one
    # place), and failed attempts per username (one account tried from many places), each
    # in widening windows so that waits grow the longer an attack goes on.
    LOGIN_RATE_LIMIT = "10 per minute"
    LOGIN_ADDRESS_RATE_LIMIT = "30 per minute;100 per hour;300 per day"
    LOGIN_USERNAME_RATE_LIMIT = "10 per minute;30 per hour;100 per day"
    # Citizens' submissions and tracking lookups per address, the form and the API alike.
    INTAKE_SUBMIT_RATE_LIMIT = "5 per minute;30 per hour"
    INTAKE_TRACK_RATE_LIMIT = "20 per minute;200 per hour"
    # Open311 submissions per address; empty: INTAKE_SUBMIT_RATE_LIMIT.
    OPEN311_SUBMIT_RATE_LIMIT = ""
    # Open311 reads (discovery, services, requests) per address.
    OPEN311_READ_RATE_LIMIT = "60 per minute;1000 per hour"

    # -- sessions and HTTPS
    # A form's CSRF token lasts a working day.
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    # Cookies scripts cannot read, sent on same-site requests and top-level navigation only.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Served over HTTPS: cookies only over HTTPS, and Strict-Transport-Security for
    # HSTS_SECONDS (0: no header). None: on exactly when PREFERRED_URL_SCHEME is "https".
    SECURE_COOKIES: bool | None = None
    HSTS_SECONDS = 365 * 24 * 3600
    # argon2id cost: the library's recommended defaults (RFC 9106 low-memory profile).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4

    # -- mail
    # The SMTP server outgoing mail goes through (login only when a username is set).
    SMTP_HOST = "127.0.0.1"
    SMTP_PORT = 25
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""
    SMTP_STARTTLS = False
    # The From: address.
    MAIL_SENDER = "tiepcongdan@localhost"
    # How mail leaves: "smtp" (the SMTP_* server), "file" (an .eml file per message in
    # MAIL_FOLDER) or "console" (printed); empty: smtp, or file under `serve --demo`.
    MAIL_BACKEND = ""
    # Where the file backend writes; empty: instance/mail.
    MAIL_FOLDER = ""
    # Messages one round of the outbox job sends before it checks for more.
    OUTBOX_BATCH_SIZE = 100

    # -- scheduled jobs and backups
    # Run the scheduler inside `petitions serve`; off when `petitions scheduler` runs alone.
    SCHEDULER_ENABLED = True
    # Where the nightly backup writes <date>.tar.gz; empty: instance/backups.
    BACKUP_FOLDER = ""
    # Nightly archives kept (the newest).
    BACKUP_KEEP = 14
    # Encrypts the key files inside backup archives (scrypt + AES-GCM); empty: keys in clear.
    BACKUP_PASSPHRASE = ""

    # -- sealed identities
    # The key pair that seals denouncers' identities; empty: instance/seal_private.pem and
    # instance/seal_public.pem (a seal-only deployment keeps the private key elsewhere).
    SEAL_PRIVATE_KEY_FILE = ""
    SEAL_PUBLIC_KEY_FILE = ""
    # Keys the ID-number digest; empty: a random key kept in instance/seal_digest_key.
    SEAL_DIGEST_KEY = ""

    # -- the province
    # Its name in page headers and document date lines ("Tỉnh Hà Giang"); after a merger set
    # it (and TRACKING_PREFIX) to the merged province's: earlier tracking codes keep working.
    PROVINCE_NAME = "Hà Giang"

    # -- petitions and cases
    # The first part of a new tracking code (HG-26-7KQ4-M2XD).
    TRACKING_PREFIX = "HG"
    # The unit code an online petition goes to when the citizen picks none; empty: the
    # province (the top unit).
    INTAKE_DEFAULT_UNIT = ""
    # A running deadline is due soon this many calendar days ahead (case list, badge, oversight).
    DUE_SOON_DAYS = 3
    # A case open longer than this many days counts as long-standing in oversight.
    OVERSIGHT_LONG_STANDING_DAYS = 90
    # The place named in the date line of receipts, notices and reports ("Hà Giang, ngày …");
    # empty: PROVINCE_NAME.
    RECEIPT_PLACE = ""
    NOTICE_PLACE = ""
    REPORT_PLACE = ""
    # Who answers Open311 clients' questions (discovery); empty: the inspectorate's desk.
    OPEN311_CONTACT = ""

    # -- personal data
    # Retention periods that differ from the rule table (petitions/domain/retention.py), as
    # "rule=years" pairs: "feedback.file=10,complaint.file=20"; "none" keeps forever.
    PRIVACY_RETENTION_YEARS = ""
    # Days within which a data subject's correction or erasure request is answered.
    PRIVACY_REQUEST_DAYS = 15
    # Distinct cases one staff member reads in a day above which the access report flags them.
    PRIVACY_ACCESS_ALERT = 200

    # -- reports
    # The reporting year's first day, "MM-DD" (15 December of the year before).
    REPORT_PERIOD_START = "12-15"
    # Per report line: recipient, due dates and reporting levels (admins can override them).
    REPORT_RECIPIENTS: dict = {}


SETTINGS = tuple(name for name in vars(Defaults) if name.isupper())


def _types(name: str) -> tuple:
    annotation = Defaults.__annotations__.get(name)
    if annotation is None:
        return (type(getattr(Defaults, name)),)
    return typing.get_args(annotation) or (annotation,)


# PETITIONS_* variables read as booleans or integers, by the type of their default; every
# other value is a string.
BOOLEAN_SETTINGS = frozenset(name for name in SETTINGS if bool in _types(name))
INTEGER_SETTINGS = frozenset(
    name for name in SETTINGS if int in _types(name) and bool not in _types(name)
)


def from_environment(environ=os.environ) -> dict:
    """Every PETITIONS_X variable becomes setting X; DATABASE_URL feeds SQLAlchemy."""
    settings = {}
    for name, raw in environ.items():
        if not name.startswith("PETITIONS_") or name.startswith("PETITIONS_TEST_"):
            continue
        key = name.removeprefix("PETITIONS_")
        if key in BOOLEAN_SETTINGS:
            settings[key] = raw.strip().lower() in TRUE_WORDS
        elif key in INTEGER_SETTINGS:
            settings[key] = int(raw)
        else:
            settings[key] = raw
    if "DATABASE_URL" in settings:
        settings["SQLALCHEMY_DATABASE_URI"] = settings["DATABASE_URL"]
    return settings


def persistent_secret(instance_path: str, name: str) -> str:
    """A random secret kept in the instance folder, so sessions survive a restart. Workers that
    start together all read the one file the first of them created."""
    path = Path(instance_path) / name
    if not path.exists():
        create_new(path, secrets.token_urlsafe(48).encode())
    return path.read_text().strip()
