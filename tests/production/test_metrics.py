"""/metrics: Prometheus text format, counts that add up across processes, and who may read it."""

import re

import pytest
from redis import Redis

from tests.production.conftest import REDIS_URL, closed_port, needs_redis
from trading_house.core.jobs import enqueue, run_inline
from trading_house.core.metrics import MetricsStore, render_metrics, store

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


@pytest.fixture
def metrics_app(make_app):
    return make_app()


def test_metrics_are_valid_exposition_format_and_count_requests(metrics_app):
    client = metrics_app.test_client()
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert client.get("/no-such-page").status_code == 404
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    samples = parse(response.get_data(as_text=True))

    requests = "rumahdagang_http_requests_total"
    assert value(samples, requests, endpoint="core.healthz", method="GET", status="200") == 3
    assert value(samples, requests, endpoint="unmatched", method="GET", status="404") == 1

    hist = "rumahdagang_http_request_duration_seconds"
    buckets = sorted(
        (float(dict(labels)["le"]), v)
        for (name, labels), v in samples.items()
        if name == f"{hist}_bucket" and dict(labels)["endpoint"] == "core.healthz"
    )
    assert buckets[-1][0] == float("inf") and buckets[-1][1] == 3
    counts = [v for _, v in buckets]
    assert counts == sorted(counts), "buckets are cumulative"
    assert value(samples, f"{hist}_count", endpoint="core.healthz") == 3
    assert value(samples, f"{hist}_sum", endpoint="core.healthz") > 0
    assert value(samples, "rumahdagang_database_up") == 1
    assert value(samples, "rumahdagang_metrics_shared") == 0, "no Redis: per process"


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
    for _ in range(2):
        assert client.get("/healthz").status_code == 200
    response = client.get("/metrics")
    assert response.status_code == 200
    samples = parse(response.get_data(as_text=True))
    requests = "rumahdagang_http_requests_total"
    assert value(samples, requests, endpoint="core.healthz", method="GET", status="200") == 2
    assert value(samples, "rumahdagang_job_queue_up") == 0
    assert value(samples, "rumahdagang_metrics_shared") == 0


@needs_redis
def test_counts_from_several_processes_add_up(redis_prefix):
    """Two gunicorn workers = two stores on one Redis: a scrape of either sees both."""
    first = MetricsStore(Redis.from_url(REDIS_URL), prefix=redis_prefix)
    second = MetricsStore(Redis.from_url(REDIS_URL), prefix=redis_prefix)
    first.add([("http_requests", "catalog.browse\tGET\t200", 1)])
    second.add([("http_requests", "catalog.browse\tGET\t200", 1)])
    second.add([("http_duration_sum", "catalog.browse", 0.25)])
    assert first.read("http_requests") == {"catalog.browse\tGET\t200": 2}
    assert second.read("http_duration_sum") == {"catalog.browse": 0.25}


@needs_redis
def test_queue_depth_and_shared_counters_with_redis(make_app, redis_prefix):
    queued = make_app(
        REDIS_URL=REDIS_URL, RQ_QUEUE=f"{redis_prefix}q", CACHE_KEY_PREFIX=redis_prefix
    )
    client = queued.test_client()
    with queued.app_context():
        enqueue(print, "a job nobody works on")
        enqueue(print, "another")
    assert client.get("/healthz").status_code == 200
    samples = parse(client.get("/metrics").get_data(as_text=True))
    queue = f"{redis_prefix}q"
    assert value(samples, "rumahdagang_job_queue_jobs", queue=queue, state="queued") == 2
    assert value(samples, "rumahdagang_job_queue_jobs", queue=queue, state="failed") == 0
    assert value(samples, "rumahdagang_job_queue_up") == 1
    assert value(samples, "rumahdagang_metrics_shared") == 1
    requests = "rumahdagang_http_requests_total"
    assert value(samples, requests, endpoint="core.healthz", method="GET", status="200") == 1
    with queued.app_context():
        assert store().read("http_requests")  # kept in Redis, under our prefix
    from rq import Queue

    Queue(queue, connection=Redis.from_url(REDIS_URL)).empty()
