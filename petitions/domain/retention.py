"""How long a case's personal data are kept, as rules with their basis, and when each ends."""

# How long a case's personal data is kept, as rules with their basis, and the day each case's
# period ends. Pure: the clock and the case's facts are passed in.
#
# An archival period is counted from the year the work ended ("thời hạn bảo quản ... tính từ năm
# công việc kết thúc", Quy định 163/QĐ-VTLTNN art. 2, carried into Circular 10/2022/TT-BNV), so a case closed in 2026 with a 1-year period
# is kept through 2027 and its personal data is due for removal on 1/1/2028. After that the case
# stays as a statistical record — kind, unit, dates, states, deadlines, history — with its personal
# fields emptied (Law 91/2025/QH15 on Personal Data Protection, art. 14: data are deleted when the
# retention period set by law ends).

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

# States in which a case's file is closed for archival purposes.
CLOSED = frozenset(
    {"forwarded", "guided", "filed", "rejected", "closed", "withdrawn", "terminated"}
)
ROUTED_OUT = frozenset({"forwarded", "guided", "filed", "rejected"})


@dataclass(frozen=True)
class RetentionRule:
    key: str
    title_vi: str
    title_en: str
    years: int | None  # None: kept permanently (never anonymised by the job)
    basis_vi: str
    basis_en: str
    verified: bool  # False: the period could not be read in the text here; an admin may change it


RULES: Mapping[str, RetentionRule] = MappingProxyType(
    {
        rule.key: rule
        for rule in (
            RetentionRule(
                "petition.not_handled",
                "Đơn lưu, đơn hướng dẫn, chuyển đi hoặc không thụ lý",
                "Petitions filed, guided, forwarded or not accepted",
                1,
                "Thông tư 07/2014/TT-TTCP, Điều 28 khoản 2 (đơn xếp lưu: lưu 01 năm); "
                "nay Thông tư 05/2021/TT-TTCP",
                "Circular 07/2014/TT-TTCP art. 28(2) (filed petitions: kept one year); "
                "now Circular 05/2021/TT-TTCP",
                True,
            ),
            RetentionRule(
                "complaint.file",
                "Hồ sơ giải quyết khiếu nại",
                "Complaint resolution files",
                15,
                "Thông tư 10/2022/TT-BNV (hồ sơ giải quyết khiếu nại, tố cáo; vụ việc khác); "
                "Thông tư 01/2025/TT-TTCP (ngành Thanh tra)",
                "Circular 10/2022/TT-BNV (complaint and denunciation files, other cases); "
                "Circular 01/2025/TT-TTCP (inspection sector)",
                False,
            ),
            RetentionRule(
                "denunciation.file",
                "Hồ sơ giải quyết tố cáo",
                "Denunciation resolution files",
                15,
                "Thông tư 10/2022/TT-BNV (hồ sơ giải quyết khiếu nại, tố cáo; vụ việc khác); "
                "Thông tư 01/2025/TT-TTCP (ngành Thanh tra)",
                "Circular 10/2022/TT-BNV (complaint and denunciation files, other cases); "
                "Circular 01/2025/TT-TTCP (inspection sector)",
                False,
            ),
            RetentionRule(
                "feedback.file",
                "Hồ sơ giải quyết kiến nghị, phản ánh",
                "Recommendation and feedback files",
                5,
                "Quy định của đơn vị (Luật Lưu trữ 2024; chưa có thời hạn riêng được xác minh)",
                "Unit rule (Archives Law 2024; no specific period verified)",
                False,
            ),
        )
    }
)


@dataclass(frozen=True)
class CaseFacts:
    kind: str
    status: str
    closed_on: date | None
    accepted_on: date | None


def rule_for(facts: CaseFacts) -> RetentionRule | None:
    """The rule a closed case falls under; None while the case is still open."""
    if facts.status not in CLOSED or facts.closed_on is None:
        return None
    if facts.accepted_on is None or facts.status in ROUTED_OUT:
        return RULES["petition.not_handled"]
    if facts.kind in ("complaint", "denunciation"):
        return RULES[f"{facts.kind}.file"]
    return RULES["feedback.file"]


def expires_on(facts: CaseFacts, *, years: Mapping[str, int | None] | None = None) -> date | None:
    """The first day the case's personal data are no longer kept: 1 January after the last
    year of the period, counted from the year the case closed. None: open, or kept forever.
    `years` overrides a rule's period (an admin's setting)."""
    rule = rule_for(facts)
    if rule is None:
        return None
    period = (years or {}).get(rule.key, rule.years)
    if period is None:
        return None
    return date(facts.closed_on.year + period + 1, 1, 1)


def is_expired(facts: CaseFacts, *, today: date, years=None) -> bool:
    end = expires_on(facts, years=years)
    return end is not None and today >= end
