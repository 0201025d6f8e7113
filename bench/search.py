"""Search benchmark: full-text search vs ``LIKE '%term%'`` over 100,000 generated products.

    .venv/bin/python bench/search.py                       # SQLite (FTS5), 100,000 products
    .venv/bin/python bench/search.py --products 20000      # quicker
    .venv/bin/python bench/search.py --postgres postgresql://postgres@127.0.0.1/bench_search

The database is built through the real migrations (schema + search triggers), filled with bulk
inserts (the triggers index every row), then ~200 realistic queries run through the same search
code the catalog uses (count + the first 48 ids by rank) and through LIKE over the same text
columns (count + the first 48 ids, newest first). Prints median / p95 and the ratios.
Goals: p95 < 20 ms on SQLite and at least 10x faster than LIKE.

``--postgres`` WIPES the public schema of the database it is given.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_data import fill_catalog, make_app, make_queries, migrate, reset_postgres  # noqa: E402
from sqlalchemy import and_, func, or_, select  # noqa: E402


def fts_search(q: str):
    """What the catalog runs for a search: the count and the first 48 ids by rank."""
    from trading_house.catalog import search

    found = search.prepare(q)
    if found is None:
        return 0, []
    return found.total, found.ids(48)


def like_search(q: str):
    """The same question with ``LIKE '%term%'`` over the same text (every word must appear)."""
    from trading_house.catalog import search
    from trading_house.catalog.models import Category, Product
    from trading_house.catalog.queries import published_products
    from trading_house.enterprises.models import Enterprise
    from trading_house.extensions import db

    columns = [
        Product.name_indonesian,
        Product.name_english,
        Product.description_indonesian,
        Product.description_english,
        Product.materials,
        Enterprise.name,
        Category.name_indonesian,
        Category.name_english,
    ]
    conditions = [or_(*(c.ilike(f"%{term}%") for c in columns)) for term in search.terms(q)]
    stmt = (
        published_products()
        .with_only_columns(Product.id)
        .join(Enterprise, Enterprise.id == Product.enterprise_id)
        .join(Category, Category.id == Product.category_id)
        .where(and_(*conditions))
    )
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    ids = db.session.scalars(
        stmt.order_by(Product.published_at.desc(), Product.id.desc()).limit(48)
    ).all()
    return total, ids


def timed(func_, queries: list[str]) -> tuple[list[float], list[float], list[int]]:
    """Wall-clock and CPU milliseconds per query (CPU time shows the cost on a busy machine)."""
    wall, cpu, totals = [], [], []
    for q in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        total, _ids = func_(q)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        totals.append(total)
    return wall, cpu, totals


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _line(label: str, values: list[float]) -> str:
    return f"{label:<34} median {statistics.median(values):8.2f} ms   p95 {p95(values):8.2f} ms"


def run(app, label: str, queries: list[str], like_queries: int) -> bool:
    from trading_house.catalog.queries import CatalogFilters, browse
    from trading_house.extensions import db

    load_before = os.getloadavg()[0]
    with app.test_request_context():
        timed(fts_search, queries[:20])  # warm caches
        fts_wall, fts_cpu, fts_totals = timed(fts_search, queries)
        page_wall, page_cpu, _ = timed(lambda q: (browse(CatalogFilters(q=q)).total, []), queries)
        db.session.remove()
        subset = queries[:like_queries]
        like_wall, like_cpu, _ = timed(like_search, subset)
    hits = sum(1 for t in fts_totals if t)
    print(f"\n== {label}: {len(queries)} queries ({hits} with results) ==")
    print(f"load average (1 min) before / after: {load_before:.1f} / {os.getloadavg()[0]:.1f}")
    print(_line("full-text search, wall clock", fts_wall))
    print(_line("full-text search, CPU time", fts_cpu))
    print(_line(f"LIKE '%term%' ({len(subset)} q), wall clock", like_wall))
    print(_line(f"LIKE '%term%' ({len(subset)} q), CPU time", like_cpu))
    print(_line("browse() page of 48, wall clock", page_wall))
    print(_line("browse() page of 48, CPU time", page_cpu))
    ratios = {
        "wall": (
            statistics.median(like_wall) / statistics.median(fts_wall),
            p95(like_wall) / p95(fts_wall),
        ),
        "cpu": (
            statistics.median(like_cpu) / statistics.median(fts_cpu),
            p95(like_cpu) / p95(fts_cpu),
        ),
    }
    for kind, (median_ratio, p95_ratio) in ratios.items():
        print(f"ratio LIKE / full-text ({kind}): median {median_ratio:.1f}x   p95 {p95_ratio:.1f}x")
    ok = p95(fts_wall) < 20 and min(ratios["wall"]) >= 10
    goal = "wall-clock p95 < 20 ms and >= 10x faster than LIKE"
    print(f"goal ({goal}): {'MET' if ok else 'NOT MET'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--like-queries", type=int, default=200, help="LIKE is slow: fewer")
    parser.add_argument("--postgres", help="also run on this PostgreSQL database (WIPED)")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    args = parser.parse_args()

    import logging

    logging.disable(logging.INFO)  # alembic's and the app's progress lines
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        targets = [] if args.no_sqlite else [("SQLite FTS5", f"sqlite:///{Path(tmp) / 'bench.db'}")]
        if args.postgres:
            targets.append(("PostgreSQL full text", reset_postgres(args.postgres)))
        ok = True
        for label, url in targets:
            app = make_app(url, Path(tmp))
            migrate(app)
            print(f"{label}: inserting {args.products:,} products ...", flush=True)
            info = fill_catalog(app, args.products)
            print(f"  inserted and indexed in {info['insert_seconds']:.1f} s")
            queries = make_queries(info["fillers"], args.queries)
            ok = run(app, label, queries, args.like_queries) and ok
            with app.app_context():
                from trading_house.extensions import db

                db.engine.dispose()
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
