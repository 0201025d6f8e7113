"""Security headers (a Content-Security-Policy our pages satisfy, HSTS in production), the
caching rule for private pages, and the audit of refused requests."""

import logging
from datetime import timedelta

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


def _csp(config) -> str:
    """The policy, with the CDN or bucket that serves public photos (object storage) allowed
    as an image source."""
    from trading_house.core.storage import media_origin

    origin = media_origin(config)
    return CSP.replace("img-src 'self' data:", f"img-src 'self' data: {origin}") if origin else CSP


#: Files that are the same for everyone (content-hashed photos, CSS, JS): cacheable.
PUBLIC_FILE_ENDPOINTS = frozenset({"static", "bootstrap.static", "core.media"})
PRIVATE = "private, no-store"
#: One audit row per refused (user or address, route) within this time: enough to see an
#: attempt, too few to flood the log.
FORBIDDEN_AUDIT_EVERY = timedelta(minutes=1)


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", _csp(current_app.config))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    config = current_app.config
    if config["ENV_NAME"] == "production" and not config.get("LOCAL_TRIAL"):
        headers.setdefault(
            "Strict-Transport-Security", f"max-age={config['HSTS_SECONDS']}; includeSubDomains"
        )
    return response


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
