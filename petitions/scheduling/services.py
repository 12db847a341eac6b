"""Claiming a job's period, recording how the run ended, and what the jobs page shows."""

from datetime import datetime

from sqlalchemy import func, select, update

from petitions.calendars.models import CalendarOverride, RulePeriod
from petitions.extensions import db
from petitions.scheduling.models import FAILED, RUNNING, JobRun


def _insert():
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(JobRun.__table__)


def claim_period(*, job: str, period: str, now: datetime) -> JobRun | None:
    """Take `period` of `job` for this process, or None when another run has (had) it.

    Inserting first is what makes two schedulers safe: on PostgreSQL the second INSERT waits
    for the first transaction and then finds the conflict; on SQLite writers are serialised
    by BEGIN IMMEDIATE. A period whose run failed may be taken again.
    """
    # RETURNING rather than rowcount: psycopg reports no rowcount for ON CONFLICT inserts.
    claimed = db.session.execute(
        _insert()
        .values(job=job, period=period, status=RUNNING, started_at=now, result="")
        .on_conflict_do_nothing(index_elements=["job", "period"])
        .returning(JobRun.__table__.c.id)
    ).scalar_one_or_none()
    if claimed is None:
        claimed = db.session.execute(
            update(JobRun)
            .where(JobRun.job == job, JobRun.period == period, JobRun.status == FAILED)
            .values(status=RUNNING, started_at=now, finished_at=None, result="")
            .returning(JobRun.id)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        if claimed is None:
            return None
    return db.session.get(JobRun, claimed, populate_existing=True)


def finish(run: JobRun, *, status: str, result: str, now: datetime) -> None:
    run.status = status
    run.result = result[:500]
    run.finished_at = now
    db.session.flush()


def record_outcome(*, job: str, period: str, status: str, result: str, now: datetime) -> None:
    """Upsert the row of a run whose claim did not survive (a failure rolled it back), or of
    a job that runs without a claim (the outbox, safe per message)."""
    values = {"job": job, "period": period, "status": status, "result": result[:500]}
    statement = _insert().values(**values, started_at=now, finished_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=["job", "period"], set_={**values, "finished_at": now}
    )
    db.session.execute(statement)
    db.session.flush()


def last_runs(limit_per_job: int = 5) -> dict[str, list[JobRun]]:
    """The latest runs of every job, newest first."""
    ranked = select(
        JobRun.id,
        func.row_number()
        .over(partition_by=JobRun.job, order_by=(JobRun.started_at.desc(), JobRun.id.desc()))
        .label("rank"),
    ).subquery()
    rows = db.session.scalars(
        select(JobRun)
        .join(ranked, ranked.c.id == JobRun.id)
        .where(ranked.c.rank <= limit_per_job)
        .order_by(JobRun.job, JobRun.started_at.desc(), JobRun.id.desc())
    )
    runs: dict[str, list[JobRun]] = {}
    for run in rows:
        runs.setdefault(run.job, []).append(run)
    return runs


def calendar_version() -> str:
    """A fingerprint of everything a due date depends on besides the case: the admins'
    calendar overrides and rule periods, and the holidays package's version. It changes
    whenever one of them does, which is when open deadlines need recomputing."""
    import hashlib

    import holidays

    digest = hashlib.sha256(f"holidays {holidays.__version__}".encode())
    overrides = select(CalendarOverride.day, CalendarOverride.working).order_by(
        CalendarOverride.day
    )
    periods = select(RulePeriod.rule, RulePeriod.period).order_by(RulePeriod.rule)
    for statement in (overrides, periods):
        for row in db.session.execute(statement):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"/")
    return digest.hexdigest()[:16]
