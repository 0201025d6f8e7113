"""Production plumbing wired into the app in one step: request ids and structured logs, the
cache, Prometheus metrics and, behind a reverse proxy, the client's real address."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from trading_house.core.cache import init_cache
from trading_house.core.logging import init_logging, request_id_template_global
from trading_house.core.metrics import init_metrics


def register_operations(app: Flask) -> None:
    init_logging(app)  # wraps wsgi_app: request id (inner)
    init_cache(app)
    init_metrics(app)  # wraps wsgi_app: timing (outside the request id)
    app.context_processor(request_id_template_global)
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies:
        # Only behind a proxy we run: otherwise a client could forge X-Forwarded-For and
        # dodge the per-address rate limits.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )


def database_unavailable_response():
    """A friendly 503 that needs nothing from the database (not even the signed-in user)."""
    from flask import current_app, g, make_response, render_template

    from trading_house.core.views import ERROR_MESSAGES, render_error, wants_json
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
