"""One open checkout per cart: the checkout page opened in two tabs (two idempotency keys) and
submitted twice, one after the other or at the same moment, makes one order and holds the
stock once. The guard is in the database (compare-and-set on the cart's checkout version,
unique cart state on orders), so it holds on SQLite and on PostgreSQL."""

import re
import threading

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from tests.conftest import PASSWORD
from tests.orders.helpers import CHECKOUT_FORM, place
from trading_house.catalog.models import Product
from trading_house.extensions import db
from trading_house.orders import cart as carts
from trading_house.orders.checkout import claim_cart
from trading_house.orders.models import Cart, Order, OrderLine


def sign_in(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def open_tab(client) -> dict:
    """GET /checkout, then "show shipping options": the hidden fields and the chosen option."""
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    hidden = {
        name: re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)
        for name in ("idempotency_key", "cart_version")
    }
    page = client.post(
        "/checkout?lang=en", data={**CHECKOUT_FORM, **hidden, "action": "options"}
    ).get_data(as_text=True)
    option = re.search(r'name="shipping" id="ship-[^"]+" value="([^"]+)"', page).group(1)
    return {**CHECKOUT_FORM, **hidden, "shipping": option, "action": "place"}


def place_from(client, tab: dict):
    return client.post("/checkout?lang=en", data=tab)


def counts():
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count(Order.id))),
        db.session.scalar(select(func.count(OrderLine.id))),
    )


def test_the_second_tab_gets_the_first_order_and_a_clear_message(app, shop, buyer):
    client = sign_in(app, buyer)
    client.post("/cart/add", data={"product_id": shop.coffee.id, "quantity": "2"})
    first_tab, second_tab = open_tab(client), open_tab(client)
    assert first_tab["idempotency_key"] != second_tab["idempotency_key"]

    first = place_from(client, first_tab)
    second = place_from(client, second_tab)

    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    number = first.headers["Location"].rsplit("/", 1)[1]
    page = client.get(second.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert f"This cart was already ordered as {number}" in page
    assert "Nothing was ordered twice." in page
    assert counts() == (1, 1)
    assert db.session.get(Product, shop.coffee.id).stock == 18


def test_the_cart_can_be_ordered_again_once_it_is_filled_again(app, shop, buyer):
    """The guard is per state of the cart, not per cart: a later checkout is a new order."""
    client = sign_in(app, buyer)
    for quantity in ("1", "3"):
        client.post("/cart/add", data={"product_id": shop.coffee.id, "quantity": quantity})
        assert place_from(client, open_tab(client)).status_code == 302
    assert counts() == (2, 2)
    db.session.expire_all()
    assert db.session.get(Product, shop.coffee.id).stock == 16


@pytest.mark.parametrize("round_", range(3))
def test_two_tabs_submitted_at_the_same_moment_make_one_order(app, shop, buyer, round_):
    """Two browsers of the same buyer (two sessions, two keys) post "Place order" together."""
    tabs = [sign_in(app, buyer) for _ in range(2)]
    tabs[0].post("/cart/add", data={"product_id": shop.coffee.id, "quantity": "2"})
    forms = [open_tab(client) for client in tabs]
    barrier = threading.Barrier(len(tabs))
    responses = [None] * len(tabs)

    def submit(index):
        barrier.wait()
        responses[index] = place_from(tabs[index], forms[index])

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(tabs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [r.status_code for r in responses] == [302, 302], [
        r.get_data(as_text=True)[:300] for r in responses
    ]
    assert responses[0].headers["Location"] == responses[1].headers["Location"]
    assert counts() == (1, 1)
    assert db.session.get(Product, shop.coffee.id).stock == 18
    assert db.session.scalar(select(Cart.checkout_version)) == 1


def test_the_database_refuses_a_second_order_of_the_same_cart_state(ctx, shop, buyer):
    """Even code that skipped the compare-and-set could not write it."""
    first = place(buyer, [(shop.coffee, 1)])
    second = place(buyer, [(shop.coffee, 1)])
    assert (first.cart_checkout_version, second.cart_checkout_version) == (0, 1)
    with pytest.raises(IntegrityError):
        db.session.execute(
            update(Order).where(Order.id == second.id).values(cart_checkout_version=0)
        )
    db.session.rollback()


def test_only_one_claim_of_a_cart_state_succeeds(ctx, shop, buyer):
    cart = carts.get_or_create_cart(user=db.session.merge(buyer))
    db.session.commit()
    assert claim_cart(cart, 0) is True
    assert claim_cart(cart, 0) is False
    assert cart.checkout_version == 1
    db.session.rollback()


def test_a_tab_that_read_the_cart_before_the_other_tab_committed_gets_that_order(
    app, ctx, shop, buyer
):
    """The slow tab saw the cart (version 0, two coffees) before the fast tab's order emptied
    it: it must find the fast tab's order, not "your cart is empty"."""
    buyer = db.session.merge(buyer)
    cart = carts.get_or_create_cart(user=buyer)
    carts.add_item(cart, shop.coffee.id, 2)
    db.session.commit()
    assert cart.checkout_version == 0  # read now; this session keeps it

    fast = {}

    def fast_tab():
        with app.test_request_context("/checkout", method="POST"):
            from trading_house.accounts.models import User

            fast["order"] = place(db.session.get(User, buyer.id), [], key="fast-tab-0123456789")
            fast["number"] = fast["order"].number
            db.session.remove()

    thread = threading.Thread(target=fast_tab)
    thread.start()
    thread.join(timeout=60)

    from tests.orders.helpers import makassar
    from trading_house.orders.checkout import place_order
    from trading_house.orders.shipping import options_for

    order, created = place_order(
        buyer=buyer,
        cart=cart,
        address=makassar(),
        shipping_key=options_for("ID", "73", 600, "en")[0].key,
        currency="IDR",
        payment_method="bank_transfer",
        idempotency_key="slow-tab-0123456789",
        cart_version=0,
        locale="en",
    )
    assert (order.number, created) == (fast["number"], False)
    db.session.rollback()
    assert counts() == (1, 1)
