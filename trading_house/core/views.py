"""Cross-cutting routes: home, health check, public media, language/currency switch, errors."""

import io
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
    send_file,
)
from flask_babel import lazy_gettext as _l
from sqlalchemy import text
from werkzeug.exceptions import HTTPException, NotFound

from trading_house.core.errors import DomainError, PermissionDenied
from trading_house.core.errors import NotFound as DomainNotFound
from trading_house.core.i18n import select_currency
from trading_house.core.money_preview import echo
from trading_house.core.storage import StorageUnavailable, public_storage
from trading_house.core.templating import current_locale
from trading_house.extensions import db, limiter

bp = Blueprint("core", __name__)

ERROR_MESSAGES = {
    400: (
        _l("Bad request"),
        _l("We could not understand that request. Please check the form and try again."),
    ),
    403: (_l("Not allowed"), _l("You do not have permission to do that.")),
    404: (
        _l("Page not found"),
        _l("The page you asked for does not exist or is no longer available."),
    ),
    405: (_l("Not allowed"), _l("That action is not available on this page.")),
    413: (
        _l("File too large"),
        _l("The file you sent is larger than we accept. Please send a smaller file."),
    ),
    429: (
        _l("Too many requests"),
        _l("You tried too many times. Please wait a moment and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error happened on our side. Please try again."),
    ),
    503: (
        _l("Temporarily unavailable"),
        _l("The marketplace is briefly unavailable. Please try again in a minute."),
    ),
}


@bp.get("/")
def home():
    return render_template("core/home.html")


@bp.get("/help")
def help_page():
    """How buying works and how to reach the trading house (never an SME's own number)."""
    return render_template("core/help.html")


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not. The file store is reported too
    (``storage``: ok / down): without it pages still work (photos show a placeholder, uploads
    are refused politely), so a node is not taken out of the load balancer for it."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        return jsonify(status="unavailable", database="down"), 503
    try:
        public_storage().check()
    except StorageUnavailable:
        current_app.logger.warning("health check: the file store does not answer")
        return jsonify(status="degraded", database="ok", storage="down")
    return jsonify(status="ok", database="ok", storage="ok")


@bp.get("/money/preview")
@limiter.limit("600 per minute")  # cheap; generous for a co-op office behind one address
def money_preview():
    """How a typed amount will be read: ``?text=520.000&in=IDR`` (``in``, not ``currency``,
    which would switch the visitor's display currency). JSON for static/js/money-input.js."""
    currency = request.args.get("in", "")
    if currency not in current_app.config["CURRENCIES"]:
        return jsonify(ok=False, error=str(_l("Choose a currency from the list."))), 400
    result = echo(request.args.get("text", ""), currency, current_locale(), select_currency())
    response = jsonify(result.as_json())
    # The answer depends on the visitor's language and currency (their session).
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/media/<path:key>")
def media(key: str):
    """Public photo variants: content-hashed names, so they can be cached for a year."""
    storage = public_storage()
    try:
        if storage.kind == "local":
            path = storage.full_path(key)
            if not path.is_file():
                raise NotFound()
            response = send_file(path, max_age=31536000, conditional=True)
        else:  # object store: streamed through the app (S3_PUBLIC_VIA_APP, old links)
            data = storage.read(key)
            response = send_file(
                io.BytesIO(data),
                mimetype=_MEDIA_TYPES.get(key.rsplit(".", 1)[-1].lower(), "image/webp"),
                max_age=31536000,
                conditional=True,
                etag=key.rsplit("/", 1)[-1],
            )
    except (ValueError, FileNotFoundError):
        raise NotFound() from None
    except StorageUnavailable:
        # The store is down: the page still shows, with a placeholder that is not cached.
        current_app.logger.warning("media %s: the file store does not answer", key)
        placeholder = (Path(current_app.static_folder or "static") / PLACEHOLDER).read_bytes()
        return Response(
            placeholder, mimetype="image/svg+xml", headers={"Cache-Control": "no-store"}
        )
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


PLACEHOLDER = "img/photo-pending.svg"
_MEDIA_TYPES = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}


def wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


def render_error(code: int, description=None):
    title, message = ERROR_MESSAGES.get(code, ERROR_MESSAGES[500])
    if wants_json():
        body = {
            "type": "about:blank",
            "title": str(title),
            "status": code,
            "detail": str(description or message),
        }
        response = jsonify(body)
        response.status_code = code
        response.mimetype = "application/problem+json"
        return response
    return (
        render_template(
            "errors/error.html", code=code, title=title, message=description or message
        ),
        code,
    )


def name_allowed_methods(response: Response) -> Response:
    """RFC 9110: a 405 says which methods the resource does support, whoever answered it (the
    router, an ``abort(405)`` or an error page that replaced the router's response)."""
    if response.status_code == 405 and "Allow" not in response.headers:
        adapter = current_app.create_url_adapter(request)
        methods = adapter.allowed_methods() if adapter is not None else ()
        response.headers["Allow"] = ", ".join(sorted(methods))
    return response


def register_error_pages(app: Flask) -> None:
    app.after_request(name_allowed_methods)

    def handle_http(exc: HTTPException):
        code = exc.code or 500
        if code in ERROR_MESSAGES:
            return render_error(code)
        return exc

    def handle_unexpected(exc: Exception):
        db.session.rollback()
        current_app.logger.exception("unhandled error")
        return render_error(500)

    def handle_db_unavailable(exc: Exception):
        from trading_house.core.operations import database_unavailable_response

        db.session.rollback()
        current_app.logger.error("database unavailable: %s", exc)
        return database_unavailable_response()

    def handle_domain_error(exc: DomainError):
        """A safety net for rule violations a view did not catch: never a 500 for them."""
        db.session.rollback()
        if isinstance(exc, DomainNotFound):
            return render_error(404)
        if isinstance(exc, PermissionDenied):
            return render_error(403)
        return render_error(400, exc.message)

    def handle_bad_value(exc: Exception):
        """A value the database cannot store (e.g. a number beyond its range) is bad input."""
        db.session.rollback()
        current_app.logger.warning("value refused by the database: %s", exc)
        return render_error(400)

    from sqlalchemy.exc import DataError, DisconnectionError, OperationalError

    app.register_error_handler(DataError, handle_bad_value)

    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(OperationalError, handle_db_unavailable)
    app.register_error_handler(DisconnectionError, handle_db_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
