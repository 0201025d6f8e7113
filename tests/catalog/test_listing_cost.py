"""Listings cost the same however large the catalog (issue #18: "100,000 products must cost no
more than 20,000, on every page and filter").

SQLite counts the virtual-machine instructions its statements run (its progress handler). A
listing that walks every published product to find one business's products, the featured ones
or a price range runs about ten times as many when ten times as many products of another
business are in the catalog; read through an index (``ix_products_*``), it reads the same rows.
"""

import os
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, insert

from trading_house.catalog.models import Category, Product
from trading_house.core.clock import utcnow
from trading_house.extensions import db

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="counts SQLite's virtual-machine instructions",
)

#: Instructions between two calls of the progress handler.
STEP = 100


@contextmanager
def instructions(app):
    """``counted[0]``: SQLite instructions run by the statements inside the block, in STEPs."""
    counted = [0]
    watched = set()

    def tick() -> int:
        counted[0] += 1
        return 0  # go on

    def before(conn, cursor, statement, parameters, context, executemany):
        raw = conn.connection.dbapi_connection
        raw.set_progress_handler(tick, STEP)
        watched.add(raw)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield counted
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", before)
        for raw in watched:  # pooled connections go on without the counter
            raw.set_progress_handler(None, 0)


def cost(client, app, url: str) -> int:
    with instructions(app) as counted:
        response = client.get(url)
        assert response.status_code == 200, url
    return counted[0]


@pytest.fixture
def listings(factory, categories, app):
    """A business with six published coffees (two featured, Rp 50.000-55.000), and a way to
    add many dearer, older, unfeatured products of another business by one INSERT."""
    maker = factory.enterprise()
    other = factory.enterprise()
    kopi = db.session.get(Category, categories["kopi-arabika"])
    teh = db.session.get(Category, categories["teh"])
    for n in range(6):
        factory.product(maker, category=kopi, retail_price_idr=50_000 + n * 1000, featured=n < 2)
    added = [0]

    def add_others(count: int) -> None:
        long_ago = utcnow() - timedelta(days=400)
        start = added[0]
        rows = [
            {
                "enterprise_id": other.id,
                "category_id": teh.id,
                "slug": f"teh-lain-{n}",
                "name_indonesian": f"Teh {n}",
                "name_english": f"Tea {n}",
                "sku": f"TEH-{n}",
                "retail_price_idr": 900_000 + n,
                "status": "approved",
                "published_at": long_ago,
            }
            for n in range(start, start + count)
        ]
        db.session.execute(insert(Product), rows)
        db.session.commit()
        added[0] += count

    return maker, add_others


@pytest.mark.parametrize(
    "url",
    [
        "/",  # the featured products
        "/e/{slug}",
        "/e/{slug}?page=1",
        "/catalog?sort=price_asc",
        "/catalog?min_price=40.000&max_price=70.000",
        "/api/v1/products",
    ],
)
def test_listing_costs_the_same_with_ten_times_the_products(client, app, listings, url):
    maker, add_others = listings
    url = url.format(slug=maker.slug)
    add_others(150)
    small = cost(client, app, url)
    add_others(1350)
    large = cost(client, app, url)
    assert large <= small * 1.25, f"{url}: {small} -> {large} (x{large / small:.1f})"
