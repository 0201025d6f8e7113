"""Stripe Checkout without the network: the real library with a fake HTTP client, and
webhooks signed with Stripe's real scheme. Only a verified webhook marks an order paid."""

import time

import pytest
from sqlalchemy import func, select

from tests.orders.helpers import place
from tests.orders.stripe_fake import session_event, signed
from trading_house.accounts.models import User
from trading_house.catalog.models import Product
from trading_house.core.models import OutboxEmail
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.cart import find_cart
from trading_house.orders.models import Order, OrderEvent
from trading_house.payments.models import LedgerEntry, Payment, Refund, StripeEvent


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


def stock(product):
    db.session.expire_all()
    return db.session.get(Product, product.id).stock


def cart_quantities(buyer):
    cart = find_cart(user=db.session.get(User, buyer.id))
    return {item.product_id: item.quantity for item in cart.items} if cart else {}


def test_an_async_failure_cancels_the_order_at_once_and_returns_the_items_to_the_cart(
    started, client, card_order, shop, buyer
):
    """Defect 10: no waiting for the expiry job; stock released in the same transaction."""
    assert stock(shop.coffee) == 18
    deliver(client, paid_event(started, payment_status="unpaid"))
    assert status(card_order) == "pending_payment"
    failed = paid_event(started, type_="checkout.session.async_payment_failed")
    response = deliver(client, failed)
    assert response.get_json()["outcome"] == "failed, order cancelled"
    db.session.expire_all()
    assert db.session.get(Payment, started.id).status == "failed"
    assert status(card_order) == "cancelled"
    assert stock(shop.coffee) == 20
    assert cart_quantities(buyer) == {shop.coffee.id: 2}  # ready to check out again
    mail = db.session.scalar(
        select(OutboxEmail).where(OutboxEmail.subject.contains("was cancelled"))
    )
    assert "the items are back in your cart" in mail.body_text
    # Redelivered, or followed by the session's expiry: nothing changes twice.
    assert deliver(client, failed).get_json()["outcome"] == "duplicate"
    expired = paid_event(started, type_="checkout.session.expired")
    assert deliver(client, expired).get_json()["outcome"] == "ignored (failed)"
    assert stock(shop.coffee) == 20
    assert cart_quantities(buyer) == {shop.coffee.id: 2}


def test_an_expired_session_cancels_the_order_and_releases_the_stock(
    started, client, card_order, shop
):
    expired = paid_event(started, type_="checkout.session.expired")
    assert deliver(client, expired).get_json()["outcome"] == "cancelled, order cancelled"
    db.session.expire_all()
    assert db.session.get(Payment, started.id).status == "cancelled"
    assert status(card_order) == "cancelled"
    assert stock(shop.coffee) == 20


def test_an_expired_session_leaves_an_order_the_buyer_pays_by_transfer(
    started, client, login, buyer, card_order, shop
):
    """The buyer opened Stripe, then paid by bank transfer and sent the receipt."""
    from tests.payments.test_bank_transfer import png_bytes, upload

    upload(client, card_order, png_bytes(), "bukti.png")
    expired = paid_event(started, type_="checkout.session.expired")
    assert deliver(client, expired).get_json()["outcome"] == "cancelled"
    assert status(card_order) == "pending_payment"
    assert stock(shop.coffee) == 18


def test_a_webhook_body_over_64_kb_is_refused_before_it_is_parsed(started, client, card_order):
    event = paid_event(started)
    event["data"]["object"]["metadata"] = {"padding": "x" * (64 * 1024)}
    response = deliver(client, event)
    assert response.status_code == 413
    assert status(card_order) == "pending_payment"
    assert db.session.scalar(select(func.count(StripeEvent.id))) == 0
    assert deliver(client, paid_event(started)).status_code == 200  # a normal one still works


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


def test_a_card_refund_stripe_refuses_is_recorded_as_failed_and_changes_nothing(
    started, client, card_order, fake_stripe, admin, login, shop
):
    deliver(client, paid_event(started))
    login(admin)
    fake_stripe.refuse_next = True
    response = client.post(
        f"/payments/admin/orders/{card_order.number}/refund-all?lang=en", follow_redirects=True
    )
    assert "Stripe did not accept the refund" in response.text
    refund = db.session.scalar(select(Refund))
    assert refund.status == "failed" and refund.stripe_refund_id is None
    order = db.session.get(Order, card_order.id)
    assert (order.status, order.refunded_minor) == ("paid", 0)
    assert stock(shop.coffee) == 18
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 1  # the sale only
    # The next attempt is a new refund with a new key, and goes through.
    client.post(f"/payments/admin/orders/{card_order.number}/refund-all")
    keys = [c["headers"]["Idempotency-Key"] for c in fake_stripe.calls("/v1/refunds")]
    assert keys[-1] == f"rd-{card_order.number}-refund-2" and len(set(keys)) == 2
    assert status(card_order) == "refunded"
    assert stock(shop.coffee) == 20


def test_a_checkout_stripe_refuses_is_recorded_and_the_next_click_starts_afresh(
    card_order, client, login, buyer, fake_stripe
):
    login(buyer)
    fake_stripe.refuse_next = True
    response = client.post(f"/payments/orders/{card_order.number}/card?lang=en")
    assert response.status_code == 302
    shown = client.get(response.headers["Location"] + "?lang=en").text
    assert "Card payment could not be started" in shown
    assert db.session.scalar(select(Payment.status)) == "failed"
    retry = client.post(f"/payments/orders/{card_order.number}/card")
    assert retry.status_code == 303
    keys = [c["headers"]["Idempotency-Key"] for c in fake_stripe.calls("/v1/checkout/sessions")]
    assert keys[0].startswith(f"rd-{card_order.number}-checkout-1-")
    assert keys[1].startswith(f"rd-{card_order.number}-checkout-2-")


def test_card_payment_is_refused_for_an_order_partly_paid_by_transfer(
    card_order, client, login, buyer, admin, fake_stripe
):
    from trading_house.payments.services import confirm_transfer

    confirm_transfer(
        db.session.get(Order, card_order.id), actor=admin, amount_minor=1000, reason="statement"
    )
    db.session.commit()
    login(buyer)
    response = client.post(f"/payments/orders/{card_order.number}/card?lang=en")
    shown = client.get(response.headers["Location"] + "?lang=en").text
    assert "Part of this order is already paid by transfer" in shown
    assert fake_stripe.calls("/v1/checkout/sessions") == []
