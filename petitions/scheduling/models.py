"""One row per job per period: inserted before the job runs, so a period runs once."""

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from petitions.database import UTCDateTime, utcnow
from petitions.extensions import db

RUNNING, DONE, FAILED = "running", "done", "failed"


class JobRun(db.Model):
    """A job's claim on a period (a day, a calendar version, a November milestone).

    Two scheduler processes both try to insert the row; the unique key lets exactly one of
    them win and run the job. A failed run may be claimed again; a done one never.
    """

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_runs_job_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    period: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10), default=RUNNING)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[str] = mapped_column(String(500), default="")
