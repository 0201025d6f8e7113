"""The RQ worker behind ``flask worker``: runs queued jobs inside the app.

What happens when things go wrong:
- A job raises: RQ retries it as :func:`trading_house.core.jobs.enqueue` asked (``Retry(max=3,
  interval=[10, 60, 300])``); the scheduler this worker runs puts it back on the queue when its
  time comes. After the last try it stays in the failed registry for an operator to see.
- The work horse (the forked child running one job) dies, e.g. OOM-killed: the worker sees it and
  handles it as a failure, so the same retry applies.
- The whole worker is killed (SIGKILL, machine lost): the job stays in RQ's started registry,
  whose entry is kept alive by the worker's heartbeat. Once the heartbeat is ``monitor +
  grace`` seconds overdue, the next registry cleanup of any worker (at its start, then every
  ``maintenance`` seconds) finds the abandoned job and retries it (RQ's ``StartedJobRegistry
  .cleanup``); a job is never silently lost. ``tests/production/test_worker.py`` proves it.

Counting: failures (including abandoned jobs) go to ``rumahdagang_jobs_failed_total``; log lines
inside a job carry ``job-<id>`` as their request id.
"""

from __future__ import annotations

import logging

from flask import Flask
from rq import Queue, Worker

from trading_house.core.logging import job_context
from trading_house.core.metrics import record_job_failure

log = logging.getLogger(__name__)


def _job_name(job) -> str:
    """The app function a job runs (``run_job``'s first argument), not ``run_job`` itself."""
    try:
        if job.func_name.endswith("run_job") and job.args:
            return str(job.args[0])
        return job.func_name
    except Exception:
        return "unknown"


class AppWorker(Worker):
    """An RQ worker whose work horses run with a fresh app context and database pool."""

    def __init__(self, *args, app: Flask, heartbeat_grace: int = 60, **kwargs):
        self.app = app
        self.heartbeat_grace = heartbeat_grace
        kwargs.setdefault("exception_handlers", [self._count_failure])
        kwargs.setdefault("work_horse_killed_handler", self._horse_killed)
        super().__init__(*args, **kwargs)

    def get_heartbeat_ttl(self, job) -> int:
        # RQ adds a fixed 60 s; a configurable grace lets a deployment (or a test) notice a dead
        # worker sooner.
        if job.timeout and job.timeout > 0:
            remaining = job.timeout - self.current_job_working_time
            return int(min(remaining, self.job_monitoring_interval)) + self.heartbeat_grace
        return self.job_monitoring_interval + self.heartbeat_grace

    def main_work_horse(self, job, queue):
        from trading_house.extensions import db

        job_context.set(f"job-{job.id}")
        with self.app.app_context():
            # The horse is a fork: never reuse the parent's database connections.
            db.engine.dispose(close=False)
            super().main_work_horse(job, queue)  # ends the process with os._exit

    def _count_failure(self, job, exc_type, exc_value, traceback) -> bool:
        with self.app.app_context():
            record_job_failure(_job_name(job), self.app)
        return True  # let RQ's own handling (retry, failed registry) go on

    def _horse_killed(self, job, retpid, ret_val, rusage) -> None:
        log.warning("job %s: work horse %s died (status %s)", job.id, retpid, ret_val)
        with self.app.app_context():
            record_job_failure(_job_name(job), self.app)


def build_worker(
    app: Flask,
    *,
    queue_name: str | None = None,
    monitor_interval: int = 30,
    heartbeat_grace: int = 60,
    maintenance_interval: int = 60,
    worker_ttl: int = 120,
    name: str | None = None,
) -> AppWorker:
    from redis import Redis

    if not app.config.get("REDIS_URL"):
        raise RuntimeError("REDIS_URL is not set: jobs run inline and no worker is needed.")
    # Not the request client: RQ blocks on the queue, so the short request timeouts don't apply.
    connection = Redis.from_url(app.config["REDIS_URL"])
    queue = Queue(queue_name or app.config.get("RQ_QUEUE", "default"), connection=connection)
    return AppWorker(
        [queue],
        connection=connection,
        app=app,
        name=name,
        heartbeat_grace=heartbeat_grace,
        job_monitoring_interval=monitor_interval,
        maintenance_interval=maintenance_interval,
        worker_ttl=worker_ttl,
    )


def run_worker(app: Flask, *, burst: bool = False, **options) -> bool:
    """Run until stopped (SIGTERM finishes the current job first), or until empty with ``burst``."""
    worker = build_worker(app, **options)
    log.info(
        "worker %s on queue %s (heartbeat %ss + %ss grace, cleanup every %ss)",
        worker.name,
        ", ".join(worker.queue_names()),
        worker.job_monitoring_interval,
        worker.heartbeat_grace,
        worker.maintenance_interval,
    )
    return worker.work(burst=burst, with_scheduler=True, logging_level=app.config.get("LOG_LEVEL"))
