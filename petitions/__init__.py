"""Citizen reception and petition management for a Vietnamese province."""

import logging
import os
from contextlib import suppress
from pathlib import Path

from flask import Flask, g, request
from flask_babel import refresh as refresh_babel
from flask_login import current_user
from sqlalchemy.engine import make_url

from petitions import cli, errors, guards, i18n
from petitions import config as settings
from petitions.accounts import models as accounts_models
from petitions.accounts import views as accounts_views
from petitions.accounts.forms import role_labels
from petitions.accounts.services import load_session_user, user_for_token
from petitions.api import views as api_views
from petitions.audit import chain as audit_chain
from petitions.audit import commands as audit_commands
from petitions.audit import models as audit_models
from petitions.calendars import commands as calendars_commands
from petitions.calendars import models as calendars_models
from petitions.calendars import views as calendars_views
from petitions.cases import api as cases_api
from petitions.cases import fact_api as case_fact_api
from petitions.cases import fact_views as case_fact_views
from petitions.cases import models as cases_models
from petitions.cases import results as case_results_api
from petitions.cases import views as cases_views
from petitions.catalogues import i18n_group
from petitions.clock import today
from petitions.database import write_intent
from petitions.deadlines import commands as deadlines_commands
from petitions.deadlines import views as deadlines_views
from petitions.documents import api as documents_api
from petitions.documents import models as documents_models
from petitions.extensions import babel, csrf, db, limiter, login_manager, migrate
from petitions.intake import api as intake_api
from petitions.intake import commands as intake_commands
from petitions.intake import models as intake_models
from petitions.intake import views as intake_views
from petitions.navigation import menu_for
from petitions.notifications import models as notifications_models
from petitions.open311 import api as open311_api
from petitions.open311 import models as open311_models
from petitions.oversight import api as oversight_api
from petitions.oversight import models as oversight_models
from petitions.oversight import views as oversight_views
from petitions.permissions import wants_json
from petitions.privacy import commands as privacy_commands
from petitions.privacy import models as privacy_models
from petitions.privacy import views as privacy_views
from petitions.public import views as public_views
from petitions.publications import api as publications_api
from petitions.publications import models as publications_models
from petitions.publications import views as publications_views
from petitions.reception import api as reception_api
from petitions.reception import models as reception_models
from petitions.reception import views as reception_views
from petitions.reports import api as reports_api
from petitions.reports import commands as reports_commands
from petitions.reports import models as reports_models
from petitions.reports import open_data as reports_open_data
from petitions.reports import views as reports_views
from petitions.reports import workflow_api as reports_workflow_api
from petitions.scheduling import commands as scheduling_commands
from petitions.scheduling import models as scheduling_models
from petitions.scheduling import views as scheduling_views
from petitions.summaries import commands as summaries_commands
from petitions.summaries import maintenance as summaries_maintenance
from petitions.summaries import models as summaries_models
from petitions.units import commands as units_commands
from petitions.units import models as units_models
from petitions.units import views as units_views
from petitions.units.forms import level_choices
from petitions.work import views as work_views

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("PETITIONS_INSTANCE_PATH", str(PROJECT_ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    configure(app, test_config)
    register_extensions(app)
    register_request_hooks(app)
    # After the per-request resets (so refusals speak the user's language), before the
    # blueprints (their routes use the `id` converter).
    guards.register(app)
    register_blueprints(app)
    register_commands(app)
    errors.register(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(settings.Defaults)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(settings.from_environment())
    else:
        app.config.update(test_config)
    # The defaults that live in the instance folder.
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
            Path(app.instance_path) / "petitions.sqlite3"
        )
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = settings.persistent_secret(app.instance_path, "secret_key")
    if not app.config["UPLOAD_FOLDER"]:
        app.config["UPLOAD_FOLDER"] = str(Path(app.instance_path) / "uploads")
    if app.config["SECURE_COOKIES"] is None:
        app.config["SECURE_COOKIES"] = app.config["PREFERRED_URL_SCHEME"] == "https"
    if app.config["SECURE_COOKIES"]:
        app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = True
    # A deployment's own engine options add to the defaults (hide_parameters stays on).
    options = {
        **settings.Defaults.SQLALCHEMY_ENGINE_OPTIONS,
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
    }
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options["connect_args"] = {"timeout": 30, "check_same_thread": False}
        _create_private_file(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s"
        )


def _create_private_file(uri: str) -> None:
    """An SQLite database holds every petitioner's data: create its file readable by the
    service's user only (its journal and WAL files take the same mode from SQLite)."""
    path = make_url(uri).database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    # An existing file keeps its mode; a missing folder is SQLite's to report when it connects.
    with suppress(FileExistsError, FileNotFoundError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    compiled = i18n.compile_catalogues(Path(app.instance_path) / "translations")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.register(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"


# Every table's model, imported above so that Alembic and the mappers see all tables.
MODELS = (
    accounts_models,
    audit_chain,
    audit_models,
    calendars_models,
    cases_models,
    documents_models,
    intake_models,
    notifications_models,
    open311_models,
    oversight_models,
    privacy_models,
    publications_models,
    reception_models,
    reports_models,
    summaries_maintenance,
    summaries_models,
    scheduling_models,
    units_models,
)
# The HTML pages.
PAGES = (
    accounts_views,
    calendars_views,
    case_fact_views,
    cases_views,
    deadlines_views,
    intake_views,
    oversight_views,
    privacy_views,
    public_views,
    publications_views,
    reception_views,
    reports_open_data,
    reports_views,
    scheduling_views,
    units_views,
    work_views,
)
# The JSON APIs (/api/v1 and /open311/v2): they authenticate by bearer token, not by the
# session cookie, so they are exempt from CSRF.
APIS = (
    api_views,
    case_fact_api,
    case_results_api,
    cases_api,
    documents_api,
    intake_api,
    open311_api,
    oversight_api,
    publications_api,
    reception_api,
    reports_api,
    reports_workflow_api,
)


def register_blueprints(app: Flask) -> None:
    for module in PAGES:
        app.register_blueprint(module.bp)
    for module in APIS:
        csrf.exempt(module.bp)
        app.register_blueprint(module.bp)


def register_request_hooks(app: Flask) -> None:
    @login_manager.user_loader
    def load_user(session_id):
        # The API authenticates by bearer token only, so a browser's cookie cannot be used
        # for cross-site requests against the CSRF-exempt API.
        if wants_json():
            return None
        return load_session_user(session_id)

    @login_manager.request_loader
    def load_user_from_token(req):
        header = req.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return user_for_token(token.strip())
        return None

    @app.before_request
    def declare_write_intent():
        # The signed-in user is resolved afresh for every request, even when an app context
        # outlives it (tests, CLI-driven requests).
        g.pop("_login_user", None)
        refresh_babel()
        g.write_intent_token = write_intent.set(request.method not in SAFE_METHODS)

    @app.after_request
    def commit_request(response):
        # The request's one commit, after the view returned and before the response leaves:
        # a redirect after POST never runs ahead of its write, and mail queued in the outbox
        # leaves only now (notifications.services wakes the sender after commit). A request
        # that declared no write (a GET that did not call begin_write) commits nothing; an
        # error answer keeps nothing. A failed commit raises, so the client gets the error
        # page instead of a success for a lost write.
        if not write_intent.get():
            return response
        if response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        return response

    @app.teardown_request
    def forget_write_intent(exc):
        token = g.pop("write_intent_token", None)
        if token is not None:
            write_intent.reset(token)

    @app.context_processor
    def navigation():
        user = current_user if current_user.is_authenticated else None
        levels = dict(level_choices())
        return {
            "menu": menu_for(user),
            "can": (lambda permission: user is not None and user.can(permission)),
            "role_label": lambda role: role_labels().get(role, role),
            "level_label": lambda level: levels.get(getattr(level, "value", level), level),
            "today": today(),
            "province": app.config["PROVINCE_NAME"],
        }

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'",
        )
        if app.config["SECURE_COOKIES"] and app.config["HSTS_SECONDS"]:
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={int(app.config['HSTS_SECONDS'])}"
            )
        return response


def register_commands(app: Flask) -> None:
    """The `petitions` commands: the CLI's own, then each feature's, by name."""
    for command in (
        cli.serve_command,
        units_commands.unit_group,
        cli.user_group,
        cli.token_group,
        cli.backup_command,
        cli.restore_command,
        audit_commands.audit_group,
        privacy_commands.privacy_group,
        i18n_group,
        calendars_commands.calendar_group,
        deadlines_commands.deadline_command,
        intake_commands.seal_group,
        reports_commands.report_group,
        scheduling_commands.jobs_group,
        scheduling_commands.scheduler_command,
        summaries_commands.summaries_group,
    ):
        app.cli.add_command(command)
    # `seal init` joins the `seal` group of intake/commands.py.
    intake_commands.seal_group.add_command(cli.seal_init_command)
