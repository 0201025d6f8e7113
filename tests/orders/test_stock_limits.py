"""Limits that protect stock: an unconfirmed buyer reserves nothing, a buyer holds a bounded
number and value of unpaid orders, and placing orders is rate-limited per account and per
address. Every refusal is a clear message and leaves nothing behind."""

import re

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.orders.helpers import CHECKOUT_FORM, place
from trading_house.catalog.models import Product
from trading_house.core.clock import utcnow
from trading_house.core.models import OutboxEmail
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.orders.fulfilment import cancel
from trading_house.orders.models import Order, OrderLine


def sign_in(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def options_page(client, **fields):
    return client.post(
        "/checkout?lang=en",
        data={**CHECKOUT_FORM, "idempotency_key": "k" * 24, "action": "options", **fields},
    )


def place_order(client, **fields):
    page = options_page(client, **fields).get_data(as_text=True)
    match = re.search(r'name="shipping" id="ship-[^"]+" value="([^"]+)"', page)
    data = {**CHECKOUT_FORM, "idempotency_key": fields.pop("key", "p" * 24), "action": "place"}
    data["shipping"] = match.group(1) if match else ""
    return client.post("/checkout?lang=en", data={**data, **fields})


def nothing_held(product, stock):
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count(Order.id))) == 0
        and db.session.scalar(select(func.count(OrderLine.id))) == 0
        and db.session.get(Product, product.id).stock == stock
    )


# --- unconfirmed e-mail -------------------------------------------------------------------


def test_an_unconfirmed_buyer_is_asked_to_confirm_before_ordering(client, factory, shop):
    buyer = factory.user("buyer", email="baru@example.com", verified=False)
    sign_in(client, buyer)
    client.post("/cart/add", data={"product_id": shop.coffee.id, "quantity": "20"})

    page = client.get("/checkout?lang=en").get_data(as_text=True)
    assert 'data-testid="confirm-email-first"' in page
    assert "Please confirm your e-mail address before you order" in page
    assert 'data-testid="checkout-resend"' in page
    options = options_page(client).get_data(as_text=True)
    assert "JNE REG" in options and 'data-testid="place-order"' not in options

    forced = place_order(client)  # a hand-made POST gets the same answer
    assert forced.status_code == 403
    assert "Please confirm your e-mail address before you order" in forced.get_data(as_text=True)
    assert nothing_held(shop.coffee, 20)

    resent = client.post("/verify/resend", data={"next": "/checkout"})
    assert resent.status_code == 302 and resent.headers["Location"].endswith("/checkout")
    assert db.session.scalar(
        select(func.count(OutboxEmail.id)).where(OutboxEmail.recipient == buyer.email)
    )

    db.session.merge(buyer).email_verified_at = utcnow()
    db.session.commit()
    assert place_order(client, key="q" * 24).status_code == 302
    db.session.expire_all()
    assert db.session.get(Product, shop.coffee.id).stock == 0


# --- unpaid orders: how many, how much -----------------------------------------------------


def test_a_buyer_holds_at_most_the_configured_number_of_unpaid_orders(
    app, client, ctx, shop, buyer, monkeypatch
):
    monkeypatch.setitem(app.config, "ORDER_MAX_UNPAID", 2)
    first = place(buyer, [(shop.coffee, 1)])
    place(buyer, [(shop.coffee, 1)])
    sign_in(client, buyer)
    client.post("/cart/add", data={"product_id": shop.silk.id, "quantity": "1"})

    refused = place_order(client)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "You already have 2 unpaid orders." in page
    assert 'href="/orders"' in page  # where to pay or cancel them
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Order.id))) == 2
    assert db.session.get(Product, shop.silk.id).stock == 5
    assert "Sengkang Silk" in client.get("/cart?lang=en").get_data(as_text=True)  # kept

    cancel(db.session.merge(first), actor=None, reason="test")
    db.session.commit()
    assert place_order(client, key="r" * 24).status_code == 302


def test_the_value_of_unpaid_orders_is_bounded(app, client, ctx, shop, buyer, monkeypatch):
    monkeypatch.setitem(app.config, "ORDER_MAX_UNPAID_IDR", 500_000)
    place(buyer, [(shop.coffee, 2)])  # 170,000 + 12,000 shipping
    sign_in(client, buyer)
    client.post("/cart/add", data={"product_id": shop.silk.id, "quantity": "1"})

    refused = place_order(client)  # 450,000 + 12,000 more: 644,000 in all
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "this comes to IDR\u00a0644,000, above the limit of IDR\u00a0500,000" in page
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Order.id))) == 1
    assert db.session.get(Product, shop.silk.id).stock == 5


def test_orders_in_another_currency_count_at_their_rupiah_value(
    app, client, ctx, shop, buyer, monkeypatch
):
    set_rate("EUR", "17500")
    db.session.commit()
    monkeypatch.setitem(app.config, "ORDER_MAX_UNPAID_IDR", 600_000)
    place(buyer, [(shop.coffee, 2)], currency="EUR")  # €9.72 + €0.69 = €10.41 ≈ IDR 182,175
    sign_in(client, buyer)
    client.post("/cart/add", data={"product_id": shop.silk.id, "quantity": "1"})
    refused = place_order(client, currency="EUR")  # + €25.71 + €0.69 = €26.40 = IDR 462,000
    assert refused.status_code == 422
    assert "IDR 644,175, above the limit of IDR 600,000" in refused.get_data(as_text=True)
    monkeypatch.setitem(app.config, "ORDER_MAX_UNPAID_IDR", 650_000)
    assert place_order(client, currency="EUR", key="s" * 24).status_code == 302


# --- rate limits ---------------------------------------------------------------------------


@pytest.fixture
def limited(limits_on, factory, shop):
    def buyer_client(address="127.0.0.1"):
        buyer = factory.user("buyer")
        client = limits_on.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        sign_in(client, buyer)
        return client

    return buyer_client


def attempt(client):
    """A "Place order" post that fails validation (no shipping option): it still counts."""
    return client.post(
        "/checkout?lang=en", data={**CHECKOUT_FORM, "idempotency_key": "k" * 24, "action": "place"}
    )


def test_placing_orders_is_limited_per_account(limited):
    client = limited()
    for _ in range(5):  # looking at shipping options and totals is never limited
        assert options_page(client).status_code == 200
    assert [attempt(client).status_code for _ in range(2)] == [422, 422]
    blocked = attempt(client)
    assert blocked.status_code == 429
    assert "Too many requests" in blocked.get_data(as_text=True)
    assert options_page(client).status_code == 200


def test_placing_orders_is_limited_per_address(limited):
    first, second = limited("10.0.0.7"), limited("10.0.0.7")
    assert [attempt(first).status_code for _ in range(2)] == [422, 422]
    assert attempt(second).status_code == 422
    assert attempt(second).status_code == 429  # the address's third attempt this minute
    elsewhere = limited("10.0.0.8")
    assert attempt(elsewhere).status_code == 422
