"""The write stamp (``core/write_stamp.py``): it changes after every committed write, whoever
made it and however (ORM, plain SQL, a Core transaction), and never after a rollback or a read;
with Redis it is one counter for every process, and an increment missed during an outage is
not lost."""

import time

import pytest
from sqlalchemy import select, text

from tests.production.conftest import REDIS_URL, needs_redis
from trading_house.catalog.models import Category
from trading_house.core.write_stamp import STAMP_KEY, write_stamp
from trading_house.extensions import db


@pytest.fixture
def local_app(make_app):
    return make_app(CACHE_BACKEND="local")


def stamp(app) -> str:
    with app.test_request_context():
        value = write_stamp()
    assert value is not None
    return value


def test_only_committed_writes_change_the_stamp(local_app):
    before = stamp(local_app)
    with local_app.app_context():
        db.session.scalars(select(Category)).all()
        db.session.commit()
    assert stamp(local_app) == before, "a read is not a write"
    with local_app.app_context():
        db.session.add(Category(slug="kopi", name_indonesian="Kopi", name_english="Coffee"))
        db.session.flush()
        db.session.rollback()
    assert stamp(local_app) == before, "a rolled back write is not a write"

    with local_app.app_context():
        db.session.add(Category(slug="kopi", name_indonesian="Kopi", name_english="Coffee"))
        db.session.commit()
    after_orm = stamp(local_app)
    assert after_orm != before
    with local_app.app_context():
        db.session.execute(text("UPDATE categories SET name_english = 'Coffee beans'"))
        db.session.commit()
    after_sql = stamp(local_app)
    assert after_sql != after_orm
    with local_app.app_context(), db.engine.begin() as connection:
        connection.execute(text("UPDATE categories SET position = 3"))
    assert stamp(local_app) != after_sql


def test_every_process_on_the_machine_sees_the_stamp_of_another(make_app):
    """Two apps on one instance directory, as two gunicorn workers: a commit in one changes
    the stamp the other reads (the in-process caches themselves are not shared)."""
    first, second = make_app(CACHE_BACKEND="local"), make_app(CACHE_BACKEND="local")
    before = stamp(first)
    with second.app_context():
        db.session.add(Category(slug="tenun", name_indonesian="Tenun", name_english="Weaving"))
        db.session.commit()
    assert stamp(first) != before


def test_no_cache_no_stamp(make_app):
    with make_app(CACHE_BACKEND="null").test_request_context():
        assert write_stamp() is None


@needs_redis
def test_the_redis_stamp_is_one_counter_and_survives_an_outage(cut_redis):
    cache, other, proxy = cut_redis
    assert cache.counter(STAMP_KEY) == other.counter(STAMP_KEY) == 0
    cache.increment(STAMP_KEY)
    assert other.counter(STAMP_KEY) == 1

    proxy.cut()
    cache.increment(STAMP_KEY)  # a write committed while Redis was unreachable
    assert cache.counter(STAMP_KEY) is None, "no stamp to trust while Redis is away"

    proxy.restore()
    time.sleep(0.3)  # past retry_after
    assert cache.counter(STAMP_KEY) == 2, "the missed increment was sent first"
    assert other.counter(STAMP_KEY) == 2


@needs_redis
def test_apps_on_redis_share_the_stamp(make_app, redis_prefix):
    settings = dict(REDIS_URL=REDIS_URL, CACHE_BACKEND="redis", CACHE_KEY_PREFIX=redis_prefix)
    first, second = make_app(**settings), make_app(**settings)
    before = stamp(first)
    with second.app_context():
        db.session.add(Category(slug="sutra", name_indonesian="Sutra", name_english="Silk"))
        db.session.commit()
    assert stamp(first) != before


def test_a_stamp_that_cannot_be_changed_never_fails_a_commit(tmp_path, caplog):
    """A read-only instance folder: the write is committed, the failure logged once, and this
    process no longer trusts the stamp (pages take the version check instead)."""
    from trading_house.core.write_stamp import StampFile

    (tmp_path / "cache").write_text("a file where the folder should be")
    stamp = StampFile(tmp_path / "cache" / "writes.stamp")
    stamp.change()
    stamp.change()
    assert stamp.read() is None
    assert StampFile(tmp_path / "writes.stamp").read() == "0", "a stamp not written yet"
    assert sum("cannot be changed" in r.getMessage() for r in caplog.records) == 1
