"""No overselling and exactly-once checkout under real concurrency (threads, each with its
own application context and database session, against the test database: SQLite or
PostgreSQL)."""

import threading

from sqlalchemy import func, select

from tests.orders.helpers import makassar
from trading_house.catalog.models import Product
from trading_house.core.errors import DomainError
from trading_house.core.tx import commit, rollback
from trading_house.extensions import db
from trading_house.orders import cart as carts
from trading_house.orders.checkout import place_order
from trading_house.orders.models import Order, OrderLine
from trading_house.orders.shipping import options_for

THREADS = 20


def _run_together(app, jobs):
    """Start every job at the same moment; return what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        # Each thread is one checkout request: its own request/app context and DB session.
        with app.test_request_context("/checkout", method="POST"):
            barrier.wait()
            try:
                results[index] = job()
                commit()
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                rollback()
                results[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results


def _checkout_job(user_id, key, cart_version=None):
    def job():
        from trading_house.accounts.models import User

        buyer = db.session.get(User, user_id)
        cart = carts.find_cart(user=buyer)
        option = options_for("ID", "73", 400, "en")[0]
        order, _ = place_order(
            buyer=buyer,
            cart=cart,
            address=makassar(),
            shipping_key=option.key,
            currency="IDR",
            payment_method="bank_transfer",
            idempotency_key=key,
            cart_version=cart_version,
            locale="en",
        )
        return order.number

    return job


def test_twenty_concurrent_checkouts_for_the_last_five_units_sell_exactly_five(app, factory, shop):
    product = factory.product(shop.enterprise, category=shop.category, stock=5, weight_grams=400)
    buyers = [factory.user("buyer") for _ in range(THREADS)]
    for buyer in buyers:
        carts.add_item(carts.get_or_create_cart(user=buyer), product.id, 1)
    db.session.commit()
    jobs = [_checkout_job(b.id, f"key-{b.id}-0123456789abcdef") for b in buyers]

    results = _run_together(app, jobs)

    sold = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(sold) == 5, results
    assert len(refused) == THREADS - 5, results
    assert len(set(sold)) == 5  # five distinct readable numbers
    db.session.expire_all()
    assert db.session.get(Product, product.id).stock == 0
    assert db.session.scalar(select(func.count(Order.id))) == 5


def test_the_same_checkout_submitted_concurrently_makes_one_order(app, factory, shop, buyer):
    carts.add_item(carts.get_or_create_cart(user=buyer), shop.coffee.id, 2)
    db.session.commit()
    key = "same-form-submitted-twice-0001"
    results = _run_together(app, [_checkout_job(buyer.id, key) for _ in range(4)])

    numbers = {r for r in results if isinstance(r, str)}
    assert len(numbers) == 1, results
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Order.id))) == 1
    assert db.session.get(Product, shop.coffee.id).stock == 18


def test_one_cart_checked_out_from_four_tabs_at_once_makes_one_order(app, factory, shop, buyer):
    """Four page views of the same cart (four keys, the same cart version) submitted together."""
    carts.add_item(carts.get_or_create_cart(user=buyer), shop.coffee.id, 2)
    db.session.commit()
    jobs = [_checkout_job(buyer.id, f"tab-{n}-0123456789abcdef", cart_version=0) for n in range(4)]
    results = _run_together(app, jobs)

    assert len(set(results)) == 1 and isinstance(results[0], str), results
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Order.id))) == 1
    assert db.session.scalar(select(func.count(OrderLine.id))) == 1
    assert db.session.get(Product, shop.coffee.id).stock == 18
