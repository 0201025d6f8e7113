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
    if shipping is None:  # the first option for the whole cart (it may hold more than items)
        from trading_house.orders.shipping import options_for, parcel_weight

        lines = carts.review(cart).purchasable
        weight = parcel_weight((line.product, line.quantity) for line in lines)
        shipping = options_for(address.country, address.region, weight, "en")[0].key
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


class BrowserForm:
    """The fields of the checkout form as a browser would submit them: text and hidden inputs,
    the selected option of each select, checked radios and boxes, textareas."""

    def __init__(self, page: str, action: str = "/checkout"):
        from html.parser import HTMLParser

        fields: dict[str, str] = {}
        state = {"in_form": False, "select": None, "textarea": None, "first_option": {}}

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "form":
                    state["in_form"] = a.get("action", "").split("?")[0] == action
                if not state["in_form"]:
                    return
                name = a.get("name")
                if tag == "input" and name and a.get("type") not in ("submit", "file"):
                    if a.get("type") in ("radio", "checkbox"):
                        if "checked" in a:
                            fields[name] = a.get("value", "on")
                    else:
                        fields[name] = a.get("value", "")
                elif tag == "select" and name:
                    state["select"] = name
                elif tag == "option" and state["select"]:
                    select = state["select"]
                    state["first_option"].setdefault(select, a.get("value", ""))
                    if "selected" in a:
                        fields[select] = a.get("value", "")
                elif tag == "textarea" and name:
                    state["textarea"] = name
                    fields[name] = ""

            def handle_endtag(self, tag):
                if tag == "form":
                    state["in_form"] = False
                elif tag == "select" and state["select"]:
                    select = state["select"]
                    fields.setdefault(select, state["first_option"].get(select, ""))
                    state["select"] = None
                elif tag == "textarea":
                    state["textarea"] = None

            def handle_data(self, data):
                if state["textarea"]:
                    fields[state["textarea"]] += data

        Parser().feed(page)
        self.fields = fields

    def submit(self, client, url: str, button: tuple[str, str] | None = None, **changes):
        data = {**self.fields, **changes}
        if button:
            data[button[0]] = button[1]
        return client.post(url, data=data)
