"""Statutory due dates, checked against dates worked out by hand from the 2024-2027 calendar."""

from datetime import date

import pytest

from petitions.domain.calendar import Override, WorkingCalendar
from petitions.domain.deadlines import (
    RULE_VERSIONS,
    RULES,
    InvalidComplexity,
    InvalidPeriod,
    TooManyExtensions,
    UnknownRule,
    days_overdue,
    due_date,
    is_due_soon,
    is_overdue,
    resume,
    rule_in_force,
)

CALENDAR = WorkingCalendar(years=range(2024, 2028))

# Days off used below (official decisions; 2027 is the package's estimate):
# 2024  01/01; Tết Thu 08/02 - Wed 14/02; 18/04; Sat 27/04 - Wed 01/05 (Mon 29/04 swapped with
#       Sat 04/05, a working day); Mon 02/09 - Tue 03/09.
# 2025  01/01; Tết Sat 25/01 - Sun 02/02; 07/04; Wed 30/04 - Fri 02/05 (Fri 02/05 swapped with
#       Sat 26/04, a working day); Mon 01/09 - Tue 02/09.
# 2026  Thu 01/01 - Fri 02/01 (swapped with Sat 10/01, a working day); Tết Sat 14/02 - Sun 22/02;
#       Mon 27/04 (Hùng Kings, 26/04 is a Sunday); 30/04 - 01/05; Mon 31/08 - Wed 02/09 (Mon 31/08
#       swapped with Sat 22/08, a working day). Tue 24/11 (Vietnamese Culture Day) is a working
#       day until an admin confirms it (Labour Code art. 112 not amended).
# 2027  Fri 01/01; Tết Thu 04/02 - Wed 10/02; 16/04; 30/04; Mon 03/05 (01/05 is a Saturday);
#       Thu 02/09 - Fri 03/09 (provisional: the package's estimate).
HAND_DERIVED = [
    # rule, start, options, due
    # -- complaint.accept, 10 days ------------------------------------------------------------
    # 20/01/2025 + 10 = Thu 30/01/2025, in Tết (25/01-02/02) -> Mon 03/02/2025.
    ("complaint.accept", date(2025, 1, 20), {}, date(2025, 2, 3)),
    # 05/02/2024 + 10 = Thu 15/02/2024, the first day back after Tết 2024 -> itself.
    ("complaint.accept", date(2024, 2, 5), {}, date(2024, 2, 15)),
    # 01/02/2024 + 10 = Sun 11/02/2024, in Tết (08/02-14/02) -> Thu 15/02/2024.
    ("complaint.accept", date(2024, 2, 1), {}, date(2024, 2, 15)),
    # 06/02/2026 + 10 = Mon 16/02/2026, Tết eve (14/02-22/02) -> Mon 23/02/2026.
    ("complaint.accept", date(2026, 2, 6), {}, date(2026, 2, 23)),
    # 28/01/2027 + 10 = Sun 07/02/2027, in Tết (04/02-10/02) -> Thu 11/02/2027.
    ("complaint.accept", date(2027, 1, 28), {}, date(2027, 2, 11)),
    # 24/04/2024 + 10 = Sat 04/05/2024, a swapped working Saturday -> itself.
    ("complaint.accept", date(2024, 4, 24), {}, date(2024, 5, 4)),
    # 16/04/2025 + 10 = Sat 26/04/2025, a swapped working Saturday -> itself.
    ("complaint.accept", date(2025, 4, 16), {}, date(2025, 4, 26)),
    # 12/08/2026 + 10 = Sat 22/08/2026, a swapped working Saturday -> itself.
    ("complaint.accept", date(2026, 8, 12), {}, date(2026, 8, 22)),
    # 31/12/2025 + 10 = Sat 10/01/2026, working in place of Fri 02/01/2026 -> itself.
    ("complaint.accept", date(2025, 12, 31), {}, date(2026, 1, 10)),
    # 23/12/2025 + 10 = Fri 02/01/2026, New Year swap day off; Sat 03, Sun 04 -> Mon 05/01/2026.
    ("complaint.accept", date(2025, 12, 23), {}, date(2026, 1, 5)),
    # 22/12/2024 + 10 = Wed 01/01/2025, New Year -> Thu 02/01/2025.
    ("complaint.accept", date(2024, 12, 22), {}, date(2025, 1, 2)),
    # 22/12/2023 + 10 = Mon 01/01/2024, New Year -> Tue 02/01/2024.
    ("complaint.accept", date(2023, 12, 22), {}, date(2024, 1, 2)),
    # 14/11/2026 + 10 = Tue 24/11/2026, Culture Day not (yet) a day off -> itself.
    ("complaint.accept", date(2026, 11, 14), {}, date(2026, 11, 24)),
    # 14/11/2025 + 10 = Mon 24/11/2025; not yet a holiday in 2025 -> itself.
    ("complaint.accept", date(2025, 11, 14), {}, date(2025, 11, 24)),
    # 22/08/2025 + 10 = Mon 01/09/2025; 01-02/09 off -> Wed 03/09/2025.
    ("complaint.accept", date(2025, 8, 22), {}, date(2025, 9, 3)),
    # 23/08/2024 + 10 = Mon 02/09/2024; 02-03/09 off -> Wed 04/09/2024.
    ("complaint.accept", date(2024, 8, 23), {}, date(2024, 9, 4)),
    # 21/08/2026 + 10 = Mon 31/08/2026 (swap); 01-02/09 off -> Thu 03/09/2026.
    ("complaint.accept", date(2026, 8, 21), {}, date(2026, 9, 3)),
    # 24/08/2027 + 10 = Fri 03/09/2027 (day next to 02/09); Sat, Sun -> Mon 06/09/2027.
    ("complaint.accept", date(2027, 8, 24), {}, date(2027, 9, 6)),
    # 17/04/2026 + 10 = Mon 27/04/2026, Hùng Kings observed -> Tue 28/04/2026.
    ("complaint.accept", date(2026, 4, 17), {}, date(2026, 4, 28)),
    # -- complaint.resolve.first, 30 / complex 45 / remote 45 / remote+complex 60 days ----------
    # 31/12/2024 + 30 = Thu 30/01/2025, in Tết -> Mon 03/02/2025.
    ("complaint.resolve.first", date(2024, 12, 31), {}, date(2025, 2, 3)),
    # 01/01/2026 + 45 = Sun 15/02/2026, in Tết (14/02-22/02) -> Mon 23/02/2026.
    ("complaint.resolve.first", date(2026, 1, 1), {"complexity": "complex"}, date(2026, 2, 23)),
    # 02/01/2024 + 45 = Fri 16/02/2024, after Tết 2024 -> itself.
    ("complaint.resolve.first", date(2024, 1, 2), {"remote": True}, date(2024, 2, 16)),
    # 01/07/2025 + 60 = Sat 30/08/2025; Sun 31/08, Mon 01/09, Tue 02/09 off -> Wed 03/09/2025.
    (
        "complaint.resolve.first",
        date(2025, 7, 1),
        {"remote": True, "complexity": "complex"},
        date(2025, 9, 3),
    ),
    # Especially complex counts as complex: same 60 days as the row above.
    (
        "complaint.resolve.first",
        date(2025, 7, 1),
        {"remote": True, "complexity": "very"},
        date(2025, 9, 3),
    ),
    # -- complaint.resolve.second, 45 / 60 / 60 / 70 days ---------------------------------------
    # 20/12/2026 + 45 = Wed 03/02/2027, the day before Tết 2027 starts -> itself.
    ("complaint.resolve.second", date(2026, 12, 20), {}, date(2027, 2, 3)),
    # 10/12/2026 + 60 = Mon 08/02/2027, in Tết (04/02-10/02) -> Thu 11/02/2027.
    ("complaint.resolve.second", date(2026, 12, 10), {"complexity": "complex"}, date(2027, 2, 11)),
    # 05/03/2024 + 60 = Sat 04/05/2024, a swapped working Saturday -> itself.
    ("complaint.resolve.second", date(2024, 3, 5), {"remote": True}, date(2024, 5, 4)),
    # 15/09/2026 + 70 = Tue 24/11/2026, Culture Day not (yet) a day off -> itself.
    (
        "complaint.resolve.second",
        date(2026, 9, 15),
        {"remote": True, "complexity": "complex"},
        date(2026, 11, 24),
    ),
    # -- complaint.second_window, 30 / remote 45 days ------------------------------------------
    # 31/07/2026 + 30 = Sun 30/08/2026; Mon 31/08 - Wed 02/09 off -> Thu 03/09/2026.
    ("complaint.second_window", date(2026, 7, 31), {}, date(2026, 9, 3)),
    # 18/07/2026 + 45 = Tue 01/09/2026; 01-02/09 off -> Thu 03/09/2026.
    ("complaint.second_window", date(2026, 7, 18), {"remote": True}, date(2026, 9, 3)),
    # 12/03/2025 + 45 = Sat 26/04/2025, a swapped working Saturday -> itself.
    ("complaint.second_window", date(2025, 3, 12), {"remote": True}, date(2025, 4, 26)),
    # -- denunciation.resolve, 30 days + 30 per extension ---------------------------------------
    # 25/10/2026 + 30 = Tue 24/11/2026, Culture Day not (yet) a day off -> itself.
    ("denunciation.resolve", date(2026, 10, 25), {}, date(2026, 11, 24)),
    # 20/10/2026 + 30 + 20 (one extension of 20 days) = Wed 09/12/2026 -> itself.
    (
        "denunciation.resolve",
        date(2026, 10, 20),
        {"complexity": "complex", "extension_lengths": [20]},
        date(2026, 12, 9),
    ),
    # 01/03/2025 + 60 = Wed 30/04/2025; 30/04-02/05 off, Sat 03, Sun 04 -> Mon 05/05/2025.
    (
        "denunciation.resolve",
        date(2025, 3, 1),
        {"complexity": "complex", "extensions": 1},
        date(2025, 5, 5),
    ),
    # 01/11/2024 + 90 = Thu 30/01/2025, in Tết -> Mon 03/02/2025.
    (
        "denunciation.resolve",
        date(2024, 11, 1),
        {"complexity": "very", "extensions": 2},
        date(2025, 2, 3),
    ),
    # 15/12/2025 + 60 = Fri 13/02/2026, the last day before Tết 2026 -> itself.
    (
        "denunciation.resolve",
        date(2025, 12, 15),
        {"complexity": "very", "extensions": 1},
        date(2026, 2, 13),
    ),
    # -- feedback.resolve, 30 days by default, per-unit period otherwise -------------------------
    # 02/01/2027 + 30 = Mon 01/02/2027 -> itself.
    ("feedback.resolve", date(2027, 1, 2), {}, date(2027, 2, 1)),
    # 20/01/2027 + 15 = Thu 04/02/2027, in Tết 2027 (04/02-10/02) -> Thu 11/02/2027.
    ("feedback.resolve", date(2027, 1, 20), {"period": 15}, date(2027, 2, 11)),
    # -- petition.classify, 10 working days ------------------------------------------------------
    # Mon 05/02/2024: Tue 06 (1), Wed 07 (2), Tết 08-14, Thu 15 (3), Fri 16 (4), Mon 19 - Fri 23
    # (5-9), Mon 26/02/2024 (10).
    ("petition.classify", date(2024, 2, 5), {}, date(2024, 2, 26)),
    # Wed 22/01/2025: Thu 23 (1), Fri 24 (2), Tết 25/01-02/02, Mon 03 - Fri 07/02 (3-7),
    # Mon 10 (8), Tue 11 (9), Wed 12/02/2025 (10).
    ("petition.classify", date(2025, 1, 22), {}, date(2025, 2, 12)),
    # Tue 10/02/2026: Wed 11 - Fri 13 (1-3), Tết 14-22, Mon 23 - Fri 27 (4-8), Mon 02/03 (9),
    # Tue 03/03/2026 (10).
    ("petition.classify", date(2026, 2, 10), {}, date(2026, 3, 3)),
    # Mon 01/02/2027: Tue 02 (1), Wed 03 (2), Tết 04-10, Thu 11 (3), Fri 12 (4), Mon 15 - Fri 19
    # (5-9), Mon 22/02/2027 (10).
    ("petition.classify", date(2027, 2, 1), {}, date(2027, 2, 22)),
    # -- reception.notify, 10 working days -------------------------------------------------------
    # Wed 24/04/2024: Thu 25 (1), Fri 26 (2), 27/04-01/05 off, Thu 02 (3), Fri 03 (4),
    # Sat 04 working (5), Mon 06 - Fri 10/05/2024 (6-10).
    ("reception.notify", date(2024, 4, 24), {}, date(2024, 5, 10)),
    # Mon 29/12/2025: Tue 30 (1), Wed 31 (2), 01-04/01 off, Mon 05 - Fri 09 (3-7),
    # Sat 10 working (8), Mon 12 (9), Tue 13/01/2026 (10).
    ("reception.notify", date(2025, 12, 29), {}, date(2026, 1, 13)),
    # -- denunciation.initial, 7 working days (10 when several places) ---------------------------
    # Mon 21/04/2025: Tue 22 - Fri 25 (1-4), Sat 26 working (5), Mon 28 (6), Tue 29/04/2025 (7).
    ("denunciation.initial", date(2025, 4, 21), {}, date(2025, 4, 29)),
    # ... then 30/04-04/05 off, Mon 05 (8), Tue 06 (9), Wed 07/05/2025 (10).
    ("denunciation.initial", date(2025, 4, 21), {"multi_site": True}, date(2025, 5, 7)),
    # -- denunciation.forward, 5 working days ----------------------------------------------------
    # Wed 26/08/2026: Thu 27 (1), Fri 28 (2), 29/08-02/09 off, Thu 03 (3), Fri 04 (4),
    # Mon 07/09/2026 (5).
    ("denunciation.forward", date(2026, 8, 26), {}, date(2026, 9, 7)),
    # Wed 19/08/2026: Thu 20 (1), Fri 21 (2), Sat 22 working (3), Mon 24 (4), Tue 25/08/2026 (5).
    ("denunciation.forward", date(2026, 8, 19), {}, date(2026, 8, 25)),
    # Tue 31/08/2027: Wed 01/09 (1), 02-05/09 off, Mon 06 - Thu 09/09/2027 (2-5).
    ("denunciation.forward", date(2027, 8, 31), {}, date(2027, 9, 9)),
    # -- denunciation.notify, 5 working days -----------------------------------------------------
    # Thu 19/11/2026: Fri 20 (1), Mon 23 (2), Tue 24 (3), Wed 25 (4), Thu 26/11 (5).
    ("denunciation.notify", date(2026, 11, 19), {}, date(2026, 11, 26)),
    # Thu 26/12/2024: Fri 27 (1), Mon 30 (2), Tue 31 (3), 01/01 off, Thu 02 (4), Fri 03/01 (5).
    ("denunciation.notify", date(2024, 12, 26), {}, date(2025, 1, 3)),
    # Mon 28/12/2026: Tue 29 - Thu 31 (1-3), Fri 01/01 off, Mon 04 (4), Tue 05/01/2027 (5).
    ("denunciation.notify", date(2026, 12, 28), {}, date(2027, 1, 5)),
    # Thu 29/08/2024: Fri 30 (1), 31/08-03/09 off, Wed 04 - Fri 06 (2-4), Mon 09/09/2024 (5).
    ("denunciation.notify", date(2024, 8, 29), {}, date(2024, 9, 9)),
    # -- complaint.file, 90 days (LKN art. 9) ---------------------------------------------------
    # 02/03/2026 + 90 (29 + 30 + 31) = Sun 31/05/2026 -> Mon 01/06/2026.
    ("complaint.file", date(2026, 3, 2), {}, date(2026, 6, 1)),
    # 05/10/2026 + 90 (26 + 30 + 31 + 3) = Sun 03/01/2027 -> Mon 04/01/2027.
    ("complaint.file", date(2026, 10, 5), {}, date(2027, 1, 4)),
    # -- complaint.accept.second, 10 days (LKN art. 36) -----------------------------------------
    # 12/08/2026 + 10 = Sat 22/08/2026, a swapped working Saturday -> itself.
    ("complaint.accept.second", date(2026, 8, 12), {}, date(2026, 8, 22)),
    # -- complaint.decision.first, 3 working days (LKN art. 32) ---------------------------------
    # Thu 23/04/2026: Fri 24 (1), Mon 27 off (Hùng Kings), Tue 28 (2), Wed 29/04/2026 (3).
    ("complaint.decision.first", date(2026, 4, 23), {}, date(2026, 4, 29)),
    # -- complaint.decision.second, 7 working days (LKN art. 41) --------------------------------
    # Fri 28/08/2026: 29/08-02/09 off, Thu 03, Fri 04, Mon 07 - Fri 11/09/2026 (1-7).
    ("complaint.decision.second", date(2026, 8, 28), {}, date(2026, 9, 11)),
    # -- denunciation.conclusion.send, 5 working days (LTC art. 35) -----------------------------
    # Tue 28/04/2026: Wed 29 (1), 30/04-01/05 off, Mon 04 - Thu 07/05/2026 (2-5).
    ("denunciation.conclusion.send", date(2026, 4, 28), {}, date(2026, 5, 7)),
    # -- denunciation.repeat, 7 working days (LTC art. 37) --------------------------------------
    # Tue 10/02/2026: Wed 11 - Fri 13 (1-3), Tết 14-22/02, Mon 23 - Thu 26/02/2026 (4-7).
    ("denunciation.repeat", date(2026, 2, 10), {}, date(2026, 2, 26)),
]


@pytest.mark.parametrize(("rule_key", "start", "options", "expected"), HAND_DERIVED)
def test_the_due_date_matches_the_one_worked_out_by_hand(rule_key, start, options, expected):
    assert due_date(rule_key, start, CALENDAR, **options).due_on == expected


def test_the_hand_derived_table_covers_every_rule():
    assert {row[0] for row in HAND_DERIVED} == set(RULES)


@pytest.mark.parametrize(
    ("rule_key", "unit", "period", "variants", "basis_vi"),
    [
        ("petition.classify", "working_days", 10, {}, "Thông tư 05/2021/TT-TTCP"),
        ("reception.notify", "working_days", 10, {}, "Luật Tiếp công dân 2013, Điều 28"),
        ("complaint.accept", "days", 10, {}, "Luật Khiếu nại 2011, Điều 27"),
        (
            "complaint.resolve.first",
            "days",
            30,
            {"complex": 45, "remote": 45, "remote+complex": 60},
            "Luật Khiếu nại 2011, Điều 28",
        ),
        (
            "complaint.resolve.second",
            "days",
            45,
            {"complex": 60, "remote": 60, "remote+complex": 70},
            "Luật Khiếu nại 2011, Điều 37",
        ),
        ("complaint.second_window", "days", 30, {"remote": 45}, "Luật Khiếu nại 2011, Điều 33"),
        (
            "denunciation.initial",
            "working_days",
            7,
            {"multi_site": 10},
            "Luật Tố cáo 2018, Điều 24",
        ),
        ("denunciation.forward", "working_days", 5, {}, "Luật Tố cáo 2018, Điều 24"),
        ("denunciation.notify", "working_days", 5, {}, "Luật Tố cáo 2018, Điều 29"),
        ("denunciation.resolve", "days", 30, {}, "Luật Tố cáo 2018, Điều 30"),
        ("feedback.resolve", "days", 30, {}, "Quy định của đơn vị"),
    ],
)
def test_the_rules_are_the_table_of_the_domain_notes(rule_key, unit, period, variants, basis_vi):
    rule = rule_in_force(rule_key, date(2026, 6, 30))
    assert (rule.unit, rule.period, dict(rule.variants), rule.basis_vi) == (
        unit,
        period,
        variants,
        basis_vi,
    )


@pytest.mark.parametrize(
    ("rule_key", "basis_vi"),
    [
        ("reception.notify", "Luật Tiếp công dân 2013, sửa đổi bởi Luật 136/2025/QH15, Điều 28"),
        ("complaint.file", "Luật Khiếu nại 2011, sửa đổi bởi Luật 136/2025/QH15, Điều 9"),
        ("complaint.resolve.first", "Luật Khiếu nại 2011, sửa đổi bởi Luật 136/2025/QH15, Điều 28"),
        ("complaint.accept.second", "Luật Khiếu nại 2011, sửa đổi bởi Luật 136/2025/QH15, Điều 36"),
        (
            "complaint.decision.first",
            "Luật Khiếu nại 2011, sửa đổi bởi Luật 136/2025/QH15, Điều 32",
        ),
        (
            "complaint.decision.second",
            "Luật Khiếu nại 2011, sửa đổi bởi Luật 136/2025/QH15, Điều 41",
        ),
        ("denunciation.resolve", "Luật Tố cáo 2018, sửa đổi bởi Luật 136/2025/QH15, Điều 30"),
        (
            "denunciation.conclusion.send",
            "Luật Tố cáo 2018, sửa đổi bởi Luật 136/2025/QH15, Điều 35",
        ),
        ("denunciation.repeat", "Luật Tố cáo 2018, sửa đổi bởi Luật 136/2025/QH15, Điều 37"),
    ],
)
def test_from_1_july_2026_a_rule_of_an_amended_law_cites_law_136_2025(rule_key, basis_vi):
    before = rule_in_force(rule_key, date(2026, 6, 30))
    after = rule_in_force(rule_key, date(2026, 7, 1))
    assert after.basis_vi == basis_vi
    assert (before.valid_to, after.valid_from, after.valid_to) == (
        date(2026, 6, 30),
        date(2026, 7, 1),
        None,
    )
    # Law 136/2025 changed none of the periods.
    assert (after.unit, after.period, dict(after.variants)) == (
        before.unit,
        before.period,
        dict(before.variants),
    )
    assert RULES[rule_key] is after
    assert RULE_VERSIONS[rule_key] == (before, after)


def test_the_version_is_the_one_in_force_on_the_start_day_and_the_explanation_names_it():
    # A complaint accepted on 30/06/2026 keeps the original text; one accepted a day later is
    # counted under the amended law. Same period: 30/06 + 30 = Thu 30/07; 01/07 + 30 = Fri 31/07.
    old = due_date("complaint.resolve.first", date(2026, 6, 30), CALENDAR)
    new = due_date("complaint.resolve.first", date(2026, 7, 1), CALENDAR)
    assert (old.due_on, new.due_on) == (date(2026, 7, 30), date(2026, 7, 31))
    assert old.basis_vi == "Luật Khiếu nại 2011, Điều 28"
    assert "136/2025/QH15" in new.basis_vi
    assert (
        "Văn bản áp dụng: Luật Khiếu nại 2011, sửa đổi bởi Luật 136/2025/QH15, Điều 28, có hiệu "
        "lực từ 01/07/2026, là quy định có hiệu lực vào ngày 01/07/2026." in new.describe()
    )
    assert any("in force from 01/07/2012 to 30/06/2026" in line for line in old.describe("en"))
    # The version may be chosen by another day than the start (e.g. the day of receipt).
    chosen = due_date(
        "complaint.resolve.first", date(2026, 7, 1), CALENDAR, in_force_on=date(2026, 6, 1)
    )
    assert chosen.basis_vi == "Luật Khiếu nại 2011, Điều 28"


def test_complaint_file_counts_90_days_from_knowing_the_decision_under_article_9():
    deadline = due_date("complaint.file", date(2026, 3, 2), CALENDAR)
    assert deadline.due_on == date(2026, 6, 1)
    text = "\n".join(deadline.describe())
    assert "Luật Khiếu nại 2011, Điều 9" in text
    assert "31/05/2026 không phải ngày làm việc: Chủ nhật." in text


def test_an_extension_adds_the_days_the_head_states_at_most_30():
    # 01/10/2026 + 30 + 15 + 30 = 75 days: 31/10 (30), 30/11 (60), Tue 15/12/2026 (75).
    deadline = due_date(
        "denunciation.resolve",
        date(2026, 10, 1),
        CALENDAR,
        complexity="very",
        extension_lengths=[15, 30],
    )
    assert (deadline.period, deadline.extensions, deadline.due_on) == (75, 2, date(2026, 12, 15))
    assert "Gia hạn lần 1: thêm 15 ngày" in "\n".join(deadline.describe())
    for lengths in ([31], [0], ["30"]):
        with pytest.raises(InvalidPeriod):
            due_date(
                "denunciation.resolve",
                date(2026, 10, 1),
                CALENDAR,
                complexity="complex",
                extension_lengths=lengths,
            )
    with pytest.raises(TooManyExtensions):
        due_date(
            "denunciation.resolve",
            date(2026, 10, 1),
            CALENDAR,
            complexity="complex",
            extension_lengths=[10, 10],
        )


def test_a_day_off_that_is_only_the_packages_estimate_is_marked_provisional():
    # 28/01/2027 + 10 = Sun 07/02/2027, in the estimated Tết 2027 (04/02-10/02) -> Thu 11/02.
    deadline = due_date("complaint.accept", date(2027, 1, 28), CALENDAR)
    text = "\n".join(deadline.describe())
    assert "08/02/2027 không phải ngày làm việc" in text
    assert "tạm tính" in text
    assert "provisional" in "\n".join(deadline.describe("en"))


def test_culture_day_counted_as_a_working_day_is_said_to_be_provisional():
    # Thu 19/11/2026 + 5 working days: Fri 20, Mon 23, Tue 24, Wed 25, Thu 26/11/2026.
    deadline = due_date("denunciation.notify", date(2026, 11, 19), CALENDAR)
    text = "\n".join(deadline.describe())
    assert "24/11/2026 (Ngày Văn hóa Việt Nam) được tính là ngày làm việc" in text


def test_only_denunciations_can_be_extended_and_by_complexity():
    extendable = {
        key: dict(rule.max_extensions) for key, rule in RULES.items() if rule.extension_days
    }
    assert extendable == {"denunciation.resolve": {None: 0, "complex": 1, "very": 2}}
    assert RULES["denunciation.resolve"].extension_days == 30


def test_a_trait_the_rule_has_no_variant_for_is_ignored():
    plain = due_date("denunciation.notify", date(2026, 11, 19), CALENDAR)
    remote = due_date("denunciation.notify", date(2026, 11, 19), CALENDAR, remote=True)
    assert remote.due_on == plain.due_on == date(2026, 11, 26)
    assert remote.variant is None


def test_the_deadline_records_its_rule_period_and_legal_basis():
    deadline = due_date(
        "complaint.resolve.first", date(2025, 7, 1), CALENDAR, remote=True, complexity="complex"
    )
    assert deadline.rule_key == "complaint.resolve.first"
    assert (deadline.start, deadline.period, deadline.unit) == (date(2025, 7, 1), 60, "days")
    assert deadline.variant == "remote+complex"
    assert deadline.basis_vi == "Luật Khiếu nại 2011, Điều 28"
    assert deadline.basis_en == "Law on Complaints 2011, art. 28"
    assert deadline.nominal_end == date(2025, 8, 30)


def test_an_extended_denunciation_counts_its_extensions_in_the_period():
    deadline = due_date(
        "denunciation.resolve", date(2024, 11, 1), CALENDAR, complexity="very", extensions=2
    )
    assert (deadline.period, deadline.extensions) == (90, 2)


# -- errors -------------------------------------------------------------------------------------


def test_an_unknown_rule_is_refused_in_both_languages():
    with pytest.raises(UnknownRule) as caught:
        due_date("complaint.resolve.third", date(2025, 1, 1), CALENDAR)
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == "No deadline rule 'complaint.resolve.third'."
    assert "complaint.resolve.third" in caught.value.message_vi


@pytest.mark.parametrize(
    ("rule_key", "complexity", "extensions", "allowed"),
    [
        ("denunciation.resolve", None, 1, 0),
        ("denunciation.resolve", "complex", 2, 1),
        ("denunciation.resolve", "very", 3, 2),
        ("complaint.resolve.first", "very", 1, 0),
    ],
)
def test_extensions_beyond_what_the_complexity_allows_are_refused(
    rule_key, complexity, extensions, allowed
):
    with pytest.raises(TooManyExtensions) as caught:
        due_date(rule_key, date(2025, 1, 1), CALENDAR, complexity=complexity, extensions=extensions)
    assert isinstance(caught.value, ValueError)
    assert f"at most {allowed} extension" in str(caught.value)
    assert f"tối đa {allowed} lần" in caught.value.message_vi


@pytest.mark.parametrize("period", [0, -5, 1.5, "30", True, 100_000])
def test_a_period_that_is_not_a_sensible_whole_number_of_days_is_refused(period):
    with pytest.raises(InvalidPeriod) as caught:
        due_date("feedback.resolve", date(2025, 1, 1), CALENDAR, period=period)
    assert "whole number" in caught.value.message_en
    assert "số nguyên" in caught.value.message_vi


def test_a_negative_number_of_extensions_is_refused():
    with pytest.raises(InvalidPeriod):
        due_date("denunciation.resolve", date(2025, 1, 1), CALENDAR, extensions=-1)


def test_an_unknown_complexity_is_refused():
    with pytest.raises(InvalidComplexity, match="'high'"):
        due_date("denunciation.resolve", date(2025, 1, 1), CALENDAR, complexity="high")


# -- explanations -------------------------------------------------------------------------------


def test_the_explanation_names_the_holiday_and_the_legal_basis_in_vietnamese():
    lines = due_date("complaint.accept", date(2025, 1, 20), CALENDAR).describe()
    text = "\n".join(lines)
    assert lines[0] == "Ngày bắt đầu: 20/01/2025 (không tính ngày này)."
    assert "Luật Khiếu nại 2011, Điều 27" in text
    assert "30/01/2025 không phải ngày làm việc: Mùng hai Tết Nguyên Đán." in lines
    assert "Bộ luật Dân sự 2015, Điều 148" in text
    assert lines[-1] == "Hạn cuối: Thứ Hai, 03/02/2025."


def test_the_explanation_can_be_read_in_english():
    lines = due_date("complaint.accept", date(2025, 1, 20), CALENDAR).describe("en")
    text = "\n".join(lines)
    assert "Law on Complaints 2011, art. 27" in text
    assert "30/01/2025 is not a working day: Second Day of Lunar New Year." in lines
    assert lines[-1] == "Due on Monday 03/02/2025."


def test_the_explanation_lists_each_skipped_day_in_a_working_day_count():
    deadline = due_date("petition.classify", date(2026, 2, 10), CALENDAR)
    skipped = [step.day for step in deadline.explanation if step.kind == "skipped"]
    # Weekend 14-15/02, Tết 16-20/02, weekend 21-22/02 and 28/02-01/03.
    assert skipped == [date(2026, 2, d) for d in range(14, 23)] + [
        date(2026, 2, 28),
        date(2026, 3, 1),
    ]
    assert "10 ngày làm việc" in deadline.describe()[1]


def test_the_explanation_states_the_variant_and_each_extension():
    deadline = due_date(
        "denunciation.resolve", date(2025, 3, 1), CALENDAR, complexity="complex", extensions=1
    )
    kinds = [step.kind for step in deadline.explanation]
    assert kinds[:4] == ["start", "period", "extension", "nominal_end"]
    text = "\n".join(deadline.describe())
    assert "Gia hạn lần 1: thêm 30 ngày (Luật Tố cáo 2018, Điều 30)." in text
    assert "Ngày thứ 60 kể từ ngày bắt đầu: 30/04/2025." in text
    assert "30/04/2025 không phải ngày làm việc: Ngày Chiến thắng." in text
    remote = due_date("complaint.second_window", date(2025, 3, 12), CALENDAR, remote=True)
    assert "vùng sâu, vùng xa" in remote.describe()[1]
    assert "remote area" in remote.describe("en")[1]


def test_a_due_date_that_needed_no_rolling_forward_skips_no_day():
    deadline = due_date("complaint.accept", date(2024, 4, 24), CALENDAR)
    assert [step.kind for step in deadline.explanation] == [
        "start",
        "period",
        "nominal_end",
        "due",
    ]
    assert not any("Bộ luật Dân sự" in line for line in deadline.describe())


# -- overrides ----------------------------------------------------------------------------------


def test_an_extra_day_off_pushes_a_deadline_and_is_explained():
    calendar = WorkingCalendar([Override(date(2025, 3, 13), False, "Nghỉ do bão số 3")])
    # Mon 03/03/2025 + 10 = Thu 13/03/2025: a working day, unless the province closes it.
    assert due_date("complaint.accept", date(2025, 3, 3), CALENDAR).due_on == date(2025, 3, 13)
    deadline = due_date("complaint.accept", date(2025, 3, 3), calendar)
    assert deadline.due_on == date(2025, 3, 14)
    assert "13/03/2025 không phải ngày làm việc: Nghỉ do bão số 3." in deadline.describe()


def test_an_extra_working_saturday_pulls_a_deadline():
    calendar = WorkingCalendar([Override(date(2025, 3, 15), True, "Làm bù")])
    # Wed 05/03/2025 + 10 = Sat 15/03/2025: normally Mon 17/03, now the Saturday itself.
    assert due_date("complaint.accept", date(2025, 3, 5), CALENDAR).due_on == date(2025, 3, 17)
    assert due_date("complaint.accept", date(2025, 3, 5), calendar).due_on == date(2025, 3, 15)
    # Fri 14/03/2025 + 10 working days: Mon 17 - Fri 28/03 normally, Thu 27/03 with the Saturday.
    assert due_date("petition.classify", date(2025, 3, 14), CALENDAR).due_on == date(2025, 3, 28)
    assert due_date("petition.classify", date(2025, 3, 14), calendar).due_on == date(2025, 3, 27)


# -- suspension ---------------------------------------------------------------------------------


def test_resuming_restarts_a_day_rule_with_the_calendar_days_that_were_left():
    deadline = due_date("complaint.resolve.first", date(2025, 3, 1), CALENDAR)
    assert deadline.due_on == date(2025, 3, 31)
    # Suspended 11/03 with 20 days left (to 31/03); resumed 21/03 -> Thu 10/04/2025.
    assert resume(deadline, None, date(2025, 3, 11), date(2025, 3, 21), CALENDAR) == date(
        2025, 4, 10
    )


def test_resuming_counts_from_the_nominal_end_when_given_the_deadline():
    deadline = due_date("complaint.accept", date(2025, 3, 5), CALENDAR)
    # Nominal end Sat 15/03, due Mon 17/03. Suspended Mon 10/03, resumed Thu 20/03.
    assert deadline.due_on == date(2025, 3, 17)
    # From the deadline: 5 days were left (10/03 -> 15/03) -> Tue 25/03/2025.
    assert resume(deadline, None, date(2025, 3, 10), date(2025, 3, 20), CALENDAR) == date(
        2025, 3, 25
    )
    # From the bare due date: 7 days were left (10/03 -> 17/03) -> Thu 27/03/2025.
    assert resume(date(2025, 3, 17), "days", date(2025, 3, 10), date(2025, 3, 20), CALENDAR) == (
        date(2025, 3, 27)
    )


def test_resuming_restarts_a_working_day_rule_with_the_working_days_that_were_left():
    deadline = due_date("petition.classify", date(2024, 2, 5), CALENDAR)
    assert deadline.due_on == date(2024, 2, 26)
    # Suspended Wed 07/02 after 2 working days (06, 07/02): 8 left. Resumed Fri 01/03:
    # Mon 04 - Fri 08 (1-5), Mon 11 (6), Tue 12 (7), Wed 13/03/2024 (8).
    assert resume(deadline, None, date(2024, 2, 7), date(2024, 3, 1), CALENDAR) == date(2024, 3, 13)
    assert resume(
        date(2024, 2, 26), "working_days", date(2024, 2, 7), date(2024, 3, 1), CALENDAR
    ) == date(2024, 3, 13)


def test_suspending_and_resuming_on_the_same_day_changes_nothing():
    deadline = due_date("complaint.accept", date(2025, 1, 20), CALENDAR)
    assert resume(deadline, None, date(2025, 1, 25), date(2025, 1, 25), CALENDAR) == date(
        2025, 2, 3
    )


def test_a_suspension_after_the_due_date_does_not_revive_the_period():
    assert resume(
        date(2024, 2, 26), "working_days", date(2024, 3, 1), date(2024, 3, 10), CALENDAR
    ) == date(2024, 2, 26)


def test_resuming_before_the_suspension_is_refused():
    with pytest.raises(InvalidPeriod, match="before the suspension"):
        resume(date(2024, 2, 26), "days", date(2024, 2, 10), date(2024, 2, 9), CALENDAR)


def test_resuming_a_bare_date_needs_a_unit():
    with pytest.raises(InvalidPeriod, match="unit"):
        resume(date(2024, 2, 26), None, date(2024, 2, 10), date(2024, 2, 12), CALENDAR)


# -- status -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "overdue", "late_by", "soon"),
    [
        (date(2025, 2, 1), False, 0, True),  # two days before
        (date(2025, 2, 3), False, 0, True),  # the due day itself is still on time
        (date(2025, 2, 4), True, 1, False),
        (date(2025, 2, 13), True, 10, False),
        (date(2025, 1, 20), False, 0, False),  # two weeks ahead
    ],
)
def test_overdue_and_due_soon_are_derived_from_the_due_date_and_today(
    today, overdue, late_by, soon
):
    due_on = date(2025, 2, 3)
    assert is_overdue(due_on, today) is overdue
    assert days_overdue(due_on, today) == late_by
    assert is_due_soon(due_on, today, within_days=3) is soon
