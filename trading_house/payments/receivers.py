"""Payments' answers to the orders area's signals (``orders/signals.py`` holds the contract)."""

from trading_house.core.tx import after_commit
from trading_house.extensions import db
from trading_house.orders.signals import before_shipment, receipt_short


def refund_short_receipt(line, *, quantity: int, reason: str, actor, **_extra):
    """Units the trading house did not receive (or refused as damaged) are refunded to the
    buyer and taken back from the enterprise's ledger, in the lot's transaction.

    A bank-transfer refund is recorded at once (staff send the money); a card refund is claimed
    now and sent to Stripe by a job after the commit (no transaction open while Stripe answers).
    """
    from trading_house.payments import services

    record, card = services.refund(
        line.order, actor=actor, quantities={line.id: quantity}, reason=reason
    )
    if card is not None:
        after_commit(send_card_refund, card.refund_id, getattr(actor, "id", None))
    return record


def send_card_refund(refund_id: int, actor_id: int | None) -> None:
    """Job: send a claimed card refund to Stripe and record its answer."""
    from trading_house.accounts.models import User
    from trading_house.payments import services, stripe_provider
    from trading_house.payments.models import Payment, Refund, RefundStatus

    record = db.session.get(Refund, refund_id)
    if record is None or record.status != RefundStatus.PENDING or record.stripe_refund_id:
        return
    payment = db.session.get(Payment, record.payment_id)
    if payment is None:  # a refund row always names its payment (foreign key)
        return
    card = services._card_refund(record, payment)
    db.session.commit()  # nothing open while Stripe answers
    answer = stripe_provider.ask_refund(card)
    actor = db.session.get(User, actor_id) if actor_id else None
    services.finish_card_refund(card, answer, actor=actor)


def refuse_unpaid_milestones(fulfilment, *, actor, **_extra):
    """Goods leave only when every milestone due before shipment is paid."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.errors import DomainError
    from trading_house.payments.milestones import unpaid_before_shipment

    if unpaid_before_shipment(fulfilment.order):
        raise DomainError(
            _l("The buyer has not paid the part due before shipment yet: do not ship it.")
        )


def connect() -> None:
    receipt_short.connect(refund_short_receipt, weak=False)
    before_shipment.connect(refuse_unpaid_milestones, weak=False)
