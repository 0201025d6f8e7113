"""Background jobs: inline by default, on an RQ worker when ``REDIS_URL`` is set."""

import logging
from collections.abc import Callable

from flask import current_app, has_app_context

log = logging.getLogger(__name__)


def enqueue(func: Callable, *args) -> None:
    """Run ``func`` now (inline) or queue it for a worker when Redis is configured."""
    url = current_app.config.get("REDIS_URL")
    if url and not current_app.config.get("JOBS_INLINE"):
        from redis.exceptions import RedisError
        from rq import Queue

        from trading_house.core.cache import redis_client

        name = f"{func.__module__}:{func.__qualname__}"
        queue = Queue(current_app.config.get("RQ_QUEUE", "default"), connection=redis_client())
        try:
            queue.enqueue(run_job, name, *args, retry=_retry(), job_timeout=300)
            return
        except RedisError as exc:
            # Redis is away: do the work now rather than lose it (slower, but nothing fails).
            log.warning("job queue unavailable (%s); running %s inline", exc, name)
    run_inline(func, *args)


def run_inline(func: Callable, *args) -> None:
    """Inline jobs commit their own work; a failure is logged, never shown to the user."""
    from trading_house.core.tx import commit, rollback

    try:
        func(*args)
        commit()
    except Exception:
        rollback()
        log.exception("job %s failed", func.__qualname__)
        from trading_house.core.metrics import record_job_failure

        record_job_failure(f"{func.__module__}:{func.__qualname__}")
        if current_app.config.get("TESTING") and current_app.config.get("JOBS_RAISE", True):
            raise


def _retry():
    from rq import Retry

    return Retry(max=3, interval=[10, 60, 300])


def run_job(name: str, *args) -> None:
    """Entry point for RQ workers: import the job by name and run it inside an app context."""
    from importlib import import_module

    from trading_house.core.tx import commit

    module_name, _, attr = name.partition(":")
    func = getattr(import_module(module_name), attr)
    if has_app_context():
        func(*args)
        commit()
        return
    from trading_house import create_app

    with create_app().app_context():
        func(*args)
        commit()
