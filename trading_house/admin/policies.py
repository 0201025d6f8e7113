"""Who may use the admin screens: signed-in administrators only."""

from flask import abort
from flask_login import current_user

from trading_house.extensions import login_manager


def is_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role("admin"))


def require_admin():
    """``before_request`` of the admin blueprint: sign-in for visitors, 403 for non-admins."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not is_admin(current_user):
        abort(403)
    return None
