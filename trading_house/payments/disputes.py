"""The trading house decides a dispute; the ledger follows.

- refund: the disputed units are refunded (the buyer's money back, the enterprise's ledger
  reversed, units that never left returned to stock);
- partial_refund: some of them (``refund_quantity``);
- replacement: no money moves; the seller sends the units again (a note on the order);
- rejected: no money moves.
The compare-and-set move open → decided lets one decision win; a second one is refused.

Where the money goes back depends on how the order was paid:
- one payment (transfer or card): ``services.refund`` (a card refund is sent to Stripe by a job
  after the commit);
- in milestones: the refund is taken from the paid parts, latest first
  (``milestones.refund_from_parts``: card part → Stripe refund, transfer part → staff send it);
- on net terms: the wholesale area answers :data:`refund_on_terms` with a credit line on the
  invoice (payments never imports wholesale, which sits above it).
"""

from blinker import Namespace
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.accounts.policies import require_staff
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, InvalidTransition
from trading_house.core.lifecycle import transition
from trading_house.core.tx import after_commit
from trading_house.extensions import db
from trading_house.orders.dispute_models import (
    DISPUTE_OUTCOMES,
    Dispute,
    DisputeOutcome,
    DisputeStatus,
)
from trading_house.orders.models import Order, OrderEvent
from trading_house.payments import ledger, milestones, receivers, services
from trading_house.payments.milestone_models import MilestoneRefundStatus
from trading_house.payments.models import Refund
from trading_house.payments.status import RefundStatus

#: ``refund_on_terms.send(order, refund=record, actor=user)``: a refund of an order on net terms
#: was recorded (its lines and ledger follow); the receiver credits the invoice or refuses with
#: a ``DomainError``. Connected by the wholesale area (``wholesale/invoices.py``).
refund_on_terms = Namespace().signal("refund-on-terms")

NET_TERMS, MILESTONES = ledger.NET_TERMS, ledger.MILESTONES


def decide_dispute(dispute: Dispute, *, actor, outcome: str, note: str, refund_quantity: int = 0):
    require_staff(actor)
    if outcome not in DISPUTE_OUTCOMES:
        raise DomainError(_l("Choose a decision from the list."), field="outcome")
    note = (note or "").strip()
    if len(note) < 5:
        raise DomainError(_l("Explain the decision to both sides in a sentence."), field="note")
    line = dispute.line
    if outcome == DisputeOutcome.REFUND:
        refund_quantity = min(dispute.quantity, line.remaining_quantity)
    elif outcome == DisputeOutcome.PARTIAL_REFUND:
        if not 1 <= refund_quantity <= min(dispute.quantity, line.remaining_quantity):
            raise DomainError(
                _l(
                    "Refund between 1 and %(n)s units.",
                    n=min(dispute.quantity, line.remaining_quantity),
                ),
                field="refund_quantity",
            )
    else:
        refund_quantity = 0
    transition(
        dispute,
        DisputeStatus.DECIDED,
        actor=actor,
        reason=outcome,
        outcome=outcome,
        decision_note=note[:4000],
        decided_by_id=actor.id,
        refunded_quantity=refund_quantity,
    )
    order = line.order
    if refund_quantity:
        refund_units(
            order, {line.id: refund_quantity}, reason=f"dispute: {note[:200]}", actor=actor
        )
    else:
        order.events.append(
            OrderEvent(
                kind="note", actor_id=actor.id, note=f"dispute decided: {outcome}: {note[:200]}"
            )
        )
    return dispute


def refund_units(order: Order, quantities: dict[int, int], *, reason: str, actor) -> Refund:
    """Refund these units by the way the order was paid (see the module doc)."""
    if order.payment_method not in (NET_TERMS, MILESTONES):
        record, card = services.refund(order, actor=actor, quantities=quantities, reason=reason)
        if card is not None:  # sent to Stripe after the commit, no transaction open meanwhile
            after_commit(receivers.send_card_refund, card.refund_id, getattr(actor, "id", None))
        return record
    record = _refund_record(order, quantities, reason=reason, actor=actor)
    if order.payment_method == MILESTONES:
        for share in milestones.refund_from_parts(order, record):
            if share.is_card and share.status == MilestoneRefundStatus.PENDING:
                after_commit(milestones.send_part_refund, share.id)
    else:
        answers = refund_on_terms.send(order, refund=record, actor=actor)
        if not answers:
            raise InvalidTransition(_l("This order on net terms has no invoice to credit."))
    # The money side is settled (credited, or claimed from the parts): the lines follow.
    services._apply_refund(order, record, actor)
    db.session.flush()
    return record


def _refund_record(order: Order, quantities, *, reason: str, actor) -> Refund:
    """A refund of an order with no single payment (milestones, net terms), its lines checked
    against what is left; the order's version moves first, so two refunds never both pass."""
    if order.status not in services.REFUNDABLE:
        raise InvalidTransition(_l("Only paid orders can be refunded."))
    lines = services._refund_lines(order, quantities, False)
    amount = sum(line.amount_minor for line in lines)
    if order.refunded_minor + amount > order.total_minor:
        raise DomainError(_l("That is more than was paid."))
    order.updated_at = utcnow()
    services.write_or_conflict(services.REFUNDED_MEANWHILE)
    sequence = 1 + (
        db.session.scalar(select(func.count(Refund.id)).where(Refund.order_id == order.id)) or 0
    )
    record = Refund(
        order_id=order.id,
        payment_id=None,
        amount_minor=amount,
        currency=order.currency,
        reason=(reason or "")[:1000],
        status=RefundStatus.SUCCEEDED,
        created_by_id=getattr(actor, "id", None),
        idempotency_key=f"rd-{order.number}-refund-{sequence}",
        lines=lines,
    )
    db.session.add(record)
    db.session.flush()
    return record
