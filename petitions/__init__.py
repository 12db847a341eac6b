"""Citizen reception and petition management for a Vietnamese province."""

import logging
import os
from contextlib import suppress
from pathlib import Path

from flask import Flask, g, request
from sqlalchemy.engine import make_url

from petitions import config as settings
from petitions import guards
from petitions.database import write_intent
from petitions.extensions import babel, csrf, db, limiter, login_manager, migrate

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
    from petitions import errors

    errors.register(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(settings.Defaults)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
        Path(app.instance_path) / "petitions.sqlite3"
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(settings.from_environment())
    else:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.persistent_secret(app.instance_path, "secret_key")
    app.config.setdefault("UPLOAD_FOLDER", str(Path(app.instance_path) / "uploads"))
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
    from petitions import i18n

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
    import_models()


def import_models() -> None:
    """Import every models module so that Alembic and the mappers see all tables."""
    import importlib
    import pkgutil

    package_dir = Path(__file__).parent
    for module in pkgutil.iter_modules([str(package_dir)]):
        if module.ispkg and (package_dir / module.name / "models.py").exists():
            importlib.import_module(f"petitions.{module.name}.models")


def register_blueprints(app: Flask) -> None:
    """Every package that has a views.py (HTML) or api.py (JSON) exposes a `bp` blueprint."""
    import importlib
    import pkgutil

    package_dir = Path(__file__).parent
    for module in sorted(pkgutil.iter_modules([str(package_dir)]), key=lambda m: m.name):
        if not module.ispkg:
            continue
        for part in ("views", "api"):
            if (package_dir / module.name / f"{part}.py").exists():
                blueprint = importlib.import_module(f"petitions.{module.name}.{part}").bp
                if blueprint.url_prefix and blueprint.url_prefix.startswith(("/api", "/open311")):
                    csrf.exempt(blueprint)
                app.register_blueprint(blueprint)


def register_request_hooks(app: Flask) -> None:
    from flask_babel import refresh as refresh_babel
    from flask_login import current_user

    from petitions.accounts.services import load_session_user, user_for_token
    from petitions.clock import today
    from petitions.permissions import wants_json

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

    @app.teardown_request
    def forget_write_intent(exc):
        token = g.pop("write_intent_token", None)
        if token is not None:
            write_intent.reset(token)

    @app.context_processor
    def navigation():
        from petitions.accounts.forms import role_labels
        from petitions.navigation import menu_for
        from petitions.units.forms import level_choices

        user = current_user if current_user.is_authenticated else None
        levels = dict(level_choices())
        return {
            "menu": menu_for(user),
            "can": (lambda permission: user is not None and user.can(permission)),
            "role_label": lambda role: role_labels().get(role, role),
            "level_label": lambda level: levels.get(getattr(level, "value", level), level),
            "today": today(),
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
    from petitions import cli

    cli.register(app)
