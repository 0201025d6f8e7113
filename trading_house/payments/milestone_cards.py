"""The buyer pays one part of a milestone order by card (Stripe Checkout), the way a whole order
is paid (``stripe_provider``): three short steps with no transaction open while Stripe answers
(:func:`prepare_part_checkout` records the attempt under our idempotency key and is committed,
:func:`ask_stripe`, :func:`record_part_reply`), and only a verified webhook marks the part paid
(:func:`handle_session`), through the same compare-and-set as a staff confirmation
(``milestones.record_paid``).

A part is paid once: money arriving for a part already paid (a second tab's session, a webhook
racing a staff confirmation) is recorded as ``needs_refund`` with a note on the order, as a
whole order paid twice is. A failed or expired session leaves the part due.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.status import OrderStatus, add_event
from trading_house.payments import milestones, stripe_provider
from trading_house.payments.milestone_models import (
    CardAttemptStatus,
    MilestoneCardAttempt,
    PaymentMilestone,
)
from trading_house.payments.services import AlreadyDone, write_or_conflict
from trading_house.payments.stripe_provider import stripe_field

#: Orders whose parts can no longer be paid.
CLOSED_ORDERS = (OrderStatus.CANCELLED, OrderStatus.REFUNDED)
#: A card attempt started this recently is in flight (another tab); older ones died.
ATTEMPT_IN_FLIGHT = timedelta(minutes=2)
#: A part's last card attempt the buyer is told about.
SHOWN_FAILURES = (CardAttemptStatus.FAILED, CardAttemptStatus.EXPIRED)
#: How long a part's Checkout Session stays open.
SESSION_HOURS = 23

STARTING_ALREADY = _l("A card payment for this part is being started. Wait a moment and try again.")


def refusal(milestone: PaymentMilestone) -> Any:
    """Why the buyer cannot pay this part now (a translated message), or None."""
    if milestone.is_paid:
        return _l("This part is already paid.")
    if not milestone.is_due or milestone.order.status in CLOSED_ORDERS:
        return _l("This part can no longer be paid.")
    if milestones.earlier_due(milestone):
        return _l("Pay the earlier parts first.")
    return None


def payable_now(milestone: PaymentMilestone) -> bool:
    """The buyer may pay this part now (the earlier parts are paid first)."""
    return refusal(milestone) is None


def card_available() -> bool:
    return bool(current_app.config.get("STRIPE_SECRET_KEY"))


@dataclass(frozen=True)
class PartCheckout:
    """A card attempt for one part as plain values, so Stripe is called with no transaction."""

    attempt_id: int
    order_number: str
    key: str
    params: Any
    checkout_url: str | None = None
    session_id: str | None = None
    error: Any = None


def prepare_part_checkout(
    milestone: PaymentMilestone, *, actor, locale: str = "id"
) -> PartCheckout:
    """Step 1, its own transaction: the attempt with our key, or the open session to reuse."""
    order = milestone.order
    if order.buyer_id != getattr(actor, "id", None):
        raise NotFound(_l("Order not found."))
    reason = refusal(milestone)
    if reason is not None:
        raise DomainError(reason)
    if not card_available():
        raise DomainError(_l("Card payments are not available."))
    existing = open_attempt(milestone)
    if existing is not None:
        return PartCheckout(
            existing.id, order.number, existing.idempotency_key, {}, existing.checkout_url
        )
    _retire_unanswered_part(milestone)
    number = 1 + (
        db.session.scalar(
            select(func.count(MilestoneCardAttempt.id)).where(
                MilestoneCardAttempt.milestone_id == milestone.id
            )
        )
        or 0
    )
    amount = Money(milestone.amount_minor, milestone.currency)
    expires = int((utcnow() + timedelta(hours=SESSION_HOURS)).timestamp())
    key = f"rd-{milestone.reference}-card-{number}-{amount.amount}{amount.currency}"
    attempt = MilestoneCardAttempt(
        milestone_id=milestone.id,
        attempt=number,
        status=CardAttemptStatus.PENDING,
        amount_minor=amount.amount,
        currency=amount.currency,
        idempotency_key=key,
        expires_at=datetime.fromtimestamp(expires, UTC),
    )
    db.session.add(attempt)
    # Two tabs starting at once take the same attempt number: the second stops here.
    write_or_conflict(STARTING_ALREADY)
    params = _part_session_params(milestone, attempt, amount, expires, locale)
    return PartCheckout(attempt.id, order.number, key, params)


def open_attempt(milestone: PaymentMilestone) -> MilestoneCardAttempt | None:
    """This part's Checkout Session that can still be used (same amount, not about to expire)."""
    attempt = db.session.scalar(
        select(MilestoneCardAttempt)
        .where(
            MilestoneCardAttempt.milestone_id == milestone.id,
            MilestoneCardAttempt.status == CardAttemptStatus.PENDING,
            MilestoneCardAttempt.stripe_session_id.is_not(None),
        )
        .order_by(MilestoneCardAttempt.id.desc())
    )
    if attempt is None or attempt.amount_minor != milestone.amount_minor:
        return None
    if attempt.expires_at and attempt.expires_at <= utcnow() + timedelta(minutes=10):
        return None
    return attempt


def _retire_unanswered_part(milestone: PaymentMilestone) -> None:
    """An attempt Stripe never answered: in flight (refuse), or interrupted (retire it)."""
    for attempt in db.session.scalars(
        select(MilestoneCardAttempt).where(
            MilestoneCardAttempt.milestone_id == milestone.id,
            MilestoneCardAttempt.status == CardAttemptStatus.PENDING,
            MilestoneCardAttempt.stripe_session_id.is_(None),
        )
    ):
        if attempt.created_at > utcnow() - ATTEMPT_IN_FLIGHT:
            raise AlreadyDone(STARTING_ALREADY)
        attempt.status = CardAttemptStatus.FAILED
        attempt.outcome = "Stripe never answered"


def _part_session_params(milestone, attempt, amount: Money, expires: int, locale: str) -> Any:
    order = milestone.order
    metadata = {
        "order_number": order.number,
        "milestone_id": str(milestone.id),
        "milestone_attempt_id": str(attempt.id),
    }
    return stripe_provider.checkout_params(
        order,
        amount,
        name=f"Rumah Dagang {order.number} ({milestone.position}: {milestone.reference})",
        metadata=metadata,
        intent_metadata=metadata,
        success_path=f"/payments/milestones/{milestone.id}/card/return",
        cancel_path=f"/payments/orders/{order.number}/milestones",
        expires=expires,
        locale=locale,
    )


#: The name the milestone views call for step 1.
prepare = prepare_part_checkout

#: Step 2, with no database transaction open: the same call as for a whole order.
ask_stripe = stripe_provider.ask_stripe


def record_part_reply(checkout: PartCheckout) -> MilestoneCardAttempt:
    """Step 3, a short transaction: keep Stripe's session on the attempt, or its failure."""
    attempt = db.session.get(MilestoneCardAttempt, checkout.attempt_id)
    if attempt is None:
        raise NotFound(_l("This page does not exist."))
    if attempt.status != CardAttemptStatus.PENDING or attempt.stripe_session_id:
        return attempt  # answered already (a retried request)
    if checkout.error is not None:
        attempt.status = CardAttemptStatus.FAILED
        attempt.outcome = "Stripe refused or could not be reached"
    else:
        attempt.stripe_session_id = checkout.session_id
        attempt.checkout_url = checkout.checkout_url
    write_or_conflict(STARTING_ALREADY)
    return attempt


#: The name the milestone views call.
record_reply = record_part_reply


# --- Stripe's webhook --------------------------------------------------------------------------


def handle_session(event_type: str, session) -> tuple[int, str] | None:
    """A verified event of a part's Checkout Session: ``(order id, outcome)``, or None when the
    session is not a part's (the whole-order handler answers then)."""
    attempt = db.session.scalar(
        select(MilestoneCardAttempt).where(MilestoneCardAttempt.stripe_session_id == session.id)
    ) or _retired_attempt(session)
    if attempt is None:
        return None
    milestone = attempt.milestone
    if event_type == "checkout.session.async_payment_failed":
        outcome = _part_failed(attempt, CardAttemptStatus.FAILED)
    elif event_type == "checkout.session.expired":
        outcome = _part_failed(attempt, CardAttemptStatus.EXPIRED)
    elif event_type == "checkout.session.async_payment_succeeded" or (
        stripe_field(session, "payment_status") in stripe_provider.MONEY_RECEIVED
    ):
        outcome = _part_succeeded(attempt, session)
    elif attempt.status != CardAttemptStatus.PENDING:
        outcome = f"already {attempt.status}"
    else:
        outcome = "awaiting payment"
    db.session.flush()
    return milestone.order_id, outcome


def _retired_attempt(session) -> MilestoneCardAttempt | None:
    """A session Stripe made while we never heard its answer (the attempt was retired): found
    by our metadata, so money paid through it is never lost."""
    metadata = stripe_field(session, "metadata") or {}
    attempt_id = metadata["milestone_attempt_id"] if "milestone_attempt_id" in metadata else None
    if not str(attempt_id or "").isdigit():
        return None
    attempt = db.session.get(MilestoneCardAttempt, int(str(attempt_id)))
    if attempt is None or attempt.stripe_session_id is not None:
        return None
    attempt.stripe_session_id = session.id
    return attempt


def _part_failed(attempt: MilestoneCardAttempt, status: CardAttemptStatus) -> str:
    """The part stays due: the buyer sees why on the milestones page and may pay again."""
    if attempt.status != CardAttemptStatus.PENDING:
        return f"ignored ({attempt.status})"
    attempt.status = status
    attempt.outcome = f"card payment {status}"
    milestone = attempt.milestone
    add_event(milestone.order, "payment", note=f"milestone {milestone.position}: card {status}")
    return f"{status}, part still due"


def _part_succeeded(attempt: MilestoneCardAttempt, session) -> str:
    if attempt.status in (CardAttemptStatus.SUCCEEDED, CardAttemptStatus.NEEDS_REFUND):
        return "already paid"
    if attempt.status == CardAttemptStatus.EXPIRED:
        return "payment already expired"
    # pending, or failed (retired unanswered, yet the buyer paid through it): the money is here.
    expected = Money(attempt.amount_minor, attempt.currency)
    milestone = attempt.milestone
    order = milestone.order
    if stripe_field(session, "amount_total") != expected.stripe_amount() or (
        (stripe_field(session, "currency") or "").upper() != attempt.currency
    ):
        add_event(order, "payment", note=f"milestone {milestone.position}: Stripe amount mismatch")
        return "amount mismatch"
    intent = stripe_field(session, "payment_intent") or session.id
    attempt.payment_intent = intent
    if milestone.is_due and order.status not in CLOSED_ORDERS:
        attempt.status = CardAttemptStatus.SUCCEEDED
        # A concurrent confirmation of the same part makes this a StaleTransition: the webhook
        # view rolls back and handles the event again, which then lands below.
        milestones.record_paid(milestone, actor=None, method="card", received_reference=intent)
        return "part paid"
    attempt.status = CardAttemptStatus.NEEDS_REFUND
    attempt.outcome = "paid for a part already paid or closed: refund it"
    add_event(
        order,
        "payment",
        note=f"milestone {milestone.position}: card payment received for a part that is "
        "already paid: refund it",
    )
    return "needs refund"


def last_failure(milestone: PaymentMilestone) -> MilestoneCardAttempt | None:
    """The latest card attempt of a due part, when it failed or expired (shown to the buyer)."""
    if not milestone.is_due:
        return None
    attempt = db.session.scalar(
        select(MilestoneCardAttempt)
        .where(MilestoneCardAttempt.milestone_id == milestone.id)
        .order_by(MilestoneCardAttempt.id.desc())
    )
    if attempt is not None and attempt.status in SHOWN_FAILURES:
        return attempt
    return None


def to_refund(order) -> list[MilestoneCardAttempt]:
    """Card payments that arrived for a part already paid: the trading house refunds them."""
    return list(
        db.session.scalars(
            select(MilestoneCardAttempt)
            .join(PaymentMilestone, PaymentMilestone.id == MilestoneCardAttempt.milestone_id)
            .where(
                PaymentMilestone.order_id == order.id,
                MilestoneCardAttempt.status == CardAttemptStatus.NEEDS_REFUND,
            )
        )
    )


@dataclass(frozen=True)
class PartRow:
    """What the buyer sees of one part: it, whether it may be paid now, a failed attempt."""

    part: PaymentMilestone
    payable: bool
    failure: MilestoneCardAttempt | None
    #: Card payments are configured (else the part is paid by transfer only).
    card: bool


def part_rows(order) -> list[PartRow]:
    """The order's parts for its pages (empty when it is not paid in milestones)."""
    card = card_available()
    return [
        PartRow(part, payable_now(part), last_failure(part), card)
        for part in milestones.milestones_of(order)
    ]
