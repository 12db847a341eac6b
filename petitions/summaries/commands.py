"""`petitions summaries rebuild`: every summary computed afresh from the cases."""

import click
from flask.cli import with_appcontext

from petitions.extensions import db
from petitions.summaries.maintenance import rebuild


@click.group("summaries")
def summaries_group():
    """Summaries of the cases (dashboards, statistics)."""


@summaries_group.command("rebuild")
@with_appcontext
def rebuild_command():
    """Recompute the summary tables from the cases (after a bulk load or a restore)."""
    count = rebuild(db.session)
    db.session.commit()
    click.echo(f"summaries rebuilt from {count} case(s)")
