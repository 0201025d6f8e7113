"""Who may change whose roles and activation: the one place for user-management rules.

``actor=None`` means the system itself (the command line, the demo seed).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.accounts.models import ROLES, User, UserRole
from trading_house.core.errors import DomainError, PermissionDenied
from trading_house.extensions import db


def may_manage_users(actor) -> bool:
    return actor is None or (getattr(actor, "is_authenticated", False) and actor.has_role("admin"))


def _require_manager(actor) -> None:
    if not may_manage_users(actor):
        raise PermissionDenied(_l("Only an administrator can manage user accounts."))


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        select(func.count(User.id))
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "admin", User.active.is_(True), User.id != user.id)
    )


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
