"""Real races between requests: threads, each request with its own application context and
database session, against the test database (SQLite or PostgreSQL).

``together`` makes the race happen every time instead of by luck: each request pauses at its
first write (SQLAlchemy's ``before_flush``) until all of them have read the same state, then
they all write. Nothing is mocked; the guards under test (versioned UPDATEs, unique keys) must
sort it out in the database.
"""

import threading

from sqlalchemy import event
from sqlalchemy.orm import Session


def together(calls, timeout: float = 60):
    """Run ``calls`` (no-argument callables, e.g. test-client requests) at once; return what
    each returned, in order. Each pauses before its first write until all have read."""
    barrier = threading.Barrier(len(calls), timeout=timeout / 2)
    armed = threading.local()

    def pause_before_first_write(session, flush_context, instances):
        if getattr(armed, "waiting", False) and (session.new or session.dirty or session.deleted):
            armed.waiting = False
            barrier.wait()

    results = [None] * len(calls)

    def run(index, call):
        armed.waiting = True
        try:
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001 - reported below as the result
            results[index] = exc

    event.listen(Session, "before_flush", pause_before_first_write)
    try:
        threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
        assert not any(t.is_alive() for t in threads), "a request never finished"
    finally:
        event.remove(Session, "before_flush", pause_before_first_write)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors
    return results
