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

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.policies import require_staff
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import transition
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.models import Order
from trading_house.orders.status import transition as order_transition
from trading_house.payments import ledger
from trading_house.payments.milestone_models import (
    DUE_WHEN,
    MILESTONE_METHODS,
    MilestoneStatus,
    PaymentMilestone,
)
from trading_house.payments.models import Payment


class MilestoneError(DomainError):
    """A milestone plan or payment the rules refuse."""


def milestones_of(order: Order) -> list[PaymentMilestone]:
    return list(
        db.session.scalars(
            select(PaymentMilestone)
            .where(PaymentMilestone.order_id == order.id)
            .order_by(PaymentMilestone.position)
        )
    )


def plan(order: Order, parts: list[tuple[int, str]], *, actor) -> list[PaymentMilestone]:
    """Split an unpaid order into parts: ``[(percent_bp, due_when), …]`` adding up to 100 %."""
    require_staff(actor)
    if order.status != "pending_payment" or order.money_arrived:
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
    order.payment_method = "milestones"  # the order page shows the parts, not one transfer
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
    order = milestone.order
    earlier = [m for m in milestones_of(order) if m.position < milestone.position and m.is_due]
    if earlier:
        raise MilestoneError(_l("Record the earlier parts first."))
    transition(
        milestone,
        MilestoneStatus.PAID,
        actor=actor,
        reason=received_reference[:80],
        method=method,
        received_reference=received_reference[:80],
        confirmed_by_id=actor.id,
    )
    if order.status == "pending_payment":
        # The deposit: the enterprises may start; the sale is booked once, now.
        order_transition(order, "paid", actor=actor, note=f"milestone {milestone.position} paid")
        ledger.record_sale(order)
    return milestone


def unpaid_before_shipment(order: Order) -> list[PaymentMilestone]:
    """Parts that must be paid before the goods leave (none when the order was paid in full)."""
    paid_in_full = db.session.scalar(
        select(Payment.id).where(Payment.order_id == order.id, Payment.status == "succeeded")
    )
    if paid_in_full:
        return []
    return [m for m in milestones_of(order) if m.is_due and m.due_when == "before_shipment"]
