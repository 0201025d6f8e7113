"""The maintained counts per facet (issue #18): after publishing, unpublishing, moving to another
category, a changed origin, a verified maker and a deletion, ``catalog_counters`` equals a real
count, and the catalog page shows it without counting the products."""

import re

import pytest
from sqlalchemy import func, select

from tests.catalog.test_queries_and_gets import recorded_sql
from trading_house.catalog import services
from trading_house.catalog.counters import CatalogCounter, count_for
from trading_house.catalog.models import Category, Product
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db


def real_counts() -> dict[tuple[str, str], int]:
    published = Product.status == "approved"
    counts = {("all", ""): db.session.scalar(select(func.count()).where(published))}
    for category_id, n in db.session.execute(
        select(Product.category_id, func.count()).where(published).group_by(Product.category_id)
    ):
        counts[("category", str(category_id))] = n
    rows = db.session.execute(
        select(Product.origin_regency_code, Enterprise.regency_code, Enterprise.verification_status)
        .join(Enterprise, Enterprise.id == Product.enterprise_id)
        .where(published)
    ).all()
    for origin, maker_regency, _verification in rows:
        key = ("regency", origin or maker_regency)
        counts[key] = counts.get(key, 0) + 1
    verified = sum(1 for row in rows if row[2] == "verified")
    counts[("verified", "1")] = verified
    return counts


def kept_counts() -> dict[tuple[str, str], int]:
    rows = db.session.execute(
        select(CatalogCounter.facet, CatalogCounter.value, CatalogCounter.count)
    )
    return {(facet, value): n for facet, value, n in rows if n}


def assert_counters_true():
    db.session.expire_all()
    real = {key: n for key, n in real_counts().items() if n}
    assert kept_counts() == real


def shown_total(client, query: str) -> int:
    html = client.get(f"/catalog?lang=en{query}").get_data(as_text=True)
    return int(re.search(r'data-testid="result-count">(\d+) product', html).group(1))


@pytest.fixture
def shop(app, factory, categories, sme, other_sme):
    admin = factory.user("admin")
    coffee, silk = categories["kopi-arabika"], categories["sarung-sutra"]
    made = [
        factory.product(sme[1], category=db.session.get(Category, coffee)),
        factory.product(sme[1], category=db.session.get(Category, coffee)),
        factory.product(other_sme[1], category=db.session.get(Category, silk)),
        factory.product(other_sme[1], category=db.session.get(Category, silk), status="draft"),
    ]
    return admin, coffee, silk, sme[1], other_sme[1], [p.id for p in made]


def test_counters_follow_every_change(shop, client, app):
    admin, coffee, silk, toraja, sengkang, ids = shop
    assert_counters_true()
    assert shown_total(client, "") == 3
    assert shown_total(client, "&category=kopi-teh") == 2  # the parent adds its children

    services.unpublish_product(db.session.get(Product, ids[0]), actor=admin)
    db.session.commit()
    assert_counters_true()
    assert shown_total(client, "") == 2

    services.publish_product(db.session.get(Product, ids[3]), actor=admin)
    db.session.commit()
    assert_counters_true()
    assert shown_total(client, "&category=sarung-sutra") == 2

    moved = db.session.get(Product, ids[2])
    moved.category_id = coffee
    moved.origin_regency_code = "7371"  # Makassar
    db.session.commit()
    assert_counters_true()
    assert shown_total(client, "&category=kopi-arabika") == 2
    assert shown_total(client, "&regency=7371") == 1

    db.session.get(Enterprise, toraja.id).verification_status = "verified"
    db.session.commit()
    assert_counters_true()
    assert shown_total(client, "&verified=1") == 1

    db.session.delete(db.session.get(Product, ids[1]))
    db.session.commit()
    assert_counters_true()
    assert shown_total(client, "") == 2
    assert shown_total(client, "&verified=1") == 0


def test_a_rolled_back_change_leaves_the_counters(shop):
    admin, *_rest, ids = shop
    before = kept_counts()
    services.unpublish_product(db.session.get(Product, ids[0]), actor=admin)
    db.session.flush()
    db.session.rollback()
    assert kept_counts() == before
    assert_counters_true()


def test_catalog_never_counts_the_products(shop, client, app):
    for query in ("", "?category=kopi-teh", "?regency=7318", "?verified=1"):
        with recorded_sql(app) as seen:
            assert client.get(f"/catalog{query}").status_code == 200
        counting = [sql for sql in seen if "count(products.id)" in sql]
        assert counting == [], query


def test_count_for_without_counters_asks_the_caller_to_count(shop, app, client):
    with app.app_context():
        db.session.execute(CatalogCounter.__table__.delete())
        assert count_for() is None
        db.session.commit()
    # The page counts the products itself then.
    assert shown_total(client, "") == 3


def test_two_transactions_at_once_both_count(shop, app):
    """PostgreSQL: two transactions unpublish two products at the same time (both flushed before
    either commits); the counters end up counting both changes (the rebuild locks the table
    against the other writer). SQLite has one writer at a time and cannot run this."""
    import threading

    from sqlalchemy.orm import Session

    if db.engine.dialect.name != "postgresql":
        pytest.skip("two concurrent writers need PostgreSQL")
    _admin, _coffee, _silk, _toraja, _sengkang, ids = shop
    both_flushed = threading.Barrier(2, timeout=20)
    errors = []

    def unpublish(product_id: int) -> None:
        try:
            with app.app_context(), Session(db.engine) as session:
                product = session.get(Product, product_id)
                product.status = "suspended"  # what the lifecycle writes; no event row needed
                session.flush()
                both_flushed.wait()
                session.commit()
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=unpublish, args=(pid,)) for pid in (ids[0], ids[2])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert_counters_true()
    assert count_for() == 1
