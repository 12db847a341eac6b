"""`petitions jobs list`, `petitions jobs run NAME [--today]` and `petitions scheduler`."""

import signal
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from petitions import jobs
from petitions.scheduling.services import last_runs


@click.group("jobs")
def jobs_group():
    """Scheduled jobs (tác vụ định kỳ)."""


@jobs_group.command("list")
@with_appcontext
def jobs_list():
    """List the scheduled jobs, when they run and their last run."""
    runs = last_runs(limit_per_job=1)
    for job in jobs.SCHEDULE:
        when = " ".join(f"{key}={value}" for key, value in job.schedule.items())
        last = runs.get(job.name, [])
        if last:
            run = last[0]
            status = f"last {run.status} {run.period} at {run.started_at:%Y-%m-%d %H:%M}Z"
        else:
            status = "never run"
        click.echo(f"{job.name}\t{when}\t{status}\n    {job.description}")


@jobs_group.command("run")
@click.argument("name")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as on this day (YYYY-MM-DD); default: today in Việt Nam.",
)
@with_appcontext
def jobs_run(name, today):
    """Run one job now, for the period of TODAY; a period already done is skipped."""
    if name not in jobs.JOBS:
        click.echo(f"Unknown job {name}. Jobs: {', '.join(jobs.JOBS)}", err=True)
        sys.exit(2)
    outcome = jobs.run_job(name, today=today.date() if today else None)
    detail = f" ({outcome.result})" if outcome.result else ""
    period = f" [{outcome.period}]" if outcome.period else ""
    click.echo(f"{outcome.job}{period}: {outcome.status}{detail}")
    if outcome.status == "failed":
        sys.exit(1)


@click.command("scheduler")
@with_appcontext
def scheduler_command():
    """Run the scheduler alone, in the foreground (deployments with several web processes)."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = jobs.build_scheduler(current_app._get_current_object(), BlockingScheduler)
    click.echo(f"Scheduler running {len(jobs.SCHEDULE)} jobs; Ctrl+C to stop.")

    def stop(signum, frame):
        raise SystemExit(0)

    # A service manager stops us with SIGTERM: let running jobs finish their transaction.
    signal.signal(signal.SIGTERM, stop)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        if scheduler.running:
            scheduler.shutdown(wait=True)
