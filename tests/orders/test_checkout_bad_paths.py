"""A checkout that fails leaves nothing behind: no order, no line, no fulfilment, no event, no
number used, no stock held, the cart still orderable. Quantity 0, stock gone between the cart
and the checkout (also at the same moment as another buyer), a changed price, a currency
without a rate."""

import re
import threading

import pytest
from sqlalchemy import delete, func, select

from tests.conftest import PASSWORD
from tests.orders.helpers import CHECKOUT_FORM
from trading_house.catalog.models import Product
from trading_house.core.models import ExchangeRate
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.orders.models import (
    Cart,
    CartItem,
    Fulfilment,
    NumberCounter,
    Order,
    OrderEvent,
    OrderLine,
)


def sign_in(app, user):
    client = app.test_client()
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    )
    return client


def options(client, **fields):
    page = client.post(
        "/checkout?lang=en",
        data={**CHECKOUT_FORM, "idempotency_key": "k" * 24, "action": "options", **fields},
    ).get_data(as_text=True)
    return {
        "version": re.search(r'name="cart_version" type="hidden" value="([^"]*)"', page),
        "shipping": re.search(r'name="shipping" id="ship-[^"]+" value="([^"]+)" checked', page),
    }


def place(client, shipping, **fields):
    data = {**CHECKOUT_FORM, "idempotency_key": "k" * 24, "action": "place", "shipping": shipping}
    return client.post("/checkout?lang=en", data={**data, **fields})


def written():
    """Rows a checkout writes, and the stock of every product."""
    db.session.expire_all()
    rows = tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Order, OrderLine, Fulfilment, OrderEvent)
    )
    counter = db.session.scalar(select(func.coalesce(func.max(NumberCounter.last_value), 0)))
    stock = dict(db.session.execute(select(Product.id, Product.stock)).all())
    versions = tuple(db.session.scalars(select(Cart.checkout_version).order_by(Cart.id)))
    return rows, counter, stock, versions


@pytest.fixture
def shopper(app, shop, buyer):
    client = sign_in(app, buyer)
    client.post("/cart/add", data={"product_id": shop.coffee.id, "quantity": "2"})
    return client


def test_quantity_zero_is_refused_and_the_cart_still_checks_out(shopper, shop):
    before = written()
    item = db.session.scalar(select(CartItem))
    refused = shopper.post(f"/cart/items/{item.id}?lang=en", data={"quantity": "0"})
    assert refused.status_code == 422 and "at least 1" in refused.get_data(as_text=True)
    added = shopper.post("/cart/add?lang=en", data={"product_id": shop.silk.id, "quantity": "0"})
    assert added.status_code == 302
    assert written() == before
    db.session.expire_all()
    assert [(i.product_id, i.quantity) for i in db.session.scalars(select(CartItem))] == [
        (shop.coffee.id, 2)
    ]
    shipping = options(shopper)["shipping"].group(1)
    assert place(shopper, shipping).status_code == 302


def test_a_product_sold_out_after_the_options_were_shown(shopper, shop):
    shipping = options(shopper)["shipping"].group(1)
    db.session.merge(shop.coffee).stock = 0
    db.session.commit()
    before = written()
    response = place(shopper, shipping)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Toraja Coffee is sold out and will be removed." in page
    assert written() == before
    assert "Your cart is empty" in shopper.get("/cart?lang=en").get_data(as_text=True)


def test_less_stock_than_wanted_lowers_the_quantity_before_anything_is_held(shopper, shop):
    shipping = options(shopper)["shipping"].group(1)
    db.session.merge(shop.coffee).stock = 1
    db.session.commit()
    before = written()
    response = place(shopper, shipping)
    assert response.status_code == 409
    assert "Only 1 of Toraja Coffee are left; your quantity becomes 1." in response.get_data(
        as_text=True
    )
    assert written() == before
    assert place(shopper, shipping).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(OrderLine.quantity)) == 1
    assert db.session.get(Product, shop.coffee.id).stock == 0


def test_a_changed_price_is_shown_and_nothing_is_written(shopper, shop):
    shipping = options(shopper)["shipping"].group(1)
    db.session.merge(shop.coffee).retail_price_idr = 99_000
    db.session.commit()
    before = written()
    response = place(shopper, shipping)
    assert response.status_code == 409
    assert "changed from IDR\u00a085,000 to IDR\u00a099,000" in response.get_data(as_text=True)
    assert written() == before


def test_a_currency_without_a_rate(shopper, ctx):
    shipping = options(shopper)["shipping"].group(1)
    before = written()
    response = place(shopper, shipping, currency="EUR")
    assert response.status_code == 422
    assert "Choose a currency from the list." in response.get_data(as_text=True)
    assert written() == before


def test_a_rate_removed_between_the_options_and_the_order(shopper, ctx):
    set_rate("EUR", "17500")
    db.session.commit()
    shipping = options(shopper, currency="EUR")["shipping"].group(1)
    db.session.execute(delete(ExchangeRate).where(ExchangeRate.currency == "EUR"))
    db.session.commit()
    before = written()
    response = place(shopper, shipping, currency="EUR")
    assert response.status_code == 422
    assert "Choose a currency from the list." in response.get_data(as_text=True)
    assert written() == before


def test_the_last_unit_bought_by_two_buyers_at_the_same_moment(app, shop, factory):
    """One gets it; the other a clear message, and nothing of theirs is held or written."""
    last = factory.product(shop.enterprise, category=shop.category, stock=1, weight_grams=300)
    buyers = [factory.user("buyer") for _ in range(2)]
    clients = [sign_in(app, b) for b in buyers]
    shippings = []
    for client in clients:
        client.post("/cart/add", data={"product_id": last.id, "quantity": "1"})
        shippings.append(options(client)["shipping"].group(1))
    barrier = threading.Barrier(2)
    responses = [None, None]

    def submit(index):
        barrier.wait()
        responses[index] = place(clients[index], shippings[index])

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    codes = sorted(r.status_code for r in responses)
    assert codes[0] == 302 and codes[1] in (409, 422), codes
    loser = next(r for r in responses if r.status_code != 302).get_data(as_text=True)
    assert "Not enough stock" in loser or "is sold out" in loser
    (rows, counter, stock, versions) = written()
    assert rows[:3] == (1, 1, 1)
    assert stock[last.id] == 0
    assert sorted(versions) == [0, 1]  # only the winner's cart moved on
