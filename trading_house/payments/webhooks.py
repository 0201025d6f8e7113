"""Verified Stripe events → payment and order changes, exactly once.

The view verifies the signature (``stripe.Webhook.construct_event``) before we see an event.
Here every event id is stored under a unique constraint first, so a redelivered event changes
nothing. Events may also arrive late or out of order; each handler therefore looks at the
payment's current state and only ever moves it forward (a payment that succeeded never
fails afterwards; an order that is already paid is not paid again).
"""

from datetime import UTC, datetime

from sqlalchemy import select

from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.status import add_event
from trading_house.payments.models import Payment, StripeEvent
from trading_house.payments.services import mark_paid, set_payment_status

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
    payment = _payment_for(session)
    if payment is None:
        record.outcome = "unknown session"
        return record.outcome
    record.order_id = payment.order_id
    if event.type == "checkout.session.async_payment_failed":
        record.outcome = _failed(payment, "async payment failed")
    elif event.type == "checkout.session.expired":
        record.outcome = _failed(payment, "session expired", to="cancelled")
    elif event.type == "checkout.session.async_payment_succeeded" or (
        _field(session, "payment_status") in ("paid", "no_payment_required")
    ):
        record.outcome = _succeeded(payment, session)
    elif payment.status == "succeeded":  # "completed" arriving after the async success
        record.outcome = "already paid"
    else:  # completed, but the money is still on its way (bank debits): wait for async events
        record.outcome = "awaiting payment"
        add_event(payment.order, "payment", note="card payment processing", payment_id=payment.id)
    db.session.flush()
    return record.outcome


def _field(obj, name: str):
    """A field of a Stripe object, or None (StripeObject has no ``get``)."""
    return obj[name] if name in obj else None


def _payment_for(session) -> Payment | None:
    payment = db.session.scalar(select(Payment).where(Payment.stripe_session_id == session.id))
    if payment is None or payment.provider != "stripe":
        return None
    return payment


def _succeeded(payment: Payment, session) -> str:
    if payment.status == "succeeded":
        return "already paid"
    if payment.status not in ("pending", "proof_submitted"):
        return f"payment already {payment.status}"
    expected = Money(payment.amount_minor, payment.currency)
    if _field(session, "amount_total") != expected.stripe_amount() or (
        (_field(session, "currency") or "").upper() != payment.currency
    ):
        add_event(payment.order, "payment", note="Stripe amount mismatch", payment_id=payment.id)
        return "amount mismatch"
    payment.stripe_payment_intent = _field(session, "payment_intent")
    set_payment_status(payment, "succeeded")
    order = payment.order
    if order.status == "pending_payment":
        mark_paid(order, payment)
        return "paid"
    # Paid after the order expired or was paid another way: staff must refund it.
    add_event(
        order,
        "payment",
        note="card payment received for an order that is not awaiting payment: refund it",
        payment_id=payment.id,
    )
    return "needs refund"


def _failed(payment: Payment, reason: str, *, to: str = "failed") -> str:
    if payment.status != "pending":
        return f"ignored ({payment.status})"
    set_payment_status(payment, to, reason=reason)
    add_event(payment.order, "payment", note=reason, payment_id=payment.id)
    return to
