"""Orders from accepted quotations and samples (the B2B half).

The inquiries area sends ``quotation_accepted`` / ``sample_accepted`` (see the contract in
``inquiries/signals.py``); we create the order in the same transaction, at the quoted price
and currency, and return it. Made-to-order goods have a lead time, so no stock is reserved.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.core.money import Money
from trading_house.core.money import to_idr as money_to_idr
from trading_house.core.rates import rate_table
from trading_house.extensions import db
from trading_house.orders.checkout import add_line, finish_order, new_order, next_number
from trading_house.orders.models import Order
from trading_house.orders.status import OrderKind, OrderStatus, transition_order


def settlement_idr(amount_minor: int, currency: str) -> int:
    """Minor units of ``currency`` → whole rupiah at the admin-set rate (settlement)."""
    micro = rate_table().get(currency)
    if currency != "IDR" and not micro:
        raise DomainError(
            _l(
                "The trading house has not set an exchange rate for %(c)s yet. "
                "Please try again later.",
                c=currency,
            )
        )
    return money_to_idr(Money(amount_minor, currency), micro)


def _payment_method(terms: str | None) -> str:
    if terms == "card" and current_app.config.get("STRIPE_SECRET_KEY"):
        return "stripe"
    return "bank_transfer"


def _prepare(buyer, currency: str, country: str, locale_note: str) -> Order:
    order = new_order(buyer, next_number("order", "RD", 6), currency, None, "")
    order.ship_name = buyer.company or buyer.display_name
    order.ship_country = country or "ID"
    days = current_app.config["ORDER_QUOTATION_PAYMENT_DAYS"]
    order.expires_at = utcnow() + timedelta(days=days)
    order.buyer_note = locale_note
    return order


def order_from_quotation(quotation, buyer) -> Order:
    """One order per quotation, at its prices and currency; returns the existing one if any."""
    existing = db.session.scalar(select(Order).where(Order.quotation_id == quotation.id))
    if existing is not None:
        return existing
    inquiry = quotation.inquiry
    order = _prepare(
        buyer,
        quotation.currency,
        inquiry.destination_country,
        str(_l("From quotation %(n)s", n=quotation.number)),
    )
    order.kind = OrderKind.QUOTATION
    order.quotation_id = quotation.id
    order.incoterm = quotation.incoterm
    order.incoterm_place = quotation.named_place
    order.shipping_service = f"{quotation.incoterm} {quotation.named_place}"
    order.payment_method = _payment_method(quotation.payment_terms)
    for qline in quotation.lines:
        # Pooled lines pay the supplier the net rupiah it confirmed, whatever the rate is now;
        # the trading house sells them and keeps its margin instead of a commission.
        # (Pooled quotations sent before net rupiah prices settle at their cost converted now.)
        settlement = qline.net_idr
        if settlement is None:
            settlement = settlement_idr(qline.unit_cost, quotation.currency)
        line = add_line(
            order,
            qline.product,
            qline.quantity,
            Money(qline.unit_price, quotation.currency),
            settlement,
            "en",
            name=qline.description,
            enterprise_id=qline.enterprise_id,
        )
        if quotation.is_pooled:
            line.unit_cost_minor = qline.unit_cost
        line.hs_code = qline.hs_code or line.hs_code
        line.origin_regency_code = qline.origin_regency_code or line.origin_regency_code
        line.unit = qline.unit or line.unit
    finish_order(order, actor=buyer, note=order.buyer_note)
    return order


def order_from_sample(sample, buyer) -> Order:
    """A sample lot becomes a small order (one line). Free samples shipped at the seller's
    cost need no payment; otherwise the trading house quotes shipping when the buyer pays it."""
    currency = sample.currency or "IDR"
    price = sample.price or 0
    order = _prepare(
        buyer,
        currency,
        sample.inquiry.destination_country,
        str(_l("Sample request %(id)s", id=sample.id)),
    )
    order.kind = OrderKind.SAMPLE
    order.shipping_quote_pending = sample.shipping_paid_by == "buyer"
    order.shipping_service = str(_l("Sample shipment"))
    product = sample.product
    line = add_line(
        order,
        product,
        1,
        Money(price, currency),
        settlement_idr(price, currency),
        "en",
        name=f"{product.name_for('en')} - sample ({sample.quantity} {sample.unit})",
        enterprise_id=sample.inquiry.enterprise_id,
    )
    line.unit = "lot"
    finish_order(order, actor=buyer)
    if order.total_minor == 0 and not order.shipping_quote_pending:
        transition_order(order, OrderStatus.PAID, actor=buyer, note="free sample")
    return order


def on_quotation_accepted(quotation, buyer=None, **_extra):
    return order_from_quotation(quotation, buyer or quotation.inquiry.buyer)


def on_sample_accepted(sample, buyer=None, **_extra):
    return order_from_sample(sample, buyer or sample.inquiry.buyer)


def connect() -> None:
    from trading_house.inquiries.signals import quotation_accepted, sample_accepted

    quotation_accepted.connect(on_quotation_accepted, weak=False)
    sample_accepted.connect(on_sample_accepted, weak=False)
