"""No database write transaction is open while the app waits for Stripe (defect 12).

Stripe is made slow on purpose (the fake HTTP client holds each call until the test lets it
go). While a card payment is being started or a card refund sent, another buyer updates their
cart at once, the database shows no open write transaction (SQLite: the write lock is free;
PostgreSQL: no backend holds a transaction id), and the idempotency key makes a retry safe.
"""

import sqlite3
import threading
import time

import pytest
from sqlalchemy import create_engine, select, text

from tests.orders.helpers import place
from tests.orders.stripe_fake import FakeStripe, session_event, signed
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.models import Order
from trading_house.payments.models import Payment, Refund

#: Another writer must get through well before Stripe answers.
QUICK = 3.0


class SlowStripe(FakeStripe):
    """Holds every call until ``release`` is set (at most 20 s), after saying it is inside."""

    def __init__(self):
        super().__init__()
        self.inside = threading.Event()
        self.release = threading.Event()

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        self.inside.set()
        self.release.wait(20)
        return super().request(method, url, headers, post_data, _usage=_usage)


@pytest.fixture
def slow_stripe(app, fake_stripe):
    slow = SlowStripe()
    app.extensions["stripe_http_client"] = slow
    yield slow
    slow.release.set()


def no_write_transaction_open(app) -> bool:
    """Asked from outside the app, the way another process would see it."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0.5)
        try:
            connection.execute("BEGIN IMMEDIATE")  # needs the write lock, at once
            connection.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            connection.close()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            writers = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
                )
            ).scalar()
        return writers == 0
    finally:
        engine.dispose()


def while_stripe_is_slow(app, slow, request, other_writer):
    """Run ``request`` in a thread; while it waits for Stripe, check the database and time
    ``other_writer``; then let Stripe answer. Returns the request's response."""
    result = {}
    thread = threading.Thread(target=lambda: result.update(response=request()))
    thread.start()
    try:
        assert slow.inside.wait(20), "the request never called Stripe"
        assert no_write_transaction_open(app)
        started = time.monotonic()
        other_writer()
        assert time.monotonic() - started < QUICK
    finally:
        slow.release.set()
        thread.join(30)
    assert not thread.is_alive()
    return result["response"]


def another_buyers_cart_update(app, login, factory, product):
    other = factory.user("buyer")
    browser = app.test_client()
    login(other, target=browser)

    data = {"product_id": product.id, "quantity": "1"}

    def write():
        response = browser.post("/cart/add", data=data)
        assert response.status_code == 302

    return write


def test_starting_a_card_payment_keeps_no_transaction_open_while_stripe_answers(
    app, client, login, factory, ctx, shop, buyer, slow_stripe
):
    order = place(buyer, [(shop.coffee, 2)], method="stripe")
    login(buyer)
    other_writer = another_buyers_cart_update(app, login, factory, shop.silk)
    url = f"/payments/orders/{order.number}/card"

    response = while_stripe_is_slow(
        app,
        slow_stripe,
        lambda: client.post(url),
        other_writer,
    )

    assert response.status_code == 303
    db.session.expire_all()
    payment = db.session.scalar(select(Payment))
    assert payment.status == "pending" and payment.stripe_session_id.startswith("cs_test_")
    assert payment.stripe_expires_at is not None
    (call,) = slow_stripe.calls("/v1/checkout/sessions")
    assert call["headers"]["Idempotency-Key"] == payment.idempotency_key


def test_a_card_refund_keeps_no_transaction_open_while_stripe_answers(
    app, client, login, factory, ctx, shop, buyer, admin, slow_stripe
):
    order = place(buyer, [(shop.coffee, 2)], method="stripe")
    login(buyer)
    slow_stripe.release.set()  # starting the payment is not under test here
    assert client.post(f"/payments/orders/{order.number}/card").status_code == 303
    payment = db.session.scalar(select(Payment))
    event = session_event(
        payment.stripe_session_id,
        amount=Money(payment.amount_minor, payment.currency).stripe_amount(),
        currency=payment.currency,
    )
    payload, header = signed(event)
    client.post("/payments/stripe/webhook", data=payload, headers={"Stripe-Signature": header})
    slow_stripe.inside.clear()
    slow_stripe.release.clear()
    login(admin)
    other_writer = another_buyers_cart_update(app, login, factory, shop.silk)
    url = f"/payments/admin/orders/{order.number}/refund-all"

    response = while_stripe_is_slow(
        app,
        slow_stripe,
        lambda: client.post(url),
        other_writer,
    )

    assert response.status_code == 302
    db.session.expire_all()
    refund = db.session.scalar(select(Refund))
    assert refund.status == "succeeded" and refund.stripe_refund_id.startswith("re_test_")
    assert db.session.get(Order, order.id).status == "refunded"
    (call,) = slow_stripe.calls("/v1/refunds")
    assert call["headers"]["Idempotency-Key"] == refund.idempotency_key
