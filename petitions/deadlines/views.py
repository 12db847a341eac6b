"""The public deadline calculator: rule, start date and traits in, due date and reasoning out."""

from flask import Blueprint, render_template, request
from flask_babel import get_locale
from wtforms.fields.choices import SelectChoice

from petitions.clock import today
from petitions.deadlines import services
from petitions.deadlines.forms import NO_COMPLEXITY, CalculatorForm
from petitions.deadlines.settings import deadline_settings
from petitions.domain import deadlines as engine
from petitions.permissions import public

bp = Blueprint("deadlines", __name__, url_prefix="/deadlines")

# Which field an engine error is about, so the message appears next to it.
ERROR_FIELDS = (
    (engine.UnknownRule, "rule"),
    (engine.TooManyExtensions, "extensions"),
    (engine.InvalidPeriod, "extensions"),
    (engine.InvalidComplexity, "complexity"),
)


def _field_for(error: engine.DeadlineError) -> str:
    for kind, name in ERROR_FIELDS:
        if isinstance(error, kind):
            return name
    return "start"


@bp.route("/calculator")
@public
def calculator():
    lang = "en" if str(get_locale() or "vi").startswith("en") else "vi"
    form = CalculatorForm(formdata=request.args)
    form.rule.choices = [
        SelectChoice(
            rule.key,
            f"{rule.title_en} ({rule.basis_en})"
            if lang == "en"
            else f"{rule.title_vi} ({rule.basis_vi})",
        )
        for rule in engine.RULES.values()
    ]
    settings = deadline_settings()
    calculation = None
    asked = any(name in request.args for name in ("rule", "start"))
    if asked and form.validate():
        complexity = form.complexity.data
        try:
            calculation = services.calculate(
                form.rule.data,
                form.start.data,
                remote=form.remote.data,
                complexity=None if complexity == NO_COMPLEXITY else complexity,
                multi_site=form.multi_site.data,
                extensions=form.extensions.data or 0,
                settings=settings,
            )
        except engine.DeadlineError as error:
            message = error.message_en if lang == "en" else error.message_vi
            getattr(form, _field_for(error)).errors.append(message)
    elif not asked:
        form.start.data = today()
    return render_template(
        "deadlines/calculator.html",
        form=form,
        asked=asked,
        calculation=calculation,
        lines=calculation.describe(lang) if calculation else [],
        rules=list(engine.RULES.values()),
        periods=settings.periods,
        lang=lang,
    )


@bp.route("/rules")
@public
def rules():
    """Every deadline rule version and reception minimum, from the tables the engine uses."""
    lang = "en" if str(get_locale() or "vi").startswith("en") else "vi"
    return render_template(
        "deadlines/rules.html",
        rules=services.rule_versions(),
        reception=services.reception_rows(),
        periods=deadline_settings().periods,
        lang=lang,
    )
