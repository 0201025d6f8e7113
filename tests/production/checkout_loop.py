"""Places orders in a loop until it is killed (by ``test_checkout_kill.py``).

``python -m tests.production.checkout_loop BUYER_ID PRODUCT_ID,... SEED COMMITS STATEMENT`` with
the ``RD_TEST_*`` variables of ``subprocess_app``. Prints ``READY`` once the app is up, ``BEGIN``
before each checkout and ``COMMITTED <number>`` after its commit. After ``COMMITS`` orders, the
next checkout stops at its ``STATEMENT``-th SQL statement, prints ``INSIDE`` and waits there for
the test to kill it: the kill lands inside the transaction every time, at a place chosen by the
test's seeded random numbers, not by the machine's speed.
"""

import random
import sys
import threading

from sqlalchemy import event

from tests.orders.helpers import place
from tests.production.subprocess_app import create
from trading_house.accounts.models import User
from trading_house.catalog.models import Product
from trading_house.extensions import db
from trading_house.orders.checkout import InsufficientStock


def main() -> None:
    buyer_id = int(sys.argv[1])
    product_ids = [int(value) for value in sys.argv[2].split(",")]
    seed, commits_before_stop, stop_at = (int(value) for value in sys.argv[3:6])
    app = create()
    rng = random.Random(seed)
    state = {"in_checkout": False, "commits": 0, "statements": 0}
    with app.app_context():

        @event.listens_for(db.engine, "after_cursor_execute")
        def _maybe_stop(*args) -> None:
            if not state["in_checkout"] or state["commits"] < commits_before_stop:
                return
            state["statements"] += 1
            if state["statements"] == stop_at:
                print("INSIDE", flush=True)
                threading.Event().wait()  # until the test kills this process

    print("READY", flush=True)
    while True:
        with app.test_request_context():
            buyer = db.session.get(User, buyer_id)
            # In the app each add-to-cart is its own request; this loop adds several items in one
            # transaction, so it adds them in id order like the stock reservation does.
            chosen = sorted(rng.sample(product_ids, k=rng.randint(1, len(product_ids))))
            items = [(db.session.get(Product, pid), rng.randint(1, 3)) for pid in chosen]
            print("BEGIN", flush=True)
            state["in_checkout"] = True
            try:
                order = place(buyer, items)
            except InsufficientStock:
                db.session.rollback()
                print("SOLDOUT", flush=True)
                continue
            finally:
                state["in_checkout"] = False
            state["commits"] += 1
            print("COMMITTED", order.number, flush=True)
            db.session.remove()


if __name__ == "__main__":
    main()
