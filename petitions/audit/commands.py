"""`petitions audit verify`: check the chained audit trail and case histories end to end."""

import click
from flask.cli import with_appcontext

from petitions.audit.chain import verify
from petitions.extensions import db


@click.group("audit")
def audit_group():
    """The audit trail."""


@audit_group.command("verify")
@with_appcontext
def verify_command():
    """Recompute every link of the audit trail and of each case's history.

    Prints the number of rows checked and each chain's head (place and hash: compare it with
    the one a backup recorded); exits 1 naming the first broken link of each chain when a row
    was edited, deleted or inserted outside the application.
    """
    report = verify(db.session)
    db.session.rollback()
    for name, head in report.heads.items():
        click.echo(f"{name}: {report.counts.get(name, 0)} rows, head {head['seq']} {head['hash']}")
    if report.ok:
        click.echo("OK: chuỗi nhật ký toàn vẹn / the trail is intact")
        return
    for broken in report.breaks:
        click.echo(f"BROKEN: {broken.describe()}", err=True)
    raise SystemExit(1)
