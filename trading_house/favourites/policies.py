"""Lists belong to their owner; a shared list is readable by anyone with its link, changeable by
nobody else. Reorders and repeat orders only of the buyer's own orders (staff who may see an
order may not reorder it for the buyer)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.core.errors import NotFound
from trading_house.extensions import db
from trading_house.orders.models import Order


def own_order(user, number: str) -> Order:
    """The user's own order by its number; anyone else's (even for staff) is ``NotFound``."""
    if not isinstance(number, str) or len(number) > 20:
        raise NotFound(_l("Order not found."))
    order = db.session.scalar(
        select(Order).where(Order.number == number, Order.buyer_id == user.id)
    )
    if order is None:
        raise NotFound(_l("Order not found."))
    return order


def can_reorder(user, order: Order) -> bool:
    """A buyer may reorder their own order once it was paid (not an unpaid or cancelled one)."""
    return order.buyer_id == getattr(user, "id", None) and order.paid_at is not None
