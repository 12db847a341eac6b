"""Keeping the English catalogues in step with the Vietnamese source strings.

`petitions i18n update` extracts every translatable string of each package (its Python
modules and its folder under templates/) into that package's English .po file, keeping the
translations already made; `petitions i18n missing` lists strings still untranslated.
"""

from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE_DIR.parent / "templates"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
CORE = "core"
# Templates outside any package folder belong to the core catalogue.
CORE_TEMPLATE_DIRS = ("components", "errors")


def packages() -> list[str]:
    names = [
        p.name
        for p in PACKAGE_DIR.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in {"migrations", "domain"}
    ]
    return [CORE, *sorted(names)]


def catalogue_path(package: str) -> Path:
    base = PACKAGE_DIR if package == CORE else PACKAGE_DIR / package
    return base / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def sources(package: str) -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    if package == CORE:
        files += [(p, "python") for p in sorted(PACKAGE_DIR.glob("*.py"))]
        files += [(p, "jinja2") for p in sorted(TEMPLATE_DIR.glob("*.html"))]
        for folder in CORE_TEMPLATE_DIRS:
            files += [(p, "jinja2") for p in sorted((TEMPLATE_DIR / folder).rglob("*.html"))]
        return files
    files += [(p, "python") for p in sorted((PACKAGE_DIR / package).rglob("*.py"))]
    files += [(p, "jinja2") for p in sorted((TEMPLATE_DIR / package).rglob("*.html"))]
    files += [(p, "jinja2") for p in sorted((TEMPLATE_DIR / package).rglob("*.ics"))]
    files += [(p, "jinja2") for p in sorted((TEMPLATE_DIR / package).rglob("*.txt"))]
    return files


def extract(package: str) -> Catalog:
    catalogue = Catalog(locale="en", project="petitions", charset="utf-8")
    method_map = {"python": "python", "jinja2": "jinja2.ext:babel_extract"}
    for path, method in sources(package):
        options = {"extensions": "jinja2.ext.do"} if method == "jinja2" else {}
        for lineno, message, comments, context in extract_from_file(
            method_map[method], str(path), keywords=KEYWORDS, options=options
        ):
            relative = path.relative_to(PACKAGE_DIR.parent)
            catalogue.add(
                message, None, [(str(relative), lineno)], auto_comments=comments, context=context
            )
    return catalogue


def read(path: Path) -> Catalog | None:
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale="en")


def update(package: str) -> tuple[int, int]:
    """Rewrite the package's .po from its sources; returns (messages, untranslated)."""
    fresh = extract(package)
    path = catalogue_path(package)
    existing = read(path)
    if existing is not None:
        for message in fresh:
            if not message.id:
                continue
            old = existing.get(message.id, message.context)
            if old is not None and old.string:
                message.string = old.string
    if not len(fresh) and existing is None:
        return 0, 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, fresh, width=100, sort_output=False, omit_header=False)
    missing = sum(1 for m in fresh if m.id and not m.string)
    return len(fresh), missing


def missing() -> list[tuple[str, str]]:
    """(package, message) for every source string without an English translation."""
    result = []
    for package in packages():
        translated = read(catalogue_path(package))
        for message in extract(package):
            if not message.id:
                continue
            have = translated.get(message.id, message.context) if translated else None
            if have is None or not have.string or have.fuzzy:
                result.append(
                    (package, message.id if isinstance(message.id, str) else message.id[0])
                )
    return result


@click.group("i18n")
def i18n_group():
    """Translation catalogues."""


@i18n_group.command("update")
@click.argument("package", required=False)
def update_command(package):
    """Extract strings into the English catalogue of PACKAGE (default: all)."""
    for name in [package] if package else packages():
        count, untranslated = update(name)
        if count:
            click.echo(f"{name}: {count} messages, {untranslated} untranslated")


@i18n_group.command("missing")
def missing_command():
    """List strings without an English translation."""
    rows = missing()
    for package, message in rows:
        click.echo(f"{package}\t{message}")
    raise SystemExit(1 if rows else 0)
