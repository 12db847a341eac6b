"""The statutory deadline rules as data: each version with its period, basis and days in force."""

# Law No. 136/2025/QH15 (10/12/2025, in force 1/7/2026) amends the Law on Citizen Reception, the
# Law on Complaints and the Law on Denunciation. It changes none of the periods below (the
# amendments found concern online reception, the commune chair's reception days, delegation,
# suspension and termination of complaint resolution, partial withdrawal, dialogue absence and
# inspectorates); a rule of an amended law therefore has two versions with the same period: the
# original text until 30/6/2026 and the text as amended from 1/7/2026, so that an explanation
# names the version it applied. Law 136/2025 has four articles, the fourth on its entry into
# force; no transitional article was found, so the version is the one in force on the day the
# period starts (receipt for intake rules, acceptance for resolution, the decision's delivery for
# the second-complaint window).

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Literal

Unit = Literal["days", "working_days"]

DAYS: Unit = "days"
WORKING_DAYS: Unit = "working_days"

# The day Law 136/2025/QH15 comes into force (its art. 4).
AMENDED_2025 = date(2026, 7, 1)


@dataclass(frozen=True)
class Rule:
    """One statutory period: how long, counted how, on what legal basis, in force when.

    ``variants`` maps a variant name to its period. A name is one or more of the case's traits
    joined by "+": ``remote`` (the matter is in a remote area), ``complex`` (complex or
    especially complex), ``multi_site`` (verification at several places). The most specific
    variant whose traits the case has wins. ``max_extensions`` is keyed by complexity (None,
    "complex", "very"); each extension adds at most ``extension_days``. ``configurable`` marks a
    period each unit sets for itself (passed to ``due_date`` as ``period=``). ``valid_from`` and
    ``valid_to`` bound the days this version is in force (None: open-ended); ``passive`` marks a
    window the citizen has, not a duty of the unit.
    """

    key: str
    unit: Unit
    period: int
    title_vi: str
    title_en: str
    basis_vi: str
    basis_en: str
    variants: Mapping[str, int] = field(default_factory=dict, hash=False)
    max_extensions: Mapping[str | None, int] = field(default_factory=dict, hash=False)
    extension_days: int = 0
    configurable: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    start_vi: str = ""
    start_en: str = ""
    passive: bool = False

    def __post_init__(self) -> None:
        # Rules are shared by every request and cached by key: make their tables read-only.
        object.__setattr__(self, "variants", MappingProxyType(dict(self.variants)))
        object.__setattr__(self, "max_extensions", MappingProxyType(dict(self.max_extensions)))

    def in_force_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def variant_for(
        self, *, remote: bool = False, complex_case: bool = False, multi_site: bool = False
    ) -> tuple[str | None, int]:
        """The variant name (None for the base period) and the period for a case's traits."""
        traits = {"remote"} if remote else set()
        if complex_case:
            traits.add("complex")
        if multi_site:
            traits.add("multi_site")
        best: tuple[str | None, int] = (None, self.period)
        best_size = 0
        for name, period in self.variants.items():
            needs = set(name.split("+"))
            if needs <= traits and len(needs) > best_size:
                best, best_size = (name, period), len(needs)
        return best


_LKN = ("Luật Khiếu nại 2011", "Law on Complaints 2011")
_LTC = ("Luật Tố cáo 2018", "Law on Denunciation 2018")
_LTCD = ("Luật Tiếp công dân 2013", "Law on Citizen Reception 2013")
_AMENDED = ("sửa đổi bởi Luật 136/2025/QH15", "as amended by Law 136/2025/QH15")
# When each law came into force (its final article).
_IN_FORCE = {_LKN: date(2012, 7, 1), _LTC: date(2019, 1, 1), _LTCD: date(2014, 7, 1)}


def _versions(law: tuple[str, str], article: int, **fields) -> tuple[Rule, Rule]:
    """A rule of a law amended by Law 136/2025/QH15: the original text, then the amended one."""
    original = Rule(
        basis_vi=f"{law[0]}, Điều {article}",
        basis_en=f"{law[1]}, art. {article}",
        valid_from=_IN_FORCE[law],
        valid_to=date(2026, 6, 30),
        **fields,
    )
    amended = replace(
        original,
        basis_vi=f"{law[0]}, {_AMENDED[0]}, Điều {article}",
        basis_en=f"{law[1]} {_AMENDED[1]}, art. {article}",
        valid_from=AMENDED_2025,
        valid_to=None,
    )
    return original, amended


_TABLE: tuple[Rule, ...] = (
    Rule(
        key="petition.classify",
        unit=WORKING_DAYS,
        period=10,
        title_vi="Phân loại, xử lý đơn",
        title_en="Classify and route a petition",
        basis_vi="Thông tư 05/2021/TT-TTCP",
        basis_en="Circular 05/2021/TT-TTCP",
        start_vi="ngày nhận đơn",
        start_en="the day the petition was received",
    ),
    *_versions(
        _LTCD,
        28,
        key="reception.notify",
        unit=WORKING_DAYS,
        period=10,
        title_vi="Thông báo kết quả xử lý đơn nhận tại nơi tiếp công dân",
        title_en="Tell the citizen what happened to a petition received at reception",
        start_vi="ngày nhận đơn tại nơi tiếp công dân",
        start_en="the day the petition was received at reception",
    ),
    *_versions(
        _LKN,
        9,
        key="complaint.file",
        unit=DAYS,
        period=90,
        title_vi="Thời hiệu khiếu nại",
        title_en="Time limit for lodging a complaint",
        start_vi="ngày nhận được quyết định hành chính hoặc biết được quyết định, hành vi "
        "hành chính",
        start_en="the day the administrative decision was received, or the decision or act "
        "became known",
        passive=True,
    ),
    *_versions(
        _LKN,
        27,
        key="complaint.accept",
        unit=DAYS,
        period=10,
        title_vi="Thụ lý khiếu nại",
        title_en="Accept a complaint",
        start_vi="ngày nhận được khiếu nại",
        start_en="the day the complaint was received",
    ),
    *_versions(
        _LKN,
        28,
        key="complaint.resolve.first",
        unit=DAYS,
        period=30,
        variants={"complex": 45, "remote": 45, "remote+complex": 60},
        title_vi="Giải quyết khiếu nại lần đầu",
        title_en="Resolve a first complaint",
        start_vi="ngày thụ lý",
        start_en="the day the complaint was accepted",
    ),
    *_versions(
        _LKN,
        32,
        key="complaint.decision.first",
        unit=WORKING_DAYS,
        period=3,
        title_vi="Gửi quyết định giải quyết khiếu nại lần đầu",
        title_en="Send the first-round complaint decision",
        start_vi="ngày ban hành quyết định giải quyết khiếu nại",
        start_en="the day the complaint decision was issued",
    ),
    *_versions(
        _LKN,
        33,
        key="complaint.second_window",
        unit=DAYS,
        period=30,
        variants={"remote": 45},
        title_vi="Thời hạn khiếu nại lần hai",
        title_en="Window for a second complaint",
        start_vi="ngày nhận được quyết định giải quyết khiếu nại lần đầu, hoặc ngày hết thời "
        "hạn giải quyết lần đầu mà khiếu nại không được giải quyết",
        start_en="the day the first-round decision was received, or the day the first-round "
        "period ended without a decision",
        passive=True,
    ),
    *_versions(
        _LKN,
        36,
        key="complaint.accept.second",
        unit=DAYS,
        period=10,
        title_vi="Thụ lý khiếu nại lần hai",
        title_en="Accept a second complaint",
        start_vi="ngày nhận được khiếu nại lần hai",
        start_en="the day the second complaint was received",
    ),
    *_versions(
        _LKN,
        37,
        key="complaint.resolve.second",
        unit=DAYS,
        period=45,
        variants={"complex": 60, "remote": 60, "remote+complex": 70},
        title_vi="Giải quyết khiếu nại lần hai",
        title_en="Resolve a second complaint",
        start_vi="ngày thụ lý",
        start_en="the day the complaint was accepted",
    ),
    *_versions(
        _LKN,
        41,
        key="complaint.decision.second",
        unit=WORKING_DAYS,
        period=7,
        title_vi="Gửi quyết định giải quyết khiếu nại lần hai",
        title_en="Send the second-round complaint decision",
        start_vi="ngày ban hành quyết định giải quyết khiếu nại",
        start_en="the day the complaint decision was issued",
    ),
    *_versions(
        _LTC,
        24,
        key="denunciation.initial",
        unit=WORKING_DAYS,
        period=7,
        variants={"multi_site": 10},
        title_vi="Xử lý ban đầu thông tin tố cáo",
        title_en="Initial handling of a denunciation",
        start_vi="ngày nhận được tố cáo",
        start_en="the day the denunciation was received",
    ),
    *_versions(
        _LTC,
        24,
        key="denunciation.forward",
        unit=WORKING_DAYS,
        period=5,
        title_vi="Chuyển đơn tố cáo không thuộc thẩm quyền",
        title_en="Forward a denunciation outside the unit's competence",
        start_vi="ngày nhận được tố cáo",
        start_en="the day the denunciation was received",
    ),
    *_versions(
        _LTC,
        29,
        key="denunciation.notify",
        unit=WORKING_DAYS,
        period=5,
        title_vi="Thông báo thụ lý tố cáo cho người tố cáo",
        title_en="Notify the denouncer of acceptance",
        start_vi="ngày thụ lý",
        start_en="the day the denunciation was accepted",
    ),
    *_versions(
        _LTC,
        30,
        key="denunciation.resolve",
        unit=DAYS,
        period=30,
        max_extensions={None: 0, "complex": 1, "very": 2},
        extension_days=30,
        title_vi="Giải quyết tố cáo",
        title_en="Resolve a denunciation",
        start_vi="ngày thụ lý",
        start_en="the day the denunciation was accepted",
    ),
    *_versions(
        _LTC,
        35,
        key="denunciation.conclusion.send",
        unit=WORKING_DAYS,
        period=5,
        title_vi="Gửi kết luận nội dung tố cáo",
        title_en="Send the conclusion on the denunciation",
        start_vi="ngày ban hành kết luận nội dung tố cáo",
        start_en="the day the conclusion was issued",
    ),
    *_versions(
        _LTC,
        37,
        key="denunciation.repeat",
        unit=WORKING_DAYS,
        period=7,
        title_vi="Xem xét tố cáo tiếp",
        title_en="Examine a repeat denunciation",
        start_vi="ngày nhận được tố cáo tiếp",
        start_en="the day the repeat denunciation was received",
    ),
    Rule(
        key="feedback.resolve",
        unit=DAYS,
        period=30,
        configurable=True,
        title_vi="Giải quyết kiến nghị, phản ánh",
        title_en="Resolve a recommendation or feedback",
        basis_vi="Quy định của đơn vị",
        basis_en="Unit rule",
        start_vi="ngày nhận đơn",
        start_en="the day the petition was received",
    ),
)


def _by_key(table: tuple[Rule, ...]) -> dict[str, tuple[Rule, ...]]:
    versions: dict[str, list[Rule]] = {}
    for rule in table:
        versions.setdefault(rule.key, []).append(rule)
    return {
        key: tuple(sorted(rules, key=lambda r: r.valid_from or date.min))
        for key, rules in versions.items()
    }


# Every version of every rule, oldest first.
RULE_VERSIONS: Mapping[str, tuple[Rule, ...]] = MappingProxyType(_by_key(_TABLE))

# The newest version of each rule: the one in force from now on, in table order.
RULES: Mapping[str, Rule] = MappingProxyType(
    {key: versions[-1] for key, versions in RULE_VERSIONS.items()}
)


def rule_in_force(key: str, day: date) -> Rule:
    """The version of rule ``key`` in force on ``day``: KeyError for an unknown key.

    A day before the first version's valid_from (a case older than the law it is counted
    under) gets the first version.
    """
    versions = RULE_VERSIONS[key]
    for rule in reversed(versions):
        if rule.valid_from is None or rule.valid_from <= day:
            return rule
    return versions[0]


def all_versions() -> list[Rule]:
    """Every version of every rule, grouped by rule in table order, oldest version first."""
    return [rule for versions in RULE_VERSIONS.values() for rule in versions]
