"""Places orders in a loop until it is killed (by ``test_checkout_kill.py``).

``python -m tests.production.checkout_loop BUYER_ID PRODUCT_ID,PRODUCT_ID,...`` with the
``RD_TEST_*`` variables of ``subprocess_app``. Prints ``READY`` once the app is up, ``BEGIN``
before each checkout and ``COMMITTED <number>`` after its commit. Every SQL statement is
followed by a random pause of up to 4 ms, so a kill lands anywhere inside the transaction.
"""

import random
import sys
import time

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
    app = create()
    rng = random.Random()
    with app.app_context():

        @event.listens_for(db.engine, "after_cursor_execute")
        def _pause(*args) -> None:
            time.sleep(rng.uniform(0, 0.004))

    print("READY", flush=True)
    while True:
        with app.test_request_context():
            buyer = db.session.get(User, buyer_id)
            # In the app each add-to-cart is its own request; this loop adds several items in one
            # transaction, so it adds them in id order like the stock reservation does.
            chosen = sorted(rng.sample(product_ids, k=rng.randint(1, len(product_ids))))
            items = [(db.session.get(Product, pid), rng.randint(1, 3)) for pid in chosen]
            print("BEGIN", flush=True)
            try:
                order = place(buyer, items)
            except InsufficientStock:
                db.session.rollback()
                print("SOLDOUT", flush=True)
                continue
            print("COMMITTED", order.number, flush=True)
            db.session.remove()


if __name__ == "__main__":
    main()
