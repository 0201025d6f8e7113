"""Paying a bulk order in milestones (deposit, balance before shipment or against documents).

- The parts add up to the order's total exactly: each part is its percentage rounded by the one
  rule of ``Money.percent``; the last part takes what remains.
- A part is paid once: ``transition`` moves it due → paid with a compare-and-set UPDATE, so of
  two confirmations racing for the same part exactly one wins (``StaleTransition`` for the
  other, shown as "someone else did this first"); nothing is booked twice.
- The first part paid releases the order to the enterprises (it becomes paid; production can
  start); a part due before shipment stops ``orders.fulfilment.ship`` until it is paid (the
  ``before_shipment`` signal, answered in ``payments/receivers.py``).
"""

import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from trading_house.accounts.policies import require_staff
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import transition
from trading_house.core.money import Money
from trading_house.core.sql import rows_for_loaded
from trading_house.extensions import db
from trading_house.orders.models import Order
from trading_house.orders.status import OrderStatus, transition_order
from trading_house.payments import ledger, stripe_provider
from trading_house.payments.milestone_models import (
    DUE_WHEN,
    MILESTONE_METHODS,
    CardAttemptStatus,
    MilestoneCardAttempt,
    MilestoneRefund,
    MilestoneRefundStatus,
    MilestoneStatus,
    PaymentMilestone,
)
from trading_house.payments.models import Payment, Refund
from trading_house.payments.status import PaymentStatus


class MilestoneError(DomainError):
    """A milestone plan or payment the rules refuse."""


def milestones_of(order: Order) -> list[PaymentMilestone]:
    return _milestones_by_order([order.id]).get(order.id, [])


@dataclass(frozen=True)
class BalanceDue:
    """What an order paid in milestones shows instead of "Paid" while a later part is due
    (``templates/payments/_milestone_badge.html``, the ``milestone_balance`` filter)."""

    order: Order
    balance_minor: int
    #: When the first unpaid part is due: before_shipment or against_documents.
    due_when: str
    #: The order is "paid" only because the deposit arrived: show the balance instead.
    replaces_status: bool

    @property
    def is_against_documents(self) -> bool:
        return self.due_when == "against_documents"


def _in_milestones(order: Order) -> bool:
    return order.payment_method == ledger.MILESTONES


def _milestones_by_order(order_ids: list[int]) -> dict[int, list[PaymentMilestone]]:
    parts: dict[int, list[PaymentMilestone]] = {}
    rows = db.session.scalars(
        select(PaymentMilestone)
        .where(PaymentMilestone.order_id.in_(order_ids))
        .order_by(PaymentMilestone.order_id, PaymentMilestone.position)
    )
    for part in rows:
        parts.setdefault(part.order_id, []).append(part)
    return parts


def balance_due(order) -> BalanceDue | None:
    """The balance still due on an order paid in milestones once its deposit is paid; None
    for any other order, before the deposit, and once every part is paid."""
    if getattr(order, "payment_method", None) != ledger.MILESTONES:
        return None
    parts = (
        rows_for_loaded("milestones_of_orders", Order, _in_milestones, _milestones_by_order, order)
        or []
    )
    unpaid = [part for part in parts if not part.is_paid]
    if not unpaid or len(unpaid) == len(parts):
        return None
    return BalanceDue(
        order,
        sum(part.amount_minor for part in unpaid),
        unpaid[0].due_when,
        order.status == OrderStatus.PAID,
    )


def plan(order: Order, parts: list[tuple[int, str]], *, actor) -> list[PaymentMilestone]:
    """Split an unpaid order into parts: ``[(percent_bp, due_when), …]`` adding up to 100 %."""
    require_staff(actor)
    if order.status != OrderStatus.PENDING_PAYMENT or order.money_arrived:
        raise MilestoneError(_l("Only an order with no money received yet can be split."))
    if milestones_of(order):
        raise MilestoneError(_l("This order is already split into milestones."))
    if (
        len(parts) < 2
        or any(bp <= 0 for bp, _when in parts)
        or sum(bp for bp, _w in parts) != 10000
    ):
        raise MilestoneError(
            _l("Give at least two parts that add up to 100 percent."), field="deposit_percent"
        )
    if any(when not in DUE_WHEN for _bp, when in parts):
        raise MilestoneError(_l("Choose when each part is due from the list."))
    total = Money(order.total_minor, order.currency)
    created, allocated = [], 0
    for position, (percent_bp, due_when) in enumerate(parts, start=1):
        last = position == len(parts)
        amount = total.amount - allocated if last else total.percent(percent_bp).amount
        allocated += amount
        milestone = PaymentMilestone(
            order_id=order.id,
            position=position,
            due_when=due_when,
            percent_bp=percent_bp,
            amount_minor=amount,
            currency=order.currency,
            status=MilestoneStatus.DUE,
            reference=f"MS-{secrets.token_hex(5).upper()}",
        )
        db.session.add(milestone)
        created.append(milestone)
    order.expires_at = None  # a deposit plan replaces the short payment deadline
    order.payment_method = ledger.MILESTONES  # the order page shows the parts, not one transfer
    db.session.flush()
    return created


def confirm(milestone: PaymentMilestone, *, actor, method: str, received_reference: str):
    """Staff record that a part arrived (bank transfer seen, or card payment taken)."""
    require_staff(actor)
    if method not in MILESTONE_METHODS:
        raise MilestoneError(_l("Choose how it was paid."), field="method")
    received_reference = (received_reference or "").strip()
    if len(received_reference) < 3:
        raise MilestoneError(
            _l("Give the bank or card reference of the payment."), field="received_reference"
        )
    if milestone.order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        raise MilestoneError(_l("This order is closed: its parts can no longer be paid."))
    if earlier_due(milestone):
        raise MilestoneError(_l("Record the earlier parts first."))
    return record_paid(milestone, actor=actor, method=method, received_reference=received_reference)


def earlier_due(milestone: PaymentMilestone) -> list[PaymentMilestone]:
    """Parts before this one that are still due (they are paid first)."""
    return [
        m for m in milestones_of(milestone.order) if m.position < milestone.position and m.is_due
    ]


def record_paid(
    milestone: PaymentMilestone, *, actor, method: str, received_reference: str
) -> PaymentMilestone:
    """The one way a part becomes paid (staff confirming it, or Stripe's webhook): the
    compare-and-set move due → paid, then the order released and the money booked."""
    order = milestone.order
    transition(
        milestone,
        MilestoneStatus.PAID,
        actor=actor,
        reason=received_reference[:80],
        method=method,
        received_reference=received_reference[:80],
        confirmed_by_id=getattr(actor, "id", None),
    )
    if order.status == OrderStatus.PENDING_PAYMENT:
        # The deposit: the enterprises may start; the sale is booked once, now.
        transition_order(
            order, OrderStatus.PAID, actor=actor, note=f"milestone {milestone.position} paid"
        )
        ledger.record_sale(order)
    else:
        ledger.record_part_received(order, milestone.amount_minor)
    return milestone


def unpaid_before_shipment(order: Order) -> list[PaymentMilestone]:
    """Parts that must be paid before the goods leave (none when the order was paid in full)."""
    paid_in_full = db.session.scalar(
        select(Payment.id).where(
            Payment.order_id == order.id, Payment.status == PaymentStatus.SUCCEEDED
        )
    )
    if paid_in_full:
        return []
    return [m for m in milestones_of(order) if m.is_due and m.due_when == "before_shipment"]


# --- Refunds of orders paid in milestones ----------------------------------------------------


def refunded_from(part: PaymentMilestone) -> int:
    """What was already refunded from this part."""
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(MilestoneRefund.amount_minor), 0)).where(
                MilestoneRefund.milestone_id == part.id,
                MilestoneRefund.status != MilestoneRefundStatus.FAILED,
            )
        )
        or 0
    )


def refund_from_parts(order: Order, refund: Refund) -> list[MilestoneRefund]:
    """Take ``refund`` from the paid parts, the latest first: a part paid through Stripe goes
    back through Stripe (``pending`` until :func:`send_part_refund`), any other part is sent
    back by the trading house's staff (``to_transfer``, as refunds of transfers are)."""
    paid = [p for p in reversed(milestones_of(order)) if p.is_paid]
    left = {p.id: p.amount_minor - refunded_from(p) for p in paid}
    if refund.amount_minor > sum(left.values()):
        raise MilestoneError(
            _l(
                "Only %(paid)s of this order has been paid so far: a refund cannot be more.",
                paid=ledger.in_locale(Money(sum(left.values()), order.currency)),
            )
        )
    shares, remaining = [], refund.amount_minor
    for part in paid:
        take = min(left[part.id], remaining)
        if take <= 0:
            continue
        remaining -= take
        shares.append(_refund_share(part, refund, take))
    db.session.add_all(shares)
    db.session.flush()
    return shares


def _refund_share(part: PaymentMilestone, refund: Refund, amount: int) -> MilestoneRefund:
    intent = _stripe_intent(part)
    share = MilestoneRefund(
        refund_id=refund.id,
        milestone_id=part.id,
        amount_minor=amount,
        currency=part.currency,
        method="card" if intent else "bank_transfer",
        status=MilestoneRefundStatus.PENDING if intent else MilestoneRefundStatus.TO_TRANSFER,
        payment_intent=intent,
    )
    if intent:
        share.idempotency_key = f"rd-{part.reference}-refund-{refund.id}"
    return share


def _stripe_intent(part: PaymentMilestone) -> str | None:
    """The payment intent of a part paid through our Stripe session (a card payment typed in by
    staff has no intent we know of: it goes back by hand)."""
    if part.method != "card":
        return None
    return db.session.scalar(
        select(MilestoneCardAttempt.payment_intent).where(
            MilestoneCardAttempt.milestone_id == part.id,
            MilestoneCardAttempt.status == CardAttemptStatus.SUCCEEDED,
            MilestoneCardAttempt.payment_intent == part.received_reference,
        )
    )


@dataclass(frozen=True)
class PartRefund:
    """A card share as plain values for ``stripe_provider.ask_refund``."""

    share_id: int
    payment_id: str
    payment_intent: str
    amount: Money
    key: str


def send_part_refund(share_id: int) -> None:
    """Job after the commit: send a card share to Stripe (no transaction open meanwhile) and
    keep its answer; the same key makes a resend safe."""
    share = db.session.get(MilestoneRefund, share_id)
    if share is None or share.status != MilestoneRefundStatus.PENDING or share.stripe_refund_id:
        return
    assert share.payment_intent is not None and share.idempotency_key is not None
    card = PartRefund(
        share.id,
        f"milestone-{share.milestone_id}",
        share.payment_intent,
        Money(share.amount_minor, share.currency),
        share.idempotency_key,
    )
    db.session.commit()  # nothing open while Stripe answers
    answer = stripe_provider.ask_refund(card)
    if isinstance(answer, DomainError):
        values = {"status": MilestoneRefundStatus.FAILED}
    else:
        stripe_id, status = answer
        values = {"status": MilestoneRefundStatus.SUCCEEDED, "stripe_refund_id": stripe_id}
        if status != MilestoneRefundStatus.SUCCEEDED:
            values["status"] = MilestoneRefundStatus.PENDING
    db.session.execute(
        update(MilestoneRefund)
        .where(MilestoneRefund.id == share_id, MilestoneRefund.stripe_refund_id.is_(None))
        .values(**values)
    )
    db.session.commit()


def refunds_of(order: Order) -> list[MilestoneRefund]:
    """Every share of the order's refunds, for staff (what went back by card, what to send)."""
    return list(
        db.session.scalars(
            select(MilestoneRefund)
            .join(PaymentMilestone, PaymentMilestone.id == MilestoneRefund.milestone_id)
            .where(PaymentMilestone.order_id == order.id)
            .order_by(MilestoneRefund.id)
        )
    )
