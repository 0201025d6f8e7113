"""Who may see and change which enterprise: the ONE place for enterprise scoping.

Other areas load an SME's enterprise through :func:`member_enterprise`, so another
enterprise's id is a 404 everywhere.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from trading_house.core.errors import NotFound, PermissionDenied
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.extensions import db


def _user_id(user) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "id", None)


def member_enterprise_ids(user) -> Select:
    """A subquery of the enterprises ``user`` belongs to (empty for anonymous visitors)."""
    return select(Membership.enterprise_id).where(Membership.user_id == _user_id(user))


def user_enterprises(user) -> list[Enterprise]:
    """The enterprises ``user`` belongs to (owner first, then staff; oldest first)."""
    user_id = _user_id(user)
    if user_id is None:
        return []
    rows = db.session.scalars(
        select(Enterprise)
        .join(Membership, Membership.enterprise_id == Enterprise.id)
        .where(Membership.user_id == user_id)
        .order_by((Membership.role != "owner"), Membership.id)
    )
    return list(rows)


def member_enterprise(user, enterprise_id) -> Enterprise:
    """The enterprise ``enterprise_id`` if ``user`` is a member; otherwise NotFound (a 404)."""
    user_id = _user_id(user)
    try:
        enterprise_id = int(enterprise_id)
    except (TypeError, ValueError):
        raise NotFound(_l("This business does not exist.")) from None
    enterprise = None
    if user_id is not None:
        enterprise = db.session.scalar(
            select(Enterprise)
            .join(Membership, Membership.enterprise_id == Enterprise.id)
            .where(Enterprise.id == enterprise_id, Membership.user_id == user_id)
        )
    if enterprise is None:
        raise NotFound(_l("This business does not exist."))
    return enterprise


def current_enterprise(user) -> Enterprise | None:
    """The SME user's enterprise (the first one they own, else the first they work for)."""
    enterprises = user_enterprises(user)
    return enterprises[0] if enterprises else None


def membership_of(user, enterprise: Enterprise) -> Membership | None:
    user_id = _user_id(user)
    if user_id is None:
        return None
    return db.session.scalar(
        select(Membership).where(
            Membership.enterprise_id == enterprise.id, Membership.user_id == user_id
        )
    )


def is_owner(user, enterprise: Enterprise) -> bool:
    membership = membership_of(user, enterprise)
    return membership is not None and membership.role == "owner"


def require_owner(user, enterprise: Enterprise) -> None:
    """Visible to every member, but only the owner manages the team."""
    if not is_owner(user, enterprise):
        raise PermissionDenied(_l("Only the owner of this business can do that."))
