"""Accepted quotations and samples become orders at the quoted price and currency, in the
same transaction as the acceptance, through the inquiries area's signals."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.inquiries import quotations, samples, services
from trading_house.inquiries.terms import trading_today
from trading_house.orders.models import Order


@pytest.fixture
def thread(ctx, shop, factory):
    set_rate("USD", "16000")
    importer = factory.user("buyer", buyer_type="importer", country="JP")
    inquiry = services.start_inquiry(
        importer,
        shop.coffee,
        quantity=200,
        unit="kg",
        destination_country="JP",
        incoterm="FOB",
        date_needed=trading_today() + timedelta(days=60),
        message="Please quote FOB Makassar.",
        locale="en",
    )
    db.session.commit()
    return inquiry, importer


def quote(shop, inquiry, **changes):
    fields = dict(
        unit_price=1250,
        currency="USD",
        quantity=200,
        moq=100,
        incoterm="FOB",
        named_place="Makassar",
        lead_time_days=21,
        valid_until=trading_today() + timedelta(days=30),
        payment_terms="bank_transfer",
        notes="",
    )
    fields.update(changes)
    quotation = quotations.issue_quotation(shop.owner, inquiry, **fields)
    db.session.commit()
    return quotation


def test_accepting_a_quotation_creates_the_order_at_the_quoted_price(thread, shop):
    inquiry, importer = thread
    quotation = quote(shop, inquiry)
    acceptance = quotations.accept_quotation(quotation, importer)
    db.session.commit()
    order = db.session.scalar(select(Order))
    assert acceptance.order_number == order.number == quotation.order_number
    assert (order.kind, order.currency, order.status) == ("quotation", "USD", "pending_payment")
    assert (order.incoterm, order.incoterm_place, order.ship_country) == ("FOB", "Makassar", "JP")
    (line,) = order.lines
    assert (line.quantity, line.unit_price_minor, line.line_total_minor) == (200, 1250, 250000)
    assert order.total_minor == 250000 and order.shipping_minor == 0
    assert line.settlement_unit_idr == 200000  # USD 12.50 at IDR 16,000
    assert line.fulfilment.enterprise_id == shop.enterprise.id
    assert not line.stock_reserved  # made to order: the catalog stock is untouched


def test_accepting_twice_makes_one_order(thread, shop):
    inquiry, importer = thread
    quotation = quote(shop, inquiry)
    quotations.accept_quotation(quotation, importer)
    db.session.commit()
    quotations.accept_quotation(quotation, importer)
    db.session.commit()
    assert db.session.scalar(select(func.count(Order.id))) == 1


def test_a_quotation_in_a_currency_without_a_rate_is_refused_and_nothing_is_written(thread, shop):
    inquiry, importer = thread
    quotation = quote(shop, inquiry, currency="EUR", unit_price=1150)
    with pytest.raises(Exception, match="exchange rate for EUR"):
        quotations.accept_quotation(quotation, importer)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Order.id))) == 0
    assert quotation.status == "sent"


def test_an_accepted_sample_becomes_a_small_order(thread, shop):
    inquiry, importer = thread
    sample = samples.request_sample(importer, inquiry, quantity=2)
    samples.offer_sample(shop.owner, sample, price=0, currency="USD", shipping_paid_by="enterprise")
    db.session.commit()
    samples.accept_sample(sample, importer)
    db.session.commit()
    order = db.session.scalar(select(Order))
    assert order.kind == "sample" and order.total_minor == 0
    assert order.status == "paid"  # free, shipped at the seller's cost: nothing to pay
    assert sample.order_number == order.number


def test_a_sample_the_buyer_ships_waits_for_a_shipping_quote(thread, shop, admin):
    inquiry, importer = thread
    sample = samples.request_sample(importer, inquiry, quantity=2)
    samples.offer_sample(shop.owner, sample, price=1500, currency="USD", shipping_paid_by="buyer")
    db.session.commit()
    samples.accept_sample(sample, importer)
    db.session.commit()
    order = db.session.scalar(select(Order))
    assert order.shipping_quote_pending and not order.can_pay
    from trading_house.orders.fulfilment import set_shipping_quote

    set_shipping_quote(order, 480000, actor=admin)
    assert order.shipping_minor == 3000 and order.total_minor == 4500 and order.can_pay
