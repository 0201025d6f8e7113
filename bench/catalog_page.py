"""Catalog page benchmark: ``/catalog`` from a 20,000-product database vs the same template from
memory, both served by gunicorn (2 sync workers) on 127.0.0.1, measured side by side.

    .venv/bin/python bench/catalog_page.py
    .venv/bin/python bench/catalog_page.py --products 20000 --seconds 8 --concurrency 4

Builds a SQLite database through the migrations (20,000 published products, each with 2 photos
and 2 wholesale tiers), starts two gunicorn servers on free ports:

* ``db``: the real application; the load hits ``/catalog`` (48 products with photo, enterprise
  and category, the filter sidebar, pagination);
* ``memory``: the same application, plus a route that renders ``catalog/browse.html`` with the
  same 48 products, category tree and filters loaded ONCE at start-up (no catalog queries).

Then it alternates timed rounds against each and prints requests/second and the ratio
db / memory (goal: at least 0.5). The servers are stopped at the end, whatever happens.
"""

import argparse
import http.client
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from catalog_data import fill_catalog, make_app, migrate  # noqa: E402

MEMORY_PATH = "/bench/memory-catalog"


# --- the two WSGI applications (gunicorn imports this module and calls one) -----------------


def _app():
    import logging

    logging.disable(logging.INFO)  # the app's and alembic's progress lines
    return make_app(os.environ["BENCH_DATABASE_URL"], Path(os.environ["BENCH_INSTANCE"]))


def db_app():
    """The real application; the benchmark requests ``/catalog``."""
    return _app()


def memory_app():
    """The same application with a route that renders the catalog template from data that was
    loaded once, at start-up, and then detached from the database session."""
    from flask import render_template

    from trading_house.catalog import queries
    from trading_house.catalog.services import category_tree
    from trading_house.enterprises.regions import regency_choices
    from trading_house.extensions import db

    app = _app()
    with app.test_request_context():
        filters, errors = queries.parse_filters({})
        page = queries.browse(filters, 1, per_page=48)
        tree = category_tree()
        for product in page.items:  # touch what the card shows, then detach
            _ = (product.main_photo, product.enterprise.name, product.category.slug)
        for top, children in tree:
            _ = (top.name_english, [c.name_english for c in children])
        db.session.expunge_all()
        db.session.remove()
    context = {
        "page": page,
        "filters": filters,
        "errors": errors,
        "tree": tree,
        "regencies": regency_choices(),
        "sorts": queries.SORTS,
    }

    @app.get(MEMORY_PATH)
    def memory_catalog():
        return render_template("catalog/browse.html", **context)

    return app


# --- load generation --------------------------------------------------------------------------


def _hammer(port: int, path: str, seconds: float, result) -> None:
    done = errors = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                done += 1
            else:
                errors += 1
        except OSError:
            errors += 1
        finally:
            conn.close()
    result.put((done, errors))


def measure(port: int, path: str, seconds: float, concurrency: int) -> tuple[float, int]:
    result = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_hammer, args=(port, path, seconds, result))
        for _ in range(concurrency)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    counts = [result.get(timeout=seconds + 60) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
    elapsed = time.perf_counter() - started
    return sum(c[0] for c in counts) / elapsed, sum(c[1] for c in counts)


# --- servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(factory: str, port: int, env: dict, workers: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--pythonpath",
        f"{ROOT},{BENCH}",
        "--log-level",
        "warning",
        "--timeout",
        "60",
        f"catalog_page:{factory}()",
    ]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def wait_until_up(port: int, path: str, server: subprocess.Popen, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read().decode()
            conn.close()
            if response.status == 200:
                return body
            raise RuntimeError(f"{path} answered {response.status}: {body[:300]}")
        except (ConnectionRefusedError, http.client.RemoteDisconnected, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not answer within {timeout} s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=8.0, help="per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    import logging

    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory(prefix="bench-catalog-") as tmp:
        instance = Path(tmp)
        url = f"sqlite:///{instance / 'bench.db'}"
        app = make_app(url, instance)
        migrate(app)
        print(f"inserting {args.products:,} products with photos and tiers ...", flush=True)
        fill_catalog(app, args.products, photos=True)
        with app.app_context():
            from trading_house.extensions import db

            db.engine.dispose()

        env = {**os.environ, "BENCH_DATABASE_URL": url, "BENCH_INSTANCE": str(instance)}
        env.pop("REDIS_URL", None)
        db_port, memory_port = free_port(), free_port()
        servers = []
        try:
            servers.append(start_server("db_app", db_port, env, args.workers))
            servers.append(start_server("memory_app", memory_port, env, args.workers))
            db_body = wait_until_up(db_port, "/catalog", servers[0])
            memory_body = wait_until_up(memory_port, MEMORY_PATH, servers[1])
            cards = (
                db_body.count('data-testid="product-card"'),
                memory_body.count('data-testid="product-card"'),
            )
            print(f"product cards per page: db {cards[0]}, memory {cards[1]}")
            if cards[0] != cards[1] or cards[0] == 0:
                print("the two pages differ; not comparable")
                return 1
            measure(db_port, "/catalog", 1, args.concurrency)  # warm up
            measure(memory_port, MEMORY_PATH, 1, args.concurrency)
            totals = {"db": [], "memory": []}
            failures = 0
            for _ in range(args.rounds):
                for name, port, path in (
                    ("db", db_port, "/catalog"),
                    ("memory", memory_port, MEMORY_PATH),
                ):
                    rate, errors = measure(port, path, args.seconds, args.concurrency)
                    totals[name].append(rate)
                    failures += errors
        finally:
            for server in servers:
                stop(server)

    db_rate = sum(totals["db"]) / len(totals["db"])
    memory_rate = sum(totals["memory"]) / len(totals["memory"])
    ratio = db_rate / memory_rate
    print(
        f"\n{args.products:,} products, gunicorn {args.workers} sync workers, "
        f"{args.concurrency} concurrent clients, {args.rounds} x {args.seconds:.0f} s each"
    )
    print(f"/catalog from the database : {db_rate:8.1f} req/s")
    print(f"same template from memory  : {memory_rate:8.1f} req/s")
    print(f"failed requests            : {failures}")
    verdict = "MET" if ratio >= 0.5 else "NOT MET"
    print(f"ratio database / memory    : {ratio:.2f}   goal >= 0.5: {verdict}")
    return 0 if ratio >= 0.5 and failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
