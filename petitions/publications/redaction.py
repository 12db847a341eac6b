"""Removing personal data from a decision's text, and finding any that is left.

Two passes. The values the case holds (each petitioner's name, ID number, address, phone and
e-mail, the sealed identity included) are replaced wherever they appear, compared without case;
then what looks like personal data whatever its source: a person's name after ông, bà, anh,
chị (the person complained about or denounced is not a field of the case) becomes initials,
and e-mails, phone numbers, 9- or 12-digit ID numbers and what follows "địa chỉ:" are removed.
A denouncer is never named or described, not even by initials: only "người tố cáo".

`leftovers` is the check before approval: it folds accents and ignores separators in digits,
so a value typed back by hand ("Nguyen Van Binh", "0912 345 678") is still found; invisible
characters (a soft hyphen or a zero-width space pasted from a word processor inside a name)
and compatibility forms (full-width digits) are ignored too. A sealed name is also found by
its initials ("L.T.M.") and by its given name after a title ("bà Mai"): how a text would
still point at a denouncer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from petitions.text import fold, nfc

REMOVED = {
    "address": "[địa chỉ đã lược bỏ]",
    "id_number": "[số giấy tờ tùy thân đã lược bỏ]",
    "phone": "[số điện thoại đã lược bỏ]",
    "email": "[thư điện tử đã lược bỏ]",
}
FIELDS = ("full_name", "id_number", "address", "phone", "email")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w/])(?:\+84|0)(?:[\s.-]?\d){8,10}(?![\w/])")
_ID = re.compile(r"(?<![\w/.-])(?:\d{12}|\d{9})(?![\w/.-])")
_ADDRESS = re.compile(
    r"(?<![\[\w])(địa chỉ|trú tại|thường trú|cư trú tại)(\s*:?\s*)([^.;\n]+)", re.I
)
_TITLE = r"ông/bà|ông|bà|anh|chị"
_NAMED = re.compile(rf"(?<!\w)({_TITLE})(\s+)((?:[^\W\d_]+\s+){{0,4}}[^\W\d_]+)", re.I)
_FOLDED_TITLE = r"ong/ba|ong|ba|anh|chi"


@dataclass(frozen=True)
class PersonalValue:
    field: str  # one of FIELDS
    value: str
    sealed: bool  # from a sealed identity: never shown, never described


@dataclass(frozen=True)
class Leftover:
    field: str
    sealed: bool
    # The value as found, only for a clear (not sealed) value; "" for a sealed one.
    shown: str


def values_of(identity: dict, *, sealed: bool) -> list[PersonalValue]:
    found = []
    for name in FIELDS:
        value = nfc(str(identity.get(name) or "")).strip()
        if len(_letters_or_digits(value)) >= 3:
            found.append(PersonalValue(name, value, sealed))
    return found


def visible(text: str) -> str:
    """The text without invisible format characters (soft hyphen, zero-width space and
    joiners, word joiner, byte order mark, direction marks): they show nothing on the page
    but would hide a name from any comparison."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def initials(name: str) -> str:
    """ "Nguyễn Văn Bình" → "N.V.B." """
    return "".join(f"{word[0].upper()}." for word in name.split() if word[:1].isalpha())


def _letters_or_digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum())


def _loose(value: str) -> str:
    """A pattern matching the value with any run of blanks for its blanks."""
    return r"\s+".join(re.escape(part) for part in value.split())


def _digits_pattern(value: str) -> re.Pattern | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return None
    body = r"[\s./-]*".join(digits)
    return re.compile(rf"(?<!\d){body}(?!\d)")


def _replacement(value: PersonalValue, *, denunciation: bool) -> str:
    if value.field == "full_name":
        if value.sealed or denunciation:
            return "người tố cáo"
        return initials(value.value)
    return REMOVED[value.field]


def remove(text: str, values: list[PersonalValue], *, denunciation: bool) -> str:
    """The text with every value the case holds replaced, then what looks personal removed."""
    text = visible(nfc(text or ""))
    # Longest first, so that an address is not cut by a name inside it.
    for value in sorted(values, key=lambda v: -len(v.value)):
        words = _replacement(value, denunciation=denunciation)
        if value.field in ("id_number", "phone"):
            pattern = _digits_pattern(value.value)
            if pattern is not None:
                text = pattern.sub(words, text)
            continue
        pattern = _loose(value.value)
        if value.field == "full_name" and words == "người tố cáo":
            # "bà Lò Thị Mai" → "người tố cáo", not "bà người tố cáo".
            pattern = rf"(?:(?<!\w)(?:{_TITLE})\s+)?{pattern}"
        text = re.sub(pattern, words, text, flags=re.I)
        if value.field == "full_name" and words == "người tố cáo":
            # "bà Mai" (the given name, as people are spoken of) → "người tố cáo", never the
            # initial "bà M." that the pass below would make of it.
            given = re.escape(value.value.split()[-1])
            text = re.sub(rf"(?<!\w)(?:{_TITLE})\s+{given}(?!\w)", words, text, flags=re.I)
    return _tidy(remove_patterns(text))


def _tidy(text: str) -> str:
    """ "T.T.H.." at a sentence's end → "T.T.H." """
    return re.sub(r"(?<=[^\W\d_]\.)\.(?!\.)", "", text)


def remove_patterns(text: str) -> str:
    text = _EMAIL.sub(REMOVED["email"], text)
    text = _PHONE.sub(REMOVED["phone"], text)
    text = _ID.sub(REMOVED["id_number"], text)
    text = _ADDRESS.sub(_address, text)
    return _NAMED.sub(_named, text)


def _address(match: re.Match) -> str:
    rest = match.group(3).strip()
    if rest.startswith("[") or not rest:
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}{REMOVED['address']}"


def _named(match: re.Match) -> str:
    """ "ông Nguyễn Văn Xuân, cán bộ" → "ông N.V.X., cán bộ": the capitalised words after the
    title are the name; the words after them are kept."""
    title, space, words = match.group(1), match.group(2), match.group(3).split()
    name = []
    for word in words:
        if not word[:1].isupper():
            break
        name.append(word)
    if not name or (
        all(len(word) == 1 for word in name) and match.string[match.end() :][:1] == "."
    ):
        # No capitalised word, or initials already ("ông/bà T.T.H.").
        return match.group(0)
    rest = words[len(name) :]
    return f"{title}{space}{initials(' '.join(name))}" + (f" {' '.join(rest)}" if rest else "")


def leftovers(text: str, values: list[PersonalValue]) -> list[Leftover]:
    """Each value the case holds that the text still contains, compared without accents,
    case or invisible characters (digits: with any separators); once per field and value."""
    text = unicodedata.normalize("NFKC", visible(text or ""))
    folded = " ".join(fold(text).split())
    found: list[Leftover] = []
    for value in values:
        if value.field in ("id_number", "phone"):
            pattern = _digits_pattern(value.value)
            hit = pattern is not None and pattern.search(text) is not None
        else:
            needle = " ".join(fold(value.value).split())
            hit = bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", folded)
            if not hit and value.sealed and value.field == "full_name":
                hit = _points_at(value.value, folded)
        if hit:
            shown = "" if value.sealed else value.value
            leftover = Leftover(value.field, value.sealed, shown)
            if leftover not in found:
                found.append(leftover)
    return found


def _points_at(name: str, folded: str) -> bool:
    """A sealed name still pointed at: its initials ("L.T.M.", "L. T. M.") or its given name
    after a title ("bà Mai"), in the folded text."""
    words = fold(name).split()
    if len(words) >= 2:
        spelled = r"\.\s*".join(re.escape(word[0]) for word in words)
        if re.search(rf"(?<![\w.]){spelled}(?:\.|(?!\w))", folded):
            return True
    given = re.escape(words[-1]) if words else ""
    return bool(given) and bool(re.search(rf"(?<!\w)(?:{_FOLDED_TITLE})\s+{given}(?!\w)", folded))
