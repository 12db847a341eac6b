"""Issuer and signature blocks by Decree 30/2020/NĐ-CP (Appendix I): the governing body's
name above the issuer's only where the issuer has one (a department under a People's
Committee, never the Committee itself), the issuer named as the unit is named, the place of
the date line (the proper name of the administrative unit where the issuer sits), and the
signature: "CHỦ TỊCH" in the chair's personal competence, "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" for a
deputy, "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" for a collective act.

These blocks are shared by every document the system issues (case instruments, the
inspectorate's letters, reports): `header_block` and `signature_block`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from petitions.accounts.models import User
from petitions.audit.services import record
from petitions.documents.models import DocumentIssuer, OfficialDocument
from petitions.errors import Refused
from petitions.extensions import db
from petitions.permissions import Role
from petitions.text import clean, fold
from petitions.units.models import Unit, UnitLevel

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
COMMITTEE = "ỦY BAN NHÂN DÂN"
# Levels of local government whose unit is the People's Committee itself.
GOVERNMENTS = {UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE}
# Words naming the kind of administrative unit, left out of the place name.
_UNIT_WORDS = re.compile(
    r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)?\s*"
    r"(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)?\s*",
    re.IGNORECASE,
)
# Heads' titles by the first words of the unit's folded name.
HEAD_TITLES = (
    ("thanh tra", "CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA"),
    ("so ", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    ("van phong", "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
    ("ban ", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
    ("phong ", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"),
    ("chi cuc", "CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG"),
    ("cuc ", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"),
    ("trung tam", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
)
ABBREVIATIONS = (("thanh tra", "TTr"), ("so noi vu", "SNV"), ("van phong", "VP"))


@dataclass(frozen=True)
class Header:
    governing_body: str  # "" when the issuer has none
    issuer: str
    abbreviation: str
    place: str


@dataclass(frozen=True)
class Signature:
    capacity: str  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH" or ""
    title: str  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH THANH TRA"
    name: str


def settings_of(unit: Unit) -> DocumentIssuer:
    found = db.session.scalar(select(DocumentIssuer).where(DocumentIssuer.unit_id == unit.id))
    return found if found is not None else DocumentIssuer(unit_id=unit.id, numbers_per_type=False)


def is_government(unit: Unit) -> bool:
    return unit.level in GOVERNMENTS or fold(unit.name).startswith("uy ban nhan dan")


def issuer_name(unit: Unit) -> str:
    """The issuer as the unit is named, in capitals: "ỦY BAN NHÂN DÂN XÃ BẮC QUANG" for the
    commune "Xã Bắc Quang", "THANH TRA TỈNH" for the inspectorate."""
    name = unit.name.strip()
    if is_government(unit) and not fold(name).startswith("uy ban nhan dan"):
        name = f"{COMMITTEE} {name}"
    return name.upper()


def addressed_as(unit: Unit) -> str:
    """The unit as a letter addresses it: "Ủy ban nhân dân xã Bắc Quang", "Thanh tra tỉnh"."""
    name = unit.name.strip()
    if is_government(unit) and not fold(name).startswith("uy ban nhan dan"):
        return f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}"
    return name


def abbreviation(unit: Unit) -> str:
    configured = settings_of(unit).abbreviation
    if configured:
        return configured
    if is_government(unit):
        return "UBND"
    folded = fold(unit.name)
    for start, short in ABBREVIATIONS:
        if folded.startswith(start):
            return short
    initials = "".join(word[0] for word in folded.split() if word[0].isalpha())
    return initials.upper() or unit.code


def _government_of(unit: Unit) -> Unit | None:
    """The People's Committee the unit belongs to: itself, or the nearest one above it."""
    seen = set()
    while unit is not None and unit.id not in seen:
        if is_government(unit):
            return unit
        seen.add(unit.id)
        unit = unit.parent
    return None


def place_name(unit: Unit) -> str:
    """The proper name of the administrative unit where the issuer sits (Decree 30/2020,
    Appendix I, II.4): "Tuyên Quang", "Bắc Quang"."""
    configured = settings_of(unit).place
    if configured:
        return configured
    government = _government_of(unit)
    if government is None:
        return ""
    proper = _UNIT_WORDS.sub("", government.name.strip(), count=1).strip()
    if proper.isupper():
        proper = proper.title()
    return proper or government.name


def header_block(unit: Unit) -> Header:
    settings = settings_of(unit)
    governing = settings.governing_body or ""
    if not governing and not is_government(unit):
        government = _government_of(unit.parent) if unit.parent is not None else None
        governing = issuer_name(government) if government is not None else ""
    return Header(
        governing_body=governing.upper(),
        issuer=issuer_name(unit),
        abbreviation=abbreviation(unit),
        place=place_name(unit),
    )


def head_titles(unit: Unit) -> tuple[str, str]:
    """The head's and the deputy's titles."""
    configured = settings_of(unit).head_title
    if configured:
        title = configured.upper()
        return title, f"PHÓ {title}"
    if is_government(unit):
        return "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    folded = fold(unit.name)
    for start, head, deputy in HEAD_TITLES:
        if folded.startswith(start):
            return head, deputy
    return "THỦ TRƯỞNG", "PHÓ THỦ TRƯỞNG"


def signature_block(unit: Unit, signer: User | None, *, collective: bool = False) -> Signature:
    """The signature block: the chair's personal competence unless `collective` (an act of the
    People's Committee as a body, signed on its behalf, "TM."). A head other than the unit's
    configured chief signs for them ("KT.")."""
    head, deputy_title = head_titles(unit)
    chief_id = settings_of(unit).chief_id
    deputy = signer is not None and chief_id is not None and signer.id != chief_id
    name = signer.full_name if signer is not None else ""
    if collective and is_government(unit):
        capacity = f"TM. {COMMITTEE}" + (f"\nKT. {head}" if deputy else "")
        return Signature(capacity=capacity, title=deputy_title if deputy else head, name=name)
    if deputy:
        return Signature(capacity=f"KT. {head}", title=deputy_title, name=name)
    return Signature(capacity="", title=head, name=name)


def vietnamese_date(day: date) -> str:
    """ "ngày 05 tháng 3 năm 2026": days below 10 with a zero, months 1 and 2 with one
    (Decree 30/2020, Appendix I, II.4.b)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(unit: Unit, day: date) -> str:
    place = place_name(unit)
    return f"{place}, {vietnamese_date(day)}" if place else vietnamese_date(day).capitalize()


# -- the unit's settings, from the admin page ---------------------------------------------------

# The issuer's part of a number's symbol: letters (Vietnamese ones too) and digits, no spaces,
# hyphens or slashes (those separate the symbol's parts).
_ABBREVIATION = re.compile(r"^[^\W_]{1,20}$")


def heads_of(unit: Unit) -> list[User]:
    """The unit's active heads: who may be its chief, signing in person."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.unit_id == unit.id, User.has_role(Role.UNIT_HEAD), User.active.is_(True))
            .order_by(User.full_name)
        )
    )


def save_settings(
    unit: Unit,
    *,
    abbreviation: str = "",
    governing_body: str = "",
    place: str = "",
    head_title: str = "",
    chief_id: int | None = None,
    numbers_per_type: bool = False,
    actor: User | None = None,
    today: date,
) -> DocumentIssuer:
    """Store how the unit signs and numbers its documents; empty means "as the unit's name
    gives". Refused: an abbreviation that is not one word, a chief who is not one of the unit's
    heads, and numbering by type switched on or off in a year the register already used (the
    numbers of the year would repeat)."""
    values = {
        "abbreviation": clean(abbreviation or ""),
        "governing_body": clean(governing_body or ""),
        "place": clean(place or ""),
        "head_title": clean(head_title or ""),
    }
    errors: dict[str, list[str]] = {}
    if values["abbreviation"] and not _ABBREVIATION.match(values["abbreviation"]):
        errors["abbreviation"] = [
            _(
                "Chữ viết tắt gồm chữ và số, không có dấu cách, dấu gạch hay dấu “/” (ví dụ UBND, TTr)."
            )
        ]
    for name, most in (("governing_body", 255), ("place", 100), ("head_title", 100)):
        if len(values[name]) > most:
            errors[name] = [_("Tối đa %(n)d ký tự.", n=most)]
    if chief_id is not None and chief_id not in {head.id for head in heads_of(unit)}:
        errors["chief"] = [_("Người ký chính phải là thủ trưởng của đơn vị.")]
    found = db.session.scalar(select(DocumentIssuer).where(DocumentIssuer.unit_id == unit.id))
    was_per_type = bool(found.numbers_per_type) if found is not None else False
    if bool(numbers_per_type) != was_per_type:
        used = db.session.scalar(
            select(OfficialDocument.id)
            .where(OfficialDocument.unit_id == unit.id, OfficialDocument.year == today.year)
            .limit(1)
        )
        if used is not None:
            errors["numbers_per_type"] = [
                _(
                    "Sổ đăng ký văn bản năm %(year)d của đơn vị đã có số: đổi cách đánh số giữa "
                    "năm sẽ làm trùng số. Hãy đổi vào đầu năm sau.",
                    year=today.year,
                )
            ]
    if errors:
        raise Refused(422, next(iter(errors.values()))[0], fields=errors)
    if found is None:
        found = DocumentIssuer(unit_id=unit.id)
        db.session.add(found)
    before = {
        "abbreviation": found.abbreviation or "",
        "governing_body": found.governing_body or "",
        "place": found.place or "",
        "head_title": found.head_title or "",
        "chief_id": found.chief_id,
        "numbers_per_type": was_per_type,
    }
    for name, value in values.items():
        setattr(found, name, value or None)
    found.chief_id = chief_id
    found.numbers_per_type = bool(numbers_per_type)
    after = {**values, "chief_id": chief_id, "numbers_per_type": bool(numbers_per_type)}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        record(actor, "unit.issuer_settings", unit, {"changes": changes})
    db.session.flush()
    return found
