"""`petitions deadline RULE START`: the date on the first line, the reasoning, exit 2 on bad input."""

import os
import subprocess
import sys
from datetime import date

import pytest

from petitions.calendars.models import CalendarOverride
from petitions.extensions import db


def test_the_first_line_is_the_due_date_and_the_rest_explains_it(runner):
    result = runner.invoke(args=["deadline", "complaint.accept", "2026-02-10"])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "2026-02-23"
    assert "Thụ lý khiếu nại: 10 ngày, theo Luật Khiếu nại 2011, Điều 27." in lines
    assert "20/02/2026 không phải ngày làm việc: Mùng bốn Tết Nguyên Đán." in lines
    assert lines[-1] == "Hạn cuối: Thứ Hai, 23/02/2026."


def test_the_explanation_can_be_in_english(runner):
    result = runner.invoke(args=["deadline", "complaint.accept", "2026-02-10", "--lang", "en"])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "2026-02-23"
    assert "20/02/2026 is not a working day: Fourth Day of Lunar New Year." in result.stdout


@pytest.mark.parametrize(
    ("args", "due"),
    [
        # 02/03/2026 + 45 (remote) = Thu 16/04/2026.
        (["complaint.resolve.first", "2026-03-02", "--remote"], "2026-04-16"),
        # 02/03/2026 + 60 (remote and complex) = Fri 01/05/2026, Labour Day -> Mon 04/05/2026.
        (["complaint.resolve.first", "2026-03-02", "--remote", "--complex"], "2026-05-04"),
        # 10 working days when several places must be checked: 03-06, 09-13, 16/03 -> Mon 16/03.
        (["denunciation.initial", "2026-03-02", "--multi-site"], "2026-03-16"),
        # 02/03/2026 + 30 x 3 = Sun 31/05/2026 -> Mon 01/06/2026.
        (
            ["denunciation.resolve", "2026-03-02", "--very-complex", "--extensions", "2"],
            "2026-06-01",
        ),
        # Dates may also be written as Vietnamese documents write them.
        (["complaint.accept", "10/02/2026"], "2026-02-23"),
    ],
)
def test_case_traits_choose_the_statutory_variant(runner, args, due):
    result = runner.invoke(args=["deadline", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == due


def test_the_administrators_overrides_are_counted(runner):
    db.session.add(CalendarOverride(day=date(2026, 3, 12), working=False, note="Nghỉ do bão lũ"))
    db.session.commit()

    result = runner.invoke(args=["deadline", "complaint.accept", "2026-03-02"])

    assert result.stdout.splitlines()[0] == "2026-03-13"
    assert "12/03/2026 không phải ngày làm việc: Nghỉ do bão lũ." in result.stdout


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (["no.such.rule", "2026-02-10"], "Không có quy tắc thời hạn", "No deadline rule"),
        (["complaint.accept", "2026-02-30"], "Ngày không hợp lệ", "Invalid date"),
        (["complaint.accept", "10-02-2026"], "Ngày không hợp lệ", "Invalid date"),
        (["complaint.accept", "20260210"], "Ngày không hợp lệ", "Invalid date"),
        (
            ["denunciation.resolve", "2026-02-10", "--complex", "--extensions", "2"],
            "tối đa 1 lần",
            "at most 1 extension",
        ),
        (["denunciation.resolve", "2026-02-10", "--extensions", "1"], "tối đa 0 lần", "at most 0"),
        (["complaint.accept", "2026-02-10", "--extensions", "1"], "tối đa 0 lần", "at most 0"),
        (["denunciation.resolve", "2026-02-10", "--extensions", "-1"], "không âm", "non-negative"),
        (
            ["denunciation.resolve", "2026-02-10", "--complex", "--very-complex"],
            "--complex hoặc --very-complex",
            "not both",
        ),
        (["complaint.accept", "1800-01-01"], "ngoài phạm vi", "outside the working calendar"),
        (["feedback.resolve", "2199-12-20"], "ngoài phạm vi", "outside the working calendar"),
    ],
)
def test_bad_input_exits_2_with_the_reason_in_both_languages(runner, args, vi, en):
    result = runner.invoke(args=["deadline", *args])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert vi in result.stderr and en in result.stderr
    assert " / " in result.stderr


def test_an_unknown_rule_lists_the_rules_there_are(runner):
    result = runner.invoke(args=["deadline", "complaint", "2026-02-10"])
    assert result.exit_code == 2
    assert "complaint.accept, complaint.resolve.first" in result.stderr


def test_a_fresh_install_without_a_database_still_answers(tmp_path):
    # 10/02/2026 + 10 days = Fri 20/02/2026, the fourth day of Tết (Sat 14/02 - Sun 22/02/2026),
    # followed by the weekend of 21-22/02, so the period runs to Monday 23/02/2026.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PETITIONS_") or key.startswith("PETITIONS_TEST_")
    }
    env["PETITIONS_INSTANCE_PATH"] = str(tmp_path / "instance")
    cli = os.path.join(os.path.dirname(sys.executable), "petitions")
    completed = subprocess.run(
        [cli, "deadline", "complaint.accept", "2026-02-10"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[0] == "2026-02-23"
    assert "Tết" in completed.stdout
    assert "statutory calendar" in completed.stderr


def test_complaint_file_is_90_days_from_knowing_the_decision_under_article_9(runner):
    result = runner.invoke(args=["deadline", "complaint.file", "2026-03-02"])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # 02/03/2026 + 90 = Sun 31/05/2026 -> Mon 01/06/2026.
    assert lines[0] == "2026-06-01"
    assert "Thời hiệu khiếu nại: 90 ngày, theo Luật Khiếu nại 2011, Điều 9." in lines
    assert lines[-1] == "Hạn cuối: Thứ Hai, 01/06/2026."


def test_a_period_starting_from_1_july_2026_names_law_136_2025(runner):
    # 01/07/2026 + 30 = Fri 31/07/2026.
    result = runner.invoke(args=["deadline", "complaint.resolve.first", "2026-07-01"])
    assert result.stdout.splitlines()[0] == "2026-07-31"
    assert "sửa đổi bởi Luật 136/2025/QH15, Điều 28" in result.stdout
    assert "có hiệu lực từ 01/07/2026" in result.stdout
