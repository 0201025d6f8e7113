"""E-mail verification and password reset through signed links."""

from flask_babel import lazy_gettext as _l

from trading_house.accounts import tokens
from trading_house.accounts.emails import (
    notify_password_changed,
    send_reset_link,
    send_verification,
)
from trading_house.accounts.models import User
from trading_house.accounts.passwords import hash_password, password_problem
from trading_house.accounts.services import find_user_by_email
from trading_house.accounts.sessions import end_all_sessions
from trading_house.accounts.tokens import TokenInvalid
from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.extensions import db

RESET_LINK_USED = _l("This link was already used or is no longer valid.")


def _user_by_id(user_id) -> User | None:
    return db.session.get(User, user_id) if isinstance(user_id, int) else None


# --- e-mail verification ------------------------------------------------------------------


def user_for_verify_token(token: str) -> User:
    """The user a verification link belongs to (no change); TokenExpired / TokenInvalid."""
    payload = tokens.load_verify_token(token)
    user = _user_by_id(payload.get("u"))
    if user is None or user.email != payload.get("e"):
        raise TokenInvalid(_l("This link is not valid."))
    return user


def verify_email(token: str) -> User:
    """Mark the address in a genuine, unexpired link as confirmed (idempotent)."""
    user = user_for_verify_token(token)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        audit.record("auth.email_verified", actor=user, subject=user)
        db.session.flush()
    return user


def user_for_resend(*, token: str | None = None, email: str | None = None) -> User | None:
    """Whom a "send again" request is for: the (genuine, maybe expired) link, else the address."""
    if token:
        try:
            payload = tokens.load_verify_token_any_age(token)
        except TokenInvalid:
            return None
        user = _user_by_id(payload.get("u"))
        return user if user is not None and user.email == payload.get("e") else None
    return find_user_by_email(email)


def resend_verification(user: User | None, *, next_path: str | None = None) -> bool:
    """Send a fresh link if ``user`` still needs one (leading on to ``next_path``, a safe path
    checked by the caller). The caller answers the same either way."""
    if user is None or not user.active or user.email_verified_at is not None:
        return False
    send_verification(user, next_path=next_path)
    audit.record("auth.verification_resent", subject=user)
    return True


# --- password reset -----------------------------------------------------------------------


def request_password_reset(email: str | None) -> None:
    """E-mail a reset link if the address belongs to an active account; silent otherwise."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    send_reset_link(user)
    audit.record("auth.password_reset_requested", subject=user)


def user_for_reset_token(token: str) -> User:
    """The user a reset link is for; a used link (the password changed since) is invalid."""
    payload = tokens.load_reset_token(token)
    user = _user_by_id(payload.get("u"))
    if (
        user is None
        or not user.active
        or payload.get("h") != tokens.password_fingerprint(user.password_hash)
    ):
        raise TokenInvalid(RESET_LINK_USED)
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; every session of the user ends."""
    user = user_for_reset_token(token)
    problem = password_problem(new_password, user.email)
    if problem is not None:
        raise DomainError(problem, field="password")
    user.password_hash = hash_password(new_password)
    # The link reached the inbox, which is what verification proves.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    end_all_sessions(user)
    audit.record("auth.password_reset", actor=user, subject=user)
    notify_password_changed(user)
    db.session.flush()
    return user
