"""Parallel staff actions and webhooks (defect 11): of two requests acting on the same payment
at the same moment, one succeeds and the other is told plainly that it was already done; never
a 500, never anything recorded twice. Real threads with their own sessions (see ``race.py``),
on SQLite and on PostgreSQL."""

import pytest
from sqlalchemy import func, select

from tests.orders.helpers import confirm_paid, place
from tests.orders.stripe_fake import session_event, signed
from tests.payments.race import together
from tests.payments.test_bank_transfer import pdf_bytes, upload
from trading_house.catalog.models import Product
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.models import Order, OrderEvent
from trading_house.payments.models import LedgerEntry, Payment, Refund, TransferReceipt


@pytest.fixture
def order(ctx, shop, buyer):
    return place(buyer, [(shop.coffee, 2)])


def tabs(app, login, user, n=2):
    """``n`` browsers (or colleagues) signed in as ``user``."""
    clients = [app.test_client() for _ in range(n)]
    for tab in clients:
        login(user, target=tab)
    return clients


def flashed(tab, response) -> str:
    assert response.status_code == 302, response.status_code
    return tab.get(response.headers["Location"] + "?lang=en").text


def refreshed(order) -> Order:
    db.session.expire_all()
    return db.session.get(Order, order.id)


@pytest.mark.parametrize("with_proof", [True, False], ids=["buyer's proof", "no payment yet"])
def test_two_staff_confirming_the_same_transfer_at_once_record_it_once(
    app, client, login, buyer, admin, order, with_proof
):
    if with_proof:
        login(buyer)
        upload(client, order, pdf_bytes(), "bukti.pdf")
    version = db.session.scalar(select(Payment.version)) or 0
    desks = tabs(app, login, admin)
    data = {"amount": "1.250.000", "reason": "" if with_proof else "BNI statement"}

    def submit(tab):
        url = f"/payments/admin/orders/{order.number}/confirm"
        return lambda: tab.post(url, data={**data, "version": str(version)})

    responses = together([submit(tab) for tab in desks])

    pages = [flashed(tab, r) for tab, r in zip(desks, responses, strict=True)]
    assert sum(f"Transfer of {order.number} recorded." in p for p in pages) == 1
    assert sum("Nothing was recorded twice" in p for p in pages) == 1
    assert db.session.scalar(select(func.count(TransferReceipt.id))) == 1
    assert db.session.scalar(select(func.count(Payment.id))) == 1
    assert db.session.scalar(select(Payment.received_minor)) == 1250000
    assert refreshed(order).status == "paid"
    paid = select(func.count(OrderEvent.id)).where(OrderEvent.to_status == "paid")
    assert db.session.scalar(paid) == 1
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 1


def test_two_refund_all_at_once_refund_once(app, login, admin, order, shop):
    confirm_paid(db.session.get(Order, order.id), admin)
    db.session.commit()
    desks = tabs(app, login, admin)
    url = f"/payments/admin/orders/{order.number}/refund-all"

    responses = together([lambda tab=tab: tab.post(url) for tab in desks])

    pages = [flashed(tab, r) for tab, r in zip(desks, responses, strict=True)]
    assert sum(f"Refund recorded for {order.number}." in p for p in pages) == 1
    assert sum("Someone else refunded this order a moment ago" in p for p in pages) == 1
    assert db.session.scalar(select(func.count(Refund.id))) == 1
    order = refreshed(order)
    assert (order.status, order.refunded_minor) == ("refunded", order.total_minor)
    assert db.session.get(Product, shop.coffee.id).stock == 20  # released once, not twice
    refunds = select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "refund")
    assert db.session.scalar(refunds) == 1


def _pay_by_card(client, login, buyer, order):
    login(buyer)
    assert client.post(f"/payments/orders/{order.number}/card").status_code == 303
    return db.session.scalar(select(Payment).where(Payment.provider == "stripe"))


def _event(payment, type_, **kwargs):
    event = session_event(
        payment.stripe_session_id,
        type_,
        amount=Money(payment.amount_minor, payment.currency).stripe_amount(),
        currency=payment.currency,
        **kwargs,
    )
    payload, header = signed(event)
    return payload, {"Stripe-Signature": header, "Content-Type": "application/json"}


def test_two_card_refunds_at_once_send_one_refund_to_stripe(
    app, client, login, buyer, admin, fake_stripe, shop
):
    order = place(buyer, [(shop.coffee, 2)], method="stripe")
    payment = _pay_by_card(client, login, buyer, order)
    payload, headers = _event(payment, "checkout.session.completed")
    assert client.post("/payments/stripe/webhook", data=payload, headers=headers).status_code == 200
    desks = tabs(app, login, admin)
    url = f"/payments/admin/orders/{order.number}/refund-all"

    responses = together([lambda tab=tab: tab.post(url) for tab in desks])

    pages = [flashed(tab, r) for tab, r in zip(desks, responses, strict=True)]
    assert sum(f"Refund recorded for {order.number}." in p for p in pages) == 1
    assert len(fake_stripe.calls("/v1/refunds")) == 1
    assert db.session.scalar(select(func.count(Refund.id))) == 1
    assert refreshed(order).status == "refunded"
    assert db.session.get(Product, shop.coffee.id).stock == 20


def test_concurrent_stripe_events_with_different_ids_pay_the_order_once(
    app, client, login, buyer, fake_stripe, shop
):
    order = place(buyer, [(shop.coffee, 2)], method="stripe")
    payment = _pay_by_card(client, login, buyer, order)
    deliveries = [
        _event(payment, "checkout.session.completed"),
        _event(payment, "checkout.session.async_payment_succeeded"),
    ]
    stripe_side = [app.test_client() for _ in deliveries]

    responses = together(
        [
            lambda c=c, d=d: c.post("/payments/stripe/webhook", data=d[0], headers=d[1])
            for c, d in zip(stripe_side, deliveries, strict=True)
        ]
    )

    assert [r.status_code for r in responses] == [200, 200]
    assert sorted(r.get_json()["outcome"] for r in responses) == ["already paid", "paid"]
    assert refreshed(order).status == "paid"
    paid = select(func.count(OrderEvent.id)).where(OrderEvent.to_status == "paid")
    assert db.session.scalar(paid) == 1
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 1
