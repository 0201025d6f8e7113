"""The recipient's phone at checkout: read with the address's country, kept in E.164, shown in
that country's format; a bad number is explained next to the field and nothing is lost."""

import re

import pytest
from sqlalchemy import func, select

from tests.orders.helpers import CHECKOUT_FORM, makassar, place
from trading_house.extensions import db
from trading_house.orders.models import Order


@pytest.fixture
def signed_in(client, buyer, login, shop):
    login(buyer)
    client.post("/cart/add", data={"product_id": shop.coffee.id, "quantity": "2"})
    return client


def checkout(client, **fields):
    data = {**CHECKOUT_FORM, "idempotency_key": "k" * 24, "action": "place", **fields}
    return client.post("/checkout?lang=en", data=data)


def first_option(client, **fields) -> str:
    page = client.post(
        "/checkout?lang=en",
        data={**CHECKOUT_FORM, "idempotency_key": "k" * 24, "action": "options", **fields},
    ).get_data(as_text=True)
    return re.search(r'name="shipping" id="ship-[^"]+" value="([^"]+)"', page).group(1)


def test_an_indonesian_number_is_stored_in_e164_and_shown_the_local_way(signed_in, buyer):
    response = checkout(signed_in, phone="0811 4000 123", shipping=first_option(signed_in))
    assert response.status_code == 302
    db.session.expire_all()
    order = db.session.scalar(select(Order))
    assert order.ship_phone == "+628114000123"
    page = signed_in.get(f"/orders/{order.number}?lang=en").get_data(as_text=True)
    assert "0811-4000-123" in page


def test_a_singapore_number_is_read_with_the_address_country(signed_in):
    singapore = {
        "country": "SG",
        "region": "",
        "province": "",
        "city": "Singapore",
        "postal_code": "079903",
        "phone": "9123 4567",
    }
    response = checkout(signed_in, **singapore, shipping=first_option(signed_in, **singapore))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    db.session.expire_all()
    order = db.session.scalar(select(Order))
    assert order.ship_phone == "+6591234567"
    page = signed_in.get(f"/orders/{order.number}?lang=en").get_data(as_text=True)
    assert "+65 9123 4567" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [("0811", "not a valid phone number"), ("call me", "digits only")],
)
def test_a_bad_number_is_explained_and_the_address_is_kept(signed_in, typed, message):
    response = checkout(signed_in, phone=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-field-error="phone"' in page and message in page
    assert f'value="{typed}"' in page
    assert 'value="Jl. Somba Opu No. 45"' in page
    assert db.session.scalar(select(func.count(Order.id))) == 0


def test_the_service_stores_e164_whatever_the_form(shop, buyer, app):
    with app.test_request_context():
        order = place(buyer, [(shop.coffee, 1)], address=makassar(phone="+62 811-4000-123"))
        assert db.session.get(Order, order.id).ship_phone == "+628114000123"


def test_phones_check_reads_shipping_numbers_with_their_country(shop, buyer, app):
    with app.test_request_context():
        order = place(buyer, [(shop.coffee, 1)], address=makassar(phone=""))
        order = db.session.get(Order, order.id)
        order.ship_phone, order.ship_country = "6123 4567", "SG"  # typed before phones were read
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["phones", "check", "--fix"])
    assert "1 number(s) rewritten; 0 unreadable." in result.output
    db.session.expire_all()
    assert db.session.get(Order, order.id).ship_phone == "+6561234567"
