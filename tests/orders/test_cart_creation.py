"""A user's cart is made inside the request's transaction (a rollback leaves none behind, on
SQLite too), and two tabs making it at the same moment end with one cart."""

from sqlalchemy import func, select

from tests.orders.test_concurrency import _run_together
from trading_house.accounts.models import User
from trading_house.extensions import db
from trading_house.orders import cart as carts
from trading_house.orders.models import Cart


def _count() -> int:
    return db.session.scalar(select(func.count(Cart.id)))


def test_a_rolled_back_request_leaves_no_cart(app, factory):
    buyer = factory.user("buyer")
    db.session.commit()
    cart = carts.get_or_create_cart(user=db.session.merge(buyer))
    assert cart.user_id == buyer.id and carts.get_or_create_cart(user=buyer).id == cart.id
    db.session.rollback()
    assert _count() == 0
    anonymous = carts.get_or_create_cart(token=None)
    assert anonymous.user_id is None and anonymous.token
    db.session.rollback()
    assert _count() == 0


def test_two_tabs_making_the_cart_at_once_share_one(app, factory):
    buyer = factory.user("buyer")
    db.session.commit()
    buyer_id = buyer.id

    def tab():
        return carts.get_or_create_cart(user=db.session.get(User, buyer_id)).id

    results = _run_together(app, [tab, tab, tab])
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    db.session.expire_all()
    assert _count() == 1
