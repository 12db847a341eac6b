"""Who is competent to resolve a complaint or denunciation, as rules with their period of force."""

# Who is competent to resolve a complaint or a denunciation, by whose act it is about, as rules
# with their period of force: the three-tier rules of the 2011/2018 laws until 30/6/2025, the
# two-tier rules of Decree 141/2025/NĐ-CP from 1/7/2025 and of the laws as amended by Law
# 136/2025/QH15 from 1/7/2026. Forwarding uses it to suggest the receiving unit.

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal

Level = Literal["commune", "district", "department", "province", "central"]

# Whose decision, act or conduct the petition is about.
SUBJECTS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "commune_staff": (
            "Cán bộ, công chức, cơ quan chuyên môn của UBND cấp xã",
            "Commune officials or a commune department",
        ),
        "commune_chair": (
            "Chủ tịch, Phó Chủ tịch UBND cấp xã",
            "Chair or vice-chair of a commune People's Committee",
        ),
        "district_staff": (
            "Cán bộ, công chức, cơ quan thuộc UBND cấp huyện (trước 01/7/2025)",
            "District officials or agencies (before 1/7/2025)",
        ),
        "district_chair": (
            "Chủ tịch, Phó Chủ tịch UBND cấp huyện (trước 01/7/2025)",
            "Chair or vice-chair of a district People's Committee (before 1/7/2025)",
        ),
        "department": (
            "Giám đốc sở, thủ trưởng cơ quan chuyên môn thuộc UBND tỉnh và công chức của họ",
            "Head or officials of a provincial department",
        ),
        "province_chair": (
            "Chủ tịch, Phó Chủ tịch UBND tỉnh",
            "Chair or vice-chair of the provincial People's Committee",
        ),
    }
)

THREE_TIERS_END = date(2025, 6, 30)
TWO_TIERS = date(2025, 7, 1)
LAW_136 = date(2026, 7, 1)
_OPEN = date(9999, 12, 31)
_START = date(1900, 1, 1)

_LKN = "Luật Khiếu nại 2011"
_LKN_EN = "Law on Complaints 2011"
_LTC = "Luật Tố cáo 2018"
_LTC_EN = "Law on Denunciation 2018"
_D141 = "Nghị định 141/2025/NĐ-CP (chính quyền địa phương hai cấp)"
_D141_EN = "Decree 141/2025/NĐ-CP (two-tier local government)"
_L136 = "sửa đổi bởi Luật 136/2025/QH15"
_L136_EN = "as amended by Law 136/2025/QH15"


@dataclass(frozen=True)
class CompetenceRule:
    """One row of the table: for a kind, a round and a subject, the competent level in a period."""

    kind: str  # "complaint" or "denunciation"
    round: int | None  # complaint round; None for denunciations
    subject: str
    level: Level
    valid_from: date
    valid_to: date
    basis_vi: str
    basis_en: str


def _row(kind, rnd, subject, level, valid_from, valid_to, basis_vi, basis_en) -> CompetenceRule:
    return CompetenceRule(kind, rnd, subject, level, valid_from, valid_to, basis_vi, basis_en)


def _two_tier(kind, rnd, subject, level, article_vi, article_en) -> tuple[CompetenceRule, ...]:
    """The same level from 1/7/2025 under the Decree and from 1/7/2026 under the amended law."""
    law_vi, law_en = (_LKN, _LKN_EN) if kind == "complaint" else (_LTC, _LTC_EN)
    return (
        _row(
            kind,
            rnd,
            subject,
            level,
            TWO_TIERS,
            date(2026, 6, 30),
            f"{_D141}; {law_vi}, {article_vi}",
            f"{_D141_EN}; {law_en}, {article_en}",
        ),  # fmt: skip
        _row(
            kind,
            rnd,
            subject,
            level,
            LAW_136,
            _OPEN,
            f"{law_vi}, {article_vi}, {_L136}",
            f"{law_en}, {article_en}, {_L136_EN}",
        ),  # fmt: skip
    )


RULES: tuple[CompetenceRule, ...] = (
    # -- complaints, first round: the one who made the decision or is responsible for the act.
    _row("complaint", 1, "commune_staff", "commune", _START, THREE_TIERS_END,
         f"{_LKN}, Điều 17", f"{_LKN_EN}, art. 17"),
    _row("complaint", 1, "commune_chair", "commune", _START, THREE_TIERS_END,
         f"{_LKN}, Điều 17", f"{_LKN_EN}, art. 17"),
    *_two_tier("complaint", 1, "commune_staff", "commune", "Điều 17", "art. 17"),
    *_two_tier("complaint", 1, "commune_chair", "commune", "Điều 17", "art. 17"),
    _row("complaint", 1, "district_staff", "district", _START, THREE_TIERS_END,
         f"{_LKN}, Điều 17", f"{_LKN_EN}, art. 17"),
    _row("complaint", 1, "district_chair", "district", _START, THREE_TIERS_END,
         f"{_LKN}, Điều 18 khoản 1", f"{_LKN_EN}, art. 18(1)"),
    _row("complaint", 1, "department", "department", _START, _OPEN,
         f"{_LKN}, Điều 20 khoản 1", f"{_LKN_EN}, art. 20(1)"),
    _row("complaint", 1, "province_chair", "province", _START, _OPEN,
         f"{_LKN}, Điều 21 khoản 1", f"{_LKN_EN}, art. 21(1)"),
    # -- complaints, second round: the superior of the first-round resolver.
    _row("complaint", 2, "commune_staff", "district", _START, THREE_TIERS_END,
         f"{_LKN}, Điều 18 khoản 2", f"{_LKN_EN}, art. 18(2)"),
    _row("complaint", 2, "commune_chair", "district", _START, THREE_TIERS_END,
         f"{_LKN}, Điều 18 khoản 2", f"{_LKN_EN}, art. 18(2)"),
    *_two_tier("complaint", 2, "commune_staff", "province", "Điều 21", "art. 21"),
    *_two_tier("complaint", 2, "commune_chair", "province", "Điều 21", "art. 21"),
    _row("complaint", 2, "district_staff", "province", _START, THREE_TIERS_END,
         f"{_LKN}, Điều 21 khoản 2", f"{_LKN_EN}, art. 21(2)"),
    _row("complaint", 2, "district_chair", "province", _START, THREE_TIERS_END,
         f"{_LKN}, Điều 21 khoản 2", f"{_LKN_EN}, art. 21(2)"),
    _row("complaint", 2, "department", "province", _START, _OPEN,
         f"{_LKN}, Điều 21 khoản 2", f"{_LKN_EN}, art. 21(2)"),
    _row("complaint", 2, "province_chair", "central", _START, _OPEN,
         f"{_LKN}, Điều 23 khoản 2", f"{_LKN_EN}, art. 23(2)"),
    # -- denunciations: the one who manages the person denounced.
    _row("denunciation", None, "commune_staff", "commune", _START, THREE_TIERS_END,
         f"{_LTC}, Điều 13 khoản 1", f"{_LTC_EN}, art. 13(1)"),
    *_two_tier("denunciation", None, "commune_staff", "commune", "Điều 13", "art. 13"),
    _row("denunciation", None, "commune_chair", "district", _START, THREE_TIERS_END,
         f"{_LTC}, Điều 13 khoản 2", f"{_LTC_EN}, art. 13(2)"),
    *_two_tier("denunciation", None, "commune_chair", "province", "Điều 13", "art. 13"),
    _row("denunciation", None, "district_staff", "district", _START, THREE_TIERS_END,
         f"{_LTC}, Điều 13 khoản 2", f"{_LTC_EN}, art. 13(2)"),
    _row("denunciation", None, "district_chair", "province", _START, THREE_TIERS_END,
         f"{_LTC}, Điều 13", f"{_LTC_EN}, art. 13"),
    _row("denunciation", None, "department", "department", _START, _OPEN,
         f"{_LTC}, Điều 13", f"{_LTC_EN}, art. 13"),
    _row("denunciation", None, "province_chair", "central", _START, _OPEN,
         f"{_LTC}, Điều 13", f"{_LTC_EN}, art. 13"),
)  # fmt: skip


def competent(kind: str, subject: str, *, on: date, complaint_round: int = 1) -> CompetenceRule:
    """The rule in force on `on` for a petition of `kind` about `subject`.

    Raises KeyError when the table has no such row (a district subject after the district level
    ended, a kind without statutory competence such as feedback, an unknown subject)."""
    rnd = (2 if complaint_round >= 2 else 1) if kind == "complaint" else None
    for rule in RULES:
        if (
            rule.kind == kind
            and rule.round == rnd
            and rule.subject == subject
            and rule.valid_from <= on <= rule.valid_to
        ):
            return rule
    raise KeyError((kind, subject, on))


def subjects_on(on: date) -> tuple[str, ...]:
    """The subjects that exist on a day: no district officials after the district level ended."""
    return tuple(s for s in SUBJECTS if on <= THREE_TIERS_END or not s.startswith("district"))
