"""Roles, and who may change whose roles and activation: the one place for these rules.

The role checks every area shares live here, once: ``is_admin``/``is_staff`` (predicates),
``require_admin``/``require_staff`` (services: raise ``PermissionDenied``, a 403), the view
decorators ``admin_required``/``staff_required`` (sign-in first, then 403) and
``admin_page_guard`` (the same for a blueprint's ``before_request`` or a view's first line).
An area with rules of its own (an SME and its enterprise, a buyer and its order) keeps them in
its own ``policies.py``.

``actor=None`` means the system itself (the command line, the demo seed).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, select

from trading_house.accounts.models import ROLES, User, UserRole
from trading_house.core.errors import DomainError, PermissionDenied
from trading_house.extensions import db, login_manager


def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_admin(user: Any) -> bool:
    return is_signed_in(user) and user.has_role("admin")


def is_staff(user: Any) -> bool:
    """Trading-house staff: curators and administrators."""
    return is_signed_in(user) and user.has_role("curator", "admin")


def require_admin(user: Any) -> None:
    if not is_admin(user):
        raise PermissionDenied(_l("Only administrators can do that."))


def require_staff(user: Any) -> None:
    if not is_staff(user):
        raise PermissionDenied(_l("Only curators and administrators can do that."))


def admin_page_guard() -> None:
    """For admin-only pages (a ``before_request`` or a view's first line): visitors are sent to
    sign in, signed-in users without the admin role get a 403."""
    if not is_signed_in(current_user):
        abort(login_manager.unauthorized())
    if not is_admin(current_user):
        abort(403)


def _role_required(check: Callable[[Any], bool]) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


#: View decorators: visitors are sent to sign in, signed-in users without the role get a 403.
admin_required = _role_required(is_admin)
staff_required = _role_required(is_staff)


def may_manage_users(actor) -> bool:
    return actor is None or (getattr(actor, "is_authenticated", False) and actor.has_role("admin"))


def _require_manager(actor) -> None:
    if not may_manage_users(actor):
        raise PermissionDenied(_l("Only an administrator can manage user accounts."))


def _other_active_admins(user: User) -> int:
    return db.session.execute(
        select(func.count(User.id))
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "admin", User.active.is_(True), User.id != user.id)
    ).scalar_one()


def check_role_change(actor, user: User, roles: set[str]) -> None:
    """Known roles, at least one, and nobody locks the trading house out of its admin screens."""
    _require_manager(actor)
    unknown = roles - set(ROLES)
    if unknown:
        raise DomainError(
            _l("Unknown role: %(role)s.", role=", ".join(sorted(unknown))), field="roles"
        )
    if not roles:
        raise DomainError(_l("Choose at least one role."), field="roles")
    if user.has_role("admin") and "admin" not in roles:
        if actor is not None and actor.id == user.id:
            raise DomainError(_l("You cannot remove your own admin role."), field="roles")
        if user.active and not _other_active_admins(user):
            raise DomainError(_l("The last administrator keeps the admin role."), field="roles")


def check_deactivation(actor, user: User) -> None:
    _require_manager(actor)
    if actor is not None and actor.id == user.id:
        raise DomainError(_l("You cannot deactivate your own account."))
    if user.has_role("admin") and user.active and not _other_active_admins(user):
        raise DomainError(_l("The last administrator cannot be deactivated."))


def check_reactivation(actor, user: User) -> None:
    _require_manager(actor)
