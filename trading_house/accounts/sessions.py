"""Server-side sessions: a random token in the signed cookie, its hash in ``user_sessions``."""

import secrets
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_url, login_user, logout_user
from sqlalchemy import delete, select

from trading_house.accounts.models import User, UserSession
from trading_house.core.clock import utcnow
from trading_house.core.digests import sha256_hex
from trading_house.core.tx import changed_rows
from trading_house.core.urls import safe_next
from trading_house.extensions import db, login_manager

# Flask-Login flashes this when a page needs a signed-in user; ``str`` renders the lazy string
# in the visitor's language at that moment (the session cannot store a lazy string).
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.localize_callback = str
login_manager.needs_refresh_message = _l("Please enter your password again to continue.")


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Find the live session for this cookie; deleted sessions and deactivated users get None."""
    row = db.session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == sha256_hex(token))
    ).first()
    if row is None or not row.User.active:
        return None
    # However the browser keeps its cookies, no session outlives "keep me signed in".
    if row.UserSession.created_at < utcnow() - current_app.config["REMEMBER_COOKIE_DURATION"]:
        return None
    row.User.session_token = token
    return row.User


@login_manager.needs_refresh_handler
def ask_for_password_again():
    """``fresh_login_required`` on a session rebuilt from the remember-me cookie: type the
    password again, then come back. A GET comes back to itself; a POST (a form's action) to the
    page its form was on, where the person presses the button again."""
    flash(str(login_manager.needs_refresh_message), login_manager.needs_refresh_message_category)
    return redirect(url_for(login_manager.refresh_view, next=_come_back_to()))


@login_manager.unauthorized_handler
def sign_in_first():
    """A page or button for signed-in people: sign in, then come back. A GET comes back to
    itself; a POST (a form's button, e.g. "Save for later" on a product page) to the page its
    form was on, where the person presses it again: the button's own address answers POSTs
    only, so coming back to it was a "Not allowed" page."""
    flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=_come_back_to()))


def _come_back_to() -> str:
    if request.method in ("GET", "HEAD"):
        return request.full_path.rstrip("?")
    if request.form.get("next"):
        return safe_next(request.form["next"], url_for("core.home"))
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        return safe_next(path, url_for("core.home"))
    return url_for("core.home")


def start_session(user: User, *, remember: bool = False, fresh: bool = True) -> str:
    """Create a server-side session for ``user`` and sign this browser in.

    ``fresh`` is False when the person did not type the password (an e-mailed link): sensitive
    actions then ask for it first.
    """
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=sha256_hex(token),
            user_agent=(request.user_agent.string or "")[:255],
            ip_address=request.remote_addr,
        )
    )
    db.session.flush()
    user.session_token = token
    login_user(user, remember=remember, fresh=fresh)
    return token


def end_session(user: User) -> None:
    """Sign this browser out on the server too: the copied cookie stops working."""
    if user.session_token:
        db.session.execute(
            delete(UserSession).where(UserSession.token_hash == sha256_hex(user.session_token))
        )
    logout_user()


def end_other_sessions(user: User) -> None:
    """After a password change: every session but this one ends."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if user.session_token:
        query = query.where(UserSession.token_hash != sha256_hex(user.session_token))
    db.session.execute(query)


def end_all_sessions(user: User) -> None:
    """Deactivation or reset: every session of the user ends."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


def prune_expired() -> int:
    """Delete sessions older than "keep me signed in" (they no longer sign anyone in)."""
    oldest = utcnow() - current_app.config["REMEMBER_COOKIE_DURATION"]
    result = db.session.execute(delete(UserSession).where(UserSession.created_at < oldest))
    return changed_rows(result)
