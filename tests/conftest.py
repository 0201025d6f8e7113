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
from trading_house.readiness.kept import forget_scoring_context

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


@pytest.fixture(scope="session", autouse=True)
def _demo_seeded_early(request, tmp_path_factory):
    """The crawl's demo site is seeded in a child process from the start (tests/crawl)."""
    from tests.crawl.conftest import start_seeding

    child = start_seeding(request.session, tmp_path_factory)
    yield
    if child is not None:
        child.terminate()  # done long ago, or no longer needed (demo_app seeds without it)
        child.wait()


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Every test starts from empty tables (yield fixture: cleans even when a test fails)."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    clock.freeze(None)
    forget_scoring_context(app)
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        emptied: list[str] = []
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                emptied = _empty_written_tables(conn, tables)
            else:
                for table in tables:
                    conn.execute(text(f'DELETE FROM "{table}"'))
            for hook in _EXTRA_CLEANUP:
                hook(conn)
        if emptied:
            _vacuum(emptied)


def _empty_written_tables(conn, tables: list[str]) -> list[str]:
    """What ``TRUNCATE <every table> RESTART IDENTITY CASCADE`` does, at a fraction of its cost.

    TRUNCATE gives every table and index new files: for ~130 tables that took 0.4-0.7 s per
    test on a quiet machine (and truncating one table cascades through the foreign keys to
    nearly all the others). A table that is empty and whose id sequence was never advanced is
    already as TRUNCATE leaves it, so one query finds the others (a row, or an id handed out
    even by a rolled-back insert). Their rows are deleted children first (``tables`` is in that
    order, so no foreign key is in the way; ``ON DELETE CASCADE`` takes the search index rows
    along) and their sequences restart. Returns the tables to vacuum once the deletion commits.
    """
    query, sequences, others = _cleanup_plan(conn, tuple(tables))
    written = set(conn.execute(query).scalars())
    if not written:
        return []
    for table in tables:
        if table in written:
            conn.execute(text(f'DELETE FROM "{table}"'))
    restart = [name for table in written for name in sequences.get(table, ())]
    if restart:
        conn.execute(
            text(
                "SELECT setval(seqrelid, seqstart, false) FROM pg_sequence"
                " WHERE seqrelid = ANY(CAST(:names AS regclass[]))"
            ),
            {"names": restart},
        )
    return [t for t in tables if t in written] + list(others)


def _vacuum(tables: list[str]) -> None:
    """Give the emptied tables back their pages, as TRUNCATE would.

    Without it the next test's rows land in the freed slots of old pages, and a query without
    ORDER BY no longer returns rows in the order they were inserted (as after TRUNCATE): tests
    that lean on that order would fail now and then. VACUUM cuts an emptied table to zero pages
    (one statement for all of them: a few milliseconds).
    """
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM " + ", ".join(f'"{t}"' for t in tables)))


_cleanup_plans: dict = {}


def _cleanup_plan(conn, tables: tuple[str, ...]):
    """Built once per database: the query for the written tables, each table's sequences, and
    the tables outside the ORM metadata (the search index) that deletions cascade into."""
    key = (str(conn.engine.url), tables)
    if key not in _cleanup_plans:
        owned = conn.execute(
            text(
                "SELECT t.relname, s.relname FROM pg_depend d"
                " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
                " JOIN pg_class t ON t.oid = d.refobjid"
                " WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass"
                " AND d.deptype IN ('a', 'i') AND t.relnamespace = current_schema()::regnamespace"
            )
        ).all()
        sequences: dict[str, list[str]] = {}
        for table, sequence in owned:
            sequences.setdefault(table, []).append(sequence)
        arms = []
        for table in tables:
            used = [f'EXISTS (SELECT FROM "{table}")']
            used += [f'(SELECT is_called FROM "{s}")' for s in sequences.get(table, ())]
            arms.append(f"SELECT '{table}' WHERE {' OR '.join(used)}")  # noqa: S608 - our names
        others = conn.execute(
            text(
                "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint"
                " WHERE contype = 'f' AND confdeltype = 'c'"
                " AND connamespace = current_schema()::regnamespace"
                " AND NOT conrelid::regclass::text = ANY(:tables)"
            ),
            {"tables": list(tables)},
        ).scalars()
        _cleanup_plans[key] = (text("\nUNION ALL ".join(arms)), sequences, sorted(others))
    return _cleanup_plans[key]


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
