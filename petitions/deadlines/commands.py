"""`petitions deadline RULE START`: a statutory due date and how it was counted."""

import click
from flask.cli import with_appcontext

from petitions.cli import fail
from petitions.deadlines import services
from petitions.domain import deadlines as engine

NO_DATABASE = (
    "Chưa đọc được cơ sở dữ liệu (chưa khởi tạo?): tính theo lịch nghỉ của Nhà nước, "
    "chưa gồm các điều chỉnh của quản trị. / "
    "Could not read the database (not set up yet?): counting with the statutory calendar, "
    "without the administrators' overrides."
)


@click.command("deadline")
@click.argument("rule")
@click.argument("start")
@click.option("--remote", is_flag=True, help="Unit in a remote area (vùng sâu, vùng xa).")
@click.option("--complex", "complex_case", is_flag=True, help="A complex case (phức tạp).")
@click.option(
    "--very-complex", is_flag=True, help="An especially complex case (đặc biệt phức tạp)."
)
@click.option("--multi-site", is_flag=True, help="Verification at several places.")
@click.option("--extensions", default=0, show_default=True, type=int, help="Extensions granted.")
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of the explanation.",
)
@with_appcontext
def deadline_command(rule, start, remote, complex_case, very_complex, multi_site, extensions, lang):
    """Print the due date of RULE counted from START (YYYY-MM-DD), then how it was counted.

    The first line is the date as YYYY-MM-DD. The calendar includes the administrators'
    overrides from the database; before the database is set up, the statutory calendar is used
    (and a note says so on standard error). Exit status 2 for an unknown rule, a bad date, or
    more extensions than the law allows.
    """
    try:
        if complex_case and very_complex:
            raise engine.DeadlineError(
                "Chỉ chọn một trong hai: --complex hoặc --very-complex.",
                "Give either --complex or --very-complex, not both.",
            )
        day = services.parse_day(start)
        settings, from_database = services.settings_or_statutory()
        calculation = services.calculate(
            rule,
            day,
            remote=remote,
            complexity="very" if very_complex else "complex" if complex_case else None,
            multi_site=multi_site,
            extensions=extensions,
            settings=settings,
        )
    except engine.DeadlineError as error:
        message = f"{error.message_vi} / {error.message_en}"
        if isinstance(error, engine.UnknownRule):
            message += "\nCác quy tắc / rules: " + ", ".join(engine.RULES)
        fail(message)
    if not from_database:
        click.echo(NO_DATABASE, err=True)
    click.echo(calculation.due_on.isoformat())
    for line in calculation.describe(lang):
        click.echo(line)
