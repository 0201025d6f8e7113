"""Cross-cutting routes: home, help, health check, money preview, public media, language and
currency switch. The error pages are in ``core/error_pages.py``."""

import io
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
    send_file,
)
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import NotFound

from trading_house.core.i18n import select_currency
from trading_house.core.money_preview import echo
from trading_house.core.operations import health_report
from trading_house.core.storage import StorageUnavailable, public_storage
from trading_house.core.templating import current_locale
from trading_house.extensions import limiter

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    return render_template("core/home.html")


@bp.get("/help")
def help_page():
    """How buying works and how to reach the trading house (never an SME's own number)."""
    return render_template("core/help.html")


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not (``operations.health_report``)."""
    body, status = health_report()
    return jsonify(**body), status


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
