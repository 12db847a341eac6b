"""Languages: Vietnamese by default, English in full; catalogues compiled at start-up.

Source strings are Vietnamese. Each package keeps its English catalogue in
`petitions/<package>/translations/en/LC_MESSAGES/messages.po` so that features can be
translated side by side; at start-up all of them are merged into one compiled catalogue in
the instance folder (recompiled only when a .po file changes).
"""

import tempfile
from datetime import date, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, has_request_context, request, session
from markupsafe import Markup

from petitions.clock import LOCAL_TZ
from petitions.sizes import file_size

PACKAGE_DIR = Path(__file__).resolve().parent
CATALOGUE_GLOB = "**/translations/*/LC_MESSAGES/messages.po"


def po_files() -> list[Path]:
    return sorted(PACKAGE_DIR.glob(CATALOGUE_GLOB))


def merged_catalogue(locale: str) -> Catalog:
    merged = Catalog(locale=locale, domain="messages")
    for path in po_files():
        if path.parts[-3] != locale:
            continue
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=locale)
        for message in catalogue:
            if message.id and message.string and not message.fuzzy:
                merged[message.id] = message
    return merged


def compile_catalogues(target: Path) -> Path:
    """Merge and compile every package's catalogue into target/<locale>/LC_MESSAGES."""
    sources = po_files()
    newest = max((p.stat().st_mtime for p in sources), default=0)
    locales = {p.parts[-3] for p in sources}
    for locale in locales:
        mo_path = target / locale / "LC_MESSAGES" / "messages.mo"
        if mo_path.exists() and mo_path.stat().st_mtime >= newest:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        # A file of its own per writer (process and thread: several apps may be built at once),
        # then an atomic rename: a reader sees the old catalogue or the new, never half of one.
        with tempfile.NamedTemporaryFile(
            dir=mo_path.parent, prefix="messages.", suffix=".tmp", delete=False
        ) as handle:
            write_mo(handle, merged_catalogue(locale))
        Path(handle.name).replace(mo_path)
    return target


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    if request.path.startswith(("/api/", "/open311/")):
        return request.accept_languages.best_match(languages) or languages[0]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def format_day(value: date | datetime | None) -> str:
    """dd/mm/yyyy, the way Vietnamese documents write dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ)
    return value.strftime("%d/%m/%Y")


def format_moment(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def iso_day(value: date | None) -> Markup | str:
    return value.isoformat() if value else ""


def register(app) -> None:
    from flask_babel import get_locale

    app.jinja_env.globals["get_locale"] = lambda: str(get_locale() or "vi")
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.filters["isoday"] = iso_day
    app.jinja_env.filters["filesize"] = file_size
