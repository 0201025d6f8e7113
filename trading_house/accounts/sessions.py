"""Server-side sessions: a random token in the signed cookie, its hash in ``user_sessions``."""

import hashlib
import secrets

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from trading_house.accounts.models import User, UserSession
from trading_house.extensions import db, login_manager

# Flask-Login flashes this when a page needs a signed-in user; ``str`` renders the lazy string
# in the visitor's language at that moment (the session cannot store a lazy string).
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.localize_callback = str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Find the live session for this cookie; deleted sessions and deactivated users get None."""
    row = db.session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == _hash(token))
    ).first()
    if row is None or not row.User.active:
        return None
    row.User.session_token = token
    return row.User


def start_session(user: User, *, remember: bool = False) -> str:
    """Create a server-side session for ``user`` and sign this browser in."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=_hash(token),
            user_agent=(request.user_agent.string or "")[:255],
            ip_address=request.remote_addr,
        )
    )
    db.session.flush()
    user.session_token = token
    login_user(user, remember=remember)
    return token


def end_session(user: User) -> None:
    """Sign this browser out on the server too: the copied cookie stops working."""
    if user.session_token:
        db.session.execute(
            delete(UserSession).where(UserSession.token_hash == _hash(user.session_token))
        )
    logout_user()


def end_other_sessions(user: User) -> None:
    """After a password change: every session but this one ends."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if user.session_token:
        query = query.where(UserSession.token_hash != _hash(user.session_token))
    db.session.execute(query)


def end_all_sessions(user: User) -> None:
    """Deactivation or reset: every session of the user ends."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
