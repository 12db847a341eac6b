"""`petitions unit ...`: create units and reorganise them on a date."""

from datetime import date

import click
from flask.cli import with_appcontext

from petitions.cli import fail
from petitions.clock import today
from petitions.errors import Refused
from petitions.extensions import db
from petitions.units import reorganise
from petitions.units.services import create_unit


def _day(value: str | None, option: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: ngày phải có dạng YYYY-MM-DD / a date is YYYY-MM-DD ({value})")


def _act(text, number, day, issuer) -> reorganise.Act | None:
    if not (text or number or day or issuer):
        return None
    return reorganise.Act(
        text=text or "", number=number, day=_day(day, "--act-date"), issuer=issuer
    )


def _act_options(command):
    for option in reversed(
        (
            click.option("--act", "act_text", default="", help="The legal act, as text."),
            click.option("--act-number", default=None, help="Its number, e.g. 1683/NQ-UBTVQH15."),
            click.option("--act-date", default=None, help="Its date (YYYY-MM-DD)."),
            click.option("--act-issuer", default=None, help="Who issued it."),
        )
    ):
        command = option(command)
    return command


def _refused(error: Refused) -> None:
    details = "; ".join(f"{name}: {' '.join(texts)}" for name, texts in error.fields.items())
    fail(details or error.message)


@click.group("unit")
def unit_group():
    """Administrative units and their reorganisation."""


@unit_group.command("create")
@click.argument("code")
@click.argument("name")
@click.option(
    "--level",
    required=True,
    type=click.Choice(["province", "department", "district", "commune", "office"]),
)
@click.option("--parent", "parent_code", default=None)
@click.option("--remote", is_flag=True)
@click.option("--from", "valid_from", default=None, help="The first day it exists (YYYY-MM-DD).")
@with_appcontext
def unit_create(code, name, level, parent_code, remote, valid_from):
    """Create an administrative unit (existing since --from, or since always)."""
    try:
        unit = create_unit(
            code=code,
            name=name,
            level=level,
            parent_code=parent_code,
            remote=remote,
            valid_from=_day(valid_from, "--from"),
        )
    except Refused as error:
        _refused(error)
    db.session.commit()
    click.echo(f"{unit.code}\t{unit.name}")


@unit_group.command("merge")
@click.argument("old_code")
@click.argument("new_code")
@click.option("--on", "on", default=None, help="The effective day (YYYY-MM-DD); today if left out.")
@_act_options
@with_appcontext
def unit_merge(old_code, new_code, on, act_text, act_number, act_date, act_issuer):
    """Merge unit OLD into NEW from --on: open cases, staff and coming sessions move; what
    OLD did before that day stays its own."""
    day = today()
    try:
        moved = reorganise.merge(
            old_code=old_code,
            new_code=new_code,
            on=_day(on, "--on") or day,
            today=day,
            act=_act(act_text, act_number, act_date, act_issuer),
        )
    except Refused as error:
        _refused(error)
    db.session.commit()
    click.echo(" ".join(f"{name}={count}" for name, count in moved.items()))


@unit_group.command("split")
@click.argument("old_code")
@click.option("--into", required=True, help="The successors' codes, comma-separated.")
@click.option("--on", "on", required=True, help="The effective day (YYYY-MM-DD).")
@click.option(
    "--review",
    is_flag=True,
    help="Only draw up the list of cases and their successors, to review on the admin page.",
)
@_act_options
@with_appcontext
def unit_split(old_code, into, on, review, act_text, act_number, act_date, act_issuer):
    """Split unit OLD into several successors from --on: each open case goes to the successor
    its petitioners' address names, otherwise the first one listed."""
    day = today()
    codes = [code.strip() for code in into.split(",") if code.strip()]
    act = _act(act_text, act_number, act_date, act_issuer)
    try:
        change = reorganise.plan_split(
            old_code=old_code, into=codes, on=_day(on, "--on"), today=day, act=act
        )
        for planned in change.planned:
            click.echo(f"case {planned.case_id}\t→ {planned.to_unit.code}\t({planned.reason})")
        if review:
            db.session.commit()
            click.echo(f"draft {change.id}: review and confirm at /admin/units/changes/{change.id}")
            return
        moved = reorganise.confirm(change, today=day)
    except Refused as error:
        _refused(error)
    db.session.commit()
    click.echo(" ".join(f"{name}={count}" for name, count in moved.items()))


@unit_group.command("move")
@click.argument("code")
@click.option("--parent", "parent_code", required=True, help="The new parent's code.")
@click.option("--on", "on", required=True, help="The effective day (YYYY-MM-DD).")
@_act_options
@with_appcontext
def unit_move(code, parent_code, on, act_text, act_number, act_date, act_issuer):
    """Re-parent unit CODE from --on (a commune under a district goes under the province)."""
    try:
        reorganise.move(
            code=code,
            parent_code=parent_code,
            on=_day(on, "--on"),
            today=today(),
            act=_act(act_text, act_number, act_date, act_issuer),
        )
    except Refused as error:
        _refused(error)
    db.session.commit()
    click.echo(f"{code.upper()}\t→ {parent_code.upper()}\t{on}")
