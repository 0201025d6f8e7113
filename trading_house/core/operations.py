"""Production plumbing wired into the app in one step: request ids and structured logs, the
cache, Prometheus metrics and, behind a reverse proxy, the client's real address."""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from trading_house.core.cache import init_cache
from trading_house.core.logging import init_logging, request_id_template_global
from trading_house.core.metrics import init_metrics
from trading_house.core.signing import LeanSerializer


def register_operations(app: Flask) -> None:
    init_logging(app)  # wraps wsgi_app: request id (inner)
    init_cache(app)
    init_metrics(app)  # wraps wsgi_app: timing (outside the request id)
    app.context_processor(request_id_template_global)
    app.session_interface = LeanSessionInterface()
    remember_sync_checks(app)
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies:
        # Only behind a proxy we run: otherwise a client could forge X-Forwarded-For and
        # dodge the per-address rate limits.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )


class LeanSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building a new signer for every request (a
    third of what the framework spent on a plain page), without one at all for a browser
    that sent no session cookie (most anonymous visitors), and without trying to compress a
    cookie of a few bytes (``core/signing.LeanSerializer``)."""

    def __init__(self) -> None:
        self._signers: dict = {}

    def get_signing_serializer(self, app: Flask):
        if not app.secret_key:
            return None
        fallbacks = tuple(app.config.get("SECRET_KEY_FALLBACKS") or ())
        key = (app.secret_key, fallbacks)
        signer = self._signers.get(key)
        if signer is None:
            self._signers.clear()  # a changed key: the old signer is never needed again
            # Flask's own settings; a cookie's few bytes are not worth compressing.
            signer = self._signers[key] = LeanSerializer(
                [*fallbacks, app.secret_key],  # the current key last, as Flask does
                salt=self.salt,
                serializer=self.serializer,
                signer_kwargs={
                    "key_derivation": self.key_derivation,
                    "digest_method": self.digest_method,
                },
            )
        return signer

    def open_session(self, app: Flask, request):
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def remember_sync_checks(app: Flask) -> None:
    """Flask asks ``inspect`` whether each view and hook is a coroutine on every request
    (a dozen calls a request); the answer never changes for a function, so keep it."""
    check = app.ensure_sync
    known: dict = {}

    def ensure_sync(func):
        try:
            return known[func]
        except KeyError:
            wrapped = known[func] = check(func)
            return wrapped
        except TypeError:  # an unhashable callable
            return check(func)

    app.ensure_sync = ensure_sync  # type: ignore[method-assign]


def database_unavailable_response():
    """A friendly 503 that needs nothing from the database (not even the signed-in user)."""
    from flask import current_app, g, make_response, render_template

    from trading_house.core.error_pages import ERROR_MESSAGES, render_error, wants_json
    from trading_house.extensions import login_manager

    # Flask-Login would load the user from the database the first time a template asks.
    g._login_user = login_manager.anonymous_user()
    title, message = ERROR_MESSAGES[503]
    try:
        if wants_json():
            response = render_error(503)
        else:
            page = render_template("errors/unavailable.html", title=title, message=message)
            response = make_response(page)
    except Exception:  # the page itself failed: plain text, never a bare 500
        current_app.logger.exception("the 503 page could not be rendered")
        response = make_response(f"{title}. {message}")
        response.mimetype = "text/plain"
    response.status_code = 503
    response.headers["Retry-After"] = "30"
    return response


def health_report() -> tuple[dict[str, str], int]:
    """The health check: 200 when the database answers, 503 when it does not. The file store is
    reported too (``storage``: ok / down): without it pages still work (photos show a
    placeholder, uploads are refused politely), so a node is not taken out of the load balancer
    for it."""
    from flask import current_app
    from sqlalchemy import text

    from trading_house.core.storage import StorageUnavailable, public_storage
    from trading_house.extensions import db

    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        return {"status": "unavailable", "database": "down"}, 503
    try:
        public_storage().check()
    except StorageUnavailable:
        current_app.logger.warning("health check: the file store does not answer")
        return {"status": "degraded", "database": "ok", "storage": "down"}, 200
    return {"status": "ok", "database": "ok", "storage": "ok"}, 200
