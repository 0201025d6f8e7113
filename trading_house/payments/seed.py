"""Demo data of the payments area: some of the demo orders are paid (bank transfer confirmed
by the admin), one is shipped and delivered, so the ledger and the SME screens have content."""

from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.extensions import db
from trading_house.orders.fulfilment import deliver, pack, ship
from trading_house.orders.models import Order
from trading_house.payments.services import confirm_transfer


def seed_demo() -> None:
    admin = db.session.scalar(select(User).where(User.email == "admin@rumahdagang.id"))
    pending = list(
        db.session.scalars(
            select(Order)
            .where(Order.status == "pending_payment", Order.kind == "retail")
            .order_by(Order.id)
        )
    )
    if admin is None or len(pending) < 3:
        return
    # The first stays unpaid (the buyer sees the transfer instructions).
    paid = pending[1:]
    for order in paid:
        if not order.shipping_quote_pending:
            confirm_transfer(
                order,
                actor=admin,
                amount_minor=order.total_minor,
                reason="Demo data: seen on the bank statement.",
            )
    delivered = paid[1]
    for fulfilment in delivered.fulfilments:
        pack(fulfilment, actor=admin)
        ship(fulfilment, actor=admin, courier="JNE", tracking_number="JNE0123456789")
        deliver(fulfilment, actor=admin)
    packed = paid[0]
    for fulfilment in packed.fulfilments:
        pack(fulfilment, actor=admin)
