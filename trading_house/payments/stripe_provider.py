"""Stripe Checkout through the official library.

Every object we create carries our own idempotency key derived from the order (never random),
so a retry after a timeout or a rolled-back transaction gets the same Checkout Session or
Refund back from Stripe instead of a second one. Tests inject a fake HTTP client through
``app.extensions["stripe_http_client"]``; the library itself runs for real.
"""

from datetime import timedelta

import stripe
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.status import add_event
from trading_house.payments.models import Payment

STRIPE_LOCALES = {"id": "id", "en": "en"}


class StripeUnavailable(DomainError):
    """Stripe refused or could not be reached; the buyer can retry or pay by transfer."""


def client() -> stripe.StripeClient:
    config = current_app.config
    if not config.get("STRIPE_SECRET_KEY"):
        raise StripeUnavailable(_l("Card payments are not available."))
    return stripe.StripeClient(
        config["STRIPE_SECRET_KEY"],
        http_client=current_app.extensions.get("stripe_http_client"),
        max_network_retries=2,
    )


def _base_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/")


def _session_expiry(order) -> int:
    """When the Checkout Session expires (Unix time): the order's payment deadline, kept
    within Stripe's 30 minutes to 24 hours. Computed from a 10-minute bucket of the clock so
    that a retry soon after sends identical parameters under the same idempotency key."""
    now = utcnow()
    bucket = now.replace(second=0, microsecond=0) - timedelta(minutes=now.minute % 10)
    earliest = bucket + timedelta(minutes=40)
    latest = bucket + timedelta(hours=23, minutes=50)
    return int(min(max(order.expires_at or latest, earliest), latest).timestamp())


def open_session(order) -> Payment | None:
    """A card payment of this order whose Checkout Session can still be used."""
    payment = db.session.scalar(
        select(Payment)
        .where(
            Payment.order_id == order.id,
            Payment.provider == "stripe",
            Payment.status == "pending",
            Payment.stripe_session_id.is_not(None),
        )
        .order_by(Payment.id.desc())
    )
    if payment and payment.amount_minor == order.total_minor and payment.currency == order.currency:
        if payment.created_at > utcnow() - timedelta(hours=23):
            return payment
    return None


def start_checkout(order, *, actor, locale: str = "id") -> Payment:
    """Create (or reuse) a Checkout Session for the order's total; returns the payment whose
    ``checkout_url`` the buyer is sent to. Nothing is marked paid here."""
    if not order.can_pay:
        raise DomainError(_l("This order cannot be paid now."))
    existing = open_session(order)
    if existing is not None:
        return existing
    attempt = 1 + db.session.scalar(
        select(func.count(Payment.id)).where(
            Payment.order_id == order.id, Payment.provider == "stripe"
        )
    )
    total = Money(order.total_minor, order.currency)
    expires = _session_expiry(order)
    # Same order, attempt, amount and expiry → same key → Stripe replays the same session.
    key = f"rd-{order.number}-checkout-{attempt}-{total.amount}{total.currency}-{expires}"
    payment = Payment(
        order_id=order.id,
        provider="stripe",
        status="pending",
        amount_minor=total.amount,
        currency=total.currency,
        reference=f"{order.number}-S{attempt}",
        idempotency_key=key,
    )
    db.session.add(payment)
    db.session.flush()
    params = {
        "mode": "payment",
        "client_reference_id": order.number,
        "customer_email": order.buyer.email,
        "locale": STRIPE_LOCALES.get(locale, "auto"),
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": total.currency.lower(),
                    "unit_amount": total.stripe_amount(),
                    "product_data": {"name": f"Rumah Dagang {order.number}"},
                },
            }
        ],
        "metadata": {"order_number": order.number, "payment_id": str(payment.id)},
        "payment_intent_data": {"metadata": {"order_number": order.number}},
        "success_url": f"{_base_url()}/payments/orders/{order.number}/card/return"
        "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": f"{_base_url()}/orders/{order.number}",
        "expires_at": expires,
    }
    try:
        session = client().v1.checkout.sessions.create(
            params=params, options={"idempotency_key": key}
        )
    except stripe.StripeError as exc:
        current_app.logger.warning("stripe checkout for %s failed: %s", order.number, exc)
        raise StripeUnavailable(
            _l("Card payment could not be started. Please try again or pay by bank transfer.")
        ) from exc
    payment.stripe_session_id = session.id
    payment.checkout_url = session.url
    order.payment_method = "stripe"
    add_event(order, "payment", actor=actor, note="Stripe Checkout", payment_id=payment.id)
    db.session.flush()
    return payment


def create_refund(payment: Payment, amount: Money, *, key: str) -> tuple[str, str]:
    """Refund part or all of a card payment; returns (Stripe refund id, status)."""
    if not payment.stripe_payment_intent:
        raise StripeUnavailable(_l("This card payment has no Stripe reference to refund."))
    try:
        refund = client().v1.refunds.create(
            params={
                "payment_intent": payment.stripe_payment_intent,
                "amount": amount.stripe_amount(),
                "metadata": {"payment_id": str(payment.id)},
            },
            options={"idempotency_key": key},
        )
    except stripe.StripeError as exc:
        current_app.logger.warning("stripe refund for payment %s failed: %s", payment.id, exc)
        raise StripeUnavailable(
            _l("Stripe did not accept the refund: %(error)s", error=exc.user_message or "")
        ) from exc
    return refund.id, refund.status or "pending"
