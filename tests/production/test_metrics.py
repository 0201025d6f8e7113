"""/metrics: Prometheus text format, counts that add up across processes, and who may read it.

Counters live in the process (``prometheus_client``), so tests compare a scrape before and after.
"""

import re
import subprocess
import sys

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from redis import Redis

from tests.production.conftest import REDIS_URL, ROOT, closed_port, needs_redis
from trading_house.core.jobs import enqueue, run_inline
from trading_house.core.metrics import render_metrics

#: One sample line: name, optional {labels}, value (Prometheus text exposition format 0.0.4).
SAMPLE = re.compile(
    r"^(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)"
    r'(?:\{(?P<labels>(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\})?'
    r" (?P<value>[-+]?(?:\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|NaN|[+-]?Inf))$"
)
COMMENT = re.compile(r"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$")


def parse(text: str) -> dict[tuple[str, frozenset], float]:
    """{(name, labels): value}; fails on any line that is not valid exposition format."""
    assert text.endswith("\n")
    samples = {}
    types = {}
    for line in text.splitlines():
        if line.startswith("#"):
            assert COMMENT.match(line), line
            if line.startswith("# TYPE"):
                _, _, name, kind = line.split(" ")
                assert kind in {"counter", "gauge", "histogram"}, line
                types[name] = kind
            continue
        match = SAMPLE.match(line)
        assert match, f"not exposition format: {line!r}"
        labels = frozenset(
            re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', match["labels"] or "")
        )
        key = (match["name"], labels)
        assert key not in samples, f"duplicate sample {line!r}"
        samples[key] = float(match["value"])
    for name, _ in samples:
        family = re.sub(r"_(bucket|sum|count)$", "", name)
        assert name in types or family in types, f"{name} has no # TYPE"
    return samples


def value(samples, name, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def multiprocess_samples(directory) -> dict:
    """What a scrape adds up from the files processes wrote in ``PROMETHEUS_MULTIPROC_DIR``."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(directory))
    return parse(generate_latest(registry).decode())


def scrape(client) -> dict:
    response = client.get("/metrics")
    assert response.status_code == 200
    return parse(response.get_data(as_text=True))


@pytest.fixture
def metrics_app(make_app):
    return make_app()


def test_metrics_are_valid_exposition_format_and_count_requests(metrics_app):
    client = metrics_app.test_client()
    before = scrape(client)
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert client.get("/no-such-page").status_code == 404
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    samples = parse(response.get_data(as_text=True))

    def delta(name, **labels):
        return value(samples, name, **labels) - value(before, name, **labels)

    requests = "rumahdagang_http_requests_total"
    assert delta(requests, endpoint="core.healthz", method="GET", status="200") == 3
    assert delta(requests, endpoint="unmatched", method="GET", status="404") == 1
    assert delta(requests, endpoint="metrics", method="GET", status="200") == 1, "the 1st scrape"

    hist = "rumahdagang_http_request_duration_seconds"
    buckets = sorted(
        (float(dict(labels)["le"]), v)
        for (name, labels), v in samples.items()
        if name == f"{hist}_bucket" and dict(labels)["endpoint"] == "core.healthz"
    )
    assert buckets[-1][0] == float("inf")
    assert delta(f"{hist}_bucket", endpoint="core.healthz", le="+Inf") == 3
    counts = [v for _, v in buckets]
    assert counts == sorted(counts), "buckets are cumulative"
    assert delta(f"{hist}_count", endpoint="core.healthz") == 3
    assert delta(f"{hist}_sum", endpoint="core.healthz") > 0
    assert value(samples, "rumahdagang_database_up") == 1
    assert value(samples, "rumahdagang_metrics_shared") == 0, "no multi-process dir: per process"
    assert not [name for name, _ in samples if name.endswith("_created")]


def test_failed_jobs_are_counted(metrics_app):
    metrics_app.config["JOBS_RAISE"] = False

    def import_photo():
        raise OSError("disk full")

    with metrics_app.app_context():
        run_inline(import_photo)
        run_inline(import_photo)
        samples = parse(render_metrics(metrics_app))
    name = f"{__name__}:test_failed_jobs_are_counted.<locals>.import_photo"
    assert value(samples, "rumahdagang_jobs_failed_total", job=name) == 2


def test_only_local_direct_scrapes_are_answered_without_a_token(metrics_app):
    client = metrics_app.test_client()
    assert client.get("/metrics").status_code == 200  # 127.0.0.1, direct
    remote = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert remote.status_code == 404
    through_proxy = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert through_proxy.status_code == 404, "nginx relays from 127.0.0.1 too"


def test_a_token_is_required_when_one_is_configured(make_app):
    guarded = make_app(METRICS_TOKEN="s3cret-token-for-prometheus")
    client = guarded.test_client()
    assert client.get("/metrics").status_code == 404
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 404
    right = client.get(
        "/metrics",
        headers={"Authorization": "Bearer s3cret-token-for-prometheus"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert right.status_code == 200
    assert "rumahdagang_http_requests_total" in right.get_data(as_text=True)


def test_metrics_survive_an_unreachable_redis(make_app):
    broken = make_app(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    client = broken.test_client()
    requests = "rumahdagang_http_requests_total"
    labels = dict(endpoint="core.healthz", method="GET", status="200")
    before = value(scrape(client), requests, **labels)
    for _ in range(2):
        assert client.get("/healthz").status_code == 200
    samples = scrape(client)
    assert value(samples, requests, **labels) - before == 2
    assert value(samples, "rumahdagang_job_queue_up") == 0
    assert value(samples, "rumahdagang_metrics_shared") == 0


RECORD = """
from trading_house.core.metrics import record_job_failure, record_request
for _ in range({n}):
    record_request("catalog.browse", "GET", 200, 0.25)
record_job_failure("photos:render")
"""


def test_counts_from_several_processes_add_up(metrics_app, tmp_path, monkeypatch):
    """Two gunicorn workers (or an RQ worker) = two processes writing to one directory: a
    scrape answered by any process of the machine shows the sum."""
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": ROOT, "PATH": "/usr/bin"}
    for n in (2, 3):
        code = RECORD.format(n=n)
        subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, timeout=60)
    assert sorted(path.name.split("_")[0] for path in tmp_path.iterdir()) == [
        "counter",
        "counter",
        "histogram",
        "histogram",
    ]
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    with metrics_app.app_context():
        samples = parse(render_metrics(metrics_app))
    requests = "rumahdagang_http_requests_total"
    hist = "rumahdagang_http_request_duration_seconds"
    assert value(samples, requests, endpoint="catalog.browse", method="GET", status="200") == 5
    assert value(samples, f"{hist}_bucket", endpoint="catalog.browse", le="0.25") == 5
    assert value(samples, f"{hist}_bucket", endpoint="catalog.browse", le="0.1") == 0
    assert value(samples, f"{hist}_sum", endpoint="catalog.browse") == 1.25
    assert value(samples, "rumahdagang_jobs_failed_total", job="photos:render") == 2
    assert value(samples, "rumahdagang_metrics_shared") == 1
    assert value(samples, "rumahdagang_database_up") == 1, "scrape-time gauges still there"


@needs_redis
def test_queue_depth_with_redis(make_app, redis_prefix):
    queued = make_app(
        REDIS_URL=REDIS_URL, RQ_QUEUE=f"{redis_prefix}q", CACHE_KEY_PREFIX=redis_prefix
    )
    client = queued.test_client()
    with queued.app_context():
        enqueue(print, "a job nobody works on")
        enqueue(print, "another")
    samples = scrape(client)
    queue = f"{redis_prefix}q"
    assert value(samples, "rumahdagang_job_queue_jobs", queue=queue, state="queued") == 2
    assert value(samples, "rumahdagang_job_queue_jobs", queue=queue, state="failed") == 0
    assert value(samples, "rumahdagang_job_queue_up") == 1
    from rq import Queue

    Queue(queue, connection=Redis.from_url(REDIS_URL)).empty()


def test_gunicorn_workers_add_up_and_a_restart_starts_from_zero(app, tmp_path):
    """deploy/gunicorn.conf.py with two sync workers: every scrape, whichever worker answers it,
    shows all requests; the directory is emptied when gunicorn starts."""
    import os
    import signal
    import time
    import urllib.request

    from tests.production.conftest import closed_port

    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"left over from the last run")
    port = closed_port()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        INSTANCE_PATH=str(tmp_path / "instance"),
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        LOG_FORMAT="text",
        LOG_LEVEL="WARNING",
        PYTHONPATH=ROOT,
    )
    env.pop("REDIS_URL", None)
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def get(path: str) -> str:
        with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310
            return response.read().decode()

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get("/healthz")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
        assert not (metrics_dir / "counter_999999.db").exists(), "emptied at start"
        from concurrent.futures import ThreadPoolExecutor

        def worker_files() -> set[str]:
            return {path.name.split("_")[1] for path in metrics_dir.glob("counter_*.db")}

        sent = 1  # the first /healthz above
        with ThreadPoolExecutor(4) as pool:  # at once, until both workers have served some
            while len(worker_files()) < 2 and time.monotonic() < deadline:
                list(pool.map(lambda _: get("/healthz"), range(20)))
                sent += 20
        assert len(worker_files()) == 2, f"both workers counted requests: {worker_files()}"
        for _ in range(6):  # scrapes land on either worker
            samples = parse(get("/metrics"))
            requests = "rumahdagang_http_requests_total"
            healthz = value(samples, requests, endpoint="core.healthz", method="GET", status="200")
            assert healthz == sent
            assert value(samples, "rumahdagang_metrics_shared") == 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        log.close()
