"""JSON and problem-document responses of the API: ETags, caching, language."""

import hashlib
import json
from contextlib import ExitStack

from flask import Response, current_app, g, request
from flask_babel import force_locale

from trading_house.api.openapi import CACHE_CONTROL
from trading_house.core.i18n import browser_language

JSON = "application/json"
PROBLEM = "application/problem+json"
#: RFC 9457: with ``about:blank`` the title is the HTTP status phrase.
STATUS_TITLES = {
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


class ApiProblem(Exception):
    """Raised by views; answered with a problem document."""

    def __init__(self, status: int, detail: str, errors: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or {}


def _dumps(data) -> bytes:
    """Compact JSON; ``<``, ``>`` and ``&`` escaped as ``\\u003c`` … so the bytes are inert even if
    someone pastes them into HTML (the parsed strings are unchanged)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.encode("utf-8")


def json_response(data) -> Response:
    """A 200 with a strong ETag; answers ``If-None-Match`` with 304."""
    body = _dumps(data)
    response = Response(body, status=200, mimetype=JSON)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.vary.add("Accept-Language")
    response.make_conditional(request)
    return response


def problem_response(status: int, detail: str, errors: dict[str, str] | None = None) -> Response:
    body = {
        "type": "about:blank",
        "title": STATUS_TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.full_path.rstrip("?"),
    }
    if errors:
        body["errors"] = {name: str(message) for name, message in errors.items()}
    response = Response(_dumps(body), status=status, mimetype=PROBLEM)
    response.headers["Cache-Control"] = "no-store"
    return response


def api_locale() -> str:
    """``?lang=`` or Accept-Language; unlike the site, nothing is remembered (no session)."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang") or ""
    if asked in languages:
        return asked
    return browser_language()


def enter_locale() -> None:
    """Fix the request's language before anything asks Flask-Babel (which would use the
    session-remembering selector of the HTML site)."""
    stack = ExitStack()
    stack.enter_context(force_locale(api_locale()))
    g.api_locale_stack = stack


def leave_locale(exc=None) -> None:
    stack = g.pop("api_locale_stack", None)
    if stack is not None:
        stack.close()
