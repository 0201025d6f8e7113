"""The app's error pages: one look for every error, JSON problem details for the API, and the
handlers that roll back what a failed request left and answer with a page instead of a 500."""

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from trading_house.core.errors import DomainError, PermissionDenied
from trading_house.core.errors import NotFound as DomainNotFound
from trading_house.extensions import db

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
