"""Helpers for search and catalog-query tests: products with distinct texts, a query counter."""

import pytest
from sqlalchemy import event

from trading_house.catalog.models import ProductPhoto, WholesaleTier
from trading_house.catalog.queries import CatalogFilters, browse
from trading_house.extensions import db


@pytest.fixture
def make(factory):
    """``make(name_indonesian, name_english, **fields)``: a product whose other texts say nothing
    that a search test might accidentally match."""

    plain = {}

    def _make(name_indonesian, name_english="", **fields):
        if "category" not in fields:
            if "category" not in plain:
                plain["category"] = factory.category("Aneka", slug="aneka")
            fields["category"] = plain["category"]
        fields.setdefault("description_indonesian", "")
        fields.setdefault("description_english", "")
        return factory.product(
            fields.pop("enterprise", None),
            name_indonesian=name_indonesian,
            name_english=name_english,
            **fields,
        )

    return _make


@pytest.fixture
def found(ctx):
    """``found(q, **filters)``: English names (else Indonesian) of the first page, in order."""

    def _found(q="", **filters):
        page = browse(CatalogFilters(q=q, **filters))
        return [p.name_english or p.name_indonesian for p in page.items]

    return _found


@pytest.fixture
def count_queries(app):
    """``with count_queries() as n: ...`` then ``n[0]`` is the number of SQL statements run."""
    from contextlib import contextmanager

    @contextmanager
    def _count():
        counter = [0]

        def before(*args, **kwargs):
            counter[0] += 1

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return _count


def add_photos(product, n=2, *, variants=True):
    """Photo rows (no files) with variant keys, as the photo job leaves them."""
    for position in range(n):
        db.session.add(
            ProductPhoto(
                product_id=product.id,
                position=position,
                alt_text=f"Photo {position}",
                original_key=f"originals/x/{product.id}-{position}.jpg",
                width=1600,
                height=1200,
                variants=(
                    {w: f"p/ab/{product.id}-{position}-{w}.webp" for w in ("400", "800")}
                    if variants
                    else {}
                ),
            )
        )
    db.session.commit()


def add_tiers(product, *tiers):
    for min_quantity, price in tiers:
        db.session.add(
            WholesaleTier(product_id=product.id, min_quantity=min_quantity, unit_price_idr=price)
        )
    db.session.commit()
