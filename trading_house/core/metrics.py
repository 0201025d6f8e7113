"""Prometheus metrics at ``/metrics`` with ``prometheus_client``: requests, latency, job
failures, and at scrape time the job queue, the outbox and the database.

Several gunicorn workers serve requests and a scrape reaches one of them. With
``PROMETHEUS_MULTIPROC_DIR`` set (``deploy/run-prod.sh``, the systemd units) every process — web
workers and RQ workers of the machine — writes its counts to files in that directory and a scrape
adds them all up (``prometheus_client``'s multi-process mode; gunicorn wipes the directory when
it starts and marks dead workers in ``child_exit``, ``deploy/gunicorn.conf.py``). Each machine is
scraped on its own; Prometheus adds the machines up (``sum by (endpoint)``). Without the
directory (``make run``, one process) the counts are this process's and
``rumahdagang_metrics_shared`` is 0 to say so.

Access: with ``METRICS_TOKEN`` set, a scrape must send ``Authorization: Bearer <token>``; without
it, only direct connections from the machine itself (loopback, not relayed by a proxy) may read
the page. Anyone else gets a 404, as if there were no such page.
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from enum import StrEnum

from flask import Flask, Response, current_app, request
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

log = logging.getLogger(__name__)

disable_created_metrics()  # no *_created series: they double the output and nobody reads them

#: Latency buckets in seconds (upper bounds); +Inf is implied.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
ENDPOINT_KEY = "rumahdagang.endpoint"
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4

HTTP_REQUESTS = Counter(
    "rumahdagang_http_requests",
    "HTTP requests by endpoint, method and status.",
    ["endpoint", "method", "status"],
)
HTTP_DURATION = Histogram(
    "rumahdagang_http_request_duration_seconds",
    "Time to answer a request, by endpoint.",
    ["endpoint"],
    buckets=BUCKETS,
)
JOBS_FAILED = Counter(
    "rumahdagang_jobs_failed", "Background job runs that failed, by job.", ["job"]
)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def record_request(endpoint: str, method: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(endpoint, method, str(status)).inc()
    HTTP_DURATION.labels(endpoint).observe(seconds)


def record_job_failure(job_name: str, app: Flask | None = None) -> None:
    """Count a failed background job (called by the RQ worker and by inline jobs)."""
    try:
        JOBS_FAILED.labels(job_name or "unknown").inc()
    except Exception:  # metrics must never turn a failure into a different failure
        log.exception("could not count a job failure")


class MetricsMiddleware:
    """Times every request from the first byte Flask sees to the response's start."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

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
                record_request(
                    environ.get(ENDPOINT_KEY) or "unknown",
                    environ.get("REQUEST_METHOD", "GET"),
                    int(str(seen.get("status", "500")).split(" ", 1)[0]),
                    time.perf_counter() - started,
                )
            except Exception:
                log.exception("could not record request metrics")


def _remember_endpoint(response):
    """Label by route name (``catalog.browse``), never by raw path: bounded label values."""
    rule = request.url_rule
    request.environ[ENDPOINT_KEY] = rule.endpoint if rule is not None else "unmatched"
    return response


# --- read at scrape time ---------------------------------------------------------------------


class QueueState(StrEnum):
    """The job registries of an RQ queue (labels of the queue gauge)."""

    QUEUED = "queued"
    STARTED = "started"
    SCHEDULED = "scheduled"
    DEFERRED = "deferred"
    FAILED = "failed"


def _queue_states(app: Flask) -> dict[str, int] | None:
    from trading_house.core.cache import redis_client

    client = redis_client(app)
    if client is None:
        return None
    from rq import Queue

    queue = Queue(app.config.get("RQ_QUEUE", "default"), connection=client)
    return {
        QueueState.QUEUED: queue.count,
        QueueState.STARTED: queue.started_job_registry.count,
        QueueState.SCHEDULED: queue.scheduled_job_registry.count,
        QueueState.DEFERRED: queue.deferred_job_registry.count,
        QueueState.FAILED: queue.failed_job_registry.count,
    }


def _outbox_counts(model) -> dict[str, int] | None:
    from sqlalchemy import func, select

    from trading_house.extensions import db

    try:
        rows = db.session.execute(select(model.status, func.count(model.id)).group_by(model.status))
        counts = {status: count for status, count in rows}
        db.session.rollback()
        return counts
    except Exception:
        db.session.rollback()
        return None


def _outboxes(app: Flask) -> list:
    from trading_house.core.outbox import registered_outboxes

    try:
        return registered_outboxes(app)
    except KeyError:  # scraped before the areas registered (not after create_app)
        return []


class ScrapeTimeCollector:
    """Gauges read when scraped (by the process that answers the scrape)."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        app = self.app
        queue_name = app.config.get("RQ_QUEUE", "default")
        jobs = GaugeMetricFamily(
            "rumahdagang_job_queue_jobs",
            "Jobs in the RQ queue and its registries, by state.",
            labels=["queue", "state"],
        )
        try:
            states = _queue_states(app)
        except Exception as exc:
            log.warning("metrics: cannot read the job queue: %s", exc)
            states = None
        for state, value in (states or {}).items():
            jobs.add_metric([queue_name, state], value)
        yield jobs
        if app.config.get("REDIS_URL"):
            yield GaugeMetricFamily(
                "rumahdagang_job_queue_up",
                "1 if the RQ queue could be read, 0 if not, absent inline.",
                value=0 if states is None else 1,
            )

        # One gauge per registered outbox (core/outbox.py): e-mail, WhatsApp …
        database_up = True
        for box in _outboxes(app):
            counts = _outbox_counts(box.model)
            database_up = database_up and counts is not None
            gauge = GaugeMetricFamily(box.metric, box.metric_help, labels=["status"])
            for status, value in sorted((counts or {}).items()):
                gauge.add_metric([status], value)
            yield gauge
        yield GaugeMetricFamily(
            "rumahdagang_database_up",
            "1 if the database answered this scrape.",
            value=1 if database_up else 0,
        )
        yield GaugeMetricFamily(
            "rumahdagang_metrics_shared",
            "1 if the counters add up all processes of this machine (multi-process mode).",
            value=1 if multiprocess_dir() else 0,
        )


def render_metrics(app: Flask) -> str:
    registry = CollectorRegistry(auto_describe=False)
    directory = multiprocess_dir()
    if directory:
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry, path=directory)
    else:
        registry.register(_ProcessCounters())
    registry.register(ScrapeTimeCollector(app))
    return generate_latest(registry).decode()


class _ProcessCounters:
    """This process's counters (the default registry, without its platform metrics)."""

    def collect(self):
        for collector in (HTTP_REQUESTS, HTTP_DURATION, JOBS_FAILED):
            yield from collector.collect()


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
    body = render_metrics(current_app._get_current_object())  # type: ignore[attr-defined]
    response = Response(body, mimetype="text/plain")
    response.headers["Content-Type"] = CONTENT_TYPE
    response.headers["Cache-Control"] = "no-store"
    return response


def init_metrics(app: Flask) -> None:
    app.after_request(_remember_endpoint)
    app.add_url_rule("/metrics", endpoint="metrics", view_func=metrics_view, methods=["GET"])
    app.wsgi_app = MetricsMiddleware(app.wsgi_app)  # type: ignore[method-assign]
