"""Competence by whose act a petition is about, read from the laws by hand: LKN 2011 arts. 17,
18, 20, 21 and 23, LTC 2018 art. 13 until 30/6/2025; Decree 141/2025/NĐ-CP from 1/7/2025 (no
district level: what went to the district chair goes to the provincial chair); the laws as
amended by Law 136/2025/QH15 from 1/7/2026."""

from datetime import date

import pytest

from petitions.domain.competence import RULES, SUBJECTS, competent, subjects_on

BEFORE = date(2025, 6, 30)
AFTER = date(2025, 7, 1)
AMENDED = date(2026, 7, 1)


@pytest.mark.parametrize(
    ("kind", "subject", "complaint_round", "on", "level"),
    [
        # A second complaint about a commune chair's decision: the district chair (LKN art. 18
        # cl. 2) until the district level ended, the provincial chair from the next day.
        ("complaint", "commune_chair", 2, BEFORE, "district"),
        ("complaint", "commune_chair", 2, AFTER, "province"),
        ("complaint", "commune_chair", 2, AMENDED, "province"),
        # First complaints stay with the one who decided.
        ("complaint", "commune_staff", 1, AFTER, "commune"),
        ("complaint", "department", 1, BEFORE, "department"),
        # A second complaint about a department's decision: the provincial chair (art. 21 cl. 2).
        ("complaint", "department", 2, AFTER, "province"),
        # About the provincial chair's own first decision: a minister (art. 23 cl. 2).
        ("complaint", "province_chair", 2, AFTER, "central"),
        # A denunciation of a commune chair: district chair (LTC art. 13 cl. 2), then province.
        ("denunciation", "commune_chair", 1, BEFORE, "district"),
        ("denunciation", "commune_chair", 1, AFTER, "province"),
        ("denunciation", "commune_staff", 1, AMENDED, "commune"),
        ("denunciation", "district_chair", 1, BEFORE, "province"),
    ],
)
def test_the_competent_level_follows_the_rules_in_force_on_the_day(
    kind, subject, complaint_round, on, level
):
    assert competent(kind, subject, on=on, complaint_round=complaint_round).level == level


def test_each_rule_names_the_text_in_force():
    assert (
        "Điều 18 khoản 2"
        in competent("complaint", "commune_chair", on=BEFORE, complaint_round=2).basis_vi
    )
    assert (
        "141/2025" in competent("complaint", "commune_chair", on=AFTER, complaint_round=2).basis_vi
    )
    assert "136/2025" in competent("denunciation", "commune_chair", on=AMENDED).basis_vi


def test_district_subjects_end_with_the_district_level():
    assert "district_chair" in subjects_on(BEFORE)
    assert "district_chair" not in subjects_on(AFTER)
    with pytest.raises(KeyError):
        competent("complaint", "district_staff", on=AFTER)


def test_every_subject_has_exactly_one_rule_on_any_day_it_exists():
    for day in (date(2020, 1, 1), BEFORE, AFTER, date(2026, 6, 30), AMENDED, date(2030, 1, 1)):
        for kind, rounds in (("complaint", (1, 2)), ("denunciation", (None,))):
            for rnd in rounds:
                for subject in subjects_on(day):
                    rows = [
                        r
                        for r in RULES
                        if (r.kind, r.round, r.subject) == (kind, rnd, subject)
                        and r.valid_from <= day <= r.valid_to
                    ]
                    assert len(rows) == 1, (kind, rnd, subject, day)
    assert set(SUBJECTS) >= {r.subject for r in RULES}
