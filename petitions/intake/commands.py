"""`petitions seal rotate-key`: re-encrypt every sealed identity under a new key pair."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from petitions.cases.models import Petitioner
from petitions.clock import now
from petitions.extensions import db
from petitions.notifications.models import Outbox
from petitions.sealing import SealError, rotate_keys


def _sealed_outbox_rows():
    """Queued mail to sealed recipients."""
    return list(
        db.session.scalars(
            select(Outbox).where(Outbox.sealed.is_(True), Outbox.sealed_payload.is_not(None))
        )
    )


@click.group("seal")
def seal_group():
    """Sealed identities (denouncers, confidential petitions)."""


@seal_group.command("rotate-key")
@with_appcontext
def rotate_key_command():
    """Make a new key pair, re-encrypt every sealed identity, keep the old key as a backup."""
    counts = {"identities": 0, "mail": 0}

    def reencrypt(open_blob, seal_again):
        # Row locks keep a concurrent reveal from reading a half-rotated row on PostgreSQL;
        # on SQLite the write transaction already excludes other writers.
        rows = db.session.scalars(
            select(Petitioner)
            .where(Petitioner.sealed_identity.is_not(None))
            .order_by(Petitioner.id)
            .with_for_update()
        )
        for row in rows:
            row.sealed_identity = seal_again(open_blob(row.sealed_identity))
            counts["identities"] += 1
        for row in _sealed_outbox_rows():
            row.sealed_payload = seal_again(open_blob(row.sealed_payload))
            counts["mail"] += 1
        db.session.commit()

    try:
        backup = rotate_keys(reencrypt, now=now())
    except SealError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Re-encrypted {counts['identities']} sealed identities, {counts['mail']} queued mails."
    )
    click.echo(f"Old private key kept as {backup}")
