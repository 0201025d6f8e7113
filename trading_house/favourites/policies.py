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


def own_quotation(user, quotation_id):
    """A quotation of the user's own inquiry; any other is ``NotFound`` (404)."""
    from trading_house.inquiries.quotation_models import Quotation

    quotation = db.session.get(Quotation, quotation_id)
    if quotation is None or quotation.inquiry.buyer_id != user.id or not quotation.lines:
        raise NotFound(_l("This quotation does not exist."))
    return quotation
