"""Payment protection on the buyer's side: confirming receipt and opening a dispute on a line.

The decision (refund, partial refund, replacement, rejected) is the trading house's and moves
money, so it lives in ``payments/disputes.py``.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.lifecycle import record_creation
from trading_house.core.uploads import store_document
from trading_house.extensions import db
from trading_house.orders.dispute_models import (
    DISPUTE_REASONS,
    Dispute,
    DisputeStatus,
    ReceiptConfirmation,
)
from trading_house.orders.models import Fulfilment, Order, OrderEvent, OrderLine
from trading_house.orders.status import FulfilmentStatus

EVIDENCE_TYPES = ("pdf", "jpeg", "png")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


#: Fulfilment statuses in which the buyer may confirm receipt or report a problem.
RECEIVABLE = (FulfilmentStatus.SHIPPED, FulfilmentStatus.DELIVERED)


def can_confirm_receipt(fulfilment: Fulfilment) -> bool:
    """The shipment has left the seller: the buyer may confirm it or report a problem."""
    return fulfilment.status in RECEIVABLE


def is_disputable(line: OrderLine) -> bool:
    """The line's shipment arrived (disputes need a delivered line)."""
    return line.fulfilment.is_delivered


def window_days() -> int:
    """Days after delivery in which a dispute may be opened."""
    return int(current_app.config.get("DISPUTE_WINDOW_DAYS", 14))


def hold_days() -> int:
    """Days after delivery before an unconfirmed, undisputed line is paid out."""
    return int(current_app.config.get("PAYOUT_HOLD_DAYS", 0))


def own_line(order: Order, line_id: int) -> OrderLine:
    line = next((line for line in order.lines if line.id == line_id), None)
    if line is None:
        raise NotFound(_l("No such line in this order."))
    return line


def open_dispute(
    order: Order,
    line: OrderLine,
    *,
    actor,
    reason: str,
    quantity: int,
    description: str,
    evidence: tuple[bytes, str] | None = None,
) -> Dispute:
    """The buyer disputes a delivered line within the window; the payout waits for the decision."""
    if order.buyer_id != actor.id:
        raise NotFound(_l("Order not found."))
    fulfilment = line.fulfilment
    if not fulfilment.is_delivered or fulfilment.delivered_at is None:
        raise DomainError(_l("A line can be disputed once it is delivered."))
    if utcnow() > fulfilment.delivered_at + timedelta(days=window_days()):
        raise DomainError(
            _l("The %(days)s days to open a dispute after delivery are over.", days=window_days())
        )
    if reason not in DISPUTE_REASONS:
        raise DomainError(_l("Choose what is wrong from the list."), field="reason")
    if not 1 <= quantity <= line.remaining_quantity:
        raise DomainError(
            _l("Between 1 and %(n)s units.", n=line.remaining_quantity), field="quantity"
        )
    description = (description or "").strip()
    if len(description) < 10:
        raise DomainError(_l("Describe the problem in a sentence or two."), field="description")
    dispute = Dispute(
        order_line_id=line.id,
        opened_by_id=actor.id,
        reason=reason,
        quantity=quantity,
        description=description[:4000],
        status=DisputeStatus.OPEN,
    )
    if evidence is not None:
        data, filename = evidence
        document = store_document(
            data,
            filename,
            uploaded_by=actor,
            allowed=EVIDENCE_TYPES,
            max_bytes=EVIDENCE_MAX_BYTES,
            folder="dispute-evidence",
        )
        dispute.evidence_document_id = document.id
    try:
        with db.session.begin_nested():
            db.session.add(dispute)
            db.session.flush()
    except IntegrityError:
        # The partial unique index: one open dispute per line, even from two tabs at once.
        raise DomainError(_l("This line already has an open dispute.")) from None
    record_creation(dispute, actor=actor)
    order.events.append(
        OrderEvent(
            kind="note",
            actor_id=actor.id,
            fulfilment_id=fulfilment.id,
            note=f"dispute opened: {line.name} ({reason})",
        )
    )
    db.session.flush()
    return dispute


def confirm_receipt(order: Order, fulfilment: Fulfilment, *, actor) -> ReceiptConfirmation:
    """The buyer received the shipment as ordered: its lines may be paid out now."""
    if order.buyer_id != actor.id or fulfilment.order_id != order.id:
        raise NotFound(_l("Order not found."))
    if not can_confirm_receipt(fulfilment):
        raise DomainError(_l("This shipment has not left the seller yet."))
    existing = db.session.scalar(
        select(ReceiptConfirmation).where(ReceiptConfirmation.fulfilment_id == fulfilment.id)
    )
    if existing is not None:
        return existing
    confirmation = ReceiptConfirmation(fulfilment_id=fulfilment.id, confirmed_by_id=actor.id)
    db.session.add(confirmation)
    order.events.append(
        OrderEvent(
            kind="note",
            actor_id=actor.id,
            fulfilment_id=fulfilment.id,
            note="receipt confirmed by the buyer",
        )
    )
    db.session.flush()
    return confirmation


def disputes_of(order: Order) -> list[Dispute]:
    line_ids = [line.id for line in order.lines]
    if not line_ids:
        return []
    return list(
        db.session.scalars(
            select(Dispute).where(Dispute.order_line_id.in_(line_ids)).order_by(Dispute.id)
        )
    )


def open_disputes(limit: int = 200) -> list[Dispute]:
    return list(
        db.session.scalars(
            select(Dispute)
            .where(Dispute.status == DisputeStatus.OPEN)
            .order_by(Dispute.created_at)
            .limit(limit)
        )
    )
