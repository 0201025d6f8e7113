"""A web process killed (SIGKILL) in the middle of a checkout leaves a whole order or none."""

import os
import queue
import random
import signal
import subprocess
import sys
import tempfile
import threading

from sqlalchemy import func, select, text

from tests.orders.helpers import shipping_zones
from tests.production.conftest import ROOT, subprocess_env
from trading_house.catalog.models import Product
from trading_house.extensions import db
from trading_house.orders.models import Fulfilment, Order, OrderEvent, OrderLine

ROUNDS = 2
#: Processes per round, checking out at the same time (like several gunicorn workers).
PROCESSES = 3


class CheckoutProcess:
    """The checkout loop in a child process, its printed lines collected by a thread."""

    def __init__(self, app, buyer_id, product_ids, rng: random.Random, stops: queue.Queue):
        # Where this process will be stopped and killed: after 1-3 orders, at the 1st-6th SQL
        # statement of the next checkout (seeded: the same places on every run).
        stop = [rng.randrange(10**6), rng.randint(1, 3), rng.randint(1, 6)]
        self.errors = tempfile.TemporaryFile(mode="w+")  # why a child died, if it did
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.production.checkout_loop", str(buyer_id),
             ",".join(map(str, product_ids)), *map(str, stop)],
            # The loop is one buyer placing order after order: lift the unpaid-order limits.
            env=subprocess_env(app, ORDER_MAX_UNPAID=10**6, ORDER_MAX_UNPAID_IDR=10**15),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )  # fmt: skip
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.stopped = False
        self.stops = stops  # this process is put there when it waits inside a checkout, or dies
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.strip())
            if line.startswith("READY"):
                self.ready.set()
            elif line.startswith("INSIDE"):
                self.stopped = True
                self.stops.put(self)
        if not self.stopped:
            self.stops.put(self)  # the output ended before it stopped inside: it died by itself

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(30)
        self.reader.join(10)
        self.process.stdout.close()
        if not self.errors.closed:  # kill() may run twice (the test, then its cleanup)
            self.errors.seek(0)
            self.stderr_text = self.errors.read()[-3000:]
            self.errors.close()

    def stderr_tail(self) -> str:
        return getattr(self, "stderr_text", "")

    @property
    def committed(self) -> set[str]:
        return {line.split()[1] for line in self.lines if line.startswith("COMMITTED")}

    @property
    def killed_mid_checkout(self) -> bool:
        steps = [line for line in self.lines if line.split()[0] in {"BEGIN", "COMMITTED"}]
        return bool(steps) and steps[-1] == "BEGIN"


def check_invariants(initial_stock: dict[int, int], committed: set[str]) -> None:
    db.session.remove()
    orders = list(db.session.scalars(select(Order)))
    numbers = {order.number for order in orders}
    assert committed <= numbers, "a reported order was lost"
    for order in orders:
        lines = list(db.session.scalars(select(OrderLine).where(OrderLine.order_id == order.id)))
        assert lines, f"{order.number} has no lines"
        assert order.subtotal_minor == sum(line.line_total_minor for line in lines)
        assert order.total_minor == order.subtotal_minor + order.shipping_minor
        fulfilments = set(
            db.session.scalars(select(Fulfilment.id).where(Fulfilment.order_id == order.id))
        )
        assert fulfilments and {line.fulfilment_id for line in lines} <= fulfilments
        events = db.session.scalar(
            select(func.count(OrderEvent.id)).where(OrderEvent.order_id == order.id)
        )
        assert events >= 1, f"{order.number} has no history"
    ordered = dict(
        db.session.execute(
            select(OrderLine.product_id, func.sum(OrderLine.quantity)).group_by(
                OrderLine.product_id
            )
        ).all()
    )
    for product_id, before in initial_stock.items():
        stock = db.session.scalar(select(Product.stock).where(Product.id == product_id))
        assert before - stock == ordered.get(product_id, 0), "stock and orders disagree"
    orphans = db.session.scalar(
        select(func.count(OrderLine.id)).where(~OrderLine.order_id.in_(select(Order.id)))
    )
    assert orphans == 0
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    db.session.remove()


def test_killed_checkouts_leave_whole_orders_or_none(app, factory):
    shipping_zones()
    first = factory.enterprise(factory.user("sme"))
    second = factory.enterprise(factory.user("sme"))
    products = [
        factory.product(first, name_english="Toraja Coffee", stock=5000, retail_price_idr=85000),
        factory.product(first, name_english="Passion Fruit Syrup", stock=5000,
                        retail_price_idr=42000),
        factory.product(second, name_english="Sengkang Silk", stock=5000,
                        retail_price_idr=450000),
    ]  # fmt: skip
    # One buyer per process: a buyer's cart checks out once per state (the other tabs get that
    # order), while the processes still race for the same products' stock.
    buyers = [factory.user("buyer") for _ in range(PROCESSES)]
    initial = {p.id: p.stock for p in products}
    product_ids = list(initial)

    rng = random.Random(20261205)
    committed: set[str] = set()
    killed_mid_checkout = 0
    for _ in range(ROUNDS):
        stops: queue.Queue = queue.Queue()
        children = [CheckoutProcess(app, b.id, product_ids, rng, stops) for b in buyers]
        try:
            for child in children:
                assert child.ready.wait(120), "the checkout process did not start"
            # The others keep checking out while a victim waits inside its transaction to be
            # killed (at once: on SQLite it may hold the write lock): no timer decides whether
            # a kill lands mid-checkout.
            for _ in children:
                victim = stops.get(timeout=120)
                victim.kill()
                assert victim.process.returncode == -signal.SIGKILL, victim.stderr_tail()
        finally:
            for child in children:
                child.kill()
        for child in children:
            committed |= child.committed
            killed_mid_checkout += child.killed_mid_checkout
        check_invariants(initial, committed)

    assert len(committed) >= ROUNDS * PROCESSES, "each loop placed orders before being killed"
    assert killed_mid_checkout == ROUNDS * PROCESSES, "every kill landed inside a checkout"
