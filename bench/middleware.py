"""What our middleware stack costs per request (issue #18: < 0.2 ms).

Serves one plain route (``/plain``: a 2 KB HTML body, so compression has something to look at)
from two WSGI applications in the same process, called directly (no server, no sockets):

* ``bare``: a plain ``Flask`` app with that route and nothing else;
* ``ours``: the application from ``create_app`` (request ids, JSON logging, Prometheus metrics,
  the trusted-host guard, the proxy fix, sessions, Babel, login, security headers, cache policy,
  compression) with the same route added.

Both answer a browser-like GET (``Accept-Encoding: gzip``, ``Accept-Language``, ``X-Request-ID``
from nginx); the CPU time per request is measured over interleaved batches and the difference is
what the stack costs. Run from the repository root::

    .venv/bin/python bench/middleware.py                 # 3 rounds of 3,000 requests each
    .venv/bin/python bench/middleware.py --multiprocess  # metrics written as in production
    .venv/bin/python bench/middleware.py --profile       # where the stack's time goes

Exit 1 when the stack costs 0.2 ms or more.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOAL_MS = 0.2
BODY = "<!doctype html><title>plain</title>" + "<p>Rumah Dagang, Sulawesi Selatan.</p>" * 50
HEADERS = {
    "Accept": "text/html,application/xhtml+xml",
    "Accept-Encoding": "gzip, deflate, br",
    "Accept-Language": "id-ID,id;q=0.9,en;q=0.8",
    "X-Request-ID": "bench-0123456789abcdef",
    "User-Agent": "Mozilla/5.0 (Linux; Android 14) bench",
}


def plain():
    return BODY


def bare_app():
    from flask import Flask

    app = Flask("bare")
    app.add_url_rule("/plain", "plain", plain)
    return app


def our_app(instance: Path):
    """The real application (production-like: JSON logs, gzip, metrics, proxy fix)."""
    import logging

    from config import Config
    from trading_house import create_app

    class BenchConfig(Config):
        TESTING = False
        DEBUG = False
        SECRET_KEY = "bench-" + "x" * 40
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{instance / 'bench.db'}"
        INSTANCE_PATH = str(instance)
        MEDIA_ROOT = str(instance / "media")
        PRIVATE_ROOT = str(instance / "private")
        CACHE_BACKEND = "local"
        LOG_FORMAT = "json"
        PROXY_COUNT = 1
        TRUSTED_HOSTS = ["localhost", "127.0.0.1"]
        RATELIMIT_ENABLED = False

    app = create_app(BenchConfig)
    app.add_url_rule("/plain", "plain", plain)
    logging.disable(logging.INFO)
    return app


def environ() -> dict:
    from werkzeug.test import EnvironBuilder

    builder = EnvironBuilder(path="/plain", base_url="http://localhost/", headers=HEADERS)
    env = builder.get_environ()
    env["REMOTE_ADDR"] = "127.0.0.1"
    env["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    env["HTTP_X_FORWARDED_PROTO"] = "http"
    return env


def call(app, template: dict) -> bytes:
    env = dict(template)
    env["wsgi.input"] = io.BytesIO()
    status = []

    def start_response(code, headers, exc_info=None):
        status.append(code)

    result = app(env, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    assert status and status[0].startswith("200"), status
    return body


def cpu_ms(app, template: dict, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        call(app, template)
    return (time.process_time() - started) * 1000 / requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--multiprocess", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-mw-") as tmp:
        if args.multiprocess:
            metrics_dir = Path(tmp) / "metrics"
            metrics_dir.mkdir()
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        bare, ours = bare_app(), our_app(Path(tmp))
        template = environ()
        for app in (bare, ours):  # warm up: first-request work, imports, caches
            for _ in range(200):
                call(app, template)
        if args.profile:
            return profile(ours, template, args.requests)
        bare_runs, our_runs = [], []
        for _ in range(args.rounds):
            bare_runs.append(cpu_ms(bare, template, args.requests))
            our_runs.append(cpu_ms(ours, template, args.requests))
    bare_ms, our_ms = min(bare_runs), min(our_runs)
    cost = our_ms - bare_ms
    mode = "multi-process metrics" if args.multiprocess else "single-process metrics"
    print(f"plain route, {args.rounds} rounds x {args.requests} requests, {mode}")
    print(f"  bare Flask:        {bare_ms:.3f} ms CPU per request (rounds {_list(bare_runs)})")
    print(f"  our stack:         {our_ms:.3f} ms CPU per request (rounds {_list(our_runs)})")
    verdict = "met" if cost < GOAL_MS else "NOT met"
    print(f"  middleware cost:   {cost:.3f} ms per request (goal < {GOAL_MS} ms: {verdict})")
    return 0 if cost < GOAL_MS else 1


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


def profile(app, template: dict, requests: int) -> int:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        call(app, template)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
