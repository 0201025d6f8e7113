"""Prometheus metrics at ``/metrics``: requests, latency, job queue depth, job failures.

Where the numbers live, and why: several gunicorn workers (and, beyond one machine, several
hosts, DESIGN §7) serve requests, so a counter kept in one process shows only that process's
share, and a scrape reaches a random worker. With ``REDIS_URL`` set the counters are Redis hashes
(``HINCRBY`` in one pipelined round trip per request), so every worker on every host adds to the
same numbers and any of them can answer a scrape. We chose this over ``prometheus_client``'s
multiprocess mode because that mode only adds up processes on one machine, needs a shared
directory wiped at every restart and a gunicorn ``child_exit`` hook, and would be one more
dependency, while Redis is already the production store for rate limits, cache and jobs.

Without Redis (``make run``, one process) the counters are in-process and
``rumahdagang_metrics_shared`` is 0 to say so. If Redis goes away, counts are kept in-process and
pushed to Redis by the same process once it is back; a request never fails because of metrics.

Access: with ``METRICS_TOKEN`` set, a scrape must send ``Authorization: Bearer <token>``; without
it, only direct connections from the machine itself (loopback, not relayed by a proxy) may read
the page. Anyone else gets a 404, as if there were no such page.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections import defaultdict

from flask import Flask, Response, current_app, request

from trading_house.core.cache import RedisGuard, redis_client

log = logging.getLogger(__name__)

#: Latency buckets in seconds (upper bounds); +Inf is implied.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
REQUESTS = "http_requests"
DURATION_BUCKETS = "http_duration_buckets"
DURATION_SUM = "http_duration_sum"
DURATION_COUNT = "http_duration_count"
JOB_FAILURES = "job_failures"
ENDPOINT_KEY = "rumahdagang.endpoint"
SEP = "\t"
_EXTENSION_KEY = "rumahdagang.metrics"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class MetricsStore:
    """Counters as hashes ``name -> {field: number}``: Redis when available, else this process."""

    def __init__(self, client=None, *, prefix: str = "rd:metrics:", retry_after: float = 30.0):
        self.client = client
        self.prefix = prefix
        self.guard = RedisGuard("metrics", retry_after)
        self._local: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self._lock = threading.Lock()

    @property
    def shared(self) -> bool:
        return self.client is not None

    def add(self, updates: list[tuple[str, str, float]]) -> None:
        """Add each ``(name, field, amount)``; never raises."""
        if self.client is not None and self.guard.available:
            with self._lock:
                pending = [
                    (name, field, amount)
                    for name, fields in self._local.items()
                    for field, amount in fields.items()
                ]
                self._local.clear()
            try:
                self._push(pending + list(updates))
                if self.guard.recovered():
                    log.info("metrics: %d counts kept during the outage were pushed", len(pending))
                return
            except Exception as exc:  # Redis down: keep everything here until it is back
                self.guard.failed(exc)
                self._add_local(pending)
        self._add_local(updates)

    def _push(self, updates) -> None:
        pipe = self.client.pipeline(transaction=False)
        for name, field, amount in updates:
            if float(amount).is_integer():
                pipe.hincrby(self.prefix + name, field, int(amount))
            else:
                pipe.hincrbyfloat(self.prefix + name, field, amount)
        pipe.execute()

    def _add_local(self, updates) -> None:
        with self._lock:
            for name, field, amount in updates:
                self._local[name][field] += amount

    def read(self, name: str) -> dict[str, float]:
        """Shared values plus this process's not-yet-pushed ones."""
        values: dict[str, float] = defaultdict(float)
        if self.client is not None and self.guard.available:
            try:
                for field, value in self.client.hgetall(self.prefix + name).items():
                    values[field.decode()] += float(value)
            except Exception as exc:
                self.guard.failed(exc)
        with self._lock:
            for field, value in self._local.get(name, {}).items():
                values[field] += value
        return dict(values)


def store(app: Flask | None = None) -> MetricsStore:
    app = app or current_app
    metrics = app.extensions.get(_EXTENSION_KEY)
    if metrics is None:
        client = redis_client(app) if app.config.get("REDIS_URL") else None
        prefix = app.config.get("CACHE_KEY_PREFIX", "rd:") + "metrics:"
        retry = float(app.config.get("REDIS_RETRY_AFTER", 30))
        metrics = app.extensions[_EXTENSION_KEY] = MetricsStore(
            client, prefix=prefix, retry_after=retry
        )
    return metrics


def _bucket_index(seconds: float) -> int:
    for index, bound in enumerate(BUCKETS):
        if seconds <= bound:
            return index
    return len(BUCKETS)


def record_request(app: Flask, endpoint: str, method: str, status: int, seconds: float) -> None:
    store(app).add(
        [
            (REQUESTS, SEP.join((endpoint, method, str(status))), 1),
            (DURATION_BUCKETS, f"{endpoint}{SEP}{_bucket_index(seconds)}", 1),
            (DURATION_SUM, endpoint, seconds),
            (DURATION_COUNT, endpoint, 1),
        ]
    )


def record_job_failure(job_name: str, app: Flask | None = None) -> None:
    """Count a failed background job (called by the RQ worker and by inline jobs)."""
    try:
        store(app).add([(JOB_FAILURES, job_name or "unknown", 1)])
    except Exception:  # metrics must never turn a failure into a different failure
        log.exception("could not count a job failure")


class MetricsMiddleware:
    """Times every request from the first byte Flask sees to the response's start."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        seen = {}

        def _start_response(status, headers, exc_info=None):
            seen["status"] = status
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, _start_response)
        finally:
            try:
                status = int(str(seen.get("status", "500")).split(" ", 1)[0])
                record_request(
                    self.app,
                    environ.get(ENDPOINT_KEY) or "unknown",
                    environ.get("REQUEST_METHOD", "GET"),
                    status,
                    time.perf_counter() - started,
                )
            except Exception:
                log.exception("could not record request metrics")


def _remember_endpoint(response):
    """Label by route name (``catalog.browse``), never by raw path: bounded label values."""
    rule = request.url_rule
    request.environ[ENDPOINT_KEY] = rule.endpoint if rule is not None else "unmatched"
    return response


# --- exposition ------------------------------------------------------------------------------


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**labels: str) -> str:
    inner = ",".join(f'{key}="{_escape(str(value))}"' for key, value in labels.items())
    return "{" + inner + "}" if inner else ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _family(lines: list[str], name: str, kind: str, help_text: str) -> None:
    lines.append(f"# HELP {name} {help_text}")
    lines.append(f"# TYPE {name} {kind}")


def _queue_states(app: Flask) -> dict[str, int] | None:
    client = redis_client(app)
    if client is None:
        return None
    from rq import Queue

    queue = Queue(app.config.get("RQ_QUEUE", "default"), connection=client)
    return {
        "queued": queue.count,
        "started": queue.started_job_registry.count,
        "scheduled": queue.scheduled_job_registry.count,
        "deferred": queue.deferred_job_registry.count,
        "failed": queue.failed_job_registry.count,
    }


def _outbox_counts() -> dict[str, int] | None:
    from sqlalchemy import func, select

    from trading_house.core.models import OutboxEmail
    from trading_house.extensions import db

    try:
        rows = db.session.execute(
            select(OutboxEmail.status, func.count(OutboxEmail.id)).group_by(OutboxEmail.status)
        )
        counts = {status: count for status, count in rows}
        db.session.rollback()
        return counts
    except Exception:
        db.session.rollback()
        return None


def render_metrics(app: Flask) -> str:
    metrics = store(app)
    lines: list[str] = []

    name = "rumahdagang_http_requests_total"
    _family(lines, name, "counter", "HTTP requests by endpoint, method and status.")
    for field, value in sorted(metrics.read(REQUESTS).items()):
        endpoint, method, status = (field.split(SEP) + ["", "", ""])[:3]
        lines.append(
            f"{name}{_labels(endpoint=endpoint, method=method, status=status)} {_number(value)}"
        )

    name = "rumahdagang_http_request_duration_seconds"
    _family(lines, name, "histogram", "Time to answer a request, by endpoint.")
    buckets: dict[str, list[float]] = defaultdict(lambda: [0.0] * (len(BUCKETS) + 1))
    for field, value in metrics.read(DURATION_BUCKETS).items():
        endpoint, _, index = field.rpartition(SEP)
        if index.isdigit() and int(index) <= len(BUCKETS):
            buckets[endpoint][int(index)] += value
    sums = metrics.read(DURATION_SUM)
    counts = metrics.read(DURATION_COUNT)
    for endpoint in sorted(set(buckets) | set(counts)):
        cumulative = 0.0
        for index, bound in enumerate((*BUCKETS, None)):
            cumulative += buckets[endpoint][index]
            le = "+Inf" if bound is None else repr(bound)
            lines.append(f"{name}_bucket{_labels(endpoint=endpoint, le=le)} {_number(cumulative)}")
        lines.append(f"{name}_sum{_labels(endpoint=endpoint)} {_number(sums.get(endpoint, 0))}")
        lines.append(
            f"{name}_count{_labels(endpoint=endpoint)} {_number(counts.get(endpoint, cumulative))}"
        )

    name = "rumahdagang_jobs_failed_total"
    _family(lines, name, "counter", "Background job runs that failed, by job.")
    for job, value in sorted(metrics.read(JOB_FAILURES).items()):
        lines.append(f"{name}{_labels(job=job)} {_number(value)}")

    name = "rumahdagang_job_queue_jobs"
    _family(lines, name, "gauge", "Jobs in the RQ queue and its registries, by state.")
    try:
        states = _queue_states(app)
    except Exception as exc:
        log.warning("metrics: cannot read the job queue: %s", exc)
        states = None
    queue_name = app.config.get("RQ_QUEUE", "default")
    for state, value in (states or {}).items():
        lines.append(f"{name}{_labels(queue=queue_name, state=state)} {value}")
    name = "rumahdagang_job_queue_up"
    _family(lines, name, "gauge", "1 if the RQ queue could be read, 0 if not, absent inline.")
    if app.config.get("REDIS_URL"):
        lines.append(f"{name} {0 if states is None else 1}")

    outbox = _outbox_counts()
    name = "rumahdagang_outbox_emails"
    _family(lines, name, "gauge", "E-mails in the outbox, by status.")
    for status, value in sorted((outbox or {}).items()):
        lines.append(f"{name}{_labels(status=status)} {value}")
    name = "rumahdagang_database_up"
    _family(lines, name, "gauge", "1 if the database answered this scrape.")
    lines.append(f"{name} {0 if outbox is None else 1}")

    name = "rumahdagang_metrics_shared"
    _family(lines, name, "gauge", "1 if counters are shared by all processes (Redis), 0 if not.")
    lines.append(f"{name} {1 if metrics.shared and metrics.guard.available else 0}")
    return "\n".join(lines) + "\n"


LOOPBACK = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})
PROXY_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")


def scrape_allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        supplied = request.headers.get("Authorization", "")
        return hmac.compare_digest(supplied.encode(), f"Bearer {token}".encode())
    relayed = any(header in request.headers for header in PROXY_HEADERS)
    original = request.environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR")
    remote = original or request.remote_addr
    return remote in LOOPBACK and not relayed


def metrics_view():
    if not scrape_allowed():
        from werkzeug.exceptions import NotFound

        raise NotFound()
    body = render_metrics(current_app._get_current_object())
    response = Response(body, mimetype="text/plain")
    response.headers["Content-Type"] = CONTENT_TYPE
    response.headers["Cache-Control"] = "no-store"
    return response


def init_metrics(app: Flask) -> None:
    app.after_request(_remember_endpoint)
    app.add_url_rule("/metrics", endpoint="metrics", view_func=metrics_view, methods=["GET"])
    app.wsgi_app = MetricsMiddleware(app.wsgi_app, app)
