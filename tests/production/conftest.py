"""Fixtures for the production tests: extra apps on the test database, Redis, TCP faults.

Tests that need Redis use ``REDIS_URL`` and skip with a message without it; tests that need
PostgreSQL run when ``TEST_DATABASE_URL`` is set (the whole suite then runs on it).
"""

import os
import socket
import uuid

import pytest

from config import TestingConfig
from trading_house import create_app
from trading_house.extensions import db, limiter

REDIS_URL = os.environ.get("REDIS_URL")
needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run"
)
#: Where the files are (the same objects for every app and child process of a test).
STORAGE_SETTINGS = (
    "STORAGE_BACKEND",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_PUBLIC_BUCKET",
    "S3_PRIVATE_BUCKET",
    "S3_PUBLIC_BASE_URL",
    "S3_PUBLIC_VIA_APP",
    "S3_TIMEOUT",
)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def config_like(app, **overrides) -> type:
    """A TestingConfig on the same database and files as the main ``app`` fixture."""
    attrs = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "MEDIA_ROOT", "PRIVATE_ROOT")
    }
    attrs.update({key: app.config.get(key) for key in STORAGE_SETTINGS})  # the same files
    attrs["REDIS_URL"] = None
    attrs.update(overrides)
    return type("ProductionTestConfig", (TestingConfig,), attrs)


@pytest.fixture
def make_app(app):
    """``make_app(**config)``: another app (the main one's database unless overridden).

    The rate limiter is one object shared by every app in the process and ``init_app``
    rewires it; its state is put back afterwards so other tests see the limiter they knew.
    """
    saved = dict(limiter.__dict__)
    made = []

    def _make(**overrides):
        new = create_app(config_like(app, **overrides))
        made.append(new)
        return new

    yield _make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
    limiter.__dict__.clear()
    limiter.__dict__.update(saved)


@pytest.fixture
def redis_prefix():
    """A key prefix of our own in the shared Redis; its keys are deleted afterwards."""
    prefix = f"rdtest:{uuid.uuid4().hex[:12]}:"
    yield prefix
    if REDIS_URL:
        from redis import Redis

        client = Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=prefix + "*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


def subprocess_env(app, **extra) -> dict:
    """Environment for ``tests/production/subprocess_app.py`` apps on the test database."""
    env = dict(os.environ)
    env.update(
        PYTHONPATH=ROOT,
        RD_TEST_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        RD_TEST_INSTANCE=app.config["INSTANCE_PATH"],
        RD_TEST_MEDIA=app.config["MEDIA_ROOT"],
        RD_TEST_PRIVATE=app.config["PRIVATE_ROOT"],
    )
    env.update(
        {key: str(app.config[key]) for key in STORAGE_SETTINGS if app.config.get(key) is not None}
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


@pytest.fixture
def cut_redis(redis_prefix):
    """``(cache, other, proxy)``: a cache reaching Redis through a TCP proxy the test can cut
    and restore (retrying after 0.2 s), and a second cache on Redis directly, both under this
    test's own prefix."""
    from redis import Redis
    from redis.connection import parse_url

    from tests.production.tcpproxy import TcpProxy
    from trading_house.core.cache import Cache

    target = parse_url(REDIS_URL)
    proxy = TcpProxy(target.get("host", "127.0.0.1"), int(target.get("port", 6379)))
    client = Redis(
        host="127.0.0.1",
        port=proxy.port,
        db=int(target.get("db", 0)),
        socket_connect_timeout=0.5,
        socket_timeout=0.5,
    )
    cache = Cache(client, prefix=redis_prefix, retry_after=0.2)
    other = Cache(Redis.from_url(REDIS_URL), prefix=redis_prefix)
    try:
        yield cache, other, proxy
    finally:
        proxy.close()
