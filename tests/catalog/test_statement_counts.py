"""How many SQL statements the catalog's public pages cost (issue #18): the product page at
most 5, the catalog page a small constant, neither growing with the number of products."""

import os
import secrets

import pytest

from tests.catalog.test_queries_and_gets import make_products, recorded_sql
from trading_house.catalog.models import Category
from trading_house.core.cache import Cache
from trading_house.extensions import db


@pytest.fixture
def real_cache(app):
    """The cache production uses (tests default to none): Redis when ``REDIS_URL`` is set for
    the test run (under a prefix of this test's own), else the in-process one."""
    previous = app.extensions["rumahdagang.cache"]
    url = os.environ.get("REDIS_URL")
    client = None
    prefix = f"test-{secrets.token_hex(4)}:"
    if url:
        from redis import Redis

        client = Redis.from_url(url)
    app.extensions["rumahdagang.cache"] = cache = Cache(client, prefix=prefix)
    yield cache
    app.extensions["rumahdagang.cache"] = previous
    if client is not None:
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)


def statements(client, app, url) -> list[str]:
    with recorded_sql(app) as seen:
        response = client.get(url)
        assert response.status_code == 200, url
    return list(seen)


def test_product_page_takes_at_most_five_statements(client, factory, categories, app, real_cache):
    products = make_products(factory, 12, categories, enterprises=2, photos=3, tiers=2)
    slug = products[0].slug
    cold = statements(client, app, f"/p/{slug}")
    warm = statements(client, app, f"/p/{slug}")
    assert len(warm) <= 5, "\n\n".join(warm)  # none at all, see below
    # Cold: the version row, the related products' cards (keys and data in one), the product
    # with its enterprise, category, photos and tiers in one, the enterprise's response time,
    # whether a readiness checklist is published. Nothing about reviews: the version row says
    # there are none.
    assert len(cold) <= 5, "\n\n".join(cold)
    assert not [sql for sql in cold if "reviews.order_line_id" in sql or "avg(" in sql]
    assert len(cold) > len(warm)  # the cache really was used
    # While nothing is written, the page costs no statement at all (``catalog/pages.py``);
    # after a write anywhere, its versions are checked (two narrow statements) and the page
    # is still the one in the cache.
    assert warm == []
    factory.user("buyer")
    checked = statements(client, app, f"/p/{slug}")
    assert len(checked) == 2, "\n\n".join(checked)
    assert statements(client, app, f"/p/{slug}") == []
    # Another product of a richer page costs the same.
    assert len(statements(client, app, f"/p/{products[5].slug}")) == len(cold)
    assert len(statements(client, app, f"/p/{products[5].slug}")) == len(warm)


def test_product_page_signed_in_stays_small(client, login, factory, categories, app, real_cache):
    products = make_products(factory, 6, categories, enterprises=1)
    login(factory.user("buyer"))
    statements(client, app, f"/p/{products[0].slug}")
    warm = statements(client, app, f"/p/{products[0].slug}")
    # The five of an anonymous visitor plus loading the signed-in user, what the header shows
    # them (cart, unread counts) and whether they buy for an approved wholesale organisation
    # (its price on the page): a constant.
    assert len(warm) <= 11, "\n\n".join(warm)


@pytest.mark.parametrize(
    "query",
    ["", "?category=kopi-teh", "?sort=price_asc&page=2", "?in_stock=1&lang=en&currency=USD"],
)
def test_catalog_page_statements_are_few_and_constant(
    client, factory, categories, app, real_cache, query
):
    make_products(factory, 60, categories, enterprises=3, photos=2, tiers=0)
    cold = statements(client, app, f"/catalog{query}")
    warm = statements(client, app, f"/catalog{query}")
    # Cold: the category slug (when given), the count, the page's card keys, the data of the
    # cards not cached (+ the exchange rates for another currency). Warm: the count comes from
    # the cache and every card too.
    assert len(cold) <= 5, "\n\n".join(cold)
    assert len(warm) <= 3, "\n\n".join(warm)
    assert warm == [], "nothing was written: the page is answered from the cache"
    make_products(factory, 60, categories, enterprises=3, photos=2, tiers=0)
    statements(client, app, f"/catalog{query}")
    assert len(statements(client, app, f"/catalog{query}")) == len(warm)


def test_count_statement_reads_only_the_product_ids(client, factory, categories, app):
    """No ``count(*)`` over a subquery of every product column (descriptions included): one
    read of the maintained counters (``catalog/counters.py``), never a count of products."""
    make_products(factory, 3, categories)
    kopi = db.session.get(Category, categories["kopi-arabika"])
    seen = statements(client, app, f"/catalog?category={kopi.slug}")
    counts = [s for s in seen if "catalog_counters" in s or "count(products.id)" in s]
    assert len(counts) == 1
    assert "catalog_counters" in counts[0]
    assert "description" not in counts[0]
    assert "FROM (SELECT" not in counts[0]
    cards = [s for s in seen if "product_photos" in s]
    assert cards and all("description" not in s for s in cards)


def test_catalog_offers_a_bounded_number_of_pages(client, factory, categories, app, monkeypatch):
    from trading_house.catalog import queries

    monkeypatch.setattr(queries, "MAX_PAGES", 2)
    make_products(factory, 150, categories, photos=0, tiers=0)
    page = client.get("/catalog?page=9").get_data(as_text=True)
    # The last offered page (2 of 48 each), and the true number of products.
    assert page.count('data-testid="product-card"') == 48
    assert "150 products" in page
    assert 'href="/catalog?page=3"' not in page
    assert 'data-testid="more-pages"' in page


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"sort": "price_asc"},
        {"q": "kopi"},
        {"q": "kopi", "in_stock": "1"},
        {"q": "kopi", "sort": "price_desc", "category": "kopi-arabika"},
        {"category": "kopi-teh", "sort": "newest"},
    ],
)
def test_card_pages_list_the_same_products_as_the_full_query(factory, categories, app, args):
    """The narrow card-key path (ids first, then the page) lists exactly what loading whole
    products does, in the same order, for every page (searches with filters included)."""
    from trading_house.catalog import queries

    products = make_products(factory, 30, categories, photos=1, tiers=0)
    for n, product in enumerate(products):
        product.stock = n % 3
        product.retail_price_idr = 10_000 + (n * 7919) % 50_000
    db.session.commit()
    with app.test_request_context():
        filters, errors = queries.parse_filters(args)
        assert not errors
        for page in (1, 2, 3):
            full = queries.browse(filters, page, per_page=12)
            lean = queries.browse(filters, page, per_page=12, cards=True)
            assert [key.id for key in lean.items] == [p.id for p in full.items]
            assert lean.total == full.total
