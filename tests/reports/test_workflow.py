"""The annual report: drafted, approved, submitted, returned, resubmitted; consolidation adds up."""

from datetime import date

import pytest

from petitions.errors import Refused
from petitions.reports.form_specs import FORM_CODES
from petitions.reports.lines import HOME_AFFAIRS_LINE, INSPECTION_LINE, save_line
from petitions.reports.models import ReportStatus
from petitions.reports.submissions import (
    status_counts,
    submission_statuses,
    units_without_submission,
)
from petitions.reports.workflow import (
    accept_report,
    approve_report,
    finalize_consolidation,
    find_report,
    reopen_report,
    return_report,
    save_report,
    start_consolidation,
    start_report,
    submit_report,
)
from tests.factories import create_user
from tests.reports.factories import known_dataset
from tests.reports.test_statistics import EXPECTED_A, EXPECTED_P_SUMMARY

NOV_20 = date(2026, 11, 20)
LINE = HOME_AFFAIRS_LINE


@pytest.fixture
def province(app):
    app.config["REPORT_RECIPIENTS"] = {LINE: {"recipient": "P-B"}}
    units, _cases = known_dataset()
    return {
        **units,
        "handler": create_user(role="handler", unit=units["A"]),
        "head": create_user(role="unit_head", unit=units["A"]),
        "head_b": create_user(role="unit_head", unit=units["B"]),
        "home_affairs": create_user(role="home_affairs", unit=units["B"]),
        "inspector": create_user(role="inspector", unit=units["P"]),
    }


def write(report, user, day, **fields):
    narrative = {"results": "Đã tiếp nhận và giải quyết đơn thư đúng quy định.", **fields}
    return save_report(report, actor=user, today=day, **narrative)


def test_a_unit_drafts_its_head_approves_and_sends_before_30_november(province):
    p = province
    report = start_report(unit=p["A"], year=2026, line=LINE, actor=p["handler"], today=NOV_20)
    assert report.status == ReportStatus.DRAFT
    assert report.due_on == date(2026, 11, 30)
    assert (report.period_start, report.period_end) == (date(2025, 12, 15), date(2026, 12, 14))
    write(
        report, p["handler"], NOV_20, limitations="Còn vụ việc quá hạn.", proposals="Tăng cán bộ."
    )
    with pytest.raises(Refused) as refused:
        approve_report(report, actor=p["handler"], today=NOV_20)
    assert refused.value.status == 403
    approve_report(report, actor=p["head"], today=date(2026, 11, 25))
    submit_report(report, actor=p["head"], today=date(2026, 11, 26))
    assert report.status == ReportStatus.SUBMITTED
    assert report.days_late(date(2026, 12, 20)) == 0
    assert report.as_of == date(2026, 11, 25)
    assert [step.action for step in report.steps] == ["created", "saved", "approved", "submitted"]


def test_a_report_sent_after_the_due_date_shows_how_late_it_was(province):
    p = province
    report = start_report(unit=p["A"], year=2026, line=LINE, actor=p["head"], today=NOV_20)
    assert report.days_late(date(2026, 12, 3)) == 3  # not sent yet: late as of today
    write(report, p["head"], NOV_20)
    approve_report(report, actor=p["head"], today=date(2026, 12, 5))
    submit_report(report, actor=p["head"], today=date(2026, 12, 5))
    assert report.days_late(date(2027, 1, 1)) == 5


def test_sending_needs_an_approval_and_approval_needs_the_results(province):
    p = province
    report = start_report(unit=p["A"], year=2026, line=LINE, actor=p["handler"], today=NOV_20)
    with pytest.raises(Refused) as missing:
        approve_report(report, actor=p["head"], today=NOV_20)
    assert missing.value.field == "results"
    write(report, p["handler"], NOV_20)
    with pytest.raises(Refused) as unapproved:
        submit_report(report, actor=p["head"], today=NOV_20)
    assert unapproved.value.status == 409


def test_approved_figures_are_frozen_and_editing_needs_a_reopening(province):
    p = province
    report = start_report(
        unit=p["A"], year=2026, line=LINE, actor=p["handler"], today=date(2027, 1, 10)
    )
    write(report, p["handler"], date(2027, 1, 10))
    approve_report(report, actor=p["head"], today=date(2027, 1, 10))
    assert report.statistics["summary"] == EXPECTED_A["summary"]
    assert report.statistics["forms"]["01/XLD"] == EXPECTED_A["01/XLD"]
    with pytest.raises(Refused):
        write(report, p["handler"], date(2027, 1, 11), results="Sửa sau khi duyệt")
    reopen_report(report, actor=p["head"], today=date(2027, 1, 11))
    write(report, p["handler"], date(2027, 1, 11), results="Sửa sau khi mở lại")
    assert report.results == "Sửa sau khi mở lại"


def test_home_affairs_returns_a_report_and_the_unit_resubmits_it(province):
    p = province
    report = start_report(unit=p["A"], year=2026, line=LINE, actor=p["handler"], today=NOV_20)
    write(report, p["handler"], NOV_20)
    approve_report(report, actor=p["head"], today=NOV_20)
    submit_report(report, actor=p["head"], today=NOV_20)
    with pytest.raises(Refused) as no_comment:
        return_report(report, actor=p["home_affairs"], today=NOV_20, comment="  ")
    assert no_comment.value.field == "comment"
    with pytest.raises(Refused) as not_theirs:
        return_report(report, actor=p["head_b"], today=NOV_20, comment="Sai")
    assert not_theirs.value.status == 403
    return_report(
        report,
        actor=p["home_affairs"],
        today=date(2026, 11, 22),
        comment="Bổ sung nguyên nhân quá hạn.",
    )
    assert report.status == ReportStatus.RETURNED
    assert report.editable
    write(report, p["handler"], date(2026, 11, 23), limitations="Thiếu cán bộ xác minh.")
    approve_report(report, actor=p["head"], today=date(2026, 11, 24))
    submit_report(report, actor=p["head"], today=date(2026, 12, 2))
    assert report.status == ReportStatus.SUBMITTED
    # Lateness is judged on the first submission; the correction is dated separately.
    assert (report.submitted_on, report.last_submitted_on) == (NOV_20, date(2026, 12, 2))
    assert report.days_late(date(2026, 12, 20)) == 0
    accept_report(report, actor=p["home_affairs"], today=date(2026, 12, 3))
    actions = [step.action for step in report.steps]
    assert actions[-4:] == ["saved", "approved", "resubmitted", "accepted"]
    returned = next(step for step in report.steps if step.action == "returned")
    assert returned.comment == "Bổ sung nguyên nhân quá hạn."
    assert returned.actor_id == p["home_affairs"].id


def test_only_the_line_recipient_reviews_and_the_inspectorate_has_its_own_line(province):
    p = province
    report = start_report(
        unit=p["A"], year=2026, line=INSPECTION_LINE, actor=p["handler"], today=NOV_20
    )
    write(report, p["handler"], NOV_20)
    approve_report(report, actor=p["head"], today=NOV_20)
    submit_report(report, actor=p["head"], today=NOV_20)
    with pytest.raises(Refused):
        accept_report(report, actor=p["home_affairs"], today=NOV_20)
    accept_report(report, actor=p["inspector"], today=NOV_20)
    assert report.status == ReportStatus.ACCEPTED


def test_the_consolidation_adds_up_the_units_figures(province):
    p = province
    day = date(2027, 1, 10)
    for unit, head in ((p["A"], p["head"]), (p["B"], p["head_b"])):
        drafter = head
        report = start_report(unit=unit, year=2026, line=LINE, actor=drafter, today=day)
        write(report, drafter, day)
        approve_report(report, actor=head, today=day)
        submit_report(report, actor=head, today=day)
    with pytest.raises(Refused):
        start_consolidation(year=2026, line=LINE, actor=p["head"], today=day)
    total = start_consolidation(year=2026, line=LINE, actor=p["home_affairs"], today=day)
    assert total.consolidated and total.unit_id == p["P"].id
    assert total.due_on == date(2026, 12, 10)
    data = total.statistics
    assert data["summary"] == EXPECTED_P_SUMMARY
    rows = {row["unit"]: row for row in data["units"]}
    assert set(rows) == {"P", "P-A", "P-B"}
    sent = {
        code: find_report(p[key], 2026, LINE).statistics
        for code, key in (("P-A", "A"), ("P-B", "B"))
    }
    for key, value in data["summary"].items():
        if key == "on_time_rate":
            continue
        assert value == sum(row["summary"][key] for row in rows.values())
        # The units' own submitted figures plus the province's own cases give the same total.
        assert (
            value
            == sent["P-A"]["summary"][key] + sent["P-B"]["summary"][key] + rows["P"]["summary"][key]
        )
    for code in FORM_CODES:
        for key, value in data["forms"][code].items():
            if key != "on_time_rate":
                assert value == sum(row["forms"][code][key] for row in rows.values()), (code, key)
    with pytest.raises(Refused):
        finalize_consolidation(total, actor=p["home_affairs"], today=day)
    write(total, p["home_affairs"], day)
    finalize_consolidation(total, actor=p["home_affairs"], today=day)
    assert total.status == ReportStatus.SUBMITTED


def test_home_affairs_sees_every_unit_status_and_who_is_late(province):
    p = province
    report = start_report(unit=p["A"], year=2026, line=LINE, actor=p["head"], today=NOV_20)
    write(report, p["head"], NOV_20)
    approve_report(report, actor=p["head"], today=NOV_20)
    submit_report(report, actor=p["head"], today=date(2026, 12, 1))
    rows = {row.unit.code: row for row in submission_statuses(2026, LINE, today=date(2026, 12, 5))}
    # Departments and districts must report; the commune may but need not.
    assert set(rows) == {"P-A", "P-B"}
    assert rows["P-A"].report.status == ReportStatus.SUBMITTED and rows["P-A"].days_late == 1
    assert rows["P-B"].report is None and rows["P-B"].days_late == 5
    counts = status_counts(list(rows.values()))
    assert (counts["submitted"], counts["missing"], counts["late"]) == (1, 1, 2)
    assert units_without_submission(2026, today=date(2026, 12, 5)) == [p["B"]]


def test_admins_change_the_due_date_and_new_reports_follow_it(province):
    p = province
    admin = create_user(role="admin", unit=p["P"])
    save_line(
        LINE,
        name="Báo cáo năm",
        recipient="P-B",
        reviewer_role="home_affairs",
        unit_due="11-25",
        consolidated_due="12-05",
        levels=["district"],
        active=True,
        actor=admin,
    )
    report = start_report(unit=p["A"], year=2026, line=LINE, actor=p["head"], today=NOV_20)
    assert report.due_on == date(2026, 11, 25)
    assert [row.unit.code for row in submission_statuses(2026, LINE, today=NOV_20)] == ["P-A"]
    with pytest.raises(Refused) as bad:
        save_line(
            LINE,
            name="x",
            recipient="P-B",
            reviewer_role="home_affairs",
            unit_due="11-31",
            consolidated_due="12-05",
            levels=["district"],
            active=True,
            actor=admin,
        )
    assert bad.value.field == "unit_due"
