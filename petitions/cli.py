"""The `petitions` command: the Flask CLI of the app plus the product's own commands."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from petitions import demo as demo_data
from petitions import jobs
from petitions.accounts.services import create_token, create_user, get_user
from petitions.backup import BackupError, restore_archive, write_archive
from petitions.clock import now
from petitions.errors import Refused
from petitions.extensions import db
from petitions.notifications import services as notifications
from petitions.sealing import SealError, init_keys


def _create_app():
    # The package imports this module to register its commands: only now is it complete.
    from petitions import create_app

    return create_app()


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_version_option=False,
    load_dotenv=False,
    set_debug_flag=False,
)
def main():
    """Tiếp công dân và xử lý đơn thư — citizen reception and petitions."""


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


def init_seal_keys():
    """Create the seal key pair and digest key before any request could need them."""
    try:
        files = init_keys()
    except SealError as error:
        fail(str(error))
    if not files.private.exists():
        click.echo(f"Seal-only: {files.public} present, the private key is kept elsewhere.")
    return files


@click.command("init")
@with_appcontext
def seal_init_command():
    """Create the key pair and digest key for sealed identities, once (safe to rerun)."""
    files = init_seal_keys()
    click.echo(f"Seal keys ready: {files.public}")


def upgrade_schema() -> None:
    from flask_migrate import upgrade

    upgrade()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Load demo data when the database is empty.")
@with_appcontext
def serve_command(host, port, threads, demo):
    """Make the seal keys, upgrade the schema, optionally load demo data, serve with waitress."""
    from waitress import serve

    init_seal_keys()
    upgrade_schema()
    if demo:
        if demo_data.database_is_empty():
            demo_data.load()
            db.session.commit()
            click.echo("Demo data loaded.")
        demo_data.print_logins(click.echo)
    # End this thread's transaction: outside requests transactions take SQLite's write lock.
    db.session.commit()
    db.session.remove()
    app = current_app._get_current_object()
    if demo and not app.config["MAIL_BACKEND"]:
        # The demo has no mail server: each message becomes a file one can open.
        app.config["MAIL_BACKEND"] = "file"
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    app.extensions[notifications.SERVED_AT] = f"http://{shown}:{port}"
    click.echo(notifications.where_mail_goes(app.config) + ".")
    warning = notifications.public_base_warning(app)
    if warning:
        click.echo("Warning: " + warning, err=True)
    scheduler = None
    if app.config["SCHEDULER_ENABLED"]:
        scheduler = jobs.start_background(app)
    click.echo(f"Serving on http://{host}:{port}/")
    try:
        serve(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="petitions",
            # Refused before the application reads it; the application's own limits (a JSON
            # body, an upload) answer in the user's language below this.
            max_request_body_size=app.config["MAX_CONTENT_LENGTH"],
        )
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)


@click.group("user")
def user_group():
    """Staff users."""


ROLE_NAMES = ("reception_officer", "handler", "unit_head", "inspector", "home_affairs", "admin")


def _role_list(ctx, param, values):
    """--role may be repeated or list several roles with commas: --role reception_officer,handler."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in ROLE_NAMES]
    if unknown or not names:
        raise click.BadParameter(
            f"{', '.join(unknown) or '(none)'}: choose from {', '.join(ROLE_NAMES)}"
        )
    return names


@user_group.command("create")
@click.argument("username")
@click.option(
    "--role",
    "roles",
    required=True,
    multiple=True,
    callback=_role_list,
    help="One role, or several: repeat --role or separate them with commas. "
    f"Roles: {', '.join(ROLE_NAMES)}.",
)
@click.option("--unit", "unit_code", required=True)
@click.option("--full-name", default="")
@click.option("--email", default=None)
@with_appcontext
def user_create(username, roles, unit_code, full_name, email):
    """Create a staff user; the password is read from standard input."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(
            username=username,
            password=password,
            roles=roles,
            unit_code=unit_code,
            full_name=full_name,
            email=email,
        )
    except Refused as error:
        fail(error.message)
    db.session.commit()
    roles_text = ",".join(role.value for role in user.sorted_roles)
    click.echo(f"{user.username}\t{roles_text}\t{user.unit.code}")


@click.group("token")
def token_group():
    """API tokens."""


@token_group.command("create")
@click.argument("username")
@click.option("--name", default="cli")
@with_appcontext
def token_create(username, name):
    """Print a new API token for the user."""
    user = get_user(username)
    if user is None:
        fail(f"Không tìm thấy người dùng {username} / unknown user {username}")
    token = create_token(user, name)
    db.session.commit()
    click.echo(token)


CLEAR_KEYS_WARNING = (
    "WARNING: this archive holds the seal private key and the secrets IN CLEAR: whoever reads "
    "it can open every sealed identity. Keep it like the key itself, or set "
    "PETITIONS_BACKUP_PASSPHRASE (or give --passphrase-stdin) to encrypt the keys."
)


def backup_passphrase(from_stdin: bool, *, confirm: bool) -> str | None:
    """--passphrase-stdin, else the setting BACKUP_PASSPHRASE (PETITIONS_BACKUP_PASSPHRASE)."""
    if not from_stdin:
        return current_app.config["BACKUP_PASSPHRASE"] or None
    if sys.stdin.isatty():
        passphrase = click.prompt("Passphrase", hide_input=True, confirmation_prompt=confirm)
    else:
        passphrase = sys.stdin.readline().rstrip("\r\n")
    if not passphrase:
        fail("Empty passphrase.")
    return passphrase


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False))
@click.option("--passphrase-stdin", is_flag=True, help="Encrypt the keys with a passphrase.")
@with_appcontext
def backup_command(target, passphrase_stdin):
    """Write one archive, while the app runs: the database, the seal keys and the uploads."""
    passphrase = backup_passphrase(passphrase_stdin, confirm=True)
    try:
        written = write_archive(Path(target), passphrase=passphrase, now=now())
    except BackupError as error:
        fail(str(error))
    if written.keys_in_clear:
        click.echo(CLEAR_KEYS_WARNING, err=True)
    click.echo(written.summary())


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite a database, keys or uploads already here.")
@click.option("--passphrase-stdin", is_flag=True, help="Read the keys' passphrase from stdin.")
@with_appcontext
def restore_command(source, force, passphrase_stdin):
    """Restore an archive of `petitions backup` into the configured database and instance."""
    passphrase = backup_passphrase(passphrase_stdin, confirm=False)
    try:
        restored = restore_archive(Path(source), passphrase=passphrase, force=force, now=now())
    except BackupError as error:
        fail(str(error))
    click.echo(restored.summary())
    for note in restored.notes:
        click.echo(note)
