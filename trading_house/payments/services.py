"""Payment use cases: bank-transfer proof and confirmation, marking orders paid, refunds."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, InvalidTransition, NotFound
from trading_house.core.mail import queue_email
from trading_house.core.money import Money
from trading_house.core.uploads import store_document
from trading_house.extensions import db
from trading_house.orders.checkout import release_stock
from trading_house.orders.fulfilment import release_unshipped
from trading_house.orders.models import Order, OrderLine
from trading_house.orders.notifications import Subject, order_url
from trading_house.orders.status import add_event, transition
from trading_house.payments import ledger
from trading_house.payments.models import Payment, Refund, RefundLine
from trading_house.payments.providers import ManualTransfer

#: A payment's own small lifecycle.
PAYMENT_TRANSITIONS = {
    "pending": {"proof_submitted", "succeeded", "failed", "cancelled"},
    "proof_submitted": {"pending", "succeeded", "cancelled"},
    "succeeded": set(),
    "failed": set(),
    "cancelled": set(),
}
REFUNDABLE = ("paid", "processing", "shipped", "delivered", "completed")
PROOF_TYPES = ("pdf", "jpeg", "png")
PROOF_MAX_BYTES = 10 * 1024 * 1024


def set_payment_status(payment: Payment, to: str, *, reason: str | None = None) -> Payment:
    if to not in PAYMENT_TRANSITIONS[payment.status]:
        raise InvalidTransition(_l("This payment cannot change that way."))
    payment.status = to
    if to == "succeeded":
        payment.succeeded_at = utcnow()
    if reason is not None:
        payment.failure_reason = reason[:1000]
    return payment


def bank_payment(order: Order, *, create: bool = False) -> Payment | None:
    """The order's bank-transfer payment (one per order, its reference is unique)."""
    payment = db.session.scalar(
        select(Payment).where(
            Payment.order_id == order.id,
            Payment.provider == "bank_transfer",
            Payment.status.in_(("pending", "proof_submitted", "succeeded")),
        )
    )
    if payment is None and create:
        payment = Payment(
            order_id=order.id,
            provider="bank_transfer",
            status="pending",
            amount_minor=order.total_minor,
            currency=order.currency,
            reference=ManualTransfer.reference(order),
        )
        db.session.add(payment)
        db.session.flush()
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
    if payment.status == "pending":
        set_payment_status(payment, "proof_submitted")
    order.payment_method = "bank_transfer"
    add_event(order, "payment", actor=actor, note="proof uploaded", payment_id=payment.id)
    db.session.flush()
    return payment


def confirm_transfer(order: Order, *, actor) -> Payment:
    """An admin saw the money arrive: the payment succeeds and the order is paid."""
    if order.status != "pending_payment":
        raise InvalidTransition(_l("This order is not waiting for payment."))
    if order.shipping_quote_pending:
        raise InvalidTransition(_l("Quote the shipping first, so the total is known."))
    payment = bank_payment(order, create=True)
    payment.amount_minor = order.total_minor
    payment.confirmed_by_id = actor.id
    set_payment_status(payment, "succeeded")
    mark_paid(order, payment, actor=actor)
    return payment


def reject_proof(order: Order, *, actor, reason: str) -> Payment:
    """The proof does not show the money: the buyer is told and can upload another."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Tell the buyer what is wrong with the proof."), field="reason")
    payment = bank_payment(order)
    if payment is None or payment.status != "proof_submitted":
        raise InvalidTransition(_l("There is no proof waiting for a decision."))
    set_payment_status(payment, "pending", reason=reason)
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
    transition(order, "paid", actor=actor, payment_id=payment.id, provider=payment.provider)
    ledger.record_sale(order)
    return order


def succeeded_payment(order: Order) -> Payment | None:
    return db.session.scalar(
        select(Payment)
        .where(Payment.order_id == order.id, Payment.status == "succeeded")
        .order_by(Payment.id.desc())
    )


def refund(
    order: Order,
    *,
    actor,
    quantities: dict[int, int] | None = None,
    include_shipping: bool = False,
    reason: str = "",
) -> Refund:
    """Refund whole lines or some units of them (``quantities``: line id → units), or the
    whole order (``quantities`` None). Card payments go back through Stripe; units that never
    left the warehouse return to stock; the enterprise's ledger is reversed accordingly."""
    if order.status not in REFUNDABLE:
        raise InvalidTransition(_l("Only paid orders can be refunded."))
    payment = succeeded_payment(order)
    if payment is None:
        raise InvalidTransition(_l("This order has no confirmed payment to refund."))
    lines = {line.id: line for line in order.lines}
    if quantities is None:
        quantities = {line.id: line.remaining_quantity for line in order.lines}
        include_shipping = True
    picked: list[tuple[OrderLine, int]] = []
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
            picked.append((line, quantity))
    shipping_due = include_shipping and not _shipping_refunded(order) and order.shipping_minor > 0
    amount = sum(line.unit_price_minor * q for line, q in picked) + (
        order.shipping_minor if shipping_due else 0
    )
    if amount <= 0:
        raise DomainError(_l("Choose at least one unit or the shipping to refund."))
    if order.refunded_minor + amount > order.total_minor:
        raise DomainError(_l("That is more than was paid."))
    sequence = 1 + db.session.scalar(
        select(func.count(Refund.id)).where(Refund.order_id == order.id)
    )
    record = Refund(
        order_id=order.id,
        payment_id=payment.id,
        amount_minor=amount,
        currency=order.currency,
        reason=(reason or "")[:1000],
        status="succeeded",
        created_by_id=getattr(actor, "id", None),
    )
    for line, quantity in picked:
        record.lines.append(
            RefundLine(
                order_line_id=line.id,
                quantity=quantity,
                amount_minor=line.unit_price_minor * quantity,
            )
        )
    if shipping_due:
        record.lines.append(
            RefundLine(order_line_id=None, quantity=0, amount_minor=order.shipping_minor)
        )
    if payment.provider == "stripe":
        from trading_house.payments.stripe_provider import create_refund

        record.stripe_refund_id, status = create_refund(
            payment, Money(amount, order.currency), key=f"rd-{order.number}-refund-{sequence}"
        )
        record.status = "succeeded" if status == "succeeded" else "pending"
    db.session.add(record)
    db.session.flush()
    for line, quantity in sorted(picked, key=lambda item: item[0].product_id or 0):
        if line.fulfilment.status not in ("shipped", "delivered"):
            release_stock(line, quantity)  # never left the warehouse: back on sale
        ledger.record_refund(line, quantity, record)
        line.refunded_quantity += quantity
    order.refunded_minor += amount
    add_event(
        order,
        "refund",
        actor=actor,
        note=record.reason,
        refund_id=record.id,
        amount_minor=amount,
        currency=order.currency,
    )
    _close_emptied(order, actor)
    _refund_mail(order, record)
    db.session.flush()
    return record


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
        if f.status in ("pending", "packed") and all(li.remaining_quantity == 0 for li in f.lines)
    ]
    release_unshipped(order, actor=actor, fulfilments=emptied)
    if all(line.remaining_quantity == 0 for line in order.lines):
        release_unshipped(order, actor=actor)
        transition(order, "refunded", actor=actor)


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
