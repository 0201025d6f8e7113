"""Who may see and do what with orders. Everything a user cannot see is a 404, so order
numbers cannot be probed."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trading_house.core.errors import NotFound
from trading_house.enterprises.models import Membership
from trading_house.enterprises.policies import member_enterprise_ids
from trading_house.extensions import db
from trading_house.orders.models import Fulfilment, Order


def can_manage_orders(user) -> bool:
    """Trading-house admins run payments, refunds, shipping and consignments."""
    return bool(user and user.is_authenticated and user.has_role("admin"))


def can_reserve_stock(user) -> bool:
    """Checkout holds stock for days: only buyers whose e-mail address is confirmed may do it
    (a throwaway sign-up must not be able to empty the shelves)."""
    return bool(user and user.is_authenticated and user.email_verified)


def can_view_all_orders(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def visible_order(user, number: str) -> Order:
    """The order if ``user`` bought it or is staff; otherwise ``NotFound``."""
    query = (
        select(Order)
        .where(Order.number == (number or "")[:20])
        .options(selectinload(Order.lines), selectinload(Order.fulfilments))
    )
    if not can_view_all_orders(user):
        query = query.where(Order.buyer_id == user.id)
    order = db.session.scalar(query)
    if order is None:
        raise NotFound(_l("Order not found."))
    return order


def buyer_orders(user):
    """A select of the user's own orders, newest first."""
    return select(Order).where(Order.buyer_id == user.id).order_by(Order.id.desc())


def enterprise_ids_of(user) -> list[int]:
    """The ids of the enterprises ``user`` belongs to, as a list (empty: none)."""
    return list(db.session.scalars(member_enterprise_ids(user)))


def member_fulfilment(user, fulfilment_id) -> Fulfilment:
    """A fulfilment of one of the user's enterprises; another enterprise's is ``NotFound``."""
    try:
        fulfilment_id = int(fulfilment_id)
    except (TypeError, ValueError):
        raise NotFound(_l("Shipment not found.")) from None
    fulfilment = db.session.scalar(
        select(Fulfilment)
        .join(Membership, Membership.enterprise_id == Fulfilment.enterprise_id)
        .where(Fulfilment.id == fulfilment_id, Membership.user_id == user.id)
    )
    if fulfilment is None:
        raise NotFound(_l("Shipment not found."))
    return fulfilment
