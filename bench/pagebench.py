"""Shared by ``bench/catalog_page.py`` and ``bench/product_page.py``: build a catalog database,
serve the real page and the fixed reference (``bench/reference.py``) with the same gunicorn
settings, load them in interleaved rounds and print req/s, server CPU per request, p50/p99.

Servers (all gunicorn, ``--workers`` sync workers, 127.0.0.1, free ports, same settings):

* ``reference``: the bare Flask app of ``bench/reference.py`` (no database);
* ``plain ORM``: the plain Flask-SQLAlchemy app of ``bench/orm_reference.py``: the same bare
  templates filled from the same database by its own models (the issue's "plain ORM page",
  what a page answered from the database costs with nothing else on it);
* ``warm``: the real application with its in-process cache (what ``make run`` has without
  Redis), measured after a warm-up, so cards, counts and statistics come from the cache;
* ``cold``: the real application with ``CACHE_BACKEND=null``: nothing is ever cached, every
  request renders every card and counts what it shows (the cost of a cache miss, every time).

Load: ``wrk`` when installed (``-t2 -c<connections>``), else the asyncio generator below
(each connection sends one request at a time; gunicorn's sync workers close the connection
after each answer, so every request opens a new one, as with wrk against sync workers).
Server CPU per request is the CPU time (user + system, from /proc) of the gunicorn workers
during a round divided by the requests answered: unlike req/s it hardly depends on what else
the machine is doing.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for path in (str(ROOT), str(BENCH)):
    if path not in sys.path:
        sys.path.insert(0, path)


# --- the WSGI applications (gunicorn imports this module and calls one) ------------------------


def real_app():
    """The application on ``BENCH_DATABASE_URL`` with ``BENCH_CACHE`` (``local``/``null``)."""
    import logging

    from catalog_data import make_app

    logging.disable(logging.INFO)
    return make_app(
        os.environ["BENCH_DATABASE_URL"],
        Path(os.environ["BENCH_INSTANCE"]),
        CACHE_BACKEND=os.environ.get("BENCH_CACHE", "local"),
    )


def reference_app():
    from reference import reference_app as make

    return make()


def orm_reference_app():
    """The plain Flask-SQLAlchemy pages of ``bench/orm_reference.py`` on the same database."""
    from orm_reference import orm_reference_app as make

    return make(os.environ["BENCH_DATABASE_URL"])


# --- data -------------------------------------------------------------------------------------


def build_database(directory: Path, products: int) -> str:
    """A migrated SQLite catalog of ``products`` published products (2 photos, 2 tiers each),
    kept in ``directory`` between runs of the same size (and upgraded to the current schema)."""
    from catalog_data import fill_catalog, make_app, migrate

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"catalog-{products}.db"
    url = f"sqlite:///{path}"
    if path.exists() and (directory / f"catalog-{products}.done").exists():
        migrate(make_app(url, directory))  # a catalog kept from an older schema gets its indexes
        return url
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"building a catalog of {products:,} products ...", flush=True)
    app = make_app(url, directory)
    migrate(app)
    fill_catalog(app, products, photos=True)
    with app.app_context():
        from trading_house.extensions import db

        db.engine.dispose()
    (directory / f"catalog-{products}.done").write_text("ok")
    return url


# --- servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    factory: str
    path: str
    env: dict
    workers: int
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--pythonpath",
            f"{ROOT},{BENCH}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
            "--backlog",
            "256",
            f"pagebench:{self.factory}()",
        ]
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT)  # noqa: S603

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(c) for c in children]

    def cpu_seconds(self) -> float:
        """User + system CPU time of the workers so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def fetch(port: int, path: str, timeout: float = 30) -> tuple[int, bytes]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_until_up(server: Server, timeout: float = 120) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name}: gunicorn exited with {server.process.returncode}")
        try:
            status, body = fetch(server.port, server.path, timeout)
        except (ConnectionRefusedError, ConnectionResetError, OSError):
            time.sleep(0.3)
            continue
        if status != 200:
            raise RuntimeError(f"{server.name}: {server.path} answered {status}")
        return body
    raise RuntimeError(f"{server.name}: no answer within {timeout} s")


# --- load -------------------------------------------------------------------------------------


@dataclass
class Round:
    requests: int
    errors: int
    seconds: float
    cpu_seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu_seconds / max(1, self.requests)


async def _client(port: int, request: bytes, deadline: float, latencies: list, errors: list):
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            data = await reader.read()  # sync workers close after the answer
            writer.close()
        except OSError:
            errors.append(1)
            continue
        if data.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200")):
            latencies.append(time.perf_counter() - started)
        else:
            errors.append(1)


def _python_load(port: int, path: str, seconds: float, connections: int):
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    latencies: list[float] = []
    errors: list[int] = []

    async def main():
        deadline = time.perf_counter() + seconds
        await asyncio.gather(
            *(_client(port, request, deadline, latencies, errors) for _ in range(connections))
        )

    asyncio.run(main())
    return latencies, len(errors)


def _wrk_load(port: int, path: str, seconds: float, connections: int):
    """wrk's own numbers: requests, errors and the latency distribution's p50/p99."""
    out = subprocess.run(  # noqa: S603
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds:.0f}s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    import re

    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    percentiles = {}
    for label, value, unit in re.findall(r"\s(50|99)%\s+([\d.]+)(us|ms|s)", out):
        percentiles[label] = float(value) / {"us": 1e6, "ms": 1e3, "s": 1}[unit]
    # A latency list with the same median and p99 (wrk only reports the distribution).
    latencies = [percentiles["50"]] * 98 + [percentiles["99"]] * 2
    return latencies, errors, requests


def load(server: Server, seconds: float, connections: int) -> Round:
    cpu_before = server.cpu_seconds()
    started = time.perf_counter()
    if shutil.which("wrk"):
        latencies, errors, requests = _wrk_load(server.port, server.path, seconds, connections)
    else:
        latencies, errors = _python_load(server.port, server.path, seconds, connections)
        requests = len(latencies)
    elapsed = time.perf_counter() - started
    return Round(requests, errors, elapsed, server.cpu_seconds() - cpu_before, latencies)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@dataclass
class Result:
    rounds: list[Round] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return statistics.median(r.rate for r in self.rounds)

    @property
    def cpu_ms(self) -> float:
        return statistics.median(r.cpu_ms for r in self.rounds)

    def latency(self, fraction: float) -> float:
        return 1000 * percentile([x for r in self.rounds for x in r.latencies], fraction)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.rounds)


def run_size(
    *,
    products: int,
    data_dir: Path,
    real_path: str,
    reference_path: str,
    orm_path: str,
    rounds: int,
    seconds: float,
    connections: int,
    workers: int,
    check,
) -> dict[str, Result]:
    """Serve the references, warm and cold side by side and run ``rounds`` interleaved rounds."""
    url = build_database(data_dir, products)
    base = {**os.environ, "BENCH_DATABASE_URL": url, "BENCH_INSTANCE": str(data_dir)}
    base.pop("REDIS_URL", None)
    servers = [
        Server("reference", "reference_app", reference_path, base, workers),
        Server("plain ORM", "orm_reference_app", orm_path, base, workers),
        Server("warm", "real_app", real_path, {**base, "BENCH_CACHE": "local"}, workers),
        Server("cold", "real_app", real_path, {**base, "BENCH_CACHE": "null"}, workers),
    ]
    results = {server.name: Result() for server in servers}
    try:
        for server in servers:
            server.start()
        bodies = {server.name: wait_until_up(server) for server in servers}
        check(bodies)
        for server in servers:  # warm-up: imports, compiled templates, the warm cache
            load(server, 1.5, connections)
        for _ in range(rounds):
            for server in servers:
                results[server.name].rounds.append(load(server, seconds, connections))
    finally:
        for server in servers:
            server.stop()
    return results


def report(title: str, sizes: dict[int, dict[str, Result]], goals: dict[str, float]) -> bool:
    """Print the table and the ratios; True when every goal is met."""
    print(f"\n{title}")
    print(
        f"{'products':>9} {'page':<10} {'req/s':>8} {'CPU ms/req':>11} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'errors':>7}"
    )
    ok = True
    for products, results in sizes.items():
        for name, result in results.items():
            print(
                f"{products:>9,} {name:<10} {result.rate:>8.1f} {result.cpu_ms:>11.2f} "
                f"{result.latency(0.5):>8.1f} {result.latency(0.99):>8.1f} {result.errors:>7}"
            )
            ok = ok and result.errors == 0
    print("\nratios to the reference (req/s; CPU per request in brackets):")
    for products, results in sizes.items():
        reference = results["reference"]
        parts = []
        for name in ("warm", "cold"):
            rate = results[name].rate / reference.rate
            cpu = reference.cpu_ms / results[name].cpu_ms
            goal = goals.get(name)
            met = goal is None or rate >= goal
            ok = ok and met
            parts.append(
                f"{name} {rate:.2f} ({cpu:.2f})"
                + ("" if goal is None else f" goal >= {goal:.2f} {'met' if met else 'NOT MET'}")
            )
        print(f"  {products:>9,}: " + "; ".join(parts))
        orm = results["plain ORM"]
        print(
            f"  {'':>9}  plain ORM page {orm.rate / reference.rate:.2f}"
            f" ({reference.cpu_ms / orm.cpu_ms:.2f}); cold to the plain ORM page"
            f" {results['cold'].rate / orm.rate:.2f} ({orm.cpu_ms / results['cold'].cpu_ms:.2f})"
        )
    if len(sizes) > 1:
        smallest, largest = min(sizes), max(sizes)
        for name in ("warm", "cold"):
            change = sizes[largest][name].cpu_ms / sizes[smallest][name].cpu_ms - 1
            print(f"  {name} CPU per request {largest:,} vs {smallest:,} products: {change:+.0%}")
    print(f"  load average now: {os.getloadavg()[0]:.1f} (2 CPUs shared with other work)")
    return ok


def arguments(description: str):
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", default="2000,20000,100000", help="numbers of products")
    parser.add_argument("--quick", action="store_true", help="2,000 and 20,000, 1 × 4 s rounds")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8.0, help="per round and server")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--data",
        default=str(ROOT / "instance" / "bench"),
        help="where the generated databases are kept between runs",
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.rounds, args.seconds = "2000,20000", 1, 4.0
    args.sizes = [int(s) for s in args.sizes.split(",")]
    return args
