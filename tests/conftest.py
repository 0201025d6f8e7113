"""Shared fixtures: a migrated database per test run, emptied after every test."""

import os
import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from config import TestingConfig
from tests.clients import FreshContextClient
from tests.factories import Factory
from tests.s3 import TEST_S3, s3_settings
from trading_house import create_app
from trading_house.core import clock
from trading_house.extensions import db

PASSWORD = "Sulawesi-Selatan-2026"


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    url = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:  # one database per xdist worker
        base, _, name = url.rpartition("/")
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": f"{name}_{worker}"}
            ).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}_{worker}"'))
        admin.dispose()
        url = f"{base}/{name}_{worker}"
    return url


def _reset_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = _database_url(tmp_path_factory)
    if url.startswith("postgresql"):
        _reset_postgres(url)
    root = tmp_path_factory.mktemp("instance")

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url
        INSTANCE_PATH = str(root)
        MEDIA_ROOT = str(root / "media")
        PRIVATE_ROOT = str(root / "private")
        REDIS_URL = None

    if TEST_S3:  # files in buckets on a local S3 server (tests/s3.py); pages keep /media/ links
        for key, value in s3_settings(S3_PUBLIC_VIA_APP=True).items():
            setattr(Config, key, value)
    app = create_app(Config)
    app.test_client_class = FreshContextClient
    with app.app_context():
        upgrade()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Every test starts from empty tables (yield fixture: cleans even when a test fails)."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    clock.freeze(None)
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(
                    text(
                        "TRUNCATE "
                        + ", ".join(f'"{t}"' for t in tables)
                        + " RESTART IDENTITY CASCADE"
                    )
                )
            else:
                for table in tables:
                    conn.execute(text(f'DELETE FROM "{table}"'))
            for hook in _EXTRA_CLEANUP:
                hook(conn)


#: Areas with tables outside the ORM metadata (e.g. full-text search) register cleanups here.
_EXTRA_CLEANUP: list = []


@pytest.fixture
def ctx(app):
    """A test request context (read in English), for calling services directly."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factory(app):
    # A request context so lazy messages render (in English, as tests read them).
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield Factory()
        db.session.remove()


@pytest.fixture
def login(client):
    """Sign a user in through the real sign-in form: ``login(user)``."""

    def _login(user, password=PASSWORD, target=client):
        response = target.post("/login", data={"email": user.email, "password": password})
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        return target

    return _login
