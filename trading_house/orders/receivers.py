"""Signal receivers of the orders area: cart merge on sign-in, orders from quotations."""

from flask import has_request_context, session
from flask_login import user_logged_in

from trading_house.orders import cart as carts
from trading_house.orders import quotations

CART_KEY = "cart_token"


def merge_cart_on_sign_in(sender, user=None, **_extra) -> None:
    """The anonymous cart joins the account's cart in the sign-in transaction (flush only:
    the sign-in view commits)."""
    if user is None or not has_request_context():
        return
    token = session.pop(CART_KEY, None)
    if token:
        carts.merge_into_user(token, user)


def connect() -> None:
    user_logged_in.connect(merge_cart_on_sign_in, weak=False)
    quotations.connect()
