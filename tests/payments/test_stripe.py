"""Stripe Checkout without the network: the real library with a fake HTTP client, and
webhooks signed with Stripe's real scheme. Only a verified webhook marks an order paid."""

import time

import pytest
from sqlalchemy import func, select

from tests.orders.helpers import place
from tests.orders.stripe_fake import session_event, signed
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.models import Order, OrderEvent
from trading_house.payments.models import LedgerEntry, Payment, StripeEvent


@pytest.fixture
def card_order(ctx, fake_stripe, shop, buyer):
    return place(buyer, [(shop.coffee, 2)], method="stripe")


@pytest.fixture
def started(card_order, client, login, buyer, fake_stripe):
    """The buyer clicked "Pay by card": a Checkout Session exists."""
    login(buyer)
    response = client.post(f"/payments/orders/{card_order.number}/card")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("https://checkout.stripe.com/")
    return db.session.scalar(select(Payment).where(Payment.provider == "stripe"))


def deliver(client, event, **kwargs):
    payload, header = signed(event, **kwargs)
    return client.post(
        "/payments/stripe/webhook",
        data=payload,
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    )


def paid_event(payment, **kwargs):
    return session_event(
        payment.stripe_session_id,
        amount=Money(payment.amount_minor, payment.currency).stripe_amount(),
        currency=payment.currency,
        **kwargs,
    )


def status(order):
    db.session.expire_all()
    return db.session.get(Order, order.id).status


def test_starting_checkout_sends_our_idempotency_key_and_the_order_total(
    started, fake_stripe, card_order
):
    (call,) = fake_stripe.calls("/v1/checkout/sessions")
    assert call["headers"]["Idempotency-Key"].startswith(f"rd-{card_order.number}-checkout-1-")
    # IDR 182,000 → Stripe counts IDR in hundredths
    assert call["form"]["line_items[0][price_data][unit_amount]"] == "18200000"
    assert call["form"]["line_items[0][price_data][currency]"] == "idr"
    assert call["form"]["client_reference_id"] == card_order.number
    assert started.stripe_session_id.startswith("cs_test_")
    assert status(card_order) == "pending_payment"


def test_clicking_pay_twice_reuses_the_open_session(started, client, card_order, fake_stripe):
    client.post(f"/payments/orders/{card_order.number}/card")
    assert len(fake_stripe.calls("/v1/checkout/sessions")) == 1


def test_the_return_url_never_marks_the_order_paid(started, client, card_order):
    response = client.get(f"/payments/orders/{card_order.number}/card/return?session_id=x")
    assert response.status_code == 302
    assert status(card_order) == "pending_payment"


def test_a_verified_webhook_pays_the_order_and_records_commission(started, client, card_order):
    response = deliver(client, paid_event(started))
    assert response.status_code == 200
    assert response.get_json()["outcome"] == "paid"
    assert status(card_order) == "paid"
    payment = db.session.get(Payment, started.id)
    assert payment.status == "succeeded"
    assert payment.stripe_payment_intent == f"pi_test_{started.stripe_session_id}"
    entry = db.session.scalar(select(LedgerEntry))
    assert (entry.kind, entry.gross_idr, entry.commission_idr) == ("sale", 170000, 17000)


def test_the_same_event_delivered_twice_changes_the_order_once(started, client, card_order):
    event = paid_event(started, event_id="evt_twice")
    first, second = deliver(client, event), deliver(client, event)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.get_json()["outcome"] == "duplicate"
    assert db.session.scalar(select(func.count(StripeEvent.id))) == 1
    paid = db.session.scalars(select(OrderEvent).where(OrderEvent.to_status == "paid")).all()
    assert len(paid) == 1
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 1


def test_events_out_of_order_change_the_order_once(started, client, card_order):
    """The async success arrives before "completed" (which still says unpaid)."""
    succeeded = paid_event(started, type_="checkout.session.async_payment_succeeded")
    completed = paid_event(started, payment_status="unpaid", created=int(time.time()) - 60)
    assert deliver(client, succeeded).get_json()["outcome"] == "paid"
    assert deliver(client, completed).get_json()["outcome"] == "already paid"
    failed = paid_event(started, type_="checkout.session.async_payment_failed")
    assert deliver(client, failed).get_json()["outcome"] == "ignored (succeeded)"
    assert status(card_order) == "paid"
    assert db.session.get(Payment, started.id).status == "succeeded"
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 1


def test_an_async_failure_leaves_the_order_payable(started, client, card_order):
    deliver(client, paid_event(started, payment_status="unpaid"))
    assert status(card_order) == "pending_payment"
    deliver(client, paid_event(started, type_="checkout.session.async_payment_failed"))
    db.session.expire_all()
    assert db.session.get(Payment, started.id).status == "failed"
    assert status(card_order) == "pending_payment"


def test_a_late_payment_for_an_expired_order_does_not_revive_it(started, client, card_order, app):
    from trading_house.orders.fulfilment import cancel

    cancel(db.session.get(Order, card_order.id), actor=None, reason="expired")
    db.session.commit()
    outcome = deliver(client, paid_event(started)).get_json()["outcome"]
    assert outcome == "needs refund"
    assert status(card_order) == "cancelled"
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 0


@pytest.mark.parametrize("how", ["bad signature", "stale timestamp", "no header", "wrong secret"])
def test_a_webhook_that_fails_verification_is_refused_and_changes_nothing(
    started, client, card_order, how
):
    event = paid_event(started)
    if how == "bad signature":
        payload, header = signed(event)
        header = header[:-4] + "0000"
    elif how == "stale timestamp":
        payload, header = signed(event, timestamp=int(time.time()) - 3600)
    elif how == "wrong secret":
        payload, header = signed(event, secret="whsec_someone_else")
    else:
        payload, header = signed(event)[0], ""
    response = client.post(
        "/payments/stripe/webhook", data=payload, headers={"Stripe-Signature": header}
    )
    assert response.status_code == 400
    assert status(card_order) == "pending_payment"
    assert db.session.scalar(select(func.count(StripeEvent.id))) == 0


def test_a_tampered_amount_is_not_accepted(started, client, card_order):
    event = paid_event(started)
    event["data"]["object"]["amount_total"] = 100
    assert deliver(client, event).get_json()["outcome"] == "amount mismatch"
    assert status(card_order) == "pending_payment"


def test_a_card_refund_goes_through_stripe_with_our_key(
    started, client, card_order, fake_stripe, admin, login
):
    deliver(client, paid_event(started))
    login(admin)
    line = db.session.get(Order, card_order.id).lines[0]
    response = client.post(
        f"/payments/admin/orders/{card_order.number}/refund",
        data={f"line-{line.id}": "1", "reason": "one bag torn"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    (call,) = fake_stripe.calls("/v1/refunds")
    assert call["form"]["amount"] == "8500000"  # IDR 85,000 in Stripe's hundredths
    assert call["form"]["payment_intent"] == f"pi_test_{started.stripe_session_id}"
    assert call["headers"]["Idempotency-Key"] == f"rd-{card_order.number}-refund-1"
    order = db.session.get(Order, card_order.id)
    assert order.refunded_minor == 85000 and order.status == "paid"
