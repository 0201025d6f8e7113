"""Load test: ≥100 simulated visitors against gunicorn + PostgreSQL (or SQLite) on 127.0.0.1.

    .venv/bin/python bench/load/run.py                         # 100 users, 2 minutes
    .venv/bin/python bench/load/run.py --users 40 --duration 20   # a quick look
    .venv/bin/python bench/load/run.py --database sqlite:///instance/bench_load.db   # SQLite
    .venv/bin/python bench/load/run.py --redis redis://127.0.0.1:6379/0   # + Redis and a worker

It WIPES the public schema of ``--database`` (default
postgresql://postgres@127.0.0.1:5432/bench_load; an ``sqlite:///file`` URL deletes that file
instead, WAL mode as the app sets it), migrates it, loads the demo data, adds one
verified buyer per user and gives a few products little stock, so honest sell-outs happen. Then
it starts gunicorn with ``deploy/gunicorn.conf.py`` as production (``APP_ENV=production``,
CSRF on; rate limits off because every simulated visitor comes from 127.0.0.1) and lets the
users loose, ramping up over 10 s: 70 % browsing (product, catalog, enterprise and home
pages), 20 % search, 10 % buying (sign in once, add to cart, checkout with shipping options,
place the order, read the confirmation), with a think time between actions.

It prints p50/p95/p99 per page and fails (exit 1) on any 5xx or connection error, on any
failed checkout other than an honest "not enough stock", and when the database afterwards
disagrees with what the users were told: every order they saw exists with the total and items
shown, no other order exists, and each product's stock went down by exactly what was ordered.
Everything is bounded: the run stops at ``--duration``, requests time out after 60 s, and the
servers are stopped at the end (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from data import BUYER_PASSWORD, make_app, prepare, reset_database, verify  # noqa: E402
from users import Results, Visitor  # noqa: E402

BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def start_servers(args, ports: list[int], logs: Path) -> list[subprocess.Popen]:
    """One gunicorn per port (``--nodes``: web nodes sharing the database and Redis)."""
    port = ports[0]
    env = dict(os.environ)
    env.update(
        APP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=args.database,
        SESSION_COOKIE_SECURE="false",
        # Production on this machine (as make run-prod): local links, demo bank, mail to the log.
        LOCAL_TRIAL="true",
        TRUSTED_HOSTS="127.0.0.1,localhost",
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        RATELIMIT_ENABLED="false",  # every simulated visitor has the address 127.0.0.1
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(args.workers),
        LOG_LEVEL="WARNING",
        FLASK_APP="wsgi:app",
        INSTANCE_PATH=str(logs / "instance"),
    )
    env.pop("REDIS_URL", None)
    if args.redis:
        env.update(REDIS_URL=args.redis, RQ_QUEUE=f"bench-{os.getpid()}",
                   CACHE_KEY_PREFIX=f"bench{os.getpid()}:")  # fmt: skip
    servers = [
        subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--access-logfile",
             str(logs / f"access{n}.log"), "wsgi:app"],
            cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{node_port}",
                           "INSTANCE_PATH": str(logs / f"instance{n}")},
            stdout=(logs / "gunicorn.log").open("a"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for n, node_port in enumerate(ports)
    ]  # fmt: skip
    if args.redis:
        servers.append(
            subprocess.Popen(
                [str(BIN / "flask"), "worker"], cwd=ROOT, env=env,
                stdout=(logs / "worker.log").open("w"), stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )  # fmt: skip
    return servers


def stop_servers(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
    for server in servers:
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)


def wait_until_up(base: str, servers, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if servers[0].poll() is not None:
            raise SystemExit("gunicorn exited during start-up; see its log")
        try:
            if requests.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz in time")


def server_counts(base: str) -> int:
    """Requests the server counted (Redis-backed metrics: all workers); returns the 5xx."""
    import re

    text = requests.get(base + "/metrics", timeout=10).text
    counts = re.findall(r'rumahdagang_http_requests_total\{[^}]*status="(\d+)"\} (\d+)', text)
    total = sum(int(n) for _, n in counts)
    errors = sum(int(n) for status, n in counts if status.startswith("5"))
    print(f"server metrics (all workers, via Redis): {total} requests, {errors} with 5xx")
    return errors


def forget_redis_keys(url: str) -> None:
    """Remove this run's queue, jobs, cache and metrics keys from Redis."""
    from redis import Redis
    from rq import Queue

    client = Redis.from_url(url)
    queue = Queue(f"bench-{os.getpid()}", connection=client)
    job_ids = set(queue.get_job_ids())
    for registry in (queue.started_job_registry, queue.scheduled_job_registry,
                     queue.failed_job_registry, queue.finished_job_registry):  # fmt: skip
        job_ids.update(registry.get_job_ids(cleanup=False))
    patterns = [f"bench{os.getpid()}:*", f"rq:*{queue.name}*"]
    patterns += [f"rq:*{job_id}*" for job_id in job_ids]
    keys = {k for pattern in patterns for k in client.scan_iter(match=pattern, count=1000)}
    if keys:
        client.delete(*keys)


def report(results: Results, elapsed: float, users: int) -> None:
    total = sum(len(v) for v in results.timings.values())
    print(f"\n{users} users, {elapsed:.0f} s, {total} requests ({total / elapsed:.1f}/s); "
          f"actions: {dict(results.actions)}")  # fmt: skip
    print(f"{'page':<18}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"  statuses")  # fmt: skip
    for label in sorted(results.timings):
        values = results.timings[label]
        statuses = ", ".join(f"{k}×{v}" for k, v in sorted(results.statuses[label].items()))
        print(
            f"{label:<18}{len(values):>9}{percentile(values, 0.5) * 1000:>9.0f}"
            f"{percentile(values, 0.95) * 1000:>9.0f}{percentile(values, 0.99) * 1000:>9.0f}"
            f"{max(values) * 1000:>9.0f}  {statuses}"
        )
    everything = [v for values in results.timings.values() for v in values]
    if everything:
        p50, p95, p99 = (percentile(everything, f) * 1000 for f in (0.5, 0.95, 0.99))
        print(f"{'all':<18}{len(everything):>9}{p50:>9.0f}{p95:>9.0f}{p99:>9.0f}"
              f"{max(everything) * 1000:>9.0f}")  # fmt: skip
    print(f"orders placed: {len(results.told)}; honest sell-outs: {len(results.refused)}; "
          f"failed checkouts: {len(results.failed_checkouts)}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get(
        "LOAD_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_load"))  # fmt: skip
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=float, default=120, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("MIN", "MAX"),
        help="seconds between a user's actions",
    )
    parser.add_argument("--redis", default=None, help="REDIS_URL for the server (+ a worker)")
    parser.add_argument(
        "--nodes",
        type=int,
        default=1,
        help="web nodes (gunicorn on their own ports); each "
        "visitor takes them in turn, request by request, like a round-robin load balancer",
    )
    parser.add_argument("--hot-stock", type=int, default=6, help="stock of the scarce products")
    args = parser.parse_args()
    if not args.database.startswith(("postgresql", "sqlite:///")):
        parser.error("--database must be a PostgreSQL URL or sqlite:///<file>")
    if args.database.startswith("sqlite:///") and not args.database.startswith("sqlite:////"):
        # Relative to the repository root, for the servers (which run there) and us alike.
        args.database = "sqlite:///" + str(ROOT / args.database.removeprefix("sqlite:///"))

    print(f"preparing {args.database} (its public schema is wiped) …", flush=True)
    reset_database(args.database)
    app = make_app(args.database)
    catalog = prepare(app, buyers=args.users, hot_products=3, hot_stock=args.hot_stock)
    print(f"{len(catalog.products)} products in stock, {len(catalog.hot)} scarce "
          f"({args.hot_stock} each), {len(catalog.buyers)} buyers", flush=True)  # fmt: skip

    ports = [free_port() for _ in range(args.nodes)]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    base = bases[0]
    results = Results()
    with tempfile.TemporaryDirectory(prefix="rd-load-") as tmp:
        logs = Path(tmp)
        servers = start_servers(args, ports, logs)
        try:
            for node in bases:
                wait_until_up(node, servers)
            started = time.monotonic()
            deadline = started + args.duration
            threads = []
            for n, email in enumerate(catalog.buyers):
                visitor = Visitor(bases, email, BUYER_PASSWORD, catalog, results,
                                  think=tuple(args.think), seed=n)  # fmt: skip
                thread = threading.Thread(target=visitor.run, args=(deadline,), daemon=True)
                threads.append(thread)
                thread.start()
                time.sleep(min(10.0, args.duration / 4) / max(1, args.users))  # ramp-up
            for thread in threads:
                thread.join(max(1.0, deadline - time.monotonic() + 70))
            elapsed = time.monotonic() - started
            still = sum(t.is_alive() for t in threads)
            server_5xx = server_counts(base) if args.redis else None
        finally:
            stop_servers(servers)
            gunicorn_log = (logs / "gunicorn.log").read_text(errors="replace")
        report(results, elapsed, args.users)

    if args.redis:
        forget_redis_keys(args.redis)
    problems = list(results.errors[:20])
    if server_5xx:
        problems.append(f"the server's own metrics count {server_5xx} responses with 5xx")
    if still:
        problems.append(f"{still} users were still waiting for an answer at the end")
    problems += results.failed_checkouts[:20]
    if not results.told:
        problems.append("no checkout succeeded")
    problems += verify(app, catalog, results.told, results.refused)
    if "Traceback" in gunicorn_log:
        problems.append("the server logged a traceback:\n" + gunicorn_log[-3000:])
    if problems:
        print("\nFAILED:")
        for problem in problems:
            print(" -", problem)
        return 1
    print("\nOK: no 5xx, every checkout placed or honestly sold out, and the database agrees "
          "with what the users were told (orders, totals, items, stock).")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
