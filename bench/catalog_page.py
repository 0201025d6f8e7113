"""Catalog page benchmark: ``/catalog`` against a fixed bare 48-card Jinja grid (issue #18).

    .venv/bin/python bench/catalog_page.py             # 2,000 / 20,000 / 100,000 products
    .venv/bin/python bench/catalog_page.py --quick     # 2,000 and 20,000, one short round
    .venv/bin/python bench/catalog_page.py --sizes 20000 --rounds 3 --seconds 10

For each catalog size it serves, with the same gunicorn settings (2 sync workers) in the same
run: the fixed reference grid of ``bench/reference.py`` (48 cards from memory, no database),
the plain Flask-SQLAlchemy grid of ``bench/orm_reference.py`` (the same cards from the same
database: the issue's "plain ORM page", which the cold goal stands for), the real application
with its cache warm, and the real application with no cache at all (``cold``: every request
counts and renders every card). Rounds are interleaved (reference, plain ORM, warm, cold,
reference, ...) with 16 connections; it prints req/s, server CPU ms per request, p50/p99 and
the ratios to the reference. Goals: warm ≥ 0.5 and cold ≥ 0.2 of the reference's req/s, and
the same CPU per request at 100,000 as at 2,000 products (± 15 %).
Exits 1 when a goal is missed or a request failed. See ``bench/pagebench.py`` for how.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pagebench import arguments, report, run_size  # noqa: E402

GOALS = {"warm": 0.5, "cold": 0.2}


def check(bodies: dict[str, bytes]) -> None:
    cards = {name: body.count(b'data-testid="product-card"') for name, body in bodies.items()}
    print(f"product cards per page: {cards}", flush=True)
    if len(set(cards.values())) != 1 or not cards["reference"]:
        raise SystemExit("the pages do not show the same number of cards; not comparable")


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    sizes = {}
    for products in args.sizes:
        sizes[products] = run_size(
            products=products,
            data_dir=Path(args.data),
            real_path="/catalog",
            reference_path="/grid",
            orm_path="/grid",
            rounds=args.rounds,
            seconds=args.seconds,
            connections=args.connections,
            workers=args.workers,
            check=check,
        )
    title = (
        f"/catalog vs the bare 48-card grid: gunicorn {args.workers} sync workers, "
        f"{args.connections} connections, {args.rounds} interleaved rounds of {args.seconds:.0f} s"
    )
    ok = report(title, sizes, GOALS)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
