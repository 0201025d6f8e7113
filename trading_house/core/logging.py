"""Structured logs with a request id on every line.

- Every log record gets ``request_id``: the id of the request being served (taken from a sane
  ``X-Request-ID`` header, e.g. the one nginx sets, or generated), ``job-<id>`` inside an RQ job,
  ``-`` elsewhere. The id is sent back in the ``X-Request-ID`` response header and shown on error
  pages, so a user's screenshot leads straight to the log lines.
- ``LOG_FORMAT=json`` (the default in production) writes one JSON object per line for log
  shippers; ``text`` (the default elsewhere) is for people.

The id lives in the WSGI environ (set by :class:`RequestIdMiddleware`, before Flask sees the
request), so it is there for every line of a request, even those logged before any
``before_request`` function ran, and it is never shared between requests or processes.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime

from flask import Flask, has_request_context, request
from flask.logging import default_handler

ENVIRON_KEY = "rumahdagang.request_id"
HEADER = "X-Request-ID"
#: Accept an incoming id only if it is short and plain: it ends up in logs and on pages.
_SANE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")

#: Outside a request (RQ jobs, CLI commands) code may name the unit of work here.
job_context: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "rumahdagang_job", default=None
)


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept_request_id(value: str | None) -> str:
    """The incoming id if it is sane, a fresh one otherwise."""
    if value and _SANE_ID.match(value):
        return value
    return new_request_id()


def current_request_id() -> str | None:
    """The id of the request or job being served, or None."""
    if has_request_context():
        environ = request.environ
        rid = environ.get(ENVIRON_KEY)
        if rid is None:  # a request that did not pass through the middleware (a test context)
            rid = environ[ENVIRON_KEY] = accept_request_id(environ.get("HTTP_X_REQUEST_ID"))
        return rid
    return job_context.get()


class RequestIdMiddleware:
    """Gives each request an id before Flask runs and returns it in ``X-Request-ID``."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        rid = accept_request_id(environ.get("HTTP_X_REQUEST_ID"))
        environ[ENVIRON_KEY] = rid

        def _start_response(status, headers, exc_info=None):
            headers = [(k, v) for k, v in headers if k.lower() != HEADER.lower()]
            headers.append((HEADER, rid))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, _start_response)


_factory_installed = False


def install_record_factory() -> None:
    """Add ``request_id`` to every LogRecord in the process (once)."""
    global _factory_installed
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        if not hasattr(record, "request_id"):
            try:
                record.request_id = current_request_id() or _access_log_id(record) or "-"
            except Exception:  # never let logging break the code that logs
                record.request_id = "-"
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed = True


def _access_log_id(record: logging.LogRecord) -> str | None:
    """gunicorn's access lines are logged after the request, with the response headers among
    the arguments: take the id from there."""
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        value = record.args.get("{x-request-id}o")
        return value if value and value != "-" else None
    return None


_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request_id",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "process": record.process,
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value if isinstance(value, str | int | float | bool) else repr(value)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            data["stack"] = self.formatStack(record.stack_info)
        return json.dumps(data, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


class TextFormatter(logging.Formatter):
    """One readable line, with the request id (``-`` for records made before ids existed)."""

    def __init__(self, fmt: str = TEXT_FORMAT, datefmt: str | None = None):
        super().__init__(fmt, datefmt)

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        return super().format(record)


def make_formatter(kind: str) -> logging.Formatter:
    return JsonFormatter() if kind == "json" else TextFormatter()


def log_format(app: Flask) -> str:
    configured = (app.config.get("LOG_FORMAT") or "").strip().lower()
    if configured in {"json", "text"}:
        return configured
    return "json" if app.config.get("ENV_NAME") == "production" else "text"


def init_logging(app: Flask) -> None:
    """Request ids on every record; the chosen format on the root logger's handlers.

    Under tests the handlers are pytest's own and are left alone (records still carry the id).
    """
    install_record_factory()
    app.wsgi_app = RequestIdMiddleware(app.wsgi_app)  # type: ignore[method-assign]
    if app.testing:
        return
    # Everything goes through the root logger, so there is one format for the whole process.
    app.logger.removeHandler(default_handler)
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler(sys.stderr))
    root.setLevel(app.config.get("LOG_LEVEL") or "INFO")
    formatter = make_formatter(log_format(app))
    for handler in root.handlers:
        handler.setFormatter(formatter)


def request_id_template_global() -> dict:
    return {"request_id": current_request_id()}
