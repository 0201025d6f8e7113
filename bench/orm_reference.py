"""The plain Flask-SQLAlchemy pages of the page benchmarks: the issue's "plain ORM page".

What a straightforward Flask-SQLAlchemy app costs on the benchmark's own database, with the
same bare templates as ``bench/reference.py`` (no layout, no sessions, no CSRF, no
translations, no cache): the yardstick a page answered from the database is compared with.
Its models are its own, declared here over the catalog's tables (only the columns the pages
show), so that our code can never make the yardstick faster or slower.

* ``/grid``: the published count and the 48 newest published products, their maker joined and
  their photos loaded with ``selectinload`` (the issue's "joined/selectin loading");
* ``/detail/<slug>``: a published product with its maker, photos and tiers joined, and the 8
  newest other products of its category as cards.
"""

from flask import Flask, abort, render_template
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from reference import DETAIL, GRID, PAGE
from sqlalchemy import func
from sqlalchemy.orm import joinedload, relationship, selectinload

db = SQLAlchemy()
PUBLISHED = "approved"


class Enterprise(db.Model):
    __tablename__ = "enterprises"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String)


class Photo(db.Model):
    __tablename__ = "product_photos"
    id = db.Column(db.Integer, primary_key=True)
    product_id = db.Column(db.ForeignKey("products.id"))
    position = db.Column(db.Integer)
    original_key = db.Column(db.String)


class Tier(db.Model):
    __tablename__ = "wholesale_tiers"
    id = db.Column(db.Integer, primary_key=True)
    product_id = db.Column(db.ForeignKey("products.id"))
    min_quantity = db.Column(db.Integer)
    unit_price_idr = db.Column(db.BigInteger)


class Product(db.Model):
    __tablename__ = "products"
    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String)
    status = db.Column(db.String)
    category_id = db.Column(db.Integer)
    enterprise_id = db.Column(db.ForeignKey("enterprises.id"))
    name_english = db.Column(db.String)
    description_english = db.Column(db.String)
    retail_price_idr = db.Column(db.BigInteger)
    export_moq = db.Column(db.Integer)
    stock = db.Column(db.Integer)
    materials = db.Column(db.String)
    hs_code = db.Column(db.String)
    sku = db.Column(db.String)
    published_at = db.Column(db.DateTime)
    enterprise = relationship(Enterprise)
    photos = relationship(Photo, order_by=Photo.position)
    tiers = relationship(Tier, order_by=Tier.min_quantity)


def _idr(amount: int) -> str:
    return f"Rp\u00a0{amount:,}".replace(",", ".")


def _card(product: Product) -> dict:
    return {
        "slug": product.slug,
        "photo": product.photos[0].original_key if product.photos else "",
        "name": product.name_english,
        "price": _idr(product.retail_price_idr),
        "maker": product.enterprise.name,
        "moq": product.export_moq,
    }


def _published():
    return db.select(Product).where(Product.status == PUBLISHED)


def orm_reference_app(database_url: str) -> Flask:
    app = Flask("orm_reference")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    db.init_app(app)
    app.jinja_env.loader = DictLoader({"page": PAGE, "grid": GRID, "detail": DETAIL})

    @app.get("/grid")
    def grid():
        total = db.session.scalar(
            db.select(func.count()).select_from(Product).where(Product.status == PUBLISHED)
        )
        newest = _published().order_by(Product.published_at.desc(), Product.id.desc()).limit(48)
        products = db.session.scalars(
            newest.options(joinedload(Product.enterprise), selectinload(Product.photos))
        ).all()
        cards = [_card(p) for p in products]
        return render_template("grid", products=cards, title=f"Catalog ({total})")

    @app.get("/detail/<slug>")
    def detail(slug: str):
        found = _published().where(Product.slug == slug)
        found = found.options(
            joinedload(Product.enterprise), joinedload(Product.photos), joinedload(Product.tiers)
        )
        product = db.session.scalars(found).unique().first()
        if product is None:
            abort(404)
        related = db.session.scalars(
            _published()
            .where(Product.category_id == product.category_id, Product.id != product.id)
            .order_by(Product.published_at.desc())
            .limit(8)
            .options(joinedload(Product.enterprise), selectinload(Product.photos))
        ).all()
        page = {
            **_card(product),
            "photos": [photo.original_key for photo in product.photos],
            "tiers": [(t.min_quantity, _idr(t.unit_price_idr)) for t in product.tiers],
            "facts": [
                ("Export minimum order", product.export_moq),
                ("Availability", product.stock),
                ("Materials", product.materials),
                ("HS code", product.hs_code),
                ("Product code", product.sku),
            ],
            "description": product.description_english,
        }
        cards = [_card(p) for p in related]
        return render_template("detail", product=page, related=cards, title=product.name_english)

    return app
