"""Stripe Checkout through the official library.

No database transaction is open while Stripe answers (it may take seconds, and on SQLite an
open write transaction would stall every other writer): a card payment is started in three
steps — :func:`prepare_checkout` records the attempt and commits, :func:`ask_stripe` calls
Stripe with plain values, :func:`record_reply` keeps the answer in a short transaction of its
own. Refunds go the same way (:func:`ask_refund` between the claim and its answer).

Every object we create carries our own idempotency key derived from the order (never random),
so a retry after a timeout or an interrupted request gets the same Checkout Session or Refund
back from Stripe instead of a second one. Tests inject a fake HTTP client through
``app.extensions["stripe_http_client"]``; the library itself runs for real.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

import stripe
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.status import add_event
from trading_house.payments.models import Payment
from trading_house.payments.status import PaymentStatus, RefundStatus

if TYPE_CHECKING:
    from stripe.params.checkout import SessionCreateParams

from trading_house.payments.services import (
    AlreadyDone,
    bank_payment,
    set_payment_status,
    write_or_conflict,
)

STRIPE_LOCALES = {"id": "id", "en": "en"}


class SessionPayment(StrEnum):
    """Stripe's ``payment_status`` of a Checkout Session (Stripe's words, not a status of ours)."""

    PAID = "paid"
    UNPAID = "unpaid"
    NO_PAYMENT_REQUIRED = "no_payment_required"


#: A completed session whose money has arrived.
MONEY_RECEIVED = (SessionPayment.PAID, SessionPayment.NO_PAYMENT_REQUIRED)


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


def stripe_field(obj, name: str):
    """A field of a Stripe object, or None (StripeObject has no ``get``)."""
    return obj[name] if name in obj else None


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
            Payment.status == PaymentStatus.PENDING,
            Payment.stripe_session_id.is_not(None),
        )
        .order_by(Payment.id.desc())
    )
    if payment and payment.amount_minor == order.total_minor and payment.currency == order.currency:
        usable_until = payment.stripe_expires_at or payment.created_at + timedelta(hours=23)
        if usable_until > utcnow() + timedelta(minutes=10):
            return payment
    return None


@dataclass(frozen=True)
class CheckoutAttempt:
    """A card payment attempt as plain values, so Stripe is called with no transaction open.

    ``checkout_url`` is set when there is nothing to ask Stripe (an open session is reused, or
    Stripe answered); ``error`` when Stripe refused or could not be reached.
    """

    payment_id: int
    order_number: str
    key: str
    params: "SessionCreateParams"
    checkout_url: str | None = None
    session_id: str | None = None
    error: object = None


#: A card payment being started this recently is in flight (another tab); older ones died.
ATTEMPT_IN_FLIGHT = timedelta(minutes=2)


def prepare_checkout(order, *, locale: str = "id") -> CheckoutAttempt:
    """Step 1, in its own transaction: the pending payment with our idempotency key (or the
    open session to reuse). Nothing is marked paid here, nothing is sent to Stripe yet."""
    if not order.can_pay:
        raise DomainError(_l("This order cannot be paid now."))
    transferred = bank_payment(order)
    if transferred is not None and transferred.received_minor > 0:
        # A card session is for the whole total: the rest of a partly paid order goes by transfer.
        raise DomainError(
            _l("Part of this order is already paid by transfer; please transfer the rest.")
        )
    existing = open_session(order)
    if existing is not None:
        # Every card payment is created with its idempotency key (below).
        assert existing.idempotency_key is not None
        return CheckoutAttempt(
            existing.id, order.number, existing.idempotency_key, {}, existing.checkout_url
        )
    _retire_unanswered(order)
    attempt = 1 + (
        db.session.scalar(
            select(func.count(Payment.id)).where(
                Payment.order_id == order.id, Payment.provider == "stripe"
            )
        )
        or 0
    )
    total = Money(order.total_minor, order.currency)
    expires = _session_expiry(order)
    # Same order, attempt, amount and expiry → same key → Stripe replays the same session.
    key = f"rd-{order.number}-checkout-{attempt}-{total.amount}{total.currency}-{expires}"
    payment = Payment(
        order_id=order.id,
        provider="stripe",
        status=PaymentStatus.PENDING,
        amount_minor=total.amount,
        received_minor=0,
        currency=total.currency,
        reference=f"{order.number}-S{attempt}",
        idempotency_key=key,
        stripe_expires_at=datetime.fromtimestamp(expires, UTC),
    )
    db.session.add(payment)
    # Two tabs starting at once create the same attempt number: the second stops here.
    write_or_conflict(STARTING_ALREADY)
    return CheckoutAttempt(
        payment.id, order.number, key, _session_params(order, payment, total, expires, locale)
    )


STARTING_ALREADY = _l(
    "A card payment for this order is being started. Wait a moment and try again."
)


def _retire_unanswered(order) -> None:
    """An attempt Stripe never answered: still in flight (refuse), or interrupted (retire it:
    its session, if Stripe made one, was never shown to the buyer)."""
    for payment in db.session.scalars(
        select(Payment).where(
            Payment.order_id == order.id,
            Payment.provider == "stripe",
            Payment.status == PaymentStatus.PENDING,
            Payment.stripe_session_id.is_(None),
        )
    ):
        if payment.created_at > utcnow() - ATTEMPT_IN_FLIGHT:
            raise AlreadyDone(STARTING_ALREADY)
        set_payment_status(payment, PaymentStatus.FAILED, reason="Stripe never answered")


def _session_params(
    order, payment: Payment, total: Money, expires: int, locale: str
) -> "SessionCreateParams":
    return checkout_params(
        order,
        total,
        name=f"Rumah Dagang {order.number}",
        metadata={"order_number": order.number, "payment_id": str(payment.id)},
        intent_metadata={"order_number": order.number},
        success_path=f"/payments/orders/{order.number}/card/return",
        cancel_path=f"/orders/{order.number}",
        expires=expires,
        locale=locale,
    )


def checkout_params(
    order,
    amount: Money,
    *,
    name: str,
    metadata: dict[str, str],
    intent_metadata: dict[str, str],
    success_path: str,
    cancel_path: str,
    expires: int,
    locale: str,
) -> "SessionCreateParams":
    """A Checkout Session for one amount of an order (the whole order, or one part of it)."""
    return {
        "mode": "payment",
        "client_reference_id": order.number,
        "customer_email": order.buyer.email,
        "locale": STRIPE_LOCALES.get(locale, "auto"),
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": amount.currency.lower(),
                    "unit_amount": amount.stripe_amount(),
                    "product_data": {"name": name},
                },
            }
        ],
        "metadata": metadata,
        "payment_intent_data": {"metadata": intent_metadata},
        "success_url": f"{_base_url()}{success_path}?session_id={{CHECKOUT_SESSION_ID}}",
        "cancel_url": f"{_base_url()}{cancel_path}",
        "expires_at": expires,
    }


class SessionRequest(Protocol):
    """What :func:`ask_stripe` needs of an attempt (a whole order's or a part's): a frozen
    dataclass with these fields and ``checkout_url``, ``session_id``, ``error``."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def key(self) -> str: ...

    @property
    def params(self) -> Any: ...


Attempt = TypeVar("Attempt", bound=SessionRequest)


def ask_stripe(attempt: Attempt) -> Attempt:
    """Step 2, with no database transaction open: Stripe may be slow, other writers go on."""
    try:
        session = client().v1.checkout.sessions.create(
            params=attempt.params, options={"idempotency_key": attempt.key}
        )
    except (stripe.StripeError, StripeUnavailable) as exc:
        current_app.logger.warning("stripe checkout for %s failed: %s", attempt.key, exc)
        return replace(
            attempt,
            error=_l(
                "Card payment could not be started. Please try again or pay by bank transfer."
            ),
        )
    return replace(attempt, checkout_url=session.url, session_id=session.id)


def record_reply(attempt: CheckoutAttempt, *, actor) -> Payment:
    """Step 3, a short transaction: keep Stripe's session on the payment, or its failure."""
    payment = db.session.get(Payment, attempt.payment_id)
    if payment is None:
        raise NotFound(_l("This page does not exist."))
    if payment.status != PaymentStatus.PENDING or payment.stripe_session_id:
        return payment  # answered already (a retried request)
    order = payment.order
    if attempt.error is not None:
        set_payment_status(payment, PaymentStatus.FAILED, reason=str(attempt.error))
    else:
        payment.stripe_session_id = attempt.session_id
        payment.checkout_url = attempt.checkout_url
        order.payment_method = "stripe"
        add_event(order, "payment", actor=actor, note="Stripe Checkout", payment_id=payment.id)
    write_or_conflict(STARTING_ALREADY)
    return payment


def ask_refund(card):
    """Send a claimed card refund, with no transaction open: ``(refund id, status)``, or a
    :class:`StripeUnavailable` (returned, not raised, so the failure is recorded)."""
    try:
        refund = client().v1.refunds.create(
            params={
                "payment_intent": card.payment_intent,
                "amount": card.amount.stripe_amount(),
                "metadata": {"payment_id": str(card.payment_id)},
            },
            options={"idempotency_key": card.key},
        )
    except StripeUnavailable as exc:
        return exc
    except stripe.StripeError as exc:
        current_app.logger.warning("stripe refund %s failed: %s", card.key, exc)
        return StripeUnavailable(
            _l("Stripe did not accept the refund: %(error)s", error=exc.user_message or "")
        )
    return refund.id, refund.status or RefundStatus.PENDING
