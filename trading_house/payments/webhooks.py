"""Verified Stripe events → payment and order changes, exactly once.

The view verifies the signature (``stripe.Webhook.construct_event``) before we see an event.
Here every event id is stored under a unique constraint first, so a redelivered event changes
nothing. Events may also arrive late or out of order; each handler therefore looks at the
payment's current state and only ever moves it forward (a payment that succeeded never
fails afterwards; an order that is already paid is not paid again).

A failed or expired card payment cancels its order at once (stock released, items back in
the buyer's cart) instead of holding the stock until the expiry job runs.
"""

from datetime import UTC, datetime
from enum import StrEnum

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from trading_house.core.errors import DomainError
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.cart import add_item, get_or_create_cart
from trading_house.orders.fulfilment import cancel
from trading_house.orders.status import OrderKind, add_event
from trading_house.payments import milestone_cards
from trading_house.payments.models import Payment, StripeEvent
from trading_house.payments.services import mark_paid, set_payment_status
from trading_house.payments.status import PaymentStatus
from trading_house.payments.stripe_provider import MONEY_RECEIVED, stripe_field


class Outcome(StrEnum):
    """What a whole order's card payment event did (kept on the event row for staff)."""

    PAID = "paid"
    ALREADY_PAID = "already paid"
    AMOUNT_MISMATCH = "amount mismatch"
    NEEDS_REFUND = "needs refund"


HANDLED = (
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
)


def handle_event(event) -> str:
    """Apply one verified event; returns what happened (for the log and the response)."""
    if db.session.scalar(select(StripeEvent.id).where(StripeEvent.event_id == event.id)):
        return "duplicate"
    created = getattr(event, "created", None)
    record = StripeEvent(
        event_id=event.id,
        type=event.type,
        stripe_created_at=datetime.fromtimestamp(created, UTC) if created else None,
    )
    db.session.add(record)
    # Flushed first: a concurrent delivery of the same event fails here on the unique id.
    db.session.flush()
    if event.type not in HANDLED:
        record.outcome = "ignored"
        return record.outcome
    session = event.data.object
    part = milestone_cards.handle_session(event.type, session)  # a milestone's own session
    if part is not None:
        record.order_id, record.outcome = part
        return record.outcome
    payment = _payment_for(session)
    if payment is None:
        record.outcome = "unknown session"
        return record.outcome
    record.order_id = payment.order_id
    if event.type == "checkout.session.async_payment_failed":
        record.outcome = _failed(payment, "async payment failed")
    elif event.type == "checkout.session.expired":
        record.outcome = _failed(payment, "session expired", to=PaymentStatus.CANCELLED)
    elif event.type == "checkout.session.async_payment_succeeded" or (
        stripe_field(session, "payment_status") in MONEY_RECEIVED
    ):
        record.outcome = _succeeded(payment, session)
    elif payment.status == PaymentStatus.SUCCEEDED:  # "completed" arriving after the async success
        record.outcome = Outcome.ALREADY_PAID
    else:  # completed, but the money is still on its way (bank debits): wait for async events
        record.outcome = "awaiting payment"
        add_event(payment.order, "payment", note="card payment processing", payment_id=payment.id)
    db.session.flush()
    return record.outcome


def _payment_for(session) -> Payment | None:
    payment = db.session.scalar(select(Payment).where(Payment.stripe_session_id == session.id))
    if payment is None or payment.provider != "stripe":
        return None
    return payment


def _succeeded(payment: Payment, session) -> str:
    if payment.status == PaymentStatus.SUCCEEDED:
        return Outcome.ALREADY_PAID
    if payment.status not in (PaymentStatus.PENDING, PaymentStatus.PROOF_SUBMITTED):
        return f"payment already {payment.status}"
    expected = Money(payment.amount_minor, payment.currency)
    if stripe_field(session, "amount_total") != expected.stripe_amount() or (
        (stripe_field(session, "currency") or "").upper() != payment.currency
    ):
        add_event(payment.order, "payment", note="Stripe amount mismatch", payment_id=payment.id)
        return Outcome.AMOUNT_MISMATCH
    payment.stripe_payment_intent = stripe_field(session, "payment_intent")
    payment.received_minor = payment.amount_minor
    set_payment_status(payment, PaymentStatus.SUCCEEDED)
    order = payment.order
    if order.is_pending_payment:
        mark_paid(order, payment)
        return Outcome.PAID
    # Paid after the order expired or was paid another way: staff must refund it.
    add_event(
        order,
        "payment",
        note="card payment received for an order that is not awaiting payment: refund it",
        payment_id=payment.id,
    )
    return Outcome.NEEDS_REFUND


def _failed(payment: Payment, reason: str, *, to: PaymentStatus = PaymentStatus.FAILED) -> str:
    """The card payment failed or its session expired: the payment fails and, unless the buyer
    is paying another way, the order is cancelled at once in the same transaction, its stock
    released and its items put back in the buyer's cart to try again."""
    if payment.status != PaymentStatus.PENDING:
        return f"ignored ({payment.status})"
    set_payment_status(payment, to, reason=reason)
    add_event(payment.order, "payment", note=reason, payment_id=payment.id)
    order = payment.order
    if not order.is_pending_payment or _paying_another_way(order, payment):
        return to
    buyer = order.buyer
    with force_locale(buyer.preferred_language or "id"):  # a webhook has no visitor's language
        note = str(_l("The card payment did not go through; the items are back in your cart."))
    cancel(order, actor=None, reason=note)
    _back_to_cart(order)
    return f"{to}, order cancelled"


def _paying_another_way(order, failed: Payment) -> bool:
    """Another card session still open, or a bank transfer under way (proof sent, money in)."""
    return bool(
        db.session.scalar(
            select(Payment.id).where(
                Payment.order_id == order.id,
                Payment.id != failed.id,
                or_(
                    Payment.status == PaymentStatus.PROOF_SUBMITTED,
                    Payment.received_minor > 0,
                    (Payment.provider == "stripe") & (Payment.status == PaymentStatus.PENDING),
                ),
            )
        )
    )


def _back_to_cart(order) -> None:
    """What the buyer expects after a failed card payment: the same items ready to check out
    again. Quotation and sample orders have no cart; a product sold out meanwhile is skipped."""
    if order.kind != OrderKind.RETAIL:
        return
    cart = get_or_create_cart(user=order.buyer)
    for line in order.lines:
        if line.product_id is None:
            continue
        try:
            add_item(cart, line.product_id, line.quantity, user=order.buyer)
        except DomainError:
            continue
