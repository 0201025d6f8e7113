"""Rumah Dagang: the application factory, as a list of named steps."""

import logging
import secrets
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

from config import Config, config_from_env, production_problems
from trading_house.core.localized_templates import LocalizedEnvironment
from trading_house.core.operations import register_operations  # request ids, logs, cache, metrics
from trading_house.core.security import guard_hosts  # other hosts than TRUSTED_HOSTS get 400

#: Domain areas, in import order (lower areas first). Each may have models, views (``bp``, or
#: ``load_blueprint()`` in its ``__init__.py``), commands (``register_commands(app)``) and seed
#: (``seed_demo()``).
AREAS = (
    "core",
    "accounts",
    "notifications",
    "enterprises",
    "catalog",
    "curation",
    "readiness",
    "inquiries",
    "orders",
    "payments",
    "trade_documents",
    "cooperatives",
    "reviews",
    "favourites",
    "supervision",
    "wholesale",
    "api",
    "admin",
)
ROOT = Path(__file__).resolve().parent.parent
#: Compiled templates kept: every template once per language (``core/localized_templates.py``).
TEMPLATE_CACHE_SIZE = 1000


def create_app(config_class: type[Config] | None = None) -> Flask:
    """Build the app. Never touches the database: ``flask db upgrade`` does that."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=(config_class or config_from_env()).INSTANCE_PATH,
    )
    # One compiled template per language, fixed messages translated (before jinja_env exists).
    app.jinja_environment = LocalizedEnvironment
    app.jinja_options = {**app.jinja_options, "cache_size": TEMPLATE_CACHE_SIZE}
    app.config.from_object(config_class or config_from_env())
    check_production_settings(app)
    configure_whatsapp_number(app)
    configure_secret_key(app)
    configure_cookies(app)
    configure_logging(app)
    guard_hosts(app)
    register_operations(app)
    import_models()
    register_converters(app)
    register_extensions(app)
    register_blueprints(app)
    # Filters and globals first: the registry compiles every panel template to check it exists.
    register_template_helpers(app)
    register_contributions(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def check_production_settings(app: Flask) -> None:
    """Production refuses to start on a weak key, an open Host header, a local base URL, the
    demo bank account or no mail server; the message names every variable to fix."""
    if app.config["ENV_NAME"] != "production":
        return
    problems = production_problems(app.config)
    from trading_house.core.storage import storage_problems  # asks the object store

    problems += [f"file storage: {problem}" for problem in storage_problems(app.config)]
    if problems:
        raise RuntimeError(
            "Production refuses to start until these settings are fixed "
            "(see docs/production.md):\n- " + "\n- ".join(problems)
        )
    if app.config["LOCAL_TRIAL"]:
        logging.getLogger(__name__).warning(
            "LOCAL_TRIAL: production settings on this machine only (e-mail to the log, demo "
            "bank account, plain-http cookies allowed); never use it for a real site"
        )


def configure_whatsapp_number(app: Flask) -> None:
    """``TRADING_HOUSE_WHATSAPP`` (the trading house's own WhatsApp business number) in E.164;
    a number that is not a mobile stops the start, so no page links to a chat that cannot work."""
    from trading_house.core.phones import PhoneError, normalize_mobile

    typed = (app.config.get("TRADING_HOUSE_WHATSAPP") or "").strip()
    if not typed:
        app.config["TRADING_HOUSE_WHATSAPP"] = None
        return
    try:
        app.config["TRADING_HOUSE_WHATSAPP"] = normalize_mobile(typed, "ID")
    except PhoneError:
        raise RuntimeError(
            f"TRADING_HOUSE_WHATSAPP={typed!r} is not a mobile number WhatsApp can reach: give "
            "the trading house's WhatsApp business number, e.g. +62 811-4000-123, or unset it"
        ) from None


def configure_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    # Development: generate one once and keep it, so sessions survive restarts.
    path = Path(app.instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    app.config["SECRET_KEY"] = path.read_text().strip()


def configure_cookies(app: Flask) -> None:
    """Production over HTTPS: ``__Host-`` cookie names, which browsers accept only when Secure,
    on Path=/ and without Domain, so no subdomain can set or overwrite them."""
    if app.config["ENV_NAME"] != "production" or not app.config["SESSION_COOKIE_SECURE"]:
        return
    app.config.update(
        SESSION_COOKIE_NAME="__Host-session",
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_DOMAIN=None,
        REMEMBER_COOKIE_NAME="__Host-remember_token",
        REMEMBER_COOKIE_PATH="/",
        REMEMBER_COOKIE_DOMAIN=None,
        REMEMBER_COOKIE_SECURE=True,
    )


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )


class DatabaseIntConverter(IntegerConverter):
    """``<int:…>`` in URLs stops at the largest 32-bit id: a bigger number is a 404, not an
    ``integer out of range`` error from PostgreSQL."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def register_converters(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIntConverter


def _area_module(area: str, name: str):
    module = f"trading_house.{area}.{name}"
    if find_spec(f"trading_house.{area}") is None or find_spec(module) is None:
        return None
    return import_module(module)


def import_models() -> None:
    for area in AREAS:
        _area_module(area, "models")


def register_extensions(app: Flask) -> None:
    from trading_house.core.compression import init_compression
    from trading_house.core.i18n import init_translations, select_locale, select_timezone
    from trading_house.core.security import init_security
    from trading_house.core.signing import csrf_token
    from trading_house.core.write_stamp import init_write_stamp
    from trading_house.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

    init_compression(app)  # first: it runs after every other after_request function
    db.init_app(app)
    with app.app_context():
        init_write_stamp(app, db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    # fresh_login_required: a session rebuilt from the remember-me cookie types the password
    # again (accounts/sessions.py sends POSTs back to the page their form was on).
    login_manager.refresh_view = "accounts.reauthenticate"
    login_manager.needs_refresh_message_category = "info"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    # Templates' csrf_token(): Flask-WTF's token, signed without a compression attempt.
    app.jinja_env.globals["csrf_token"] = csrf_token
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(ROOT / "trading_house" / "translations"),
    )
    init_translations(app, babel)
    limiter.init_app(app)
    bootstrap.init_app(app)
    init_security(app)
    import trading_house.accounts.sessions  # noqa: F401 - registers the user loader


def register_blueprints(app: Flask) -> None:
    """An area with several view modules defines its blueprint in ``blueprint.py``; the
    ``load_blueprint()`` of its ``__init__.py`` imports every view module for its routes and
    returns it. An area with one ``views.py`` defines ``bp`` there."""
    for area in AREAS:
        hook = getattr(import_module(f"trading_house.{area}"), "load_blueprint", None)
        if hook is not None:
            app.register_blueprint(hook())
            continue
        views = _area_module(area, "views")
        if views is not None and hasattr(views, "bp"):
            app.register_blueprint(views.bp)


def register_contributions(app: Flask) -> None:
    """Each area's ``register(registry)`` adds its links and panels; a name that does not exist
    stops the app here (``core/registry.py``)."""
    from trading_house.core.registry import EXTENSION_KEY, Registry

    registry = Registry()
    for area in AREAS:
        hook = getattr(import_module(f"trading_house.{area}"), "register", None)
        if hook is not None:
            hook(registry)
    app.jinja_env.filters.update(registry.template_filters)
    registry.verify(app)
    app.extensions[EXTENSION_KEY] = registry


def register_errorhandlers(app: Flask) -> None:
    from trading_house.core.error_pages import register_error_pages

    register_error_pages(app)


def register_template_helpers(app: Flask) -> None:
    from trading_house.core.templating import init_templating

    init_templating(app)


def register_commands(app: Flask) -> None:
    from trading_house.core.commands import register_core_commands

    register_core_commands(app)
    for area in AREAS:
        commands = _area_module(area, "commands")
        if commands is not None and hasattr(commands, "register_commands"):
            commands.register_commands(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL lets readers and a writer work together; the busy timeout waits instead of failing."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
