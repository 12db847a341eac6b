"""Which issued decisions the law says to publish, by when and for how long: dated rules."""

# Sources, as read in the stored texts (README, "Publication of decisions"):
# - Law on Complaints 02/2011/QH13, art. 41(2): the second-round resolver publishes the decision
#   by one or more of: announcing it at a meeting of the body where the person complained about
#   works, posting it at the office or the citizen reception place, or the mass media (quoted on
#   m-nongnghiep.vn). Decree 75/2012/NĐ-CP art. 12 and then Decree 124/2020/NĐ-CP (in force
#   10/12/2020) art. 29(3): within 15 days of the decision; posted at least 15 days; on the
#   body's web portal at least 15 consecutive days (baokhanhhoa.vn, lawnet.vn, scic.vn).
# - Law on Denunciation 25/2018/QH14 art. 40 and Decree 31/2019/NĐ-CP art. 6: the conclusion
#   and the decision handling the violation are published except state secrets and the
#   denouncer's information; posting and the web portal at least 15 consecutive days
#   (thuvienphapluat.vn, mylaw.vn). No time limit for publishing could be read in the stored
#   texts: the rule has none (`period` None) and says so.
# - Law 136/2025/QH15 (in force 1/7/2026): no change to these articles was found; its full text
#   could not be read here, so the rules stay unverified on that point (`amended_checked`).

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

COMPLAINT_SECOND = "complaint.publish.second"
DENUNCIATION_CONCLUSION = "denunciation.publish.conclusion"


class Calendar(Protocol):
    def add_calendar_days(self, start: date, days: int) -> date: ...


@dataclass(frozen=True)
class PublicationRule:
    """One duty to publish: within ``period`` days (None: no limit found in the law) of the
    decision's issue, for at least ``minimum_days`` on the web portal, on ``basis``."""

    key: str
    title_vi: str
    title_en: str
    period: int | None
    minimum_days: int
    basis_vi: str
    basis_en: str
    valid_from: date | None = None
    valid_to: date | None = None
    # Whether Law 136/2025/QH15 was checked to leave this text unchanged (it could not be).
    amended_checked: bool = False

    def in_force_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


_COMPLAINT = {
    "key": COMPLAINT_SECOND,
    "title_vi": "Công khai quyết định giải quyết khiếu nại lần hai",
    "title_en": "Publish the second-round complaint decision",
    "period": 15,
    "minimum_days": 15,
}

RULES: tuple[PublicationRule, ...] = (
    PublicationRule(
        **_COMPLAINT,
        basis_vi="Luật Khiếu nại 2011, Điều 41; Nghị định 75/2012/NĐ-CP, Điều 12",
        basis_en="Law on Complaints 2011, art. 41; Decree 75/2012/NĐ-CP, art. 12",
        valid_from=date(2012, 7, 1),
        valid_to=date(2020, 12, 9),
    ),
    PublicationRule(
        **_COMPLAINT,
        basis_vi="Luật Khiếu nại 2011, Điều 41; Nghị định 124/2020/NĐ-CP, Điều 29",
        basis_en="Law on Complaints 2011, art. 41; Decree 124/2020/NĐ-CP, art. 29",
        valid_from=date(2020, 12, 10),
    ),
    PublicationRule(
        key=DENUNCIATION_CONCLUSION,
        title_vi="Công khai kết luận nội dung tố cáo",
        title_en="Publish the conclusion on a denunciation",
        period=None,
        minimum_days=15,
        basis_vi="Luật Tố cáo 2018, Điều 40; Nghị định 31/2019/NĐ-CP, Điều 6",
        basis_en="Law on Denunciation 2018, art. 40; Decree 31/2019/NĐ-CP, art. 6",
        valid_from=date(2019, 1, 1),
    ),
)


def rule_key_for(instrument: str, complaint_round: int) -> str | None:
    """The duty an issued instrument carries: a second-round complaint decision, or a
    conclusion on a denunciation; None for every other document (nothing to publish)."""
    if instrument == "complaint_decision" and complaint_round >= 2:
        return COMPLAINT_SECOND
    if instrument == "denunciation_conclusion":
        return DENUNCIATION_CONCLUSION
    return None


def rule_in_force(key: str, day: date) -> PublicationRule:
    """The version of rule ``key`` in force on ``day`` (the decision's day); the oldest for a
    day before every version. KeyError for an unknown key."""
    versions = [rule for rule in RULES if rule.key == key]
    if not versions:
        raise KeyError(key)
    for rule in reversed(versions):
        if rule.valid_from is None or rule.valid_from <= day:
            return rule
    return versions[0]


def publish_by(rule: PublicationRule, issued_on: date, calendar: Calendar) -> date | None:
    """The last day to publish: ``period`` days after the decision (the day of issue not
    counted, a last day off moved to the next working day, Civil Code art. 147-148); None when
    the law sets no limit."""
    if rule.period is None:
        return None
    return calendar.add_calendar_days(issued_on, rule.period)


def keep_until(rule: PublicationRule, published_on: date) -> date:
    """The first day a publication may come down: it stays ``minimum_days`` consecutive days
    counting the day it went up."""
    return published_on + timedelta(days=rule.minimum_days)


def is_late(due_on: date | None, *, published_on: date | None, today: date) -> bool:
    """Past the day to publish, and not published by then."""
    if due_on is None:
        return False
    return (published_on or today) > due_on
