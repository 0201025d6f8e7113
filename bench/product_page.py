"""Product page benchmark: ``/p/<slug>`` against a fixed bare detail page (issue #18).

    .venv/bin/python bench/product_page.py             # 2,000 / 20,000 / 100,000 products
    .venv/bin/python bench/product_page.py --quick     # 2,000 and 20,000, one short round

The same harness as ``bench/catalog_page.py`` (``bench/pagebench.py``): the reference detail
page of ``bench/reference.py`` (photos, price, tiers, facts, description, 8 related cards from
memory), the plain Flask-SQLAlchemy detail page of ``bench/orm_reference.py`` (the same bare
page filled from the same database), the real product page with its cache warm (related
cards, response time, readiness panel from the cache) and with no cache at all, same gunicorn
settings, interleaved rounds. Goals: warm ≥ 0.7 and cold ≥ 0.35 of the reference's req/s.
Exits 1 when a goal is missed or a request failed.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pagebench import arguments, report, run_size  # noqa: E402

GOALS = {"warm": 0.7, "cold": 0.35}
#: A product in the middle of the generated catalog (slugs are p-0 ... p-<n-1>).
SLUG = "p-1000"


def check(bodies: dict[str, bytes]) -> None:
    for name, body in bodies.items():
        if b'data-testid="price"' not in body:
            raise SystemExit(f"{name}: no price on the page; not comparable")
    related = {name: body.count(b'data-testid="product-card"') for name, body in bodies.items()}
    print(f"related cards: {related}", flush=True)
    if len(set(related.values())) != 1:
        raise SystemExit("the pages do not show the same number of related cards; not comparable")


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    sizes = {}
    for products in args.sizes:
        sizes[products] = run_size(
            products=products,
            data_dir=Path(args.data),
            real_path=f"/p/{SLUG}",
            reference_path="/detail",
            orm_path=f"/detail/{SLUG}",
            rounds=args.rounds,
            seconds=args.seconds,
            connections=args.connections,
            workers=args.workers,
            check=check,
        )
    title = (
        f"/p/{SLUG} vs the bare detail page: gunicorn {args.workers} sync workers, "
        f"{args.connections} connections, {args.rounds} interleaved rounds of {args.seconds:.0f} s"
    )
    ok = report(title, sizes, GOALS)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
