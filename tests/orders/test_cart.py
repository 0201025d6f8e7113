"""The cart: kept across visits, merged at sign-in, tiers and MOQ, and every bad quantity."""

from sqlalchemy import func, select

from trading_house.catalog.models import WholesaleTier
from trading_house.extensions import db
from trading_house.orders.models import Cart, CartItem


def add(client, product, quantity="1"):
    return client.post(
        "/cart/add", data={"product_id": product.id, "quantity": quantity, "next": "/"}
    )


def test_an_anonymous_visitor_keeps_the_cart_across_visits(client, shop):
    """The cart id lives in the signed session; the cart itself in the ``carts`` table."""
    response = add(client, shop.coffee, "2")
    assert response.status_code == 302
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "Toraja Coffee" in page
    assert 'data-testid="cart-count">2<' in page
    with client.session_transaction() as session:
        token = session["cart_token"]
    assert db.session.scalar(select(Cart.id).where(Cart.token == token)) is not None


def test_viewing_the_cart_writes_nothing(client, shop):
    client.get("/cart")
    assert db.session.scalar(select(func.count(Cart.id))) == 0


def test_wholesale_tier_applies_automatically(client, shop, app):
    db.session.add(WholesaleTier(product_id=shop.coffee.id, min_quantity=10, unit_price_idr=70000))
    db.session.commit()
    add(client, shop.coffee, "12")
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "Wholesale price" in page
    assert "IDR\u00a0840,000" in page  # 12 × 70,000


def test_bad_quantities_get_a_clear_message_and_keep_what_was_typed(client, shop):
    add(client, shop.silk, "1")
    item = db.session.scalar(select(CartItem))
    for typed, message in (
        ("0", "at least 1"),
        ("-3", "at least 1"),
        ("abc", "whole number"),
        ("6", "Only 5 left in stock"),
    ):
        response = client.post(f"/cart/items/{item.id}?lang=en", data={"quantity": typed})
        page = response.get_data(as_text=True)
        assert response.status_code == 422, typed
        assert message in page, typed
        assert f'value="{typed}"' in page
    db.session.expire_all()
    assert db.session.get(CartItem, item.id).quantity == 1


def test_adding_more_than_the_stock_is_refused(client, shop):
    response = add(client, shop.silk, "9")
    assert response.status_code == 302
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "Only 5 left in stock" in page
    assert db.session.scalar(select(func.count(CartItem.id))) == 0


def test_importers_must_reach_the_moq(client, shop, factory, login, app):
    product = db.session.merge(shop.coffee)
    product.export_moq = 10
    db.session.commit()
    importer = factory.user("buyer", buyer_type="importer")
    login(importer)
    add(client, shop.coffee, "3")
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "minimum order quantity is 10" in page
    add(client, shop.coffee, "10")
    assert db.session.scalar(select(CartItem.quantity)) == 10


def test_unpublished_products_cannot_be_added(client, factory, shop):
    draft = factory.product(shop.enterprise, category=shop.category, status="draft")
    response = add(client, draft, "1")
    assert response.status_code == 302
    assert "not available" in client.get("/cart?lang=en").get_data(as_text=True)


def test_the_anonymous_cart_is_merged_into_the_account_at_sign_in(client, shop, buyer, login):
    from tests.orders.helpers import shipping_zones  # noqa: F401  (zones exist via shop)
    from trading_house.orders import cart as carts

    existing = carts.get_or_create_cart(user=buyer)
    carts.add_item(existing, shop.coffee.id, 1)
    db.session.commit()
    add(client, shop.coffee, "2")
    add(client, shop.silk, "1")
    login(buyer)
    carts_left = db.session.scalars(select(Cart)).all()
    assert len(carts_left) == 1 and carts_left[0].user_id == buyer.id
    quantities = {i.product_id: i.quantity for i in carts_left[0].items}
    assert quantities == {shop.coffee.id: 3, shop.silk.id: 1}


def test_a_repriced_or_unpublished_item_is_pointed_out(client, shop, app):
    add(client, shop.coffee, "1")
    add(client, shop.silk, "1")
    db.session.merge(shop.coffee).retail_price_idr = 90000
    db.session.merge(shop.silk).status = "suspended"
    db.session.commit()
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "changed from IDR\u00a085,000 to IDR\u00a090,000" in page
    assert "Sengkang Silk is no longer on sale" in page
    client.post("/cart/accept-changes")
    page = client.get("/cart?lang=en").get_data(as_text=True)
    assert "changed from" not in page
    assert "Sengkang Silk" not in page


def test_removing_an_item(client, shop):
    add(client, shop.coffee, "1")
    item = db.session.scalar(select(CartItem))
    client.post(f"/cart/items/{item.id}/remove")
    assert db.session.scalar(select(func.count(CartItem.id))) == 0
    assert client.post("/cart/items/999999/remove").status_code == 404


def test_the_product_page_has_an_add_to_cart_box(client, shop):
    page = client.get(f"/p/{shop.coffee.slug}?lang=en").get_data(as_text=True)
    assert 'data-testid="add-to-cart"' in page
    shop.silk.stock = 0
    db.session.commit()
    page = client.get(f"/p/{shop.silk.slug}?lang=en").get_data(as_text=True)
    assert 'data-testid="sold-out"' in page
