"""Text a user typed, shown back inside a translated message, is escaped.

flask_babel's lazy strings (``lazy_gettext``/``_l``) define ``__html__`` as ``str(self)``, so Jinja
treats them as safe markup: a value interpolated into ``_l("... %(name)s", name=...)`` and shown
with ``{{ message }}`` is NOT escaped. These tests show two places where that reaches a page.
"""

from tests.security.test_hostile_forms import SCRIPT
from trading_house.catalog.models import Product
from trading_house.extensions import db
from trading_house.orders import cart as carts


def test_a_sold_out_product_name_in_the_cart_notice_is_escaped(world, actor_clients, factory):
    # An SME may name a product anything; the cart tells the buyer it sold out.
    product = db.session.get(Product, world.published.id)
    product.name_english = product.name_indonesian = f"Kopi {SCRIPT}"
    db.session.commit()
    buyer = db.session.merge(world.users["other_buyer"])
    cart = carts.get_or_create_cart(user=buyer)
    carts.add_item(cart, product.id, 1)
    product.stock = 0
    db.session.commit()
    body = actor_clients["other_buyer"].get("/cart").get_data(as_text=True)
    assert "sold out" in body or "habis" in body
    assert SCRIPT not in body


def test_an_unknown_role_posted_to_the_roles_form_is_escaped(world, actor_clients):
    response = actor_clients["admin"].post(
        f"/admin/users/{world.victim.id}/roles", data={"roles": SCRIPT}
    )
    assert response.status_code == 400
    assert SCRIPT not in response.get_data(as_text=True)
