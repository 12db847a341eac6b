"""The named schedule of background jobs. Bodies are thin: they call services with today=/now=.

Every job but the outbox claims its period first (a row in job_runs, see
petitions.scheduling), so two scheduler processes, or a scheduler and `petitions jobs run`,
never do a period's work twice. Times are Việt Nam time.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask import Flask, current_app

from petitions import clock
from petitions.audit.chain import verify as verify_trail
from petitions.deadlines.settings import working_calendar
from petitions.extensions import db
from petitions.notifications.services import forget_waker, on_queued_commit, send_pending
from petitions.oversight import digest
from petitions.privacy.retention import review as retention_review
from petitions.scheduling import services
from petitions.scheduling.models import DONE, FAILED
from petitions.scheduling.tasks import (
    annual_report_milestone,
    nightly_backup,
    recompute_deadlines,
    send_annual_report_reminders,
    send_reception_reminders,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    # APScheduler cron fields, in Việt Nam time.
    schedule: dict
    # The period a run covers (its claim key), or None when there is nothing to do today.
    period: Callable[[date, datetime], str | None]
    body: Callable[[date, datetime], str]
    description: str
    # False: no claim, the job is safe to run concurrently (the outbox claims per message).
    claimed: bool = True
    # True: the claim and the job's writes commit together, so a failure leaves no trace and
    # the period can run again. False for long jobs that must not hold a write transaction.
    atomic: bool = True


@dataclass(frozen=True)
class Outcome:
    job: str
    status: str  # done, skipped (period already taken), not_due, failed
    period: str | None
    result: str = ""


class UnknownJob(KeyError):
    pass


def _working_day(today: date) -> bool:
    return working_calendar().is_working_day(today)


def _each_working_day(today: date, now: datetime) -> str | None:
    return today.isoformat() if _working_day(today) else None


def _each_day(today: date, now: datetime) -> str | None:
    return today.isoformat()


def _every_run(today: date, now: datetime) -> str | None:
    return "latest"


def _send_outbox(today: date, now: datetime) -> str:
    batch = int(current_app.config["OUTBOX_BATCH_SIZE"])
    total = 0
    for _round in range(100):
        sent = send_pending(now=now, limit=batch)
        total += sent
        if sent < batch:
            break
    return f"sent {total}"


def _deadline_digest(today: date, now: datetime) -> str:
    return f"queued {digest.send_deadline_digests(today=today)} digests"


def _reception_reminders(today: date, now: datetime) -> str:
    return f"queued {send_reception_reminders(today=today)} reminders"


def _calendar_version(today: date, now: datetime) -> str | None:
    return f"calendar-{services.calendar_version()}"


def _recompute_deadlines(today: date, now: datetime) -> str:
    return f"moved {recompute_deadlines(today=today)} deadlines"


def _nightly_backup(today: date, now: datetime) -> str:
    return nightly_backup(today=today, now=now)


class TrailBroken(RuntimeError):
    """The audit trail or a case history no longer verifies: a row was changed behind the app."""


def _verify_trail(today: date, now: datetime) -> str:
    report = verify_trail(db.session)
    if not report.ok:
        raise TrailBroken("; ".join(b.describe() for b in report.breaks))
    return ", ".join(
        f"{name} {head['seq']} {head['hash'][:12]}" for name, head in report.heads.items()
    )


def _weekly(today: date, now: datetime) -> str | None:
    return (
        f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
        if today.weekday() == 0
        else None
    )


def _retention_review(today: date, now: datetime) -> str:
    review = retention_review(today=today)
    counts = ", ".join(f"{key} {n}" for key, n in sorted(review.by_rule.items()))
    return f"{len(review.due)} cases due for anonymisation" + (f" ({counts})" if counts else "")


def _november_milestone(today: date, now: datetime) -> str | None:
    milestone = annual_report_milestone(today)
    if milestone is None or not _working_day(today):
        return None
    return milestone.isoformat()


def _annual_report_reminders(today: date, now: datetime) -> str:
    return f"queued {send_annual_report_reminders(today=today)} reminders"


SCHEDULE: tuple[Job, ...] = (
    Job(
        "send_outbox",
        {"minute": "*"},
        _every_run,
        _send_outbox,
        "Send queued email (every minute; also woken right after a commit that queued mail).",
        claimed=False,
    ),
    Job(
        "deadline_digest",
        {"hour": 7, "minute": 0},
        _each_working_day,
        _deadline_digest,
        "07:00 on working days: overdue and due-soon cases to their handlers and unit heads.",
    ),
    Job(
        "reception_reminders",
        {"hour": 7, "minute": 30},
        _each_working_day,
        _reception_reminders,
        "07:30 on working days: remind heads of reception sessions up to the next working day.",
    ),
    Job(
        "recompute_deadlines",
        {"minute": "*/10"},
        _calendar_version,
        _recompute_deadlines,
        "Every 10 minutes: recompute open deadlines once per change of calendar or rules.",
    ),
    Job(
        "nightly_backup",
        {"hour": 2, "minute": 0},
        _each_day,
        _nightly_backup,
        "02:00: archive the database, seal keys and uploads to instance/backups/<date>.tar.gz, "
        "keep the newest BACKUP_KEEP.",
        atomic=False,
    ),
    Job(
        "verify_trail",
        {"hour": 2, "minute": 30},
        _each_day,
        _verify_trail,
        "02:30: verify the hash chains of the audit trail and of every case's history; the run "
        "fails, naming the first broken link, if a row was changed outside the application.",
    ),
    Job(
        "retention_review",
        {"day_of_week": "mon", "hour": 6, "minute": 0},
        _weekly,
        _retention_review,
        "Mondays 06:00: a dry run of the retention schedule — how many cases' personal data are "
        "due for removal; an admin confirms it at /admin/privacy/.",
    ),
    Job(
        "annual_report_reminders",
        {"month": 11, "hour": 8, "minute": 0},
        _november_milestone,
        _annual_report_reminders,
        "November, 08:00 on the first working day from the 1st, 15th and 25th: "
        "remind unit heads that the annual report is due on 30 November.",
    ),
)
JOBS = {job.name: job for job in SCHEDULE}


def run_job(name: str, *, today: date | None = None, now: datetime | None = None) -> Outcome:
    """Run one job for the period of `today`, at most once per period. Commits."""
    job = JOBS.get(name)
    if job is None:
        raise UnknownJob(name)
    now = now or clock.now()
    today = today or clock.local(now).date()
    # Start from a clean transaction: a caller's (a request's) work is not ours to keep open.
    db.session.commit()
    period = job.period(today, now)
    if period is None:
        db.session.rollback()
        return Outcome(name, "not_due", None)
    if job.claimed:
        run = services.claim_period(job=name, period=period, now=now)
        if run is None:
            db.session.rollback()
            return Outcome(name, "skipped", period)
        if not job.atomic:
            db.session.commit()
    try:
        result = job.body(today, now)
        if job.claimed:
            services.finish(run, status=DONE, result=result, now=clock.now())
        else:
            services.record_outcome(
                job=name, period=period, status=DONE, result=result, now=clock.now()
            )
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        log.exception("job %s failed for period %s", name, period)
        result = f"{type(error).__name__}: {error}"
        services.record_outcome(
            job=name, period=period, status=FAILED, result=result, now=clock.now()
        )
        db.session.commit()
        return Outcome(name, "failed", period, result)
    return Outcome(name, "done", period, result)


def _runner(app: Flask, name: str) -> Callable[[], None]:
    def run() -> None:
        with app.app_context():
            try:
                run_job(name)
            except Exception:  # a scheduler thread must survive anything a job does
                log.exception("job %s crashed", name)
            finally:
                db.session.remove()

    return run


def build_scheduler(app: Flask, scheduler_class=None):
    """A scheduler (background by default) with every job of SCHEDULE, not yet started."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger

    scheduler_class = scheduler_class or BackgroundScheduler
    scheduler = scheduler_class(
        timezone=clock.LOCAL_TZ,
        # A scheduler that was down at 07:00 still sends the digest if it is back within the
        # hour; missed runs collapse into one.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    for job in SCHEDULE:
        options = {}
        if job.name == "send_outbox":
            # Mail queued while no scheduler ran leaves as soon as one starts.
            options["next_run_time"] = datetime.now(clock.LOCAL_TZ)
        scheduler.add_job(
            _runner(app, job.name),
            CronTrigger(timezone=clock.LOCAL_TZ, **job.schedule),
            id=job.name,
            name=job.name,
            **options,
        )
    return scheduler


def start_background(app: Flask):
    """Start the schedule in threads of this process (used by `petitions serve`)."""
    from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN

    scheduler = build_scheduler(app)
    scheduler.start()

    def wake_sender() -> None:
        scheduler.modify_job("send_outbox", next_run_time=datetime.now(clock.LOCAL_TZ))

    on_queued_commit(wake_sender)
    scheduler.add_listener(lambda event: forget_waker(wake_sender), EVENT_SCHEDULER_SHUTDOWN)
    return scheduler
