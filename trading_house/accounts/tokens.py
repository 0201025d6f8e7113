"""Signed, expiring links for e-mail verification and password reset (itsdangerous).

Tokens are signed with the app's SECRET_KEY and a salt per purpose, so a verification token can
never be used as a reset token. Their age is measured with ``core.clock`` so tests can move time.
"""

import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired

from trading_house.core.errors import DomainError
from trading_house.core.signing import signed_serializer

VERIFY_SALT = "accounts.verify-email"
RESET_SALT = "accounts.reset-password"
#: Defaults; override with ACCOUNTS_VERIFY_MAX_AGE / ACCOUNTS_RESET_MAX_AGE (seconds).
VERIFY_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 3600


class TokenExpired(DomainError):
    """The link was genuine but is too old. ``payload`` is still trustworthy (it was signed)."""

    def __init__(self, message, *, payload=None):
        super().__init__(message)
        self.payload = payload or {}


class TokenInvalid(DomainError):
    """The link was altered, belongs to another purpose, or was already used."""


def _read_token(salt: str, token: str, max_age: int) -> dict:
    try:
        payload = signed_serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenExpired(_l("This link has expired."), payload=exc.payload) from None
    except BadSignature:
        raise TokenInvalid(_l("This link is not valid.")) from None
    if not isinstance(payload, dict):
        raise TokenInvalid(_l("This link is not valid."))
    return payload


def password_fingerprint(password_hash: str) -> str:
    """A short digest of the stored hash: a reset link dies as soon as the password changes."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:20]


def make_verify_token(user) -> str:
    return signed_serializer(VERIFY_SALT).dumps({"u": user.id, "e": user.email})


def load_verify_token(token: str) -> dict:
    max_age = current_app.config.get("ACCOUNTS_VERIFY_MAX_AGE", VERIFY_MAX_AGE)
    return _read_token(VERIFY_SALT, token, max_age)


def load_verify_token_any_age(token: str) -> dict:
    """A genuine verification token of any age (used to send a fresh link for an expired one)."""
    try:
        payload = signed_serializer(VERIFY_SALT).loads(token)
    except BadSignature:
        raise TokenInvalid(_l("This link is not valid.")) from None
    if not isinstance(payload, dict):
        raise TokenInvalid(_l("This link is not valid."))
    return payload


def make_reset_token(user) -> str:
    return signed_serializer(RESET_SALT).dumps(
        {"u": user.id, "h": password_fingerprint(user.password_hash)}
    )


def load_reset_token(token: str) -> dict:
    max_age = current_app.config.get("ACCOUNTS_RESET_MAX_AGE", RESET_MAX_AGE)
    return _read_token(RESET_SALT, token, max_age)
