"""Notification settings on the account (WhatsApp number, consent, channels) and Meta's webhook."""

import json
import logging

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from trading_house.core.phones import format_national
from trading_house.core.uow import unit_of_work
from trading_house.extensions import csrf, db, limiter
from trading_house.notifications import services, verification
from trading_house.notifications.blueprint import bp
from trading_house.notifications.client import is_configured
from trading_house.notifications.events import offered_events
from trading_house.notifications.forms import (
    CodeForm,
    OptInForm,
    PhoneForm,
    field_name,
    preferences_form,
)
from trading_house.notifications.webhook import handle_payload, signature_ok

log = logging.getLogger(__name__)

#: Meta's webhook calls are a few kilobytes; anything bigger is refused before it is read.
WEBHOOK_MAX_BYTES = 64 * 1024


def _render_settings(status: int = 200, **forms):
    user = current_user
    forms.setdefault("phone_form", PhoneForm())
    forms.setdefault("code_form", CodeForm())
    forms.setdefault("opt_in_form", OptInForm())
    forms.setdefault(
        "preferences",
        preferences_form(user, services.preferences_of(user), whatsapp=is_configured()),
    )
    return (
        render_template(
            "notifications/settings.html",
            channel_on=is_configured(),
            number=services.whatsapp_number(user),
            groups=_groups(user),
            has_replies=services.has_replies(user),
            field_name=field_name,
            **forms,
        ),
        status,
    )


def _groups(user):
    """The events offered to ``user`` by group, in the order they are declared."""
    groups: dict = {}
    for event in offered_events(user):
        groups.setdefault(str(event.group), (event.group, []))[1].append(event)
    return list(groups.values())


@bp.app_template_filter("whatsapp_phone")
def whatsapp_phone(e164: str | None) -> str:
    return format_national(e164)


@bp.app_template_global("whatsapp_channel_on")
def whatsapp_channel_on() -> bool:
    return is_configured()


def _to_settings():
    """After a change on the settings page, back to it (the outcome is flashed)."""
    return redirect(url_for("notifications.settings"))


@bp.get("/account/notifications")
@login_required
def settings():
    return _render_settings()


@bp.post("/account/whatsapp/number")
@login_required
@limiter.limit("10 per hour")
def set_number():
    form = PhoneForm()
    if not form.validate():
        return _render_settings(422, phone_form=form)
    with unit_of_work(form) as work:
        verification.set_number(current_user, form.phone.data)
    if work.done:
        flash(_("We sent a code to your WhatsApp. Type it below."), "success")
        return _to_settings()
    return _render_settings(422, phone_form=form)


@bp.post("/account/whatsapp/resend")
@login_required
@limiter.limit("10 per hour")
def resend_code():
    with unit_of_work() as work:
        verification.send_code(current_user)
    if work.done:
        flash(_("We sent a new code to your WhatsApp."), "success")
    return _to_settings()


@bp.post("/account/whatsapp/verify")
@login_required
@limiter.limit("20 per hour")
def confirm_code():
    form = CodeForm()
    if not form.validate():
        return _render_settings(422, code_form=form)
    with unit_of_work(form) as work:
        verification.confirm_code(current_user, form.code.data)
    if work.done:
        flash(_("Your WhatsApp number is verified."), "success")
        return _to_settings()
    return _render_settings(422, code_form=form)


@bp.post("/account/whatsapp/opt-in")
@login_required
def opt_in():
    form = OptInForm()
    if not form.validate():
        return _render_settings(422, opt_in_form=form)
    with unit_of_work(form) as work:
        services.opt_in(current_user, ip_address=request.remote_addr)
    if work.done:
        flash(_("WhatsApp notifications are on. Choose below which ones you want."), "success")
        return _to_settings()
    return _render_settings(422, opt_in_form=form)


@bp.post("/account/whatsapp/opt-out")
@login_required
def opt_out():
    with unit_of_work() as work:
        services.opt_out(current_user, ip_address=request.remote_addr)
    if work.done:
        flash(_("WhatsApp notifications are off. You get e-mail instead."), "info")
    return _to_settings()


@bp.post("/account/whatsapp/remove")
@login_required
def remove_number():
    with unit_of_work() as work:
        verification.remove_number(current_user)
    if work.done:
        flash(_("Your WhatsApp number was removed."), "info")
    return _to_settings()


@bp.post("/account/notifications")
@login_required
def save_preferences():
    form = preferences_form(
        current_user,
        services.preferences_of(current_user),
        formdata=request.form,
        whatsapp=is_configured(),
    )
    if not form.validate():
        return _render_settings(422, preferences=form)
    choices = {
        event.key: form[field_name(event.key)].data for event in offered_events(current_user)
    }
    with unit_of_work(form) as work:
        services.set_preferences(current_user, choices)
    if work.done:
        flash(_("Your notification choices are saved."), "success")
        return _to_settings()
    return _render_settings(422, preferences=form)


# --- Meta's webhook ------------------------------------------------------------------------------


@bp.get("/webhooks/whatsapp")
@limiter.exempt
def webhook_verify():
    """The subscription handshake: echo ``hub.challenge`` when the verify token matches."""
    import hmac

    expected = current_app.config.get("WHATSAPP_VERIFY_TOKEN")
    if not expected or not is_configured():
        abort(404)
    token = request.args.get("hub.verify_token", "")
    if request.args.get("hub.mode") != "subscribe" or not hmac.compare_digest(
        token.encode(), expected.encode()
    ):
        return "forbidden", 403, {"Content-Type": "text/plain"}
    return request.args.get("hub.challenge", ""), 200, {"Content-Type": "text/plain"}


@bp.post("/webhooks/whatsapp")
@csrf.exempt
@limiter.exempt
def webhook():
    """Statuses and incoming messages. A missing or wrong signature is a 403 and changes nothing."""
    secret = current_app.config.get("WHATSAPP_APP_SECRET")
    if not secret or not is_configured():
        abort(404)
    if (request.content_length or 0) > WEBHOOK_MAX_BYTES:
        return {"error": "payload too large"}, 413
    request.max_content_length = WEBHOOK_MAX_BYTES  # also without a Content-Length header
    raw = request.get_data(cache=False)
    if not signature_ok(raw, request.headers.get("X-Hub-Signature-256"), secret):
        log.warning("whatsapp webhook with a missing or wrong signature refused")
        return {"error": "invalid signature"}, 403
    try:
        payload = json.loads(raw)
    except ValueError:
        return {"error": "invalid JSON"}, 400
    if not isinstance(payload, dict):
        return {"error": "invalid payload"}, 400
    for _attempt in range(2):
        # Another delivery of the same events (IntegrityError), or another status of the same
        # message (InvalidTransition), committed first: rolled back, look again at what it did.
        try:
            with unit_of_work(category=None) as work:
                outcomes = handle_payload(payload)
                db.session.flush()  # a duplicate row fails here, inside the unit of work
        except IntegrityError:
            continue
        if work.done:
            return {"received": True, "outcomes": outcomes}
    return {"error": "conflict, retry"}, 409
