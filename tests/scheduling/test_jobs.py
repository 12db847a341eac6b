"""The named schedule: each job runs once per period, whoever starts it and however often."""

from datetime import date, time

import pytest
from sqlalchemy import func, select

from petitions import jobs
from petitions.extensions import db
from petitions.notifications.models import Outbox
from petitions.scheduling.models import JobRun
from petitions.scheduling.tasks import annual_report_milestone
from tests.factories import create_unit, create_user


def outbox_size() -> int:
    return db.session.scalar(select(func.count(Outbox.id)))


def test_the_schedule_has_the_named_jobs():
    assert list(jobs.JOBS) == [
        "send_outbox",
        "deadline_digest",
        "reception_reminders",
        "recompute_deadlines",
        "nightly_backup",
        "verify_trail",
        "retention_review",
        "annual_report_reminders",
    ]


def test_a_daily_job_runs_once_for_its_day_however_often_it_is_started(province):
    first = jobs.run_job("deadline_digest", today=date(2026, 3, 3))
    queued = outbox_size()
    second = jobs.run_job("deadline_digest", today=date(2026, 3, 3))

    assert (first.status, first.period) == ("done", "2026-03-03")
    assert second.status == "skipped"
    assert queued == 2 and outbox_size() == 2
    assert jobs.run_job("deadline_digest", today=date(2026, 3, 4)).status == "done"


@pytest.mark.parametrize("day", [date(2026, 2, 17), date(2026, 3, 7), date(2026, 9, 2)])
def test_working_day_jobs_have_nothing_to_do_on_days_off(app, day):
    outcome = jobs.run_job("deadline_digest", today=day)

    assert outcome.status == "not_due"
    assert db.session.scalar(select(func.count(JobRun.id))) == 0


def test_a_failed_run_leaves_nothing_behind_and_may_run_again(province, monkeypatch):
    from petitions.oversight import digest

    real = digest.send_deadline_digests

    def queue_then_fail(*, today):
        real(today=today)
        raise RuntimeError("mail template broken")

    monkeypatch.setattr(digest, "send_deadline_digests", queue_then_fail)
    failed = jobs.run_job("deadline_digest", today=date(2026, 3, 3))

    assert failed.status == "failed" and "mail template broken" in failed.result
    assert outbox_size() == 0
    run = db.session.scalars(select(JobRun)).one()
    assert run.status == "failed"

    monkeypatch.setattr(digest, "send_deadline_digests", real)
    assert jobs.run_job("deadline_digest", today=date(2026, 3, 3)).status == "done"
    assert outbox_size() == 2
    assert db.session.scalars(select(JobRun)).one().status == "done"


@pytest.mark.parametrize(
    ("day", "milestone"),
    [
        (date(2026, 10, 31), None),
        (date(2026, 11, 1), date(2026, 11, 1)),
        (date(2026, 11, 14), date(2026, 11, 1)),
        (date(2026, 11, 15), date(2026, 11, 15)),
        (date(2026, 11, 30), date(2026, 11, 25)),
        (date(2026, 12, 1), None),
    ],
)
def test_annual_report_reminders_follow_the_november_milestones(day, milestone):
    assert annual_report_milestone(day) == milestone


def test_annual_report_reminders_go_out_on_the_first_working_day_of_each_milestone(app):
    unit = create_unit(code="X")
    create_user(role="unit_head", unit=unit, email="head@example.vn")
    create_user(role="unit_head", unit=unit, username="nomail")

    # Sunday 01/11/2026: not a working day, nothing yet.
    assert jobs.run_job("annual_report_reminders", today=date(2026, 11, 1)).status == "not_due"
    monday = jobs.run_job("annual_report_reminders", today=date(2026, 11, 2))
    tuesday = jobs.run_job("annual_report_reminders", today=date(2026, 11, 3))

    assert (monday.status, monday.period) == ("done", "2026-11-01")
    assert tuesday.status == "skipped"
    message = db.session.scalars(select(Outbox)).one()
    assert message.recipient == "head@example.vn"
    assert "30/11/2026" in message.body
    assert jobs.run_job("annual_report_reminders", today=date(2026, 11, 16)).status == "done"
    assert outbox_size() == 2


def test_reception_reminders_reach_the_head_the_working_day_before(app):
    from petitions.reception.models import ReceptionSession, SessionStatus

    unit = create_unit(code="R")
    head = create_user(role="unit_head", unit=unit, email="chutich@example.vn")
    officer = create_user(role="reception_officer", unit=unit, email="tiepdan@example.vn")

    def session(day, status=SessionStatus.PLANNED):
        db.session.add(
            ReceptionSession(
                unit_id=unit.id,
                head_id=head.id,
                day=day,
                starts_at=time(8),
                ends_at=time(11),
                place="Trụ sở tiếp công dân",
                status=status,
            )
        )

    # Friday 13/02/2026 is the last working day before Tết; the next is Monday 23/02.
    session(date(2026, 2, 23))
    session(date(2026, 2, 24))
    session(date(2026, 2, 23), SessionStatus.CANCELLED)
    db.session.commit()

    assert jobs.run_job("reception_reminders", today=date(2026, 2, 12)).result == (
        "queued 0 reminders"
    )
    outcome = jobs.run_job("reception_reminders", today=date(2026, 2, 13))

    assert outcome.result == "queued 2 reminders"
    assert set(db.session.scalars(select(Outbox.recipient))) == {
        "chutich@example.vn",
        "tiepdan@example.vn",
    }
    assert all("23/02/2026" in m.subject for m in db.session.scalars(select(Outbox)))
    assert officer.id


def test_deadlines_are_recomputed_once_per_calendar_version(app):
    from petitions.calendars.models import CalendarOverride

    first = jobs.run_job("recompute_deadlines", today=date(2026, 3, 3))
    again = jobs.run_job("recompute_deadlines", today=date(2026, 3, 4))
    db.session.add(CalendarOverride(day=date(2026, 3, 9), working=False, note="Nghỉ bù"))
    db.session.commit()
    changed = jobs.run_job("recompute_deadlines", today=date(2026, 3, 4))

    assert first.status == "done" and again.status == "skipped"
    assert changed.status == "done" and changed.period != first.period


def test_the_nightly_backup_keeps_the_newest_copies(app, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("pg_dump backups are covered by petitions.backup")
    app.config.update(BACKUP_FOLDER=str(tmp_path / "backups"), BACKUP_KEEP=2)

    for day in (1, 2, 3):
        assert jobs.run_job("nightly_backup", today=date(2026, 3, day)).status == "done"

    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [
        "2026-03-02.tar.gz",
        "2026-03-03.tar.gz",
    ]


def test_the_outbox_job_sends_and_records_its_last_run(app, mail):
    from petitions.notifications.services import queue_email

    queue_email(to="a@example.vn", subject="S", body="B")
    db.session.commit()

    outcome = jobs.run_job("send_outbox")

    assert (outcome.status, outcome.result) == ("done", "sent 1")
    assert jobs.run_job("send_outbox").result == "sent 0"
    assert mail.recipients() == ["a@example.vn"]
    run = db.session.scalars(select(JobRun).where(JobRun.job == "send_outbox")).one()
    assert run.status == "done"


def test_the_background_scheduler_holds_every_job_and_wakes_the_sender(app, mail):
    from petitions.notifications.services import queue_email

    scheduler = jobs.start_background(app)
    try:
        assert scheduler.running
        assert {job.id for job in scheduler.get_jobs()} == set(jobs.JOBS)
        queue_email(to="woken@example.vn", subject="S", body="B")
        db.session.commit()
        sender = scheduler.get_job("send_outbox")
        assert (
            sender.next_run_time - __import__("datetime").datetime.now(sender.next_run_time.tzinfo)
        ).total_seconds() < 5
    finally:
        scheduler.shutdown(wait=True)


def test_jobs_list_and_run_from_the_command_line(province, runner):
    listed = runner.invoke(args=["jobs", "list"])
    ran = runner.invoke(args=["jobs", "run", "deadline_digest", "--today", "2026-03-03"])
    again = runner.invoke(args=["jobs", "run", "deadline_digest", "--today", "2026-03-03"])
    unknown = runner.invoke(args=["jobs", "run", "nope"])
    bad_day = runner.invoke(args=["jobs", "run", "deadline_digest", "--today", "03/03/2026"])

    assert listed.exit_code == 0 and "deadline_digest" in listed.output
    assert ran.exit_code == 0 and "deadline_digest [2026-03-03]: done" in ran.output
    assert "skipped" in again.output
    assert unknown.exit_code == 2
    assert bad_day.exit_code == 2


def test_the_jobs_page_shows_runs_and_outbox_and_runs_a_job(app, client, login):
    admin = create_user(role="admin")
    jobs.run_job("deadline_digest", today=date(2026, 3, 3))
    login(admin)

    page = client.get("/admin/jobs/").get_data(as_text=True)
    ran = client.post("/admin/jobs/send_outbox/run", follow_redirects=True)

    assert "Thư tổng hợp hồ sơ quá hạn, sắp đến hạn" in page and "2026-03-03" in page
    assert "Hộp thư đi" in page
    assert ran.status_code == 200
    assert client.post("/admin/jobs/nope/run").status_code == 404


def test_only_admins_manage_jobs(app, client, login):
    login(create_user(role="inspector"))

    assert client.get("/admin/jobs/").status_code == 403
