"""Text normalisation: NFC for everything stored, accent folding for search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Control characters other than tab and line breaks: no database or .docx wants them.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def nfc(value: str | None) -> str | None:
    if value is None:
        return None
    return unicodedata.normalize("NFC", value)


def clean(value: str | None) -> str:
    """NFC, trimmed, inner runs of blanks kept as typed (content may have line breaks)."""
    return (nfc(value) or "").strip()


def fold(value: str | None) -> str:
    """Lower-case, accent-free, single-spaced: "Hà  Giang" and "ha giang" fold alike."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text.lower()).strip()
