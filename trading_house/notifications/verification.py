"""A WhatsApp number is verified by a one-time code sent to it before anything else is.

The code has six digits, is kept only as a keyed hash, lasts ten minutes and allows five wrong
tries; asking for another one waits a minute and is limited per hour. The code message is the
only message that ever goes to a number that is not verified.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.core.phones import PhoneError, normalize_mobile
from trading_house.extensions import db
from trading_house.notifications.client import is_configured
from trading_house.notifications.models import WhatsAppNumber
from trading_house.notifications.outbox import queue_whatsapp
from trading_house.notifications.services import whatsapp_number

CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)
CODES_PER_HOUR = 5


class WrongCode(DomainError):
    """A wrong code: the attempt is counted, so the count is committed with the message."""

    keep_changes = True


def _channel_on() -> None:
    if not is_configured():
        raise DomainError(_l("WhatsApp notifications are not available on this site yet."))


def _code_digest(number: WhatsAppNumber, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = f"{number.user_id}:{number.phone_e164}:{code}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def set_number(user, text: str) -> WhatsAppNumber:
    """Save ``user``'s WhatsApp number (a mobile; Indonesian local forms accepted), send a code."""
    _channel_on()
    try:
        e164 = normalize_mobile(text)
    except PhoneError as exc:
        raise DomainError(exc.message, field="phone") from exc
    number = whatsapp_number(user)
    if number is None:
        number = WhatsAppNumber(user_id=user.id, phone_e164=e164, code_attempts=0)
        db.session.add(number)
    elif number.phone_e164 != e164:
        # A new number starts over: not verified, no consent, no pending code.
        number.phone_e164 = e164
        number.verified_at = number.opted_in_at = number.opted_out_at = None
        number.consent_version = None
        number.code_hash = number.code_expires_at = None
        number.code_attempts = 0
    elif number.verified:
        raise DomainError(_l("This number is already verified."), field="phone")
    db.session.flush()
    send_code(user, number)
    return number


def send_code(user, number: WhatsAppNumber | None = None) -> WhatsAppNumber:
    """Send a fresh code to the (unverified) number; refused when asked too often."""
    _channel_on()
    number = number or whatsapp_number(user)
    if number is None:
        raise DomainError(_l("Enter your WhatsApp number first."))
    if number.verified:
        raise DomainError(_l("This number is already verified."))
    now = utcnow()
    if number.code_sent_at is not None and now - number.code_sent_at < RESEND_AFTER:
        raise DomainError(_l("A code was just sent. Wait a minute before asking for another."))
    if number.codes_window_started_at is None or now - number.codes_window_started_at > timedelta(
        hours=1
    ):
        number.codes_window_started_at, number.codes_in_window = now, 0
    if number.codes_in_window >= CODES_PER_HOUR:
        raise DomainError(_l("Too many codes were sent to this number. Try again in an hour."))
    code = f"{secrets.randbelow(10**6):06d}"
    number.code_hash = _code_digest(number, code)
    number.code_expires_at = now + CODE_LIFETIME
    number.code_attempts = 0
    number.code_sent_at = now
    number.codes_in_window += 1
    db.session.flush()
    queue_whatsapp(user, "verification", "verification_code", [code])
    return number


def confirm_code(user, code: str) -> WhatsAppNumber:
    """Verify the number with the code typed back; wrong, expired or overused codes are refused."""
    number = whatsapp_number(user)
    if number is None or number.code_hash is None:
        raise DomainError(_l("Ask for a code first."), field="code")
    if number.code_attempts >= MAX_ATTEMPTS:
        raise DomainError(
            _l("Too many wrong codes. Ask for a new code."),
            field="code",
        )
    if number.code_expires_at is None or utcnow() >= number.code_expires_at:
        raise DomainError(_l("This code has expired. Ask for a new code."), field="code")
    typed = "".join((code or "").split())
    if not hmac.compare_digest(_code_digest(number, typed), number.code_hash):
        number.code_attempts += 1
        db.session.flush()
        left = MAX_ATTEMPTS - number.code_attempts
        if left <= 0:
            raise WrongCode(_l("Too many wrong codes. Ask for a new code."), field="code")
        raise WrongCode(_l("That code is not right. %(left)d tries left.", left=left), field="code")
    number.verified_at = utcnow()
    number.code_hash = number.code_expires_at = None
    number.code_attempts = 0
    db.session.flush()
    return number


def remove_number(user) -> bool:
    """Forget the number: no more WhatsApp messages (sent ones stay in the outbox as records)."""
    number = whatsapp_number(user)
    if number is None:
        return False
    from trading_house.notifications.services import opt_out

    opt_out(user)
    db.session.delete(number)
    db.session.flush()
    return True
