"""`petitions privacy retention`: the cases whose retention period has ended, and their
anonymisation once an admin confirms with --apply."""

from datetime import date

import click
from flask.cli import with_appcontext

from petitions.cli import fail
from petitions.clock import today
from petitions.extensions import db
from petitions.privacy import retention


@click.group("privacy")
def privacy_group():
    """Personal data."""


@privacy_group.command("retention")
@click.option("--apply", "apply_", is_flag=True, help="Remove the personal data listed.")
@click.option("--today", "today_", default=None, help="The day to judge by (YYYY-MM-DD).")
@with_appcontext
def retention_command(apply_, today_):
    """List the cases whose personal data are due for removal (a dry run); with --apply,
    remove them: personal fields emptied, sealed identities and files destroyed, mail dropped,
    the figures of every report unchanged."""
    try:
        day = date.fromisoformat(today_) if today_ else today()
    except ValueError:
        fail(f"Ngày không hợp lệ / invalid date: {today_}")
    review = retention.review(today=day)
    for case, rule, ends in review.due:
        click.echo(f"{case.tracking_code}\t{rule.key}\tclosed {case.closed_on}\tdue {ends}")
    click.echo(f"{len(review.due)} case(s) due on {day.isoformat()}")
    if apply_ and review.due:
        done = retention.anonymise(review.case_ids, actor=None, today=day)
        db.session.commit()
        click.echo(f"anonymised {done}")
    else:
        db.session.rollback()
