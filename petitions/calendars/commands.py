"""`petitions calendar recompute`: bring every open deadline in line with today's calendar."""

from datetime import date

import click
from flask.cli import with_appcontext

from petitions.calendars.services import recompute_open_deadlines
from petitions.cli import fail
from petitions.clock import today
from petitions.extensions import db


@click.group("calendar")
def calendar_group():
    """The working calendar."""


@calendar_group.command("recompute")
@click.option(
    "--today", "today_", default=None, help="The day recorded in the history (YYYY-MM-DD)."
)
@with_appcontext
def recompute_command(today_):
    """Recompute every open deadline with the current calendar and rule periods.

    Changes made on the admin pages recompute what they affect by themselves; run this after
    upgrading the `holidays` package (a new government decision on days off) and print how many
    deadlines moved. Each move is written to its case's history.
    """
    try:
        day = date.fromisoformat(today_) if today_ else today()
    except ValueError:
        fail(f"Ngày không hợp lệ / invalid date: {today_}")
    moved = recompute_open_deadlines(
        today=day,
        reason="Tính lại theo lịch làm việc hiện hành (cập nhật dữ liệu ngày nghỉ lễ).",
    )
    db.session.commit()
    click.echo(moved)
