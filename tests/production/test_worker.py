"""``flask worker``: a failed job is retried, and a killed worker's job is retried, not lost."""

import os
import signal
import subprocess
import sys
import time

import pytest
from redis import Redis
from rq import Queue
from rq.job import Job
from rq.registry import ScheduledJobRegistry, StartedJobRegistry
from rq.scheduler import RQScheduler

from tests.production import jobs
from tests.production.conftest import REDIS_URL, ROOT, needs_redis, subprocess_env
from tests.production.test_metrics import multiprocess_samples, value
from trading_house.core.jobs import enqueue

pytestmark = needs_redis


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def queue_app(make_app, redis_prefix):
    """The web side: an app that queues jobs on a queue of our own."""
    return make_app(REDIS_URL=REDIS_URL, RQ_QUEUE=f"{redis_prefix}jobs",
                    CACHE_KEY_PREFIX=redis_prefix)  # fmt: skip


@pytest.fixture
def workers(app, queue_app, tmp_path):
    """``workers.start()``: a ``flask worker`` process with short heartbeats (1 s + 2 s)."""
    started = []
    (tmp_path / "metrics").mkdir()

    class Workers:
        @staticmethod
        def start():
            log = (tmp_path / f"worker{len(started)}.log").open("w")
            process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "tests.production.subprocess_app:create",
                 "worker", "--monitor-interval", "1", "--heartbeat-grace", "2",
                 "--maintenance-interval", "1", "--worker-ttl", "20"],
                env=subprocess_env(
                    app,
                    RD_TEST_REDIS_URL=REDIS_URL,
                    RD_TEST_QUEUE=queue_app.config["RQ_QUEUE"],
                    RD_TEST_PREFIX=queue_app.config["CACHE_KEY_PREFIX"],
                    PROMETHEUS_MULTIPROC_DIR=tmp_path / "metrics",
                ),
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed as a whole
            )  # fmt: skip
            started.append((process, log))
            return process

    yield Workers()
    for process, log in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
        log.close()
    # Remove everything RQ kept about our queue and its jobs.
    connection = Redis.from_url(REDIS_URL)
    queue = Queue(queue_app.config["RQ_QUEUE"], connection=connection)
    job_ids = set(queue.get_job_ids())
    for registry in (queue.started_job_registry, queue.scheduled_job_registry,
                     queue.failed_job_registry, queue.finished_job_registry):  # fmt: skip
        job_ids.update(registry.get_job_ids(cleanup=False))
    patterns = [f"rq:*{queue.name}*"] + [f"rq:*{job_id}*" for job_id in job_ids]
    keys = {key for pattern in patterns for key in connection.scan_iter(match=pattern)}
    if keys:
        connection.delete(*keys)


def failures(tmp_path, job_name: str) -> float:
    """What a scrape on this machine shows: the worker processes' counts (multi-process mode)."""
    samples = multiprocess_samples(tmp_path / "metrics")
    return value(samples, "rumahdagang_jobs_failed_total", job=job_name)


def test_a_failing_job_is_retried_and_counted(queue_app, workers, tmp_path):
    with queue_app.app_context():
        enqueue(jobs.flaky_job, str(tmp_path))
    worker = workers.start()
    # The first run fails; Retry(interval=[10, ...]) from core/jobs.py brings it back in 10 s.
    wait_for(lambda: (tmp_path / "done").exists(), 60, "the retried job to succeed")
    assert (tmp_path / "attempts").read_text().split() == ["x", "x"]
    assert failures(tmp_path, "tests.production.jobs:flaky_job") == 1

    worker.send_signal(signal.SIGTERM)  # warm shutdown
    assert worker.wait(30) == 0


def test_the_job_of_a_killed_worker_is_retried_not_lost(queue_app, workers, tmp_path):
    connection = Redis.from_url(REDIS_URL)
    queue_name = queue_app.config["RQ_QUEUE"]
    with queue_app.app_context():
        enqueue(jobs.slow_job, str(tmp_path))
    first = workers.start()
    starts = tmp_path / "starts"
    wait_for(lambda: starts.exists() and starts.read_text().strip(), 60, "the job to start")
    horse_pid, seen_queue = starts.read_text().split()
    assert seen_queue == queue_name, "the job ran inside the app"

    # The machine "crashes": worker, its scheduler and the job's process die at once.
    os.killpg(first.pid, signal.SIGKILL)
    os.kill(int(horse_pid), signal.SIGKILL)
    first.wait(10)
    started = StartedJobRegistry(queue_name, connection=connection)
    (job_id,) = started.get_job_ids()
    job = Job.fetch(job_id, connection=connection)
    assert job.get_status() == "started" and job.retries_left == 3
    assert not (tmp_path / "done").exists()

    # Its heartbeat runs out after 1 + 2 s; the next worker's registry cleanup then retries it.
    wait_for(lambda: job_id in started.get_expired_job_ids(), 30, "the heartbeat to expire")
    (tmp_path / "release").write_text("")
    workers.start()
    scheduled = ScheduledJobRegistry(queue_name, connection=connection)
    wait_for(lambda: job_id in scheduled.get_job_ids(), 60, "the abandoned job to be retried")
    job.refresh()
    assert job.retries_left == 2
    assert failures(tmp_path, "tests.production.jobs:slow_job") == 1
    # The dead worker's scheduler lock would lapse in 61 s; release it rather than wait.
    connection.delete(RQScheduler.get_locking_key(queue_name))

    wait_for(lambda: (tmp_path / "done").exists(), 60, "the retried job to finish")
    assert len(starts.read_text().splitlines()) == 2, "it ran again, in full"
    assert wait_for(lambda: job.get_status(refresh=True) == "finished", 10, "finished status")
