"""Helpers shared by the orders and payments tests: a small shop and ways to place orders."""

import secrets

from trading_house.core.tx import commit
from trading_house.extensions import db
from trading_house.orders import cart as carts
from trading_house.orders.checkout import place_order
from trading_house.orders.models import Order
from trading_house.orders.seed import seed_shipping
from trading_house.orders.shipping import Address

MAKASSAR = dict(
    name="Andi Pembeli",
    phone="+62 811 4000 123",
    line1="Jl. Somba Opu No. 45",
    line2="",
    city="Kota Makassar",
    region="73",
    postal_code="90111",
    country="ID",
)
CHECKOUT_FORM = {**MAKASSAR, "province": "73", "currency": "IDR", "payment_method": "bank_transfer"}


def makassar(**changes) -> Address:
    return Address(**{**MAKASSAR, **changes})


def shipping_zones() -> None:
    seed_shipping()
    commit()


def place(
    buyer, items, *, address=None, key=None, currency="IDR", method="bank_transfer", shipping=None
) -> Order:
    """Fill the buyer's cart with (product, quantity) and check out; commits."""
    buyer = db.session.merge(buyer)
    cart = carts.get_or_create_cart(user=buyer)
    for product, quantity in items:
        carts.add_item(cart, product.id, quantity)
    address = address or makassar()
    if shipping is None:
        from trading_house.orders.shipping import options_for, parcel_weight

        products = [(db.session.merge(p), q) for p, q in items]
        shipping = options_for(address.country, address.region, parcel_weight(products), "en")[
            0
        ].key
    order, _ = place_order(
        buyer=buyer,
        cart=cart,
        address=address,
        shipping_key=shipping,
        currency=currency,
        payment_method=method,
        idempotency_key=key or secrets.token_urlsafe(24),
        locale="en",
    )
    commit()
    return order


def confirm_paid(order, admin):
    """Staff record a transfer of the full total (no proof: the reason says why); flushes."""
    from trading_house.payments.services import confirm_transfer

    return confirm_transfer(
        order, actor=admin, amount_minor=order.total_minor, reason="Seen on the bank statement."
    )
