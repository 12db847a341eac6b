"""Configuration defaults and the PETITIONS_* environment variables that override them."""

import os
import secrets
from pathlib import Path

from petitions.secret_files import create_new

TRUE_WORDS = {"1", "true", "yes", "on"}


class Defaults:
    """Settings every deployment starts from; instance/config.py and the environment win."""

    # hide_parameters: a failed statement's log line never prints its values (personal data).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    MAX_CONTENT_LENGTH = 60 * 1024 * 1024
    # A JSON body larger than this answers 413; uploads (multipart) keep MAX_CONTENT_LENGTH.
    JSON_MAX_BYTES = 1024 * 1024
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    UPLOAD_MAX_FILES = 5
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Sign-in attempts per address and username; then per address (many usernames from one
    # place), and failed attempts per username (one account tried from many places), each
    # in widening windows so that waits grow the longer an attack goes on.
    LOGIN_RATE_LIMIT = "10 per minute"
    LOGIN_ADDRESS_RATE_LIMIT = "30 per minute;100 per hour;300 per day"
    LOGIN_USERNAME_RATE_LIMIT = "10 per minute;30 per hour;100 per day"
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Served over HTTPS: cookies only over HTTPS, and Strict-Transport-Security for
    # HSTS_SECONDS (0: no header). None: on exactly when PREFERRED_URL_SCHEME is "https".
    SECURE_COOKIES: bool | None = None
    HSTS_SECONDS = 365 * 24 * 3600
    SMTP_HOST = "127.0.0.1"
    SMTP_PORT = 25
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""
    SMTP_STARTTLS = False
    MAIL_SENDER = "tiepcongdan@localhost"
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    SCHEDULER_ENABLED = True
    PAGE_SIZE = 25
    # A running deadline is due soon this many calendar days ahead (case list, badge, oversight).
    DUE_SOON_DAYS = 3
    # argon2id cost: the library's recommended defaults (RFC 9106 low-memory profile).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4
    # Encrypts the key files inside backup archives (scrypt + AES-GCM); empty: keys in clear.
    BACKUP_PASSPHRASE = ""


# Environment variables read as booleans or integers; every other PETITIONS_* value is a string.
BOOLEAN_SETTINGS = {
    "RATELIMIT_ENABLED",
    "SMTP_STARTTLS",
    "SCHEDULER_ENABLED",
    "TESTING",
    "SECURE_COOKIES",
}
INTEGER_SETTINGS = {
    "SMTP_PORT",
    "HSTS_SECONDS",
    "JSON_MAX_BYTES",
    "UPLOAD_MAX_BYTES",
    "UPLOAD_MAX_FILES",
    "PAGE_SIZE",
    "DUE_SOON_DAYS",
    "ARGON2_TIME_COST",
    "ARGON2_MEMORY_COST",
    "ARGON2_PARALLELISM",
}


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
