"""Supervision benchmark: seconds to build the yearly plan (risk of every cooperative, ranking,
assignment within capacity, the bulk writes) and to render the division dashboard, for 5,000
cooperatives.

    .venv/bin/python bench/supervision.py
    .venv/bin/python bench/supervision.py --cooperatives 1000 --examiners 20
    .venv/bin/python bench/supervision.py --postgres postgresql://postgres@127.0.0.1:5432/bench

Builds a database through the migrations (SQLite in a temporary folder; with ``--postgres`` its
``public`` schema is DROPPED and recreated: point it at a scratch database) and bulk-inserts the
cooperatives across South Sulawesi's regencies and every kind, each with two years of RAT
records (some missed, some late), two years of statements (some draft, some with worse
ratios), NIKs (some expired), predicates and a few complaints. Then it times, with the app's
own code: ``plan.build_plan`` + commit, and a GET of ``/pengawasan/dasbor`` as an admin (every
table of the dashboard, rendered), each ``--repeat`` times; it prints the median seconds.
Goal: both under 10 s on the 2-core test machine.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from catalog_data import make_app, migrate, reset_postgres  # noqa: E402

GOAL_SECONDS = 10.0
PASSWORD = "Bench-Supervision-2026"  # noqa: S105 - a throwaway account of the bench database
#: Examiners never sign in: an unusable hash.
NO_PASSWORD = "!"  # noqa: S105 - not a password: no hash matches it
KINDS = ("producer", "consumer", "marketing", "services", "savings_loan")
PREDICATES = (None, "sehat", "cukup_sehat", "dalam_pengawasan", "dalam_pengawasan_khusus")


def fill(app, n: int, examiners: int, seed: int = 13) -> None:
    from sqlalchemy import insert, select

    from trading_house.accounts.models import User, UserRole
    from trading_house.accounts.passwords import hash_password
    from trading_house.cooperatives.models import Cooperative, FinancialStatement, RatRecord
    from trading_house.core.clock import utcnow
    from trading_house.enterprises.regions import REGENCIES
    from trading_house.extensions import db
    from trading_house.supervision.plan_models import Complaint

    rng = random.Random(seed)
    regencies = list(REGENCIES)
    with app.app_context():
        admin = User(email="admin@bench.test", password_hash=hash_password(PASSWORD))
        admin.display_name = "Admin"
        admin.email_verified_at = utcnow()
        admin.roles = [UserRole(role="admin")]
        db.session.add(admin)
        for i in range(examiners):
            user = User(
                email=f"pengawas{i}@bench.test",
                password_hash=NO_PASSWORD,
                display_name=f"Pengawas {i}",
            )
            user.roles = [UserRole(role="examiner")]
            db.session.add(user)
        db.session.flush()
        rows = []
        for i in range(n):
            regency = rng.choice(regencies)
            rows.append(
                {
                    "name": f"Koperasi Bench {i:05d}",
                    "kind": rng.choice(KINDS),
                    "regency": regency,
                    "membership_regencies": [regency]
                    if rng.random() < 0.8
                    else [regency, rng.choice(regencies)],
                    "nik": f"73{i:014d}" if rng.random() < 0.95 else None,
                    "nik_expires_on": date(2025, 1, 1) if rng.random() < 0.1 else date(2030, 1, 1),
                    "founded_on": date(2010 + rng.randint(0, 14), 1, 1),
                    "members_male": rng.randint(9, 400),
                    "members_female": rng.randint(9, 400),
                    "health_predicate": rng.choice(PREDICATES),
                    "predicate_rated_on": date(2026, rng.randint(1, 11), 1)
                    if rng.random() < 0.4
                    else None,
                }
            )
        db.session.execute(insert(Cooperative), rows)
        ids = list(db.session.scalars(select(Cooperative.id)))
        rats, statements, complaints = [], [], []
        for coop_id in ids:
            for year in (2024, 2025):
                roll = rng.random()
                if roll < 0.8:
                    held = date(year + 1, 4, 15) if roll < 0.7 else date(year + 1, 8, 1)
                    rats.append(
                        {
                            "cooperative_id": coop_id,
                            "year": year,
                            "held_on": held,
                            "reported_on": held if rng.random() < 0.9 else None,
                            "online": False,
                        }
                    )
                if rng.random() < 0.85:
                    surplus = rng.randint(-20, 60) * 1_000_000
                    statements.append(
                        {
                            "cooperative_id": coop_id,
                            "year": year,
                            "status": "submitted" if rng.random() < 0.9 else "draft",
                            "cash": 100_000_000,
                            "receivables": 50_000_000,
                            "loans_to_members": 200_000_000,
                            "non_performing_loans": rng.randint(0, 60) * 1_000_000,
                            "other_current_assets": 0,
                            "fixed_assets": 150_000_000,
                            "current_liabilities": 100_000_000,
                            "long_term_liabilities": 50_000_000,
                            "member_equity": 250_000_000,
                            "reserves": 50_000_000,
                            "other_equity": 50_000_000 - surplus,
                            "revenue": 300_000_000,
                            "operating_costs": rng.randint(150, 320) * 1_000_000,
                            "interest_costs": 20_000_000,
                            "surplus": surplus,
                        }
                    )
            if rng.random() < 0.05:
                complaints.append(
                    {
                        "cooperative_id": coop_id,
                        "received_on": date(2026, 10, 1),
                        "source": "Anggota",
                        "summary": "Bench",
                    }
                )
        for model, batch in ((RatRecord, rats), (FinancialStatement, statements)):
            for start in range(0, len(batch), 5000):
                db.session.execute(insert(model), batch[start : start + 5000])
        if complaints:
            db.session.execute(insert(Complaint), complaints)
        db.session.commit()


def timed(action, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def run(url: str, instance: Path, args) -> dict:
    from sqlalchemy import select

    from trading_house.accounts.models import User
    from trading_house.core.tx import commit
    from trading_house.extensions import db
    from trading_house.supervision import plan

    app = make_app(url, instance, RATELIMIT_ENABLED=False, WTF_CSRF_ENABLED=False)
    migrate(app)
    started = time.perf_counter()
    fill(app, args.cooperatives, args.examiners)
    print(f"  data: {args.cooperatives} cooperatives in {time.perf_counter() - started:.1f} s")

    def build():
        with app.test_request_context():
            admin = db.session.scalar(select(User).where(User.email == "admin@bench.test"))
            plan.build_plan(2026, actor=admin)
            commit()
            db.session.remove()

    client = app.test_client()
    signed_in = client.post("/login", data={"email": "admin@bench.test", "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.get_data(as_text=True)[:300]

    def dashboard():
        response = client.get("/pengawasan/dasbor")
        assert response.status_code == 200, response.status_code

    result = {"plan": timed(build, args.repeat), "dashboard": timed(dashboard, args.repeat)}
    with app.app_context():
        from sqlalchemy import func

        from trading_house.supervision.plan_models import PlanEntry

        uncovered = db.session.scalar(
            select(func.count()).select_from(PlanEntry).where(PlanEntry.examiner_id.is_(None))
        )
        entries = db.session.scalar(select(func.count()).select_from(PlanEntry))
    print(f"  plan: {entries} cooperatives ranked, {uncovered} uncovered")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cooperatives", type=int, default=5000)
    parser.add_argument("--examiners", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", help="a scratch PostgreSQL database URL (schema dropped)")
    args = parser.parse_args()
    # A fixed "today" (5 December 2026, WITA) so runs compare.

    from trading_house.core import clock

    clock.freeze(datetime(2026, 12, 5, 2, tzinfo=UTC))
    targets = []
    with tempfile.TemporaryDirectory() as tmp:
        targets.append(("SQLite", f"sqlite:///{tmp}/bench.db"))
        if args.postgres:
            targets.append(("PostgreSQL", reset_postgres(args.postgres)))
        ok = True
        for name, url in targets:
            print(f"{name}:")
            result = run(url, Path(tmp) / name.lower(), args)
            print(
                f"  building the plan: {result['plan']:.2f} s; "
                f"rendering the dashboard: {result['dashboard']:.2f} s (median of {args.repeat})"
            )
            ok = ok and max(result.values()) < GOAL_SECONDS
    print(f"goal (< {GOAL_SECONDS:.0f} s each): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
