"""After the order is placed: each enterprise packs, ships and delivers its part; the order
follows; unpaid orders expire; staff cancel before shipping and quote international shipping."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, InvalidTransition
from trading_house.extensions import db
from trading_house.orders.checkout import (
    payment_deadline,
    release_stock,
    rupiah_in_order_currency,
)
from trading_house.orders.models import Fulfilment, Order
from trading_house.orders.notifications import fulfilment_changed
from trading_house.orders.signals import before_shipment
from trading_house.orders.status import (
    FulfilmentStatus,
    OrderStatus,
    add_event,
    transition_fulfilment,
    transition_order,
)

#: How far an order has come along its fulfilments (it only moves forward).
PROGRESS = (OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.DELIVERED)

MAX_TRACKING = 80


def pack(fulfilment: Fulfilment, *, actor) -> Fulfilment:
    """The enterprise has packed its part of a paid order."""
    _require_paid(fulfilment.order)
    transition_fulfilment(fulfilment, FulfilmentStatus.PACKED, actor=actor)
    _follow(fulfilment.order, actor)
    fulfilment_changed(fulfilment, FulfilmentStatus.PACKED)
    return fulfilment


def ship(fulfilment: Fulfilment, *, actor, courier: str, tracking_number: str) -> Fulfilment:
    """Handed to the courier: the goods have left, so their stock is no longer held."""
    courier, tracking_number = (courier or "").strip(), (tracking_number or "").strip()
    if not courier:
        raise DomainError(_l("Enter the courier."), field="courier")
    if not tracking_number:
        raise DomainError(_l("Enter the tracking number."), field="tracking_number")
    if len(courier) > MAX_TRACKING or len(tracking_number) > MAX_TRACKING:
        raise DomainError(_l("That is too long."), field="tracking_number")
    _require_paid(fulfilment.order)
    before_shipment.send(fulfilment, actor=actor)  # payments may refuse (milestones)
    fulfilment.courier = courier
    fulfilment.tracking_number = tracking_number
    transition_fulfilment(
        fulfilment,
        FulfilmentStatus.SHIPPED,
        actor=actor,
        courier=courier,
        tracking_number=tracking_number,
    )
    for line in fulfilment.lines:
        line.stock_reserved = False
    _follow(fulfilment.order, actor)
    fulfilment_changed(fulfilment, FulfilmentStatus.SHIPPED)
    return fulfilment


def deliver(fulfilment: Fulfilment, *, actor) -> Fulfilment:
    transition_fulfilment(fulfilment, FulfilmentStatus.DELIVERED, actor=actor)
    _follow(fulfilment.order, actor)
    fulfilment_changed(fulfilment, FulfilmentStatus.DELIVERED)
    return fulfilment


def _require_paid(order: Order) -> None:
    if order.status not in PROGRESS[:3]:
        raise InvalidTransition(_l("This order is not paid yet; do not ship it."))


def _follow(order: Order, actor) -> None:
    """Derive the order's status from its fulfilments (cancelled ones do not count)."""
    active = [f for f in order.fulfilments if f.status != FulfilmentStatus.CANCELLED]
    if not active:
        return
    if all(f.status == FulfilmentStatus.DELIVERED for f in active):
        target = OrderStatus.DELIVERED
    elif all(f.status in (FulfilmentStatus.SHIPPED, FulfilmentStatus.DELIVERED) for f in active):
        target = OrderStatus.SHIPPED
    else:
        target = OrderStatus.PROCESSING
    if order.status not in PROGRESS or PROGRESS.index(target) <= PROGRESS.index(order.status):
        return
    if target == OrderStatus.PROCESSING:
        transition_order(order, OrderStatus.PROCESSING, actor=actor)
        return
    if order.status in (OrderStatus.PAID, OrderStatus.PROCESSING):
        transition_order(order, OrderStatus.SHIPPED, actor=actor)
    if target == OrderStatus.DELIVERED:
        transition_order(order, OrderStatus.DELIVERED, actor=actor)


def complete(order: Order, *, actor) -> Order:
    """The buyer (or staff) confirms everything arrived."""
    return transition_order(order, OrderStatus.COMPLETED, actor=actor)


def cancel(order: Order, *, actor, reason: str = "") -> Order:
    """Cancel an unpaid order; its reserved stock returns. (A paid order is cancelled by
    refunding it: see ``payments.services.refund``.)"""
    if not order.is_pending_payment:
        raise InvalidTransition(_l("A paid order is cancelled by refunding it."))
    release_unshipped(order, actor=actor)
    return transition_order(order, OrderStatus.CANCELLED, actor=actor, note=(reason or "")[:500])


def release_unshipped(order: Order, *, actor, fulfilments=None) -> None:
    """Goods that never left go back to stock, and their fulfilments are cancelled."""
    for fulfilment in fulfilments if fulfilments is not None else order.fulfilments:
        if not fulfilment.can_cancel:  # left already, or cancelled
            continue
        for line in sorted(fulfilment.lines, key=lambda line: line.product_id or 0):
            release_stock(line, line.remaining_quantity)
            line.stock_reserved = False
        transition_fulfilment(fulfilment, FulfilmentStatus.CANCELLED, actor=actor)


def expirable_order_ids(now=None, limit: int = 500) -> list[int]:
    """Unpaid orders whose payment deadline has passed (not those waiting for a quote)."""
    return list(
        db.session.scalars(
            select(Order.id)
            .where(
                Order.status == OrderStatus.PENDING_PAYMENT,
                Order.expires_at.is_not(None),
                Order.expires_at < (now or utcnow()),
                Order.shipping_quote_pending.is_(False),
            )
            .order_by(Order.id)
            .limit(limit)
        )
    )


def expire_order(order_id: int, now=None) -> Order | None:
    """Cancel one unpaid order past its deadline and release its stock.

    An order paid meanwhile (a webhook racing this job) is skipped: either its status is no
    longer ``pending_payment`` here, or the version check in ``transition`` refuses.
    """
    order = db.session.get(Order, order_id)
    now = now or utcnow()
    if order is None or not order.can_pay:
        return None
    if order.expires_at is None or order.expires_at >= now:
        return None
    with force_locale(order.buyer.preferred_language or "id"):  # the cron job has no request
        reason = str(_l("Not paid in time."))
    return cancel(order, actor=None, reason=reason)


def set_shipping_quote(order: Order, amount_idr: int | None, *, actor) -> Order:
    """Staff quote international shipping (whole rupiah, read by the form's ``MoneyField``);
    the buyer can pay once it is set."""
    if amount_idr is None:
        raise DomainError(_l("Enter the shipping cost in whole rupiah."), field="amount")
    amount = int(amount_idr)
    if amount < 0:
        raise DomainError(_l("The cost cannot be negative."), field="amount")
    if not order.is_pending_payment:
        raise InvalidTransition(_l("Shipping can only be quoted before payment."))
    shipping = rupiah_in_order_currency(amount, order.currency)
    order.shipping_minor = shipping.amount
    order.total_minor = order.subtotal_minor + order.shipping_minor
    order.shipping_quote_pending = False
    order.expires_at = payment_deadline()
    add_event(
        order,
        "shipping",
        actor=actor,
        note=str(_l("Shipping quoted: %(amount)s", amount=shipping.format("en"))),
        shipping_minor=shipping.amount,
    )
    db.session.flush()
    return order


def enterprise_fulfilments(enterprise_ids, status: str | None = None):
    """An enterprise's fulfilments of placed orders, newest first (only its own)."""
    query = (
        select(Fulfilment)
        .join(Order, Order.id == Fulfilment.order_id)
        .where(Fulfilment.enterprise_id.in_(list(enterprise_ids)))
        .options(selectinload(Fulfilment.lines), selectinload(Fulfilment.order))
        .order_by(Fulfilment.id.desc())
    )
    if status:
        query = query.where(Fulfilment.status == status)
    return query
