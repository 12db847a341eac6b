"""The publication rules: which documents carry a duty to publish, by when, for how long."""

from datetime import date

from petitions.domain import publication as rules
from petitions.domain.calendar import WorkingCalendar


def test_only_a_second_round_decision_and_a_conclusion_are_to_be_published():
    assert rules.rule_key_for("complaint_decision", 2) == rules.COMPLAINT_SECOND
    assert rules.rule_key_for("complaint_decision", 1) is None
    assert rules.rule_key_for("denunciation_conclusion", 1) == rules.DENUNCIATION_CONCLUSION
    assert rules.rule_key_for("denunciation_result", 1) is None


def test_a_complaint_decision_is_published_within_15_days_the_last_day_moved_off_a_weekend():
    rule = rules.rule_in_force(rules.COMPLAINT_SECOND, date(2026, 3, 10))
    assert "Nghị định 124/2020/NĐ-CP" in rule.basis_vi
    calendar = WorkingCalendar()
    assert rules.publish_by(rule, date(2026, 3, 10), calendar) == date(2026, 3, 25)
    # 14/3/2026 + 15 days = Sunday 29/3 → Monday 30/3.
    assert rules.publish_by(rule, date(2026, 3, 14), calendar) == date(2026, 3, 30)
    assert rules.is_late(date(2026, 3, 25), published_on=None, today=date(2026, 3, 26))
    assert not rules.is_late(
        date(2026, 3, 25), published_on=date(2026, 3, 25), today=date(2027, 1, 1)
    )


def test_a_decision_before_decree_124_follows_decree_75():
    rule = rules.rule_in_force(rules.COMPLAINT_SECOND, date(2019, 5, 2))
    assert "75/2012" in rule.basis_vi and rule.period == 15


def test_no_time_limit_is_invented_for_a_conclusion():
    rule = rules.rule_in_force(rules.DENUNCIATION_CONCLUSION, date(2026, 3, 10))
    assert (
        rule.period is None and rules.publish_by(rule, date(2026, 3, 10), WorkingCalendar()) is None
    )
    assert rules.keep_until(rule, date(2026, 3, 10)) == date(2026, 3, 25)
