"""Pages run a small constant number of SQL queries, and a GET never writes."""

import contextlib

import pytest
from sqlalchemy import event

from trading_house.catalog.models import Category, WholesaleTier
from trading_house.extensions import db


@contextlib.contextmanager
def recorded_sql(app):
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def make_products(factory, count, categories, *, enterprises=4, photos=2, tiers=2):
    makers = [factory.enterprise() for _ in range(enterprises)]
    cats = [db.session.get(Category, categories[s]) for s in ("kopi-arabika", "teh", "tas-kulit")]
    products = []
    for n in range(count):
        product = factory.product(makers[n % enterprises], category=cats[n % len(cats)])
        for position in range(photos):
            factory.photo(product, position=position)
        for step in range(tiers):
            db.session.add(
                WholesaleTier(
                    product_id=product.id,
                    min_quantity=10 * (step + 1),
                    unit_price_idr=80000 - step * 1000,
                )
            )
        products.append(product)
    db.session.commit()
    return products


def query_count(client, app, url) -> int:
    with recorded_sql(app) as statements:
        response = client.get(url)
        assert response.status_code == 200
    return len(statements)


def test_catalog_page_queries_do_not_grow_with_the_page_size(client, factory, categories, app):
    make_products(factory, 6, categories)
    small = query_count(client, app, "/catalog")
    make_products(factory, 48, categories)
    full = query_count(client, app, "/catalog")
    assert 'data-testid="product-card"' in client.get("/catalog").get_data(as_text=True)
    assert client.get("/catalog").get_data(as_text=True).count('data-testid="product-card"') == 48
    assert full == small
    assert full <= 8


def test_product_page_queries_do_not_grow_with_photos_tiers_or_related(
    client, factory, categories, app
):
    lean, _related = make_products(factory, 2, categories, enterprises=1, photos=1, tiers=1)
    lean_category = db.session.get(Category, lean.category_id)
    _related.category_id = lean_category.id
    db.session.commit()
    small = query_count(client, app, f"/p/{lean.slug}")
    rich = make_products(factory, 12, categories, photos=8, tiers=3)
    full = query_count(client, app, f"/p/{rich[0].slug}")
    assert full == small
    # The catalog's own: the product (with enterprise and category joined), its photos and
    # tiers, the related products with theirs (6). The rest comes from the partials that other
    # areas include on the page (readiness, inquiries...), each a constant of its own.
    assert full <= 12


def test_enterprise_and_home_pages_are_constant_too(client, factory, categories, app):
    first = make_products(factory, 3, categories, enterprises=1)
    first[0].featured = True
    db.session.commit()
    small = query_count(client, app, f"/e/{first[0].enterprise.slug}")
    home_small = query_count(client, app, "/")
    more = make_products(factory, 30, categories, enterprises=1)
    for product in more[:8]:
        product.featured = True
    db.session.commit()
    assert query_count(client, app, f"/e/{more[0].enterprise.slug}") == small
    assert query_count(client, app, "/") == home_small


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.mark.parametrize("signed_in", [False, True])
def test_no_database_write_on_get(client, login, factory, sme, categories, app, signed_in):
    products = make_products(factory, 3, categories)
    draft = factory.product(sme[1], status="draft")
    factory.photo(draft)
    urls = [
        "/",
        "/catalog",
        "/catalog?category=kopi-teh&sort=price_asc&page=7",
        f"/p/{products[0].slug}",
        f"/e/{products[0].enterprise.slug}",
        "/sitemap.xml",
        "/robots.txt",
        "/p/unknown",
        "/catalog?currency=USD&lang=en",
    ]
    if signed_in:
        login(sme[0])
        urls += [
            "/business/products",
            "/business/products/new",
            f"/business/products/{draft.id}/edit",
            f"/business/products/{draft.id}/photos",
            f"/business/products/{draft.id}/preview",
        ]
    with recorded_sql(app) as statements:
        for url in urls:
            assert client.get(url).status_code in (200, 404), url
    writes = [s for s in statements if s.lstrip().upper().startswith(WRITES)]
    assert writes == []
