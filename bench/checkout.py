"""Checkout benchmark: orders per second through the service layer (cart → ``place_order`` →
commit), with the number of SQL statements each checkout sends.

    .venv/bin/python bench/checkout.py
    .venv/bin/python bench/checkout.py --orders 300 --threads 4
    .venv/bin/python bench/checkout.py --postgres postgresql://postgres@127.0.0.1:5432/bench

Builds a database through the migrations (SQLite in a temporary folder; PostgreSQL too when
``--postgres`` is given: its ``public`` schema is DROPPED and recreated, so point it at a
scratch database), with the demo shipping zones, one enterprise, 20 products and one buyer per
order whose cart holds two products. Each checkout runs as one request would: its own request
context and session, the stock reserved by a conditional UPDATE, the order number from the
counter row, the confirmation e-mail written to the outbox, one commit.

With ``--threads N`` the checkouts run in N threads at once: on PostgreSQL they contend for
the order-number counter row (held until each commit), on SQLite for the single writer lock.
"""

import argparse
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from search import make_app, migrate, reset_postgres  # noqa: E402
from sqlalchemy import event  # noqa: E402

#: Bench users never sign in: an unusable hash.
NO_PASSWORD = "!"  # noqa: S105 - not a password: no hash matches it


def build(app, orders: int) -> list[int]:
    """Zones, an enterprise with 20 products, and ``orders`` buyers with a filled cart."""
    from trading_house.accounts.models import User, UserRole
    from trading_house.catalog.models import Category, Product
    from trading_house.core.clock import utcnow
    from trading_house.enterprises.models import Enterprise, Membership
    from trading_house.extensions import db
    from trading_house.orders.models import Cart, CartItem
    from trading_house.orders.seed import seed_shipping

    with app.app_context():
        seed_shipping()
        owner = User(email="owner@bench.test", password_hash=NO_PASSWORD, display_name="Owner")
        owner.roles = [UserRole(role="sme")]
        enterprise = Enterprise(name="UMKM Bench", slug="umkm-bench", regency_code="7371")
        category = Category(slug="bench", name_indonesian="Kopi", name_english="Coffee")
        db.session.add_all([owner, enterprise, category])
        db.session.flush()
        enterprise.members = [Membership(user_id=owner.id, role="owner")]
        products = [
            Product(
                enterprise_id=enterprise.id,
                category_id=category.id,
                slug=f"bench-{i}",
                name_indonesian=f"Kopi {i}",
                name_english=f"Coffee {i}",
                sku=f"B-{i}",
                retail_price_idr=50000 + i * 1000,
                stock=10**6,
                weight_grams=250,
                status="approved",
                published_at=utcnow(),
            )
            for i in range(20)
        ]
        db.session.add_all(products)
        db.session.flush()
        ids = []
        for n in range(orders):
            buyer = User(
                email=f"buyer{n}@bench.test",
                password_hash=NO_PASSWORD,
                display_name=f"Buyer {n}",
                email_verified_at=utcnow(),  # checkout holds stock for confirmed buyers only
            )
            buyer.roles = [UserRole(role="buyer")]
            db.session.add(buyer)
            db.session.flush()
            cart = Cart(token=secrets.token_urlsafe(32), user_id=buyer.id)
            first, second = products[n % 20], products[(n * 7 + 3) % 20]
            cart.items = [
                CartItem(
                    product_id=first.id, quantity=2, unit_price_seen_idr=first.retail_price_idr
                ),
                CartItem(
                    product_id=second.id, quantity=1, unit_price_seen_idr=second.retail_price_idr
                ),
            ]
            if first.id == second.id:
                cart.items = cart.items[:1]
            db.session.add(cart)
            ids.append(buyer.id)
        db.session.commit()
    return ids


def checkout_one(app, buyer_id: int, counter: list[int]) -> None:
    from trading_house.accounts.models import User
    from trading_house.core.tx import commit
    from trading_house.extensions import db
    from trading_house.orders import cart as carts
    from trading_house.orders.checkout import place_order
    from trading_house.orders.shipping import Address

    address = Address(
        name="Bench",
        phone="",
        line1="Jl. Somba Opu 1",
        line2="",
        city="Makassar",
        region="73",
        postal_code="90111",
        country="ID",
    )
    with app.test_request_context("/checkout", method="POST"):
        buyer = db.session.get(User, buyer_id)
        cart = carts.find_cart(user=buyer)
        place_order(
            buyer=buyer,
            cart=cart,
            address=address,
            shipping_key=_option(),
            currency="IDR",
            payment_method="bank_transfer",
            idempotency_key=secrets.token_urlsafe(24),
            locale="en",
        )
        commit()
        db.session.remove()


_OPTION: list[str] = []


def _option() -> str:
    if not _OPTION:
        from trading_house.orders.shipping import options_for

        _OPTION.append(options_for("ID", "73", 750, "en")[0].key)
    return _OPTION[0]


def run(label: str, url: str, instance: Path, orders: int, threads: int) -> None:
    app = make_app(url, instance)
    app.config["MAIL_SERVER"] = None
    # The confirmation e-mails stay in the outbox: delivering them is not the checkout, and a
    # background sender would outlive the temporary database.
    app.config["BACKGROUND_DISPATCH"] = "off"
    migrate(app)
    buyer_ids = build(app, orders)
    with app.app_context():
        from trading_house.extensions import db

        engine = db.engine
    statements = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def _count(conn, cursor, statement, parameters, context, executemany):
        statements[0] += 1

    with app.test_request_context():
        _option()  # computed once, outside the timing
    statements[0] = 0
    chunks = [buyer_ids[i::threads] for i in range(threads)]
    errors: list[BaseException] = []

    def worker(ids):
        try:
            for buyer_id in ids:
                checkout_one(app, buyer_id, statements)
        except BaseException as exc:  # noqa: BLE001 - reported after the run
            errors.append(exc)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    with app.app_context():
        from sqlalchemy import func, select

        from trading_house.extensions import db
        from trading_house.orders.models import Order

        placed = db.session.scalar(select(func.count(Order.id)))
        db.engine.dispose()
    assert placed == orders, (placed, orders)
    print(
        f"{label:<11} {orders} orders, {threads} thread(s): {orders / elapsed:8.1f} orders/s "
        f"({elapsed * 1000 / orders:6.2f} ms each), "
        f"{statements[0] / orders:5.1f} SQL statements per checkout"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--postgres", help="scratch PostgreSQL URL (its schema is reset)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-checkout-") as folder:
        folder = Path(folder)
        run("SQLite", f"sqlite:///{folder / 'bench.db'}", folder, args.orders, args.threads)
        if args.postgres:
            run("PostgreSQL", reset_postgres(args.postgres), folder, args.orders, args.threads)


if __name__ == "__main__":
    main()
