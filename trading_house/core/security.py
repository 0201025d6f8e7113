"""Security headers (a Content-Security-Policy our pages satisfy, HSTS in production), the
caching rule for private pages, and the audit of refused requests."""

import logging
from datetime import timedelta
from functools import lru_cache

from flask import Flask, Response, current_app, request, session
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import BadRequest, SecurityError
from werkzeug.wsgi import get_host

from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.models import AuditEntry
from trading_house.extensions import db

log = logging.getLogger(__name__)

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        # Stripe Checkout is reached by a redirect after a form POST.
        "form-action 'self' https://checkout.stripe.com",
    ]
)


#: Files that are the same for everyone (content-hashed photos, CSS, JS): cacheable.
PUBLIC_FILE_ENDPOINTS = frozenset({"static", "bootstrap.static", "core.media"})
PRIVATE = "private, no-store"
#: One audit row per refused (user or address, route) within this time: enough to see an
#: attempt, too few to flood the log.
FORBIDDEN_AUDIT_EVERY = timedelta(minutes=1)


def set_security_headers(response: Response) -> Response:
    """The headers below, unless the view set its own: the existing names are read once and
    the list is built once per configuration (this runs on every request)."""
    headers = response.headers
    present = {key.lower() for key in headers.keys()}
    for name, value in _security_headers(_header_settings(current_app.config)):
        if name.lower() not in present:
            headers.add(name, value)
    return response


def _header_settings(config) -> tuple:
    from trading_house.core.storage import media_origin

    hsts = config["ENV_NAME"] == "production" and not config.get("LOCAL_TRIAL")
    return media_origin(config), config["HSTS_SECONDS"] if hsts else None


@lru_cache(maxsize=8)
def _security_headers(settings: tuple) -> tuple[tuple[str, str], ...]:
    origin, hsts_seconds = settings
    csp = CSP.replace("img-src 'self' data:", f"img-src 'self' data: {origin}") if origin else CSP
    headers = [
        ("Content-Security-Policy", csp),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(self), geolocation=(), microphone=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if hsts_seconds is not None:
        headers.append(("Strict-Transport-Security", f"max-age={hsts_seconds}; includeSubDomains"))
    return tuple(headers)


def _has_session_cookie() -> bool:
    """A signed-in browser, read from the cookies (no database query, even for a 404)."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or remember in request.cookies


def is_private(response: Response) -> bool:
    """The simple rule: every response to a signed-in browser, every account page (sign-in,
    reset links) and every document sent as a file is private; public files are not."""
    if request.endpoint in PUBLIC_FILE_ENDPOINTS or request.blueprint == "api":
        return False  # the API never looks at the session: its answers are the same for all
    return (
        request.blueprint == "accounts"
        or "Content-Disposition" in response.headers
        or _has_session_cookie()
    )


def set_cache_policy(response: Response) -> Response:
    """No browser, proxy or CDN keeps a copy of a private page (shared computers, back button
    after sign-out, a cache in front of the site)."""
    if is_private(response):
        response.headers["Cache-Control"] = PRIVATE
        response.headers.pop("Expires", None)
    return response


def audit_refusal(response: Response) -> Response:
    """A 403 (someone tried a page or action they may not use) goes to the audit log: who,
    which route, when — at most one row per user (or address) and route per minute."""
    if response.status_code != 403:
        return response
    try:
        _record_refusal()
    except Exception:  # the audit must never turn a refusal into an error page
        db.session.rollback()
        log.exception("could not audit a refused request")
    return response


def _record_refusal() -> None:
    # A refused request changes nothing: drop whatever the view may have left unflushed, so the
    # commit below writes the audit row and nothing else.
    db.session.rollback()
    user_id = current_user.id if current_user.is_authenticated else None
    endpoint = request.endpoint or request.path[:200]
    since = utcnow() - FORBIDDEN_AUDIT_EVERY
    recent = select(AuditEntry.data).where(
        AuditEntry.action == "auth.forbidden", AuditEntry.created_at >= since
    )
    if user_id is not None:
        recent = recent.where(AuditEntry.actor_id == user_id)
    else:
        recent = recent.where(
            AuditEntry.actor_id.is_(None), AuditEntry.ip_address == request.remote_addr
        )
    if any((data or {}).get("endpoint") == endpoint for data in db.session.scalars(recent)):
        return
    audit.record(
        "auth.forbidden",
        actor=current_user if user_id is not None else None,
        endpoint=endpoint,
        method=request.method,
        path=request.full_path.rstrip("?")[:500],
    )
    db.session.commit()


class TrustedHosts:
    """WSGI middleware: a request for a host name not in TRUSTED_HOSTS gets a plain 400 before
    the app sees it, so no page, link, e-mail or cached API answer is ever built on a forged
    ``Host`` (Flask's own check leaves the request without URLs, and its error page then fails).
    """

    def __init__(self, wsgi_app, hosts: list[str]):
        self.wsgi_app = wsgi_app
        self.hosts = hosts

    def __call__(self, environ, start_response):
        try:
            get_host(environ, trusted_hosts=self.hosts)
        except SecurityError:
            return BadRequest("This site does not answer to that host name.")(
                environ, start_response
            )
        return self.wsgi_app(environ, start_response)


def guard_hosts(app: Flask) -> None:
    """Install :class:`TrustedHosts` innermost, so it sees the host a trusted proxy forwarded."""
    if app.config.get("TRUSTED_HOSTS"):
        app.wsgi_app = TrustedHosts(  # type: ignore[method-assign]  # Flask's documented way
            app.wsgi_app, app.config["TRUSTED_HOSTS"]
        )


def init_security(app: Flask) -> None:
    # after_request runs in reverse order of registration: the audit first, the headers last.
    app.after_request(set_security_headers)
    app.after_request(set_cache_policy)
    app.after_request(audit_refusal)
