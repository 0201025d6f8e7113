"""Checkout: country-aware addresses, shipping options and totals, numbers, snapshots,
stock, one fulfilment per enterprise, and the same form submitted twice."""

import re

import pytest
from sqlalchemy import func, select

from tests.orders.helpers import CHECKOUT_FORM, makassar, place
from trading_house.catalog.models import Product
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.orders.checkout import InsufficientStock
from trading_house.orders.models import Order, OrderEvent


@pytest.fixture
def signed_in(client, buyer, login, shop):
    login(buyer)
    client.post("/cart/add", data={"product_id": shop.coffee.id, "quantity": "2"})
    return client


def checkout(client, **fields):
    data = {**CHECKOUT_FORM, "idempotency_key": "k" * 24, "action": "place", **fields}
    return client.post("/checkout?lang=en", data=data)


def test_checkout_needs_sign_in(client, shop):
    response = client.get("/checkout")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_checkout_page_offers_a_fresh_key_and_writes_nothing(signed_in):
    page = signed_in.get("/checkout?lang=en").get_data(as_text=True)
    assert re.search(r'name="idempotency_key" type="hidden" value="[\w-]{24,}"', page)
    assert db.session.scalar(select(func.count(Order.id))) == 0


def test_shipping_options_and_totals_are_shown_before_placing(signed_in):
    response = signed_in.post(
        "/checkout?lang=en",
        data={**CHECKOUT_FORM, "idempotency_key": "k" * 24, "action": "options"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "JNE REG" in page
    # 2 × 85,000 + JNE REG 0–1 kg 12,000 (600 g parcel)
    assert "Total: IDR\u00a0182,000" in page
    assert db.session.scalar(select(func.count(Order.id))) == 0


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"province": ""}, "province", "Choose the province."),
        ({"postal_code": "9011"}, "postal_code", "5 digits"),
        ({"postal_code": ""}, "postal_code", "Enter the postal code."),
        ({"line1": ""}, "line1", "Enter the street address."),
        ({"country": "US", "region": "", "postal_code": "94105"}, "region", "Enter the state."),
        ({"country": "GB", "postal_code": "12345"}, "postal_code", "does not look right"),
        ({"country": "XX"}, "country", "Choose a country"),
    ],
)
def test_an_address_missing_what_its_country_requires(signed_in, changes, field, message):
    response = checkout(signed_in, **changes)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'data-field-error="{field}"' in page
    assert message in page
    assert 'value="Jl. Somba Opu No. 45"' in page or changes.get("line1") == ""
    assert db.session.scalar(select(func.count(Order.id))) == 0


def test_singapore_needs_no_region(signed_in):
    response = signed_in.post(
        "/checkout?lang=en",
        data={
            **CHECKOUT_FORM,
            "country": "SG",
            "region": "",
            "province": "",
            "city": "Singapore",
            "postal_code": "079903",
            "idempotency_key": "k" * 24,
            "action": "options",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "POS Indonesia EMS" in page


def test_placing_an_order(signed_in, shop, buyer):
    response = checkout(signed_in, shipping=_first_option(signed_in))
    assert response.status_code == 302
    db.session.expire_all()  # the request ran in its own session
    order = db.session.scalar(select(Order))
    assert re.fullmatch(r"RD-\d{4}-000001", order.number)
    assert response.headers["Location"].endswith(f"/orders/{order.number}")
    assert order.status == "pending_payment" and order.currency == "IDR"
    assert (order.subtotal_minor, order.shipping_minor, order.total_minor) == (
        170000,
        12000,
        182000,
    )
    (line,) = order.lines
    assert (line.name, line.sku, line.hs_code, line.unit_price_minor, line.currency) == (
        "Toraja Coffee",
        "KT-250",
        "09011100",
        85000,
        "IDR",
    )
    assert len(order.fulfilments) == 1 and order.fulfilments[0].enterprise_id == shop.enterprise.id
    assert db.session.get(Product, shop.coffee.id).stock == 18
    event = db.session.scalar(select(OrderEvent))
    assert (event.kind, event.to_status, event.actor_id) == ("status", "pending_payment", buyer.id)
    page = signed_in.get(f"/orders/{order.number}?lang=en").get_data(as_text=True)
    assert order.number in page and "IDR\u00a0182,000" in page
    assert "Your cart is empty" in signed_in.get("/cart?lang=en").get_data(as_text=True)


def _first_option(client):
    page = client.post(
        "/checkout?lang=en",
        data={**CHECKOUT_FORM, "idempotency_key": "k" * 24, "action": "options"},
    ).get_data(as_text=True)
    return re.search(r'name="shipping" id="ship-[^"]+" value="([^"]+)"', page).group(1)


def test_a_double_submitted_checkout_makes_one_order(signed_in, shop):
    option = _first_option(signed_in)
    first = checkout(signed_in, shipping=option)
    second = checkout(signed_in, shipping=option)
    assert first.headers["Location"] == second.headers["Location"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Order.id))) == 1
    assert db.session.get(Product, shop.coffee.id).stock == 18


def test_a_repriced_item_is_shown_before_paying_and_nothing_is_ordered(signed_in, shop, app):
    option = _first_option(signed_in)
    db.session.merge(shop.coffee).retail_price_idr = 95000
    db.session.commit()
    response = checkout(signed_in, shipping=option)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed from IDR\u00a085,000 to IDR\u00a095,000" in page
    assert "Total: IDR\u00a0202,000" in page  # the new total, before paying
    assert db.session.scalar(select(func.count(Order.id))) == 0
    again = checkout(signed_in, shipping=option)
    assert again.status_code == 302
    assert db.session.scalar(select(Order.total_minor)) == 202000


def test_an_unpublished_item_is_dropped_with_a_notice(signed_in, shop, app):
    signed_in.post("/cart/add", data={"product_id": shop.silk.id, "quantity": "1"})
    option = _first_option(signed_in)
    db.session.merge(shop.silk).status = "archived"
    db.session.commit()
    page = checkout(signed_in, shipping=option).get_data(as_text=True)
    assert "Sengkang Silk is no longer on sale" in page
    assert checkout(signed_in, shipping=option).status_code == 302
    (order,) = db.session.scalars(select(Order)).all()
    assert [line.name for line in order.lines] == ["Toraja Coffee"]


def test_orders_in_another_currency_add_up_to_the_minor_unit(ctx, shop, buyer):
    set_rate("USD", "16250")
    db.session.commit()
    order = place(buyer, [(shop.coffee, 3)], currency="USD")
    # 85,000 / 16,250 = 5.2307… → 5.23 per unit; 3 × 5.23 = 15.69
    assert order.lines[0].unit_price_minor == 523
    assert order.subtotal_minor == 1569
    assert order.total_minor == order.subtotal_minor + order.shipping_minor
    assert order.lines[0].settlement_unit_idr == 85000


def test_insufficient_stock_names_every_short_line(ctx, shop, buyer, factory):
    other = factory.enterprise()
    tea = factory.product(other, category=shop.category, name_english="Malino Tea", stock=3)
    order = place(buyer, [(shop.silk, 4)])
    assert order.lines[0].quantity == 4
    from trading_house.orders import cart as carts
    from trading_house.orders.checkout import place_order

    cart = carts.get_or_create_cart(user=buyer)
    cart.items.clear()
    db.session.flush()
    for product, quantity in ((shop.silk, 1), (tea, 3), (shop.coffee, 1)):
        carts.add_item(cart, product.id, quantity)
    db.session.commit()
    db.session.execute(
        Product.__table__.update().where(Product.id.in_([shop.silk.id, tea.id])).values(stock=0)
    )
    db.session.commit()
    with pytest.raises(Exception) as caught:
        place_order(
            buyer=buyer,
            cart=cart,
            address=makassar(),
            shipping_key="x",
            currency="IDR",
            payment_method="bank_transfer",
            idempotency_key="z" * 24,
            locale="en",
        )
    # The cart review notices first and tells the buyer what changed.
    assert "sold out" in " ".join(str(c) for c in caught.value.changes)


def test_the_stock_guard_itself_names_every_short_product(ctx, shop, factory):
    from trading_house.orders.checkout import reserve_stock

    tea = factory.product(shop.enterprise, category=shop.category, stock=1)
    with pytest.raises(InsufficientStock) as caught:
        reserve_stock(
            {shop.silk.id: 6, tea.id: 2, shop.coffee.id: 1},
            {shop.silk.id: "Silk", tea.id: "Tea", shop.coffee.id: "Coffee"},
        )
    assert caught.value.shortages == [("Silk", 6, 5), ("Tea", 2, 1)]
    db.session.rollback()
    assert db.session.get(Product, shop.coffee.id).stock == 20
