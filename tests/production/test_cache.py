"""The cache: shared through Redis when it is there, in-process when it is not, never failing."""

import time

from redis import Redis

from tests.production.conftest import REDIS_URL, closed_port, needs_redis
from trading_house.core.cache import MISSING, Cache, LocalCache, current_cache
from trading_house.core.rates import RATES_CACHE_KEY, rate_table, set_rate
from trading_house.core.tx import commit
from trading_house.extensions import db


def test_local_entries_expire_and_are_copies():
    cache = LocalCache()
    value = {"USD": 16_500_000_000}
    cache.set("k", value, ttl=0.05)
    got = cache.get("k")
    assert got == value and got is not value, "callers get their own copy"
    time.sleep(0.06)
    assert cache.get("k") is MISSING


def test_an_unreachable_redis_degrades_to_in_process_quickly():
    """Redis on a closed port: every call still works, from this process's memory, and after
    the first failure no call waits on Redis again."""
    client = Redis.from_url(f"redis://127.0.0.1:{closed_port()}/0", socket_connect_timeout=0.25)
    cache = Cache(client, prefix="t:", retry_after=30)
    started = time.monotonic()
    cache.set("rates", {"USD": 1})
    assert cache.get("rates") == {"USD": 1}
    assert cache.get_or_set("tree", lambda: [1, 2], ttl=60) == [1, 2]
    for _ in range(200):
        assert cache.get("rates") == {"USD": 1}
    cache.delete("rates")
    assert cache.get("rates", "gone") == "gone"
    assert time.monotonic() - started < 2
    assert cache.backend == "local (Redis unavailable)"


def test_pages_still_work_when_redis_is_unreachable(make_app):
    """The whole app on a dead Redis: the exchange-rate table still converts prices."""
    broken = make_app(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0", CACHE_BACKEND="redis")
    with broken.app_context():
        set_rate("USD", "16000")
        commit()
    client = broken.test_client()
    for _ in range(3):
        assert client.get("/?currency=USD").status_code == 200
    with broken.test_request_context():
        assert rate_table() == {"USD": 16_000_000_000}
        assert current_cache().backend.startswith("local")


def test_a_committed_rate_change_is_seen_at_once(make_app):
    """The cached rate table is dropped when a change to a rate commits (not before)."""
    cached = make_app(CACHE_BACKEND="local")
    with cached.test_request_context():
        set_rate("EUR", "17000")
        commit()
    with cached.test_request_context():
        assert rate_table()["EUR"] == 17_000_000_000  # now cached
    with cached.test_request_context():
        set_rate("EUR", "18000")
        db.session.flush()
        assert current_cache().get(RATES_CACHE_KEY) is not None, "still cached until commit"
        commit()
        assert current_cache().get(RATES_CACHE_KEY) is None
    with cached.test_request_context():
        assert rate_table()["EUR"] == 18_000_000_000


@needs_redis
def test_two_processes_share_entries_through_redis(redis_prefix):
    first = Cache(Redis.from_url(REDIS_URL), prefix=redis_prefix)
    second = Cache(Redis.from_url(REDIS_URL), prefix=redis_prefix)
    first.set("tree", [{"id": 1, "slug": "kopi"}], ttl=30)
    assert second.get("tree") == [{"id": 1, "slug": "kopi"}]
    second.delete("tree")
    assert first.get("tree") is None


@needs_redis
def test_redis_going_away_and_coming_back(cut_redis):
    """Through a proxy we cut: the cache keeps answering in-process, then uses Redis again,
    and a key deleted during the outage is deleted in Redis too (no stale value comes back)."""
    cache, other, proxy = cut_redis
    cache.set("rates", {"USD": 1}, ttl=60)
    assert other.get("rates") == {"USD": 1}

    proxy.cut()
    cache.delete("rates")  # an admin changed the rates while Redis was unreachable
    assert cache.get("rates") is None
    cache.set("tree", ["kopi"], ttl=60)
    assert cache.get("tree") == ["kopi"], "served from this process"
    assert other.get("tree") is None, "not in Redis"

    proxy.restore()
    time.sleep(0.3)  # past retry_after
    assert cache.get("rates") is None
    assert other.get("rates") is None, "the delete made during the outage reached Redis"
    cache.set("tree", ["kopi", "tenun"], ttl=60)
    assert other.get("tree") == ["kopi", "tenun"]
    assert cache.backend == "redis"


def test_the_category_tree_is_cached_and_dropped_when_a_category_changes(make_app):
    from trading_house.catalog.models import Category
    from trading_house.catalog.services import CATEGORY_TREE_KEY, category_tree

    cached = make_app(CACHE_BACKEND="local")
    with cached.test_request_context():
        db.session.add(Category(slug="kopi", name_indonesian="Kopi", name_english="Coffee"))
        commit()
        assert [(top.slug, top.name_for("en")) for top, _ in category_tree()] == [
            ("kopi", "Coffee")
        ]
        assert current_cache().get(CATEGORY_TREE_KEY) is not None
        top = db.session.scalar(db.select(Category))
        db.session.add(Category(slug="arabika", parent_id=top.id, name_indonesian="Arabika",
                                name_english="Arabica"))  # fmt: skip
        commit()
        assert current_cache().get(CATEGORY_TREE_KEY) is None
        assert [c.slug for c in category_tree()[0][1]] == ["arabika"]
    page = cached.test_client().get("/catalog?lang=en").get_data(as_text=True)
    assert "Arabica" in page
