"""Payment use cases: bank-transfer proof and confirmation (amounts received, short and over
payments), marking orders paid, refunds.

Staff actions race with each other (two tabs, two colleagues) and with webhooks. Payments and
orders carry a version that every UPDATE checks, so the first write of each use case is a
compare-and-set: the loser gets :class:`AlreadyDone` with a clear message, never a 500.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal, overload

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, InvalidTransition, NotFound
from trading_house.core.lifecycle import StaleTransition, transition
from trading_house.core.mail import queue_email
from trading_house.core.money import Money
from trading_house.core.tx import changed_rows
from trading_house.core.uploads import store_document
from trading_house.extensions import db
from trading_house.orders.checkout import payment_deadline, release_stock
from trading_house.orders.consignment import received_at_warehouse
from trading_house.orders.fulfilment import release_unshipped
from trading_house.orders.models import Order
from trading_house.orders.notifications import Subject, order_url
from trading_house.orders.status import (
    ORDER_LIFECYCLE,
    FulfilmentStatus,
    OrderStatus,
    add_event,
    transition_order,
)
from trading_house.payments import ledger
from trading_house.payments.ledger import in_locale
from trading_house.payments.models import (
    PAYMENT_LIFECYCLE,
    Payment,
    PaymentStatus,
    Refund,
    RefundLine,
    RefundStatus,
    TransferReceipt,
)
from trading_house.payments.providers import ManualTransfer

#: A payment's own small lifecycle (``models.PAYMENT_LIFECYCLE``).
PAYMENT_TRANSITIONS = PAYMENT_LIFECYCLE.table
#: Order statuses from which a refund is possible (paid, not yet refunded).
REFUNDABLE = tuple(
    status for status in OrderStatus if ORDER_LIFECYCLE.can(status, OrderStatus.REFUNDED)
)
PROOF_TYPES = ("pdf", "jpeg", "png")
PROOF_MAX_BYTES = 10 * 1024 * 1024


def set_payment_status(
    payment: Payment, to: str, *, reason: str | None = None, actor=None
) -> Payment:
    """Move a payment (``core.lifecycle.transition``: compare-and-set, a status event).

    Another request that moved or changed the payment first makes this one ``AlreadyDone``."""
    if not PAYMENT_LIFECYCLE.can(payment.status, to):
        raise InvalidTransition(_l("This payment cannot change that way."))
    changes: dict[str, Any] = {} if reason is None else {"failure_reason": reason[:1000]}
    try:
        transition(payment, to, actor=actor, reason=reason, **changes)
    except (StaleTransition, StaleDataError) as exc:
        raise AlreadyDone(CHANGED_MEANWHILE) from exc
    return payment


@overload
def bank_payment(order: Order, *, create: Literal[True]) -> Payment: ...
@overload
def bank_payment(order: Order, *, create: bool = False) -> Payment | None: ...
def bank_payment(order: Order, *, create: bool = False) -> Payment | None:
    """The order's bank-transfer payment (one per order, its reference is unique)."""
    payment = db.session.scalar(
        select(Payment).where(
            Payment.order_id == order.id,
            Payment.provider == "bank_transfer",
            Payment.status.in_(
                (PaymentStatus.PENDING, PaymentStatus.PROOF_SUBMITTED, PaymentStatus.SUCCEEDED)
            ),
        )
    )
    if payment is None and create:
        payment = _new_bank_payment(order)
        write_or_conflict(_l("The payment of this order changed a moment ago. Please try again."))
    return payment


def _new_bank_payment(order: Order) -> Payment:
    """Added, not flushed: the order's reference is unique, so of two requests creating it at
    once the second fails at its flush (and is told so)."""
    payment = Payment(
        order_id=order.id,
        provider="bank_transfer",
        status=PaymentStatus.PENDING,
        amount_minor=order.total_minor,
        received_minor=0,
        currency=order.currency,
        reference=ManualTransfer.reference(order),
    )
    db.session.add(payment)
    return payment


def submit_proof(order: Order, data: bytes, filename: str, *, actor) -> Payment:
    """The buyer uploads a transfer receipt (PDF or photo); staff will check it."""
    if not order.can_pay:
        raise DomainError(_l("This order is not waiting for payment."), field="proof")
    document = store_document(
        data,
        filename,
        uploaded_by=actor,
        allowed=PROOF_TYPES,
        max_bytes=PROOF_MAX_BYTES,
        folder="payment-proofs",
    )
    payment = bank_payment(order, create=True)
    payment.amount_minor = order.total_minor
    payment.proof_document_id = document.id
    payment.proof_uploaded_at = utcnow()
    if payment.is_pending:
        set_payment_status(payment, PaymentStatus.PROOF_SUBMITTED, actor=actor)
    order.payment_method = "bank_transfer"
    add_event(order, "payment", actor=actor, note="proof uploaded", payment_id=payment.id)
    db.session.flush()
    return payment


def confirm_transfer(
    order: Order,
    *,
    actor,
    amount_minor: int | None,
    proof: tuple[bytes, str] | None = None,
    reason: str = "",
    seen_version: int | None = None,
) -> TransferReceipt:
    """Staff saw a transfer arrive: record how much (from the bank statement) with the proof,
    or without one the reason. The order is paid once everything due has arrived; a short
    transfer leaves it partly paid (a later one completes it), an excess is recorded as overpaid.

    ``seen_version`` is the payment's version on the page the staff member confirmed from
    (0: there was no payment yet): a second tab, or a colleague, is told it was already done.
    """
    _require_awaiting_transfer(order)
    if amount_minor is None or amount_minor <= 0:
        raise DomainError(_l("Enter the amount that arrived."), field="amount")
    payment = bank_payment(order)
    if seen_version is not None and (payment.version if payment else 0) != seen_version:
        raise AlreadyDone(CHANGED_MEANWHILE)
    payment = payment or _new_bank_payment(order)
    receipt = TransferReceipt(
        payment=payment,
        order_id=order.id,
        amount_minor=amount_minor,
        currency=order.currency,
        received_total_minor=payment.received_minor + amount_minor,
        due_minor=order.total_minor,
        proof_document_id=_receipt_proof(payment, proof, actor),
        reason=(reason or "").strip()[:1000],
        confirmed_by_id=actor.id,
    )
    if receipt.proof_document_id is None and not receipt.reason:
        raise DomainError(
            _l("Attach the proof of this transfer, or write why there is none."), field="reason"
        )
    payment.amount_minor = order.total_minor
    payment.received_minor = receipt.received_total_minor
    payment.confirmed_by_id = actor.id
    db.session.add(receipt)
    # The first write: a concurrent confirmation that read the same version stops here.
    write_or_conflict(CHANGED_MEANWHILE)
    add_event(
        order,
        "payment",
        actor=actor,
        note="transfer received",
        payment_id=payment.id,
        amount_minor=amount_minor,
        received_minor=payment.received_minor,
        due_minor=order.total_minor,
    )
    if payment.received_minor >= payment.amount_minor:
        set_payment_status(payment, PaymentStatus.SUCCEEDED, actor=actor)
        mark_paid(order, payment, actor=actor)
    else:
        _partly_paid(order, payment, receipt)
    db.session.flush()
    return receipt


#: What a second tab (or a colleague acting at the same moment) is told.
CHANGED_MEANWHILE = _l(
    "Someone else recorded a payment for this order a moment ago, or a new proof arrived. "
    "Nothing was recorded twice: check the order and confirm again if needed."
)


class AlreadyDone(InvalidTransition):
    """Another request (a second tab, a colleague, a webhook) did this first."""


def write_or_conflict(message) -> None:
    """Flush now. Rows carry a version, so the UPDATE only succeeds if nobody changed them since
    we read them (a compare-and-set); the loser of a race gets ``message``, never a 500."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise AlreadyDone(message) from exc
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise AlreadyDone(message) from exc


def is_unique_violation(exc: IntegrityError) -> bool:
    """A unique key taken by a concurrent request (not a broken CHECK or foreign key)."""
    return getattr(exc.orig, "sqlstate", None) == "23505" or "UNIQUE constraint" in str(exc.orig)


def _require_awaiting_transfer(order: Order) -> None:
    if order.status in REFUNDABLE or order.is_refunded:
        raise AlreadyDone(_l("This order is already paid; nothing more was recorded."))
    if not order.is_pending_payment:
        raise InvalidTransition(_l("This order is not waiting for payment."))
    if order.shipping_quote_pending:
        raise InvalidTransition(_l("Quote the shipping first, so the total is known."))


def _receipt_proof(payment: Payment, proof, actor) -> int | None:
    """The staff member's upload, else the buyer's proof waiting for this decision."""
    if proof is not None:
        data, filename = proof
        document = store_document(
            data,
            filename or "proof",
            uploaded_by=actor,
            allowed=PROOF_TYPES,
            max_bytes=PROOF_MAX_BYTES,
            folder="payment-proofs",
        )
        return document.id
    if payment.is_proof_submitted:
        return payment.proof_document_id
    return None


def _partly_paid(order: Order, payment: Payment, receipt: TransferReceipt) -> None:
    """Short: the order stays unpaid with the rest due, and the buyer gets time to send it."""
    if payment.is_proof_submitted:
        set_payment_status(payment, PaymentStatus.PENDING)
    # Money has arrived: give the buyer a full payment window again for the rest.
    order.expires_at = max(order.expires_at or utcnow(), payment_deadline())
    buyer = order.buyer
    queue_email(
        buyer.email,
        Subject(_l("Part of the payment for order %(number)s arrived"), number=order.number),
        "order_partly_paid",
        buyer.preferred_language or "id",
        order=order,
        received=Money(payment.received_minor, order.currency),
        missing=Money(-payment.difference_minor, order.currency),
        reference=payment.reference,
        url=order_url(order),
    )


def record_return(
    order: Order, *, actor, amount_minor: int | None, reference: str, seen_version: int
) -> TransferReceipt:
    """Staff sent money back to the buyer: the excess of an overpaid order, or what arrived for
    an order that was cancelled. The difference shrinks by that much (never below zero)."""
    money = money_summary(order)
    if money.state not in ("over", "to_return"):
        raise InvalidTransition(_l("There is no money to return for this order."))
    payment = money.payment
    if payment is None:
        raise InvalidTransition(_l("There is no money to return for this order."))
    if payment.version != seen_version:
        raise AlreadyDone(CHANGED_MEANWHILE)
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_l("Enter the reference of the transfer back."), field="reference")
    if amount_minor is None or not 0 < amount_minor <= money.excess.amount:
        raise DomainError(
            _l(
                "Enter an amount up to the %(amount)s to return.",
                amount=in_locale(money.excess),
            ),
            field="amount",
        )
    payment.received_minor -= amount_minor
    receipt = TransferReceipt(
        payment=payment,
        order_id=order.id,
        kind="returned",
        amount_minor=amount_minor,
        currency=order.currency,
        received_total_minor=payment.received_minor,
        due_minor=money.due.amount,
        reason=reference[:1000],
        confirmed_by_id=actor.id,
    )
    db.session.add(receipt)
    write_or_conflict(CHANGED_MEANWHILE)
    add_event(order, "payment", actor=actor, note="money returned", amount_minor=amount_minor)
    db.session.flush()
    return receipt


def open_differences(limit: int = 200) -> list[Payment]:
    """Bank payments whose money does not match what is due: partly paid orders still waiting,
    overpaid orders, and cancelled orders that had received money (to return to the buyer)."""
    return list(
        db.session.scalars(
            select(Payment)
            .join(Order, Order.id == Payment.order_id)
            .where(
                Payment.provider == "bank_transfer",
                Payment.received_minor > 0,
                or_(
                    Payment.received_minor != Payment.amount_minor,
                    Order.status == OrderStatus.CANCELLED,
                ),
            )
            .options(selectinload(Payment.order))
            .order_by(Payment.updated_at.desc())
            .limit(limit)
        )
    )


def money_state(payment: Payment | None, order: Order) -> str:
    """What staff and the buyer see about an order's money: none, partial, full, over, or
    to_return (a cancelled order that had received money)."""
    if payment is None or payment.received_minor <= 0:
        return "none"
    if order.is_cancelled:
        return "to_return"
    return payment.charge_state


@dataclass(frozen=True)
class MoneySummary:
    """An order's bank transfers against what is due, in the order's currency."""

    state: str
    payment: Payment | None
    received: Money
    due: Money

    @property
    def receipts(self) -> list[TransferReceipt]:
        return list(self.payment.receipts) if self.payment else []

    @property
    def missing(self) -> Money:
        return Money(max(self.due.amount - self.received.amount, 0), self.due.currency)

    @property
    def excess(self) -> Money:
        """What must go back to the buyer."""
        return Money(max(self.received.amount - self.due.amount, 0), self.due.currency)


def money_summary(order: Order, payment: Payment | None = None) -> MoneySummary:
    payment = payment or bank_payment(order)
    state = money_state(payment, order)
    received = payment.received_minor if payment else 0
    # A cancelled order is owed nothing: all that arrived goes back.
    due = 0 if state == "to_return" or payment is None else payment.amount_minor
    return MoneySummary(state, payment, Money(received, order.currency), Money(due, order.currency))


def reject_proof(order: Order, *, actor, reason: str) -> Payment:
    """The proof does not show the money: the buyer is told and can upload another."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Tell the buyer what is wrong with the proof."), field="reason")
    payment = bank_payment(order)
    if payment is None or not payment.is_proof_submitted:
        raise InvalidTransition(_l("There is no proof waiting for a decision."))
    set_payment_status(payment, PaymentStatus.PENDING, reason=reason, actor=actor)
    add_event(order, "payment", actor=actor, note=reason[:500], payment_id=payment.id)
    buyer = order.buyer
    queue_email(
        buyer.email,
        Subject(_l("Proof of payment for order %(number)s"), number=order.number),
        "order_proof_rejected",
        buyer.preferred_language or "id",
        order=order,
        reason=reason,
        url=order_url(order),
    )
    db.session.flush()
    return payment


def mark_paid(order: Order, payment: Payment, *, actor=None) -> Order:
    """The one way an order becomes paid; commission is recorded on its lines now."""
    transition_order(
        order, OrderStatus.PAID, actor=actor, payment_id=payment.id, provider=payment.provider
    )
    ledger.record_sale(order)
    return order


def succeeded_payment(order: Order) -> Payment | None:
    return db.session.scalar(
        select(Payment)
        .where(Payment.order_id == order.id, Payment.status == PaymentStatus.SUCCEEDED)
        .order_by(Payment.id.desc())
    )


@dataclass(frozen=True)
class CardRefund:
    """What Stripe must be asked to refund, as plain values: it is sent after the claim is
    committed, with no database transaction open while Stripe answers."""

    refund_id: int
    payment_id: int
    payment_intent: str
    amount: Money
    key: str
    #: True when this is an earlier claim Stripe never answered, sent again.
    resumed: bool = False


#: A card refund waiting this long for Stripe's answer was interrupted: send it again.
CLAIM_STALE_AFTER = timedelta(minutes=10)


def refund(
    order: Order,
    *,
    actor,
    quantities: dict[int, int] | None = None,
    include_shipping: bool = False,
    reason: str = "",
) -> tuple[Refund, CardRefund | None]:
    """Refund whole lines or some units of them (``quantities``: line id → units), or the
    whole order (``quantities`` None). Units that never left the warehouse return to stock;
    the enterprise's ledger is reversed accordingly.

    A bank-transfer refund is recorded at once (staff send the money themselves). A card refund
    is only claimed here: the caller commits, sends the returned :class:`CardRefund` to Stripe
    with no transaction open, then records the answer with :func:`finish_card_refund`.
    """
    if order.is_refunded:
        raise AlreadyDone(_l("Order %(number)s is already refunded in full.", number=order.number))
    if order.status not in REFUNDABLE:
        raise InvalidTransition(_l("Only paid orders can be refunded."))
    payment = succeeded_payment(order)
    if payment is None:
        raise InvalidTransition(_l("This order has no confirmed payment to refund."))
    waiting = _unanswered_card_refund(order)
    if waiting is not None:
        return waiting, _resume(waiting, payment)
    lines = _refund_lines(order, quantities, include_shipping)
    amount = sum(line.amount_minor for line in lines)
    if order.refunded_minor + amount > order.total_minor:
        raise DomainError(_l("That is more than was paid."))
    # The first write bumps the order's version: of two refunds read from the same order at
    # once, the second stops here (after the first commits) instead of refunding twice.
    order.updated_at = utcnow()
    write_or_conflict(REFUNDED_MEANWHILE)
    sequence = 1 + (
        db.session.scalar(select(func.count(Refund.id)).where(Refund.order_id == order.id)) or 0
    )
    record = Refund(
        order_id=order.id,
        payment_id=payment.id,
        amount_minor=amount,
        currency=order.currency,
        reason=(reason or "")[:1000],
        status=RefundStatus.PENDING,
        created_by_id=getattr(actor, "id", None),
        lines=lines,
    )
    db.session.add(record)
    if payment.provider != "stripe":
        db.session.flush()
        _apply_refund(order, record, actor)
        record.status = RefundStatus.SUCCEEDED
        db.session.flush()
        return record, None
    if not payment.stripe_payment_intent:
        raise DomainError(_l("This card payment has no Stripe reference to refund."))
    record.idempotency_key = f"rd-{order.number}-refund-{sequence}"
    add_event(order, "refund", actor=actor, note="sent to Stripe", amount_minor=amount)
    db.session.flush()
    return record, _card_refund(record, payment)


REFUNDED_MEANWHILE = _l(
    "Someone else refunded this order a moment ago. Nothing was refunded twice: check the "
    "order before refunding again."
)


def _refund_lines(order: Order, quantities, include_shipping: bool) -> list[RefundLine]:
    """The refund's lines (units of order lines, and the shipping), checked against what is left."""
    lines = {line.id: line for line in order.lines}
    if quantities is None:
        quantities = {line.id: line.remaining_quantity for line in order.lines}
        include_shipping = True
    picked = []
    for line_id, quantity in quantities.items():
        line = lines.get(line_id)
        if line is None:
            raise NotFound(_l("That line is not part of this order."))
        if quantity < 0 or quantity > line.remaining_quantity:
            raise DomainError(
                _l(
                    "%(name)s: refund between 0 and %(n)s units.",
                    name=line.name,
                    n=line.remaining_quantity,
                ),
                field=f"line-{line.id}",
            )
        if quantity:
            picked.append(
                RefundLine(
                    order_line_id=line.id,
                    quantity=quantity,
                    amount_minor=line.unit_price_minor * quantity,
                )
            )
    if include_shipping and not _shipping_refunded(order) and order.shipping_minor > 0:
        picked.append(RefundLine(order_line_id=None, quantity=0, amount_minor=order.shipping_minor))
    if not picked:
        raise DomainError(_l("Choose at least one unit or the shipping to refund."))
    return picked


def _card_refund(record: Refund, payment: Payment, *, resumed: bool = False) -> CardRefund:
    if payment.stripe_payment_intent is None:
        raise InvalidTransition(_l("This order has no confirmed payment to refund."))
    # Both callers pass a claimed refund: its idempotency key is set before it is sent.
    assert record.idempotency_key is not None
    return CardRefund(
        refund_id=record.id,
        payment_id=payment.id,
        payment_intent=payment.stripe_payment_intent,
        amount=Money(record.amount_minor, record.currency),
        key=record.idempotency_key,
        resumed=resumed,
    )


def _unanswered_card_refund(order: Order) -> Refund | None:
    """A card refund claimed but not yet answered by Stripe (in flight, or interrupted)."""
    return db.session.scalar(
        select(Refund).where(
            Refund.order_id == order.id,
            Refund.status == RefundStatus.PENDING,
            Refund.idempotency_key.is_not(None),
            Refund.stripe_refund_id.is_(None),
        )
    )


def _resume(waiting: Refund, payment: Payment) -> CardRefund:
    """An interrupted claim is sent again under its own key (Stripe cannot refund it twice);
    one still in flight makes this request wait its turn."""
    if waiting.created_at > utcnow() - CLAIM_STALE_AFTER:
        raise AlreadyDone(
            _l(
                "A refund of %(amount)s for this order is waiting for Stripe's answer. "
                "Reload the order in a minute.",
                amount=in_locale(Money(waiting.amount_minor, waiting.currency)),
            )
        )
    return _card_refund(waiting, payment, resumed=True)


def finish_card_refund(card: CardRefund, stripe_refund, *, actor) -> Refund:
    """Record Stripe's answer to a claimed card refund (a short transaction of its own).

    ``stripe_refund`` is ``(refund id, status)``, or a :class:`StripeUnavailable` when Stripe
    refused or could not be reached. Answering twice (a retry) changes nothing.
    """
    record = db.session.get(Refund, card.refund_id)
    if record is None:
        raise NotFound(_l("This page does not exist."))
    if isinstance(stripe_refund, DomainError):
        if _settle_claim(record, status=RefundStatus.FAILED):
            add_event(record.order, "refund", actor=actor, note=str(stripe_refund.message)[:500])
            db.session.flush()
        return record
    stripe_id, status = stripe_refund
    status = RefundStatus.SUCCEEDED if status == RefundStatus.SUCCEEDED else RefundStatus.PENDING
    if _settle_claim(record, status=status, stripe_refund_id=stripe_id):
        _apply_refund(record.order, record, actor)
        write_or_conflict(REFUNDED_MEANWHILE)
    return record


def _settle_claim(record: Refund, **values) -> bool:
    """Answer a claim once: a conditional UPDATE, so a resent claim and the original (or a
    failure and a success) never both apply."""
    try:
        result = db.session.execute(
            update(Refund)
            .where(
                Refund.id == record.id,
                Refund.status == RefundStatus.PENDING,
                Refund.stripe_refund_id.is_(None),
            )
            .values(**values)
        )
    except IntegrityError as exc:  # the same Stripe refund recorded by the other request
        if not is_unique_violation(exc):
            raise
        raise AlreadyDone(REFUNDED_MEANWHILE) from exc
    return changed_rows(result) == 1


def _apply_refund(order: Order, record: Refund, actor) -> None:
    """Take the refunded units back: stock of what never left, the ledger, the order's totals."""
    lines = {line.id: line for line in order.lines}
    picked = [(lines[rl.order_line_id], rl.quantity) for rl in record.lines if rl.order_line_id]
    for line, quantity in sorted(picked, key=lambda item: item[0].product_id or 0):
        if quantity > line.remaining_quantity:  # cannot happen while one claim waits at a time
            raise AlreadyDone(REFUNDED_MEANWHILE)
        if line.fulfilment.status not in (
            FulfilmentStatus.SHIPPED,
            FulfilmentStatus.DELIVERED,
        ) and not received_at_warehouse(line):
            release_stock(line, quantity)  # never left the enterprise: back on sale
        ledger.record_refund(line, quantity, record)
        line.refunded_quantity += quantity
    shipping = sum(rl.amount_minor for rl in record.lines if rl.order_line_id is None)
    ledger.record_house_refund(order, record, shipping_minor=shipping)
    order.refunded_minor += record.amount_minor
    add_event(
        order,
        "refund",
        actor=actor,
        note=record.reason,
        refund_id=record.id,
        amount_minor=record.amount_minor,
        currency=order.currency,
    )
    _close_emptied(order, actor)
    _refund_mail(order, record)


def _shipping_refunded(order: Order) -> bool:
    return bool(
        db.session.scalar(
            select(func.count(RefundLine.id))
            .join(Refund, Refund.id == RefundLine.refund_id)
            .where(Refund.order_id == order.id, RefundLine.order_line_id.is_(None))
        )
    )


def _close_emptied(order: Order, actor) -> None:
    """Fulfilments with nothing left are cancelled; an order with nothing left is refunded."""
    emptied = [
        f
        for f in order.fulfilments
        if f.can_cancel and all(li.remaining_quantity == 0 for li in f.lines)
    ]
    release_unshipped(order, actor=actor, fulfilments=emptied)
    if all(line.remaining_quantity == 0 for line in order.lines):
        release_unshipped(order, actor=actor)
        transition_order(order, OrderStatus.REFUNDED, actor=actor)


def _refund_mail(order: Order, record: Refund) -> None:
    buyer = order.buyer
    queue_email(
        buyer.email,
        Subject(_l("Refund for order %(number)s"), number=order.number),
        "order_refunded",
        buyer.preferred_language or "id",
        order=order,
        refund=record,
        amount=Money(record.amount_minor, record.currency),
        url=order_url(order),
    )
