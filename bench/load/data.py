"""The load test's database: built before the run, checked after it (runs in the driver)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

BUYER_PASSWORD = "Beban-Uji-Makassar-2026"  # noqa: S105 - simulated buyers of a scratch database


@dataclass
class Catalog:
    products: list[tuple[int, str]]  #: (id, slug) of published products in stock
    hot: list[int]  #: products given little stock, so honest sell-outs happen
    enterprises: list[str]
    categories: list[str]
    initial_stock: dict[int, int]
    buyers: list[str] = field(default_factory=list)


def make_app(database_url: str):
    """An app on the bench database (development settings; the server runs as production)."""
    from config import DevelopmentConfig
    from trading_house import create_app

    class BenchConfig(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
        SECRET_KEY = secrets.token_urlsafe(32)
        REDIS_URL = None
        CACHE_BACKEND = "null"
        RATELIMIT_STORAGE_URI = "memory://"

    return create_app(BenchConfig)


def reset_database(database_url: str) -> None:
    """Create the database if missing and empty its public schema (a scratch database); for
    SQLite, remove the file (and its WAL files)."""
    from sqlalchemy.engine import make_url

    if database_url.startswith("sqlite"):
        path = make_url(database_url).database
        if not path or path == ":memory:":
            raise ValueError("the load test needs an SQLite file that several workers share")
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return
    url = make_url(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}
        ).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def prepare(app, *, buyers: int, hot_products: int, hot_stock: int) -> Catalog:
    """Schema, demo data, ``buyers`` verified buyer accounts and a few nearly sold-out products."""
    from flask_migrate import upgrade

    from trading_house.accounts.services import create_user
    from trading_house.catalog.models import Category, Product
    from trading_house.core.seed import run_all_seeds
    from trading_house.core.tx import commit
    from trading_house.enterprises.models import Enterprise
    from trading_house.extensions import db

    with app.app_context():
        upgrade()
        run_all_seeds()
        commit()
        emails = []
        for n in range(buyers):
            email = f"beban{n:03d}@bench.rumahdagang.id"
            create_user(email, BUYER_PASSWORD, f"Pembeli {n}", ("buyer",), verified=True,
                        preferred_language="en")  # fmt: skip
            emails.append(email)
        rows = db.session.execute(
            select(Product.id, Product.slug)
            .where(Product.status == "approved", Product.stock > 0, Product.retail_price_idr > 0)
            .order_by(Product.id)
        ).all()
        products = [(pid, slug) for pid, slug in rows]
        hot = [pid for pid, _ in products[:: max(1, len(products) // hot_products)]][:hot_products]
        for pid in hot:
            db.session.get(Product, pid).stock = hot_stock
        commit()
        catalog = Catalog(
            products=products,
            hot=hot,
            enterprises=list(db.session.scalars(select(Enterprise.slug))),
            categories=list(db.session.scalars(select(Category.slug))),
            initial_stock=dict(db.session.execute(select(Product.id, Product.stock)).all()),
            buyers=emails,
        )
        db.session.remove()
    return catalog


def verify(app, catalog: Catalog, told: list[dict], refused: list[dict]) -> list[str]:
    """Compare the database with what the simulated users were told; return the problems."""
    from trading_house.accounts.models import User
    from trading_house.catalog.models import Product
    from trading_house.core.money import Money
    from trading_house.extensions import db
    from trading_house.orders.models import Order, OrderLine

    problems = []
    with app.app_context():
        buyer_ids = set(db.session.scalars(select(User.id).where(User.email.in_(catalog.buyers))))
        orders = {o.number: o for o in db.session.scalars(select(Order)) if o.buyer_id in buyer_ids}
        told_numbers = {t["number"] for t in told}
        missing = sorted(told_numbers - set(orders))[:5]
        unknown = sorted(set(orders) - told_numbers)[:5]
        if missing or unknown:
            problems.append(
                f"orders in the database {len(orders)} vs told {len(told_numbers)}: "
                f"missing {missing}, unknown {unknown}"
            )
        for t in told:
            order = orders.get(t["number"])
            if order is None:
                continue
            shown = " ".join(Money(order.total_minor, order.currency).format("en").split())
            if shown != " ".join((t["total"] or "").split()):
                problems.append(f"{t['number']}: told total {t['total']!r}, stored {shown!r}")
            lines = sorted(
                (line.product_id, line.quantity)
                for line in db.session.scalars(
                    select(OrderLine).where(OrderLine.order_id == order.id)
                )
            )
            if lines != sorted(t["items"]):
                problems.append(f"{t['number']}: told items {t['items']}, stored {lines}")
            if order.total_minor != order.subtotal_minor + order.shipping_minor:
                problems.append(f"{t['number']}: total is not subtotal + shipping")
        ordered: dict[int, int] = {}
        for pid, quantity in db.session.execute(
            select(OrderLine.product_id, func.sum(OrderLine.quantity))
            .where(OrderLine.order_id.in_([o.id for o in orders.values()] or [-1]))
            .group_by(OrderLine.product_id)
        ):
            ordered[pid] = int(quantity)
        final = dict(db.session.execute(select(Product.id, Product.stock)).all())
        for pid, before in catalog.initial_stock.items():
            if before - final[pid] != ordered.get(pid, 0):
                problems.append(
                    f"product {pid}: stock {before} -> {final[pid]} but orders took "
                    f"{ordered.get(pid, 0)}"
                )
        for r in refused:  # stock only goes down during the run: short then means short now
            if final[r["product"]] >= r["quantity"]:
                problems.append(
                    f"a refusal for product {r['product']} ({r['quantity']} wanted) was not "
                    f"honest: {final[r['product']]} still in stock"
                )
        db.session.remove()
    return problems
