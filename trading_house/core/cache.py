"""A small cache: Redis when ``REDIS_URL`` is set, else in-process; it never fails a request.

Use :func:`current_cache` and keep values JSON-shaped (dicts, lists, strings, numbers)::

    table = current_cache().get_or_set("rates:v1", load_rates, ttl=60)
    current_cache().delete("rates:v1")   # after a write

Why JSON and not pickle: a cache must never become a way to run code (anyone who can write to
Redis could otherwise), and JSON entries stay readable with ``redis-cli``.

Degrading: every Redis call has a short socket timeout. When one fails the cache logs a warning
once, serves from the in-process store and tries Redis again after ``RETRY_AFTER`` seconds.
Keys this process deleted while Redis was away are deleted there first when it comes back, so
a change made during the outage is not hidden behind an older Redis entry. Entries are copies
with short lifetimes; nothing in the app relies on the cache for correctness (DESIGN §7: no
in-memory state that must be shared).

Backends (``CACHE_BACKEND``): ``redis`` (default when ``REDIS_URL`` is set), ``local`` (default
otherwise) and ``null`` (caches nothing; the default under tests, so tests never see a value
cached by an earlier test).
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

MISSING = object()
_EXTENSION_KEY = CACHE_EXTENSION_KEY = "rumahdagang.cache"
_REDIS_KEY = "rumahdagang.redis"


def redis_client(app: Flask | None = None):
    """One Redis client per app (its pool is fork-safe), with short timeouts; None without Redis."""
    app = app or current_app
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    client = app.extensions.get(_REDIS_KEY)
    if client is None or app.extensions.get(_REDIS_KEY + ".url") != url:
        from redis import Redis

        client = Redis.from_url(
            url,
            socket_connect_timeout=float(app.config.get("REDIS_CONNECT_TIMEOUT", 0.25)),
            socket_timeout=float(app.config.get("REDIS_SOCKET_TIMEOUT", 0.5)),
            health_check_interval=30,
        )
        app.extensions[_REDIS_KEY] = client
        app.extensions[_REDIS_KEY + ".url"] = url
    return client


class RedisGuard:
    """Remembers that Redis failed, so requests stop waiting on it for ``retry_after`` seconds."""

    def __init__(self, what: str, retry_after: float = 30.0):
        self.what = what
        self.retry_after = retry_after
        self._down_until = 0.0
        self._down = False
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    @property
    def was_down(self) -> bool:
        return self._down

    def failed(self, exc: Exception) -> None:
        with self._lock:
            if not self._down:
                log.warning("%s: Redis unavailable (%s); using in-process storage", self.what, exc)
            self._down = True
            self._down_until = time.monotonic() + self.retry_after

    def recovered(self) -> bool:
        """Call after a successful Redis call; True the first time after an outage."""
        with self._lock:
            if not self._down:
                return False
            self._down = False
            log.warning("%s: Redis is back", self.what)
            return True


_PLAIN = frozenset({str, int, float, bool, type(None)})


class LocalCache:
    """In-process entries with a lifetime; bounded, dropping the oldest when full."""

    def __init__(self, max_entries: int = 8192):
        self.max_entries = max_entries
        self._data: OrderedDict[str, tuple[float, Any, bool]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return MISSING
            expires, raw, encoded = entry
            if expires < time.monotonic():
                del self._data[key]
                return MISSING
        return json.loads(raw) if encoded else raw

    def set(self, key: str, value: Any, ttl: float) -> None:
        # Stored as JSON like in Redis: callers get a fresh copy and the same types either way.
        # Text and numbers are immutable and come back the same from JSON: kept as they are, so
        # a cached page (60 KB of HTML) is not decoded again on every hit.
        encoded = type(value) not in _PLAIN
        raw = json.dumps(value) if encoded else value
        with self._lock:
            self._data[key] = (time.monotonic() + ttl, raw, encoded)
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class NullCache:
    """Caches nothing (tests; or ``CACHE_BACKEND=null`` to rule the cache out when debugging)."""

    def get(self, key: str, default: Any = None) -> Any:
        return default

    def set(self, key: str, value: Any, ttl: float = 60) -> None:
        return None

    def delete(self, key: str) -> None:
        return None

    def get_or_set(self, key: str, producer: Callable[[], Any], ttl: float = 60) -> Any:
        return producer()

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        return {}

    def delete_many(self, keys) -> None:
        return None

    def set_many(self, values: dict[str, Any], ttl: float = 60) -> None:
        return None

    def clear_local(self) -> None:
        return None

    def counter(self, key: str) -> int | None:
        return None

    def increment(self, key: str) -> None:
        return None

    client = None

    @property
    def backend(self) -> str:
        return "null"


class Cache:
    """Redis (shared by every process) with an in-process fallback; see the module docstring."""

    def __init__(self, client=None, *, prefix: str = "rd:cache:", retry_after: float = 30.0):
        self.client = client
        self.prefix = prefix
        self.local = LocalCache()
        self.guard = RedisGuard("cache", retry_after)
        self._deleted_while_down: set[str] = set()
        self._increments_while_down: set[str] = set()

    @property
    def backend(self) -> str:
        if self.client is None:
            return "local"
        return "redis" if self.guard.available else "local (Redis unavailable)"

    def _remote(self, operation: Callable[[Any], Any]) -> Any:
        """Run ``operation(client)``; MISSING when Redis is not configured or not answering."""
        if self.client is None or not self.guard.available:
            return MISSING
        from redis.exceptions import RedisError

        try:
            if self.guard.was_down and self._deleted_while_down:
                self.client.delete(*(self.prefix + k for k in self._deleted_while_down))
            if self.guard.was_down and self._increments_while_down:
                for key in self._increments_while_down:
                    self.client.incr(self.prefix + key)
            result = operation(self.client)
        except (RedisError, OSError) as exc:
            self.guard.failed(exc)
            return MISSING
        if self.guard.recovered():
            self._deleted_while_down.clear()
            self._increments_while_down.clear()
            self.local.clear()
        return result

    def get(self, key: str, default: Any = None) -> Any:
        raw = self._remote(lambda client: client.get(self.prefix + key))
        if raw is MISSING:
            value = self.local.get(key)
        elif raw is None:
            value = MISSING
        else:
            try:
                value = json.loads(raw)
            except ValueError:
                value = MISSING
        return default if value is MISSING else value

    def set(self, key: str, value: Any, ttl: float = 60) -> None:
        raw = json.dumps(value)
        done = self._remote(lambda client: client.set(self.prefix + key, raw, px=int(ttl * 1000)))
        if done is MISSING:
            self.local.set(key, value, ttl)

    def delete(self, key: str) -> None:
        self.local.delete(key)
        done = self._remote(lambda client: client.delete(self.prefix + key))
        if done is MISSING and self.client is not None:
            self._deleted_while_down.add(key)

    def delete_many(self, keys) -> None:
        """Delete several entries (one round trip to Redis)."""
        keys = list(keys)
        if not keys:
            return
        for key in keys:
            self.local.delete(key)
        done = self._remote(lambda client: client.delete(*(self.prefix + k for k in keys)))
        if done is MISSING and self.client is not None:
            self._deleted_while_down.update(keys)

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        """{key: value} for the keys that have a value (one round trip to Redis)."""
        if not keys:
            return {}
        raws = self._remote(lambda client: client.mget([self.prefix + k for k in keys]))
        found: dict[str, Any] = {}
        if raws is MISSING:
            for key in keys:
                value = self.local.get(key)
                if value is not MISSING:
                    found[key] = value
            return found
        for key, raw in zip(keys, raws, strict=True):
            if raw is not None:
                try:
                    found[key] = json.loads(raw)
                except ValueError:
                    continue
        return found

    def set_many(self, values: dict[str, Any], ttl: float = 60) -> None:
        """Store several entries (one pipelined round trip to Redis)."""
        if not values:
            return
        raws = {self.prefix + k: json.dumps(v) for k, v in values.items()}

        def write(client):
            pipe = client.pipeline(transaction=False)
            for key, raw in raws.items():
                pipe.set(key, raw, px=int(ttl * 1000))
            return pipe.execute()

        if self._remote(write) is MISSING:
            for key, value in values.items():
                self.local.set(key, value, ttl)

    def counter(self, key: str) -> int | None:
        """A counter kept in Redis only (0 before its first increment); None without Redis or
        while it does not answer: a counter in one process's memory means nothing to others."""
        raw = self._remote(lambda client: client.get(self.prefix + key))
        if raw is MISSING:
            return None
        try:
            return int(raw or 0)
        except ValueError:
            return None

    def increment(self, key: str) -> None:
        """Add one to :meth:`counter`; an increment Redis missed is sent when it answers again,
        before any other command."""
        done = self._remote(lambda client: client.incr(self.prefix + key))
        if done is MISSING and self.client is not None:
            self._increments_while_down.add(key)

    def get_or_set(self, key: str, producer: Callable[[], Any], ttl: float = 60) -> Any:
        """The cached value, or ``producer()``'s, stored for ``ttl`` seconds."""
        value = self.get(key, MISSING)
        if value is MISSING:
            value = producer()
            self.set(key, value, ttl)
        return value

    def clear_local(self) -> None:
        self.local.clear()


def init_cache(app: Flask) -> None:
    backend = app.config.get("CACHE_BACKEND") or (
        "redis" if app.config.get("REDIS_URL") else "local"
    )
    prefix = app.config.get("CACHE_KEY_PREFIX", "rd:") + "cache:"
    retry = float(app.config.get("REDIS_RETRY_AFTER", 30))
    if backend == "null":
        cache: Cache | NullCache = NullCache()
    elif backend == "redis" and app.config.get("REDIS_URL"):
        cache = Cache(redis_client(app), prefix=prefix, retry_after=retry)
    else:
        cache = Cache(None, prefix=prefix, retry_after=retry)
    app.extensions[_EXTENSION_KEY] = cache


_WATCHED: dict[type | str, set[str]] = {}
_WATCHED_PREFIXES: dict[str, set[str]] = {}
_PENDING = "rumahdagang.cache_invalidate"


def invalidate_on_commit(model: type | str, *keys: str) -> None:
    """Delete ``keys`` from the cache whenever a commit added, changed or deleted a ``model``.

    ``model`` is a mapped class, or a table name (``"inquiries"``; ``"readiness_*"`` for every
    table whose name starts so) for code that may not import the model's area.

    Deleting after the commit (not before) means no request can put the old value back from a
    transaction that had not committed yet; the entries' lifetimes bound any remaining gap.
    """
    if isinstance(model, str) and model.endswith("*"):
        _WATCHED_PREFIXES.setdefault(model[:-1], set()).update(keys)
    else:
        _WATCHED.setdefault(model, set()).update(keys)


_WATCHED_ROWS: dict[type, list[Callable[[Any], list[str]]]] = {}


def invalidate_rows_on_commit(model: type, keys_for: Callable[[Any], list[str]]) -> None:
    """Like :func:`invalidate_on_commit`, with keys that depend on the row that changed
    (``keys_for(row)``, e.g. one product's cached cards); several areas may watch one model."""
    _WATCHED_ROWS.setdefault(model, []).append(keys_for)


def generation(name: str, ttl: float = 3600) -> str:
    """A token that changes whenever key ``gen:<name>`` is deleted (e.g. by
    :func:`invalidate_on_commit`): part of cache keys for a whole group of entries that one
    commit must make obsolete together."""
    cache = current_cache()
    key = f"gen:{name}"
    token = cache.get(key)
    if token is None:
        token = secrets.token_hex(4)
        cache.set(key, token, ttl)
    return token


def _watched_keys(obj) -> set[str] | None:
    cls = type(obj)
    keys = _WATCHED.get(cls)
    rows = _WATCHED_ROWS.get(cls)
    if rows is not None:
        keys = set(keys or ()).union(*(keys_for(obj) for keys_for in rows))
    table = getattr(cls, "__tablename__", None)
    if table is None:
        return keys
    found = set(keys or ())
    found.update(_WATCHED.get(table, ()))
    for prefix, more in _WATCHED_PREFIXES.items():
        if table.startswith(prefix):
            found.update(more)
    return found


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, flush_context) -> None:
    if not _WATCHED and not _WATCHED_PREFIXES and not _WATCHED_ROWS:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        note_change(session, obj)


def note_change(session: Session, obj) -> None:
    """Count ``obj`` as changed by ``session``'s transaction for the watchers above, after a
    change the ORM does not see (a guarded ``UPDATE`` statement, ``core/lifecycle.py``)."""
    keys = _watched_keys(obj)
    if keys:
        session.info.setdefault(_PENDING, set()).update(keys)


@event.listens_for(Session, "after_commit")
def _invalidate(session: Session) -> None:
    keys = session.info.pop(_PENDING, None)
    if not keys or not has_app_context():
        return
    current_cache().delete_many(keys)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending_invalidations(session: Session, previous_transaction) -> None:
    session.info.pop(_PENDING, None)


def current_cache() -> Cache | NullCache:
    """The app's cache (a :class:`NullCache` if the app was built without one)."""
    cache = current_app.extensions.get(_EXTENSION_KEY)
    if cache is None:
        cache = NullCache()
    return cache
