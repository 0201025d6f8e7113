"""One-time sign-in links by e-mail: the way in that no sign-in throttle can block.

A link works once and for ``LINK_LIFETIME``. Asking for a new link never cancels the older ones,
and at most ``LINKS_PER_LIFETIME`` are sent within one lifetime. Because that window is as long
as a link lives, whenever a request is refused the newest link already in the inbox still works:
someone asking for links for another person's address only fills that person's inbox with
working links (a few), and never keeps them from signing in.
"""

import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from trading_house.accounts.emails import send_sign_in_link
from trading_house.accounts.models import SignInLink, User
from trading_house.accounts.services import find_user_by_email
from trading_house.accounts.tokens import TokenInvalid
from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.digests import sha256_hex
from trading_house.core.tx import changed_rows
from trading_house.extensions import db

LINK_LIFETIME = timedelta(minutes=15)
LINKS_PER_LIFETIME = 5
LINK_NOT_VALID = _l("This sign-in link was already used or has expired. Ask for a new one below.")


def request_link(email: str | None, *, source: str | None, next_path: str | None = None) -> bool:
    """E-mail a sign-in link to an active account; silent otherwise. The caller answers the
    same way in every case. True when a link was queued. ``next_path`` (a safe path, checked by
    the caller) rides in the link: signing in leads back to the page that asked for it."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return False
    now = utcnow()
    recent = (
        db.session.scalar(
            select(func.count(SignInLink.id)).where(
                SignInLink.user_id == user.id, SignInLink.created_at > now - LINK_LIFETIME
            )
        )
        or 0
    )
    if recent >= LINKS_PER_LIFETIME:
        audit.record("auth.sign_in_link_suppressed", subject=user)
        return False
    token = secrets.token_urlsafe(32)
    db.session.add(
        SignInLink(
            user_id=user.id,
            token_hash=sha256_hex(token),
            created_at=now,
            expires_at=now + LINK_LIFETIME,
            requested_from=(source or "")[:45] or None,
        )
    )
    db.session.flush()
    send_sign_in_link(
        user, token, minutes=int(LINK_LIFETIME.total_seconds() // 60), next_path=next_path
    )
    audit.record("auth.sign_in_link_sent", subject=user)
    return True


def _live_link(token: str) -> SignInLink | None:
    link = db.session.scalar(
        select(SignInLink).where(SignInLink.token_hash == sha256_hex(token or ""))
    )
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    return link


def user_for_link(token: str) -> User:
    """Whose link this is, changing nothing (the page with the button); TokenInvalid."""
    link = _live_link(token)
    user = db.session.get(User, link.user_id) if link else None
    if user is None or not user.active:
        raise TokenInvalid(LINK_NOT_VALID)
    return user


def use_link(token: str) -> User:
    """Spend the link and return its user. Single use even when two tabs press at once: only
    one conditional UPDATE can mark it used."""
    now = utcnow()
    spent = db.session.execute(
        update(SignInLink)
        .where(
            SignInLink.token_hash == sha256_hex(token or ""),
            SignInLink.used_at.is_(None),
            SignInLink.expires_at > now,
        )
        .values(used_at=now)
        .returning(SignInLink.user_id)
    ).scalar_one_or_none()
    user = db.session.get(User, spent) if spent is not None else None
    if user is None or not user.active:
        raise TokenInvalid(LINK_NOT_VALID)
    # The link reached the inbox, which is what verification proves.
    if user.email_verified_at is None:
        user.email_verified_at = now
    user.last_sign_in_at = now
    audit.record("auth.sign_in_link_used", actor=user, subject=user)
    db.session.flush()
    return user


def prune_spent_links() -> int:
    """Delete links that expired more than a day ago (used or not); they can do nothing."""
    result = db.session.execute(
        delete(SignInLink)
        .where(SignInLink.expires_at < utcnow() - timedelta(days=1))
        .execution_options(synchronize_session=False)
    )
    return changed_rows(result)
