"""The demo data: threads in different states between the demo importers and enterprises."""

import pytest
from sqlalchemy import select

from trading_house.extensions import db
from trading_house.inquiries import seed
from trading_house.inquiries.models import BuyingRequest, Inquiry
from trading_house.inquiries.quotation_models import Quotation


def test_seed_creates_threads_in_several_states(app, factory, orders_stub):
    kenji = factory.user(
        "buyer", email="importer@rumahdagang.id", country="JP", preferred_language="en"
    )
    factory.user("buyer", email="buyer2@rumahdagang.id", country="NL", preferred_language="en")
    factory.user("curator", email="kurator@rumahdagang.id")
    category = factory.category("Kopi")
    for n in range(3):
        enterprise = factory.enterprise(monthly_capacity=f"{n + 1} t per month")
        factory.product(
            enterprise, category=category, export_moq=50, export_unit="kg", sample_available=True
        )
    with app.test_request_context():
        seed.seed_demo()
        db.session.commit()
        seed.seed_demo()  # a second run adds nothing
        db.session.commit()
    threads = db.session.scalars(select(Inquiry).order_by(Inquiry.id)).all()
    assert sorted((t.kind, t.status) for t in threads) == [
        ("product", "accepted"),
        ("product", "declined"),
        ("product", "open"),
        ("product", "quoted"),
        ("request", "open"),  # the routed buying request, one thread per enterprise
        ("request", "open"),
    ]
    assert threads[0].first_response_at is None and threads[1].first_response_at is not None
    assert {q.status for q in db.session.scalars(select(Quotation))} == {
        "sent",
        "accepted",
        "declined",
    }
    assert sorted(db.session.scalars(select(BuyingRequest.status))) == ["open", "routed"]
    accepted = db.session.scalar(select(Quotation).where(Quotation.status == "accepted"))
    assert accepted.inquiry.buyer_id == kenji.id and accepted.order_number
    assert len(orders_stub) == 1


def test_seed_does_nothing_without_demo_accounts(app, factory):
    with app.test_request_context():
        seed.seed_demo()
    assert db.session.scalar(select(Inquiry)) is None


def test_seeded_quotations_pass_the_price_check_at_the_demo_rates(app, factory, orders_stub):
    """With the demo's exchange rates set first (as ``flask seed-demo`` does), each demo
    quotation is the listed price in its currency, not a figure the price check would stop."""
    from trading_house.core.money import Money
    from trading_house.core.rates import convert
    from trading_house.enterprises.seed import seed_exchange_rates
    from trading_house.inquiries.price_check import price_warning

    factory.user("buyer", email="importer@rumahdagang.id", country="JP", preferred_language="en")
    factory.user("buyer", email="buyer2@rumahdagang.id", country="NL", preferred_language="en")
    category = factory.category("Kopi")
    for price in (45_000, 85_000, 250_000):
        factory.product(
            factory.enterprise(), category=category, export_unit="kg", retail_price_idr=price
        )
    with app.test_request_context():
        seed_exchange_rates()
        seed.seed_demo()
        db.session.commit()
        quotations = db.session.scalars(select(Quotation)).all()
        assert {q.currency for q in quotations} == {"EUR", "JPY", "USD"}
        for quotation in quotations:
            line = quotation.lines[0]
            price = Money(line.unit_price, quotation.currency)
            assert price_warning(line.product, line.quantity, price) is None
            assert convert(price, "IDR").amount == pytest.approx(
                line.product.listed_unit_price_idr(line.quantity), rel=0.01
            )
