"""The demo data: threads in different states between the demo importers and enterprises."""

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
