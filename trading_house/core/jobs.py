"""Background jobs: inline by default, on an RQ worker when ``REDIS_URL`` is set.

:func:`enqueue` runs a job on a worker, or inline without Redis (after the commit, still inside
the request: image variants must exist when the page is shown). :func:`dispatch` is for work
that must never hold up a request (sending e-mail): an RQ job with Redis, otherwise a
background thread of this process with its own app context and database session. Whatever a
thread has not done when the process ends is picked up by the scheduled ``outbox send``.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable

from flask import Flask, current_app, has_app_context

log = logging.getLogger(__name__)


def _queue_configured() -> bool:
    return bool(current_app.config.get("REDIS_URL")) and not current_app.config.get("JOBS_INLINE")


def enqueue(func: Callable, *args, fallback: Callable | None = None) -> None:
    """Run ``func`` now (inline) or queue it for a worker when Redis is configured.

    If Redis is configured but away, ``fallback(func, *args)`` runs instead (default: inline).
    """
    if _queue_configured():
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
            log.warning("job queue unavailable (%s); running %s without it", exc, name)
    (fallback or run_inline)(func, *args)


def dispatch(func: Callable, *args) -> None:
    """Have ``func(*args)`` run soon, outside the current request (see the module's doc).

    ``BACKGROUND_DISPATCH``: ``auto`` (default) as above; ``off`` runs nothing (the tests, which
    call the work themselves; the scheduled commands still do it).
    """
    if current_app.config.get("BACKGROUND_DISPATCH", "auto") == "off":
        return
    if _queue_configured():
        enqueue(func, *args, fallback=run_in_background)
    else:
        run_in_background(func, *args)


class BackgroundRunner:
    """One daemon thread per process running queued calls, each in a fresh app context.

    A call already waiting is not queued twice (ten e-mails in one request wake the sender once).
    Started on first use and again after a fork (gunicorn workers), never shared across one.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._pending: dict[tuple, tuple[Flask, Callable, tuple]] = {}
        self._busy = False
        self._thread: threading.Thread | None = None
        self._pid = 0

    def submit(self, app: Flask, func: Callable, args: tuple) -> None:
        key: tuple = (id(app), func, args)
        try:
            hash(key)
        except TypeError:  # unhashable arguments: never merged with another call
            key = (id(app), func, object())
        with self._cond:
            self._pending.setdefault(key, (app, func, args))
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                if self._thread is None:
                    # A command (or a worker being recycled) ends: let the work in hand finish
                    # first, so no e-mail stays claimed until its claim times out.
                    atexit.register(self.wait_idle, 30.0)
                self._pid = os.getpid()
                self._thread = threading.Thread(
                    target=self._loop, name="rumahdagang-background", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once nothing is waiting or running (for tests and a clean shutdown)."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._pending))
                key = next(iter(self._pending))
                app, func, args = self._pending.pop(key)
                self._busy = True
            try:
                with app.app_context():
                    _run_logged(func, *args)
            except Exception:  # never let the thread die
                log.exception("background call %s failed", func.__qualname__)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


background = BackgroundRunner()


def run_in_background(func: Callable, *args) -> None:
    background.submit(current_app._get_current_object(), func, args)  # type: ignore[attr-defined]


def _run_logged(func: Callable, *args) -> None:
    from trading_house.core.tx import commit, rollback

    try:
        func(*args)
        commit()
    except Exception:
        rollback()
        log.exception("job %s failed", func.__qualname__)
        from trading_house.core.metrics import record_job_failure

        record_job_failure(f"{func.__module__}:{func.__qualname__}")


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
