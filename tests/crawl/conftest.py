"""The demo site for the crawl: ``flask seed-demo`` run once per test session, shared by workers.

Seeding draws and encodes every demo photo (a minute or more), so it is done once per run, in a
child process started with the first test (``start_seeding``; else by the first xdist worker to
need it): a template (an SQLite file, or a PostgreSQL database used as ``TEMPLATE``) seeded under
a file lock. Every worker then crawls its own copy: a crawl signs in and may write (sessions,
read positions), and workers must not see each other's writes.

These tests do not use the ``app`` fixture, so the per-test table cleanup leaves the demo data
alone; the demo app is a second app on its own database.
"""

import fcntl
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from config import TestingConfig
from tests.clients import FreshContextClient
from trading_house import create_app
from trading_house.extensions import db, limiter

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def _locked(path: Path):
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url) if url else None


def _admin_sql(url: str, *statements: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def _config(url: str, root: Path) -> type:
    attrs = dict(
        SQLALCHEMY_DATABASE_URI=url,
        INSTANCE_PATH=str(root),
        MEDIA_ROOT=str(root / "media"),
        PRIVATE_ROOT=str(root / "private"),
        REDIS_URL=None,
    )
    return type("DemoConfig", (TestingConfig,), attrs)


def _make_app(url: str, root: Path):
    # The rate limiter is one object shared by every app in the process and ``init_app``
    # rewires it: keep the state the main test app gave it.
    saved = dict(limiter.__dict__)
    try:
        demo = create_app(_config(url, root))
    finally:
        limiter.__dict__.clear()
        limiter.__dict__.update(saved)
    demo.test_client_class = FreshContextClient
    return demo


def _dispose(demo) -> None:
    with demo.app_context():
        db.session.remove()
        db.engine.dispose()


def _seed_template(url: str, root: Path) -> None:
    """Migrate an empty database and load the demo through the real ``flask seed-demo``."""
    demo = _make_app(url, root)
    with demo.app_context():
        upgrade()
        db.session.remove()
    result = demo.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "Demo data loaded." in result.output, result.output
    with demo.app_context():
        if db.engine.dialect.name == "sqlite":  # everything in the main file before it is copied
            with db.engine.connect() as conn:
                conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    _dispose(demo)


def _copy_files(template: Path, root: Path) -> None:
    """Hard links: cheap, and a replaced file gets a new inode, so copies stay apart."""
    for name in ("media", "private"):
        if (template / name).exists():
            shutil.copytree(template / name, root / name, copy_function=os.link)


def _worker_database(template_root: Path, root: Path) -> str:
    postgres = _postgres_url()
    if postgres is None:
        shutil.copyfile(template_root / "demo.db", root / "demo.db")
        return f"sqlite:///{root / 'demo.db'}"
    base, _, name = postgres.rpartition("/")
    own = f"{name}_demo_{WORKER or 'main'}"
    _admin_sql(
        postgres,
        f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)',
        f'CREATE DATABASE "{own}" TEMPLATE "{name}_demo"',
    )
    return f"{base}/{own}"


def _template_url(template_root: Path) -> str:
    postgres = _postgres_url()
    if postgres is None:
        return f"sqlite:///{template_root / 'demo.db'}"
    base, _, name = postgres.rpartition("/")
    _admin_sql(
        postgres,
        f'DROP DATABASE IF EXISTS "{name}_demo" WITH (FORCE)',
        f'CREATE DATABASE "{name}_demo"',
    )
    return f"{base}/{name}_demo"


def _shared_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.getbasetemp()
    return base.parent if WORKER else base  # one directory for the whole run


def _seed_once(shared: Path) -> Path:
    """Seed the template unless done already; the caller holds the lock. Returns its folder."""
    template_root = shared / "demo-template"
    if not (template_root / "seeded").exists():
        template_root.mkdir(exist_ok=True)
        _seed_template(_template_url(template_root), template_root)
        (template_root / "seeded").touch()
    return template_root


def seed_in_child(shared: Path) -> None:
    """The child process started by :func:`start_seeding` (``python -m tests.crawl.seed``)."""
    with _locked(shared / "demo-template.lock"):
        _seed_once(shared)


def start_seeding(session, tmp_path_factory):
    """Seed the template in a child process while the first tests run; returns the process.

    Seeding takes a minute or more of CPU; when it waited for the first crawl test, one xdist
    worker seeded while the other, at a crawl test too, sat idle on the lock (67 s on
    PostgreSQL). The child seeds under the same lock, so ``demo_app`` waits for it and finds the
    template seeded; if the child failed, ``demo_app`` seeds in the test process and the failure
    shows there (the child's output is in ``demo-template.log``). Only one worker starts it,
    and only when a test that will run uses the demo.
    """
    wanted = any(
        "demo_app" in item.fixturenames and item.get_closest_marker("skip") is None
        for item in session.items
    )
    if not wanted:
        return None
    shared = _shared_dir(tmp_path_factory)
    try:
        os.close(os.open(shared / "demo-template.started", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return None  # the other worker started it
    log = (shared / "demo-template.log").open("w")
    with log:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-W", "error", "-m", "tests.crawl.seed", str(shared)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory):
    """An app on this worker's own copy of the seeded demo database and files."""
    shared = _shared_dir(tmp_path_factory)
    with _locked(shared / "demo-template.lock"):
        template_root = _seed_once(shared)
        root = tmp_path_factory.mktemp("demo")
        url = _worker_database(template_root, root)
    _copy_files(template_root, root)
    demo = _make_app(url, root)
    yield demo
    _dispose(demo)
