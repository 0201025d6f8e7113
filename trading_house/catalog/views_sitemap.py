"""The sitemap (sitemaps.org) and robots.txt.

``/sitemap.xml`` is an index of smaller sitemaps, because one file may list at most 50,000
URLs and search engines drop a larger one: ``/sitemap/pages.xml`` (the home page, the catalog,
its categories and the businesses with published products) and one ``/sitemap/products-<n>.xml``
per block of :data:`BLOCK` product ids holding a published product. A block is read by a range
of the primary key, so each file costs the same at 2,000 and at 100,000 products (issue #18).
"""

from datetime import datetime

from flask import abort, current_app, render_template, url_for
from sqlalchemy import exists, select

from trading_house.catalog import queries
from trading_house.catalog.blueprint import bp
from trading_house.catalog.models import Category, Product
from trading_house.catalog.views import absolute_url
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db

#: Product ids per product sitemap (a file of about 1 MB, well under the protocol's limits).
BLOCK = 10_000
#: ``products.id`` is a 32-bit integer: a block past it holds nothing (and is not asked of
#: the database, where so large a number would be an error).
LAST_BLOCK = (2**31 - 1) // BLOCK

Urls = list[tuple[str, datetime | None]]
#: One published product of the enterprise (read by ``ix_products_enterprise_status_...``).
_PUBLISHED_OF_ENTERPRISE = (
    queries.published_products()
    .with_only_columns(Product.id)
    .where(Product.enterprise_id == Enterprise.id)
    .correlate(Enterprise)
)


def _xml(template: str, **context):
    body = render_template(template, **context)
    return current_app.response_class(body, mimetype="application/xml")


@bp.get("/sitemap.xml")
def sitemap():
    """The index: the pages' sitemap and one sitemap per block of products."""
    blocks = db.session.scalars(
        queries.published_products()
        .with_only_columns(Product.id // BLOCK)
        .distinct()
        .order_by(None)
    ).all()
    sitemaps = [url_for("catalog.sitemap_pages")]
    sitemaps += [url_for("catalog.sitemap_products", block=n) for n in sorted(blocks)]
    return _xml("catalog/sitemap_index.xml", sitemaps=sitemaps)


@bp.get("/sitemap/pages.xml")
def sitemap_pages():
    """The home page, the catalog, its categories and the businesses with published products."""
    categories = db.session.scalars(select(Category.slug).order_by(Category.id)).all()
    enterprises = db.session.execute(
        select(Enterprise.slug, Enterprise.updated_at)
        .where(exists(_PUBLISHED_OF_ENTERPRISE))
        .order_by(Enterprise.id)
    ).all()
    urls: Urls = [(url_for("core.home"), None), (url_for("catalog.browse"), None)]
    urls += [(url_for("catalog.browse", category=slug), None) for slug in categories]
    urls += [(url_for("catalog.enterprise_page", slug=s), at) for s, at in enterprises]
    return _xml("catalog/sitemap.xml", urls=urls)


@bp.get("/sitemap/products-<int:block>.xml")
def sitemap_products(block: int):
    """The published products whose id is in block ``block`` (empty once none is left)."""
    if block > LAST_BLOCK:
        abort(404)
    products = db.session.execute(
        queries.published_products()
        .with_only_columns(Product.slug, Product.updated_at)
        .where(Product.id >= block * BLOCK, Product.id < (block + 1) * BLOCK)
        .order_by(Product.id)
    ).all()
    urls: Urls = [(url_for("catalog.product_detail", slug=s), at) for s, at in products]
    return _xml("catalog/sitemap.xml", urls=urls)


@bp.get("/robots.txt")
def robots():
    lines = [
        "User-agent: *",
        "Disallow: /business/",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Allow: /",
        f"Sitemap: {absolute_url(url_for('catalog.sitemap'))}",
        "",
    ]
    return current_app.response_class("\n".join(lines), mimetype="text/plain")
