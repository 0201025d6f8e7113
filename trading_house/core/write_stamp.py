"""A stamp that changes after every committed write to the database, read without a query.

Anonymous catalog and product pages are kept in the cache under a key that holds this stamp
(``catalog/pages.py``): while nothing was written, a page is answered from the cache without
asking the database anything; the first commit that writes anything, in any process, makes
every such entry obsolete, and the next request checks the versions of what the page shows
(one narrow statement, the way it was before this shortcut existed).

Why "anything": a page shows rows of many areas (products, photos, tiers, enterprises,
reviews, rates, inquiries, readiness), some changed by plain SQL (stock). Watching every
statement that writes is the one rule that cannot miss a table. Writes are rare next to the
reads of anonymous visitors; after one, each page costs its version check once more.

How a write is seen: the engine marks a connection that ran an INSERT, UPDATE, DELETE (or
DDL, or a TRUNCATE) in its transaction; when that transaction commits, the stamp changes as the
connection goes back to the pool, i.e. after the commit, so no request can read the new stamp
and then data from before the commit. The ORM, Core statements and plain SQL all go through
those events; a write by another program (psql by hand) is not seen, and the entries' lifetime
bounds that.

Where the stamp lives:

* Redis (``REDIS_URL``): a counter every process increments (``INCR``) and reads (``GET``).
  While Redis does not answer there is no stamp (pages take the version check), and
  increments that failed are sent when it is back, before anything else is read.
* In-process cache (one machine, ``make run`` or gunicorn workers): the modification time of
  ``<instance>/cache/writes.stamp``, which every process on the machine sees (one ``stat``).
* No cache (``CACHE_BACKEND=null``, tests by default): no stamp.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import event

from trading_house.core.cache import CACHE_EXTENSION_KEY, current_cache

log = logging.getLogger(__name__)

STAMP_KEY = "writes-stamp"
_WROTE = "rumahdagang.wrote"
_CHANGED = "rumahdagang.changed"
_EXTENSION_KEY = "rumahdagang.write_stamp_file"
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLAC", "TRUNCA", "CREATE", "ALTER ", "DROP T")


class StampFile:
    """The stamp as a file's modification time (nanoseconds), shared by a machine's processes.

    If the file cannot be changed (a read-only instance folder), the commit that wrote still
    succeeds: the failure is logged, and this process stops trusting the stamp (its pages take
    the version check), since a stamp it cannot move would keep old pages.
    """

    def __init__(self, path: Path):
        self.path = path
        self.failed = False

    def read(self) -> str | None:
        if self.failed:
            return None
        try:
            return str(os.stat(self.path).st_mtime_ns)
        except FileNotFoundError:
            return "0"
        except OSError:
            return None

    def change(self) -> None:
        try:
            try:
                before = os.stat(self.path).st_mtime_ns
            except FileNotFoundError:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.path.touch()
                before = 0
            # Always forward, even for two changes within the clock's resolution.
            stamp = max(time.time_ns(), before + 1)
            os.utime(self.path, ns=(stamp, stamp))
        except OSError as exc:
            if not self.failed:
                log.error(
                    "write stamp %s cannot be changed (%s); pages take the version check",
                    self.path,
                    exc,
                )
            self.failed = True


def write_stamp() -> str | None:
    """The current stamp, or None when there is none to trust (no cache, or Redis configured
    but not answering)."""
    cache = current_cache()
    backend = cache.backend
    if backend == "local":
        return current_app.extensions[_EXTENSION_KEY].read()
    if backend == "redis":
        value = cache.counter(STAMP_KEY)
        return None if value is None else str(value)
    return None


def has_unwritten_changes(session) -> bool:
    """Whether ``session`` holds changes other connections cannot see yet: pending objects,
    or a write run in its transaction and not committed."""
    if session.new or session.dirty or session.deleted:
        return True
    return session.in_transaction() and bool(session.connection().info.get(_WROTE))


def change_write_stamp() -> None:
    """Change the stamp by hand, after writing to the database without SQLAlchemy (a restore
    through ``pg_restore``): pages kept under the old stamp are not served again."""
    _change_stamp(current_app._get_current_object())  # type: ignore[attr-defined]


def _change_stamp(app: Flask) -> None:
    # Called as a connection goes back to the pool, maybe outside any app context.
    cache = app.extensions.get(CACHE_EXTENSION_KEY)
    if cache is None or cache.backend == "null":
        return
    if cache.client is None:
        app.extensions[_EXTENSION_KEY].change()
    else:
        cache.increment(STAMP_KEY)


def _is_write(statement: str, context) -> bool:
    if context is not None and (
        context.isinsert or context.isupdate or context.isdelete or context.isddl
    ):
        return True
    # Plain SQL (``text()``, ``exec_driver_sql``): by its first word.
    return statement.lstrip()[:6].upper() in _WRITE_VERBS


def init_write_stamp(app: Flask, engine) -> None:
    """Watch ``engine`` (the app's) for committed writes."""
    root = Path(app.config.get("INSTANCE_PATH") or app.instance_path)
    app.extensions[_EXTENSION_KEY] = StampFile(root / "cache" / "writes.stamp")

    @event.listens_for(engine, "after_cursor_execute")
    def _note_write(conn, cursor, statement, parameters, context, executemany) -> None:
        if _WROTE not in conn.info and _is_write(statement, context):
            conn.info[_WROTE] = True

    @event.listens_for(engine, "commit")
    def _committing(conn) -> None:
        if conn.info.pop(_WROTE, False):
            conn.info[_CHANGED] = True

    @event.listens_for(engine, "rollback")
    def _rolled_back(conn) -> None:
        # A connection the database dropped is rolled back too: asking for its ``info`` would
        # reconnect (and fail again while the database is away). Its mark can only cause one
        # stamp change too many.
        if not conn.invalidated:
            conn.info.pop(_WROTE, None)

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, record) -> None:
        if record.info.pop(_CHANGED, False):
            _change_stamp(app)
