# ruff: noqa: S311 - a seeded generator for demo figures, not for secrets
"""Demo registry: 32 cooperatives across South Sulawesi's regencies, every type, three years of
RAT records (some late, some missed two years running) and financial statements (some with
falling ratios, one without liabilities), some NIKs expired; the examiners and the officer of
"Koperasi Produsen Kopi Toraja Sejahtera". Predicates are left to the supervision seed."""

import random
from datetime import date, timedelta

from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.accounts.seed import DEMO_PASSWORD
from trading_house.accounts.services import create_user, find_user_by_email
from trading_house.cooperatives.models import (
    Cooperative,
    CooperativeMember,
    CooperativeOfficer,
    FinancialStatement,
    RatRecord,
)
from trading_house.cooperatives.services import record_change
from trading_house.core.clock import business_today
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db

DEMO_COOPERATIVE = "Koperasi Produsen Kopi Toraja Sejahtera"
DEMO_ACCOUNTS = (
    ("pengawas@rumahdagang.id", "Hasanuddin Latief", "examiner"),
    ("pengawas2@rumahdagang.id", "Sitti Aminah Rauf", "examiner"),
    ("koperasi@rumahdagang.id", "Daniel Sampe Tandi", "coop_officer"),
)
#: (name, kind, seat, other regencies of the membership area, pattern)
#: pattern: "good", "late" (RAT late), "missed" (no RAT two years running), "falling"
#: (ratios worsen), "no_debt" (no liabilities), "expired" (NIK expired)
COOPERATIVES = (
    (DEMO_COOPERATIVE, "producer", "7318", ("7326",), "good"),
    ("Koperasi Serba Usaha Sutera Tosora", "producer", "7313", (), "falling"),
    ("KSP Mitra Usaha Bone", "savings_loan", "7311", (), "late"),
    ("Koperasi Konsumen Pegawai Pemprov Sulsel", "consumer", "7371", ("7306", "7308"), "good"),
    ("Koperasi Pemasaran Markisa Malino", "marketing", "7306", (), "expired"),
    ("Koperasi Jasa Angkutan Pelabuhan Paotere", "services", "7371", (), "missed"),
    ("KSP Sejahtera Bersama Palopo", "savings_loan", "7373", ("7317", "7322"), "falling"),
    ("Koperasi Produsen Rumput Laut Galesong", "producer", "7305", (), "good"),
    ("Koperasi Nelayan Bahari Pangkep", "producer", "7309", (), "late"),
    ("Koperasi Konsumen Guru Sinjai", "consumer", "7307", (), "no_debt"),
    ("Koperasi Pemasaran Kakao Luwu Raya", "marketing", "7317", ("7322", "7325"), "good"),
    ("Koperasi Jasa Wisata Tana Toraja", "services", "7318", (), "expired"),
    ("KSP Amanah Sidrap", "savings_loan", "7314", (), "missed"),
    ("Koperasi Produsen Kopi Kalosi Enrekang", "producer", "7316", (), "good"),
    ("Koperasi Tani Padi Pinrang", "producer", "7315", (), "falling"),
    ("Koperasi Konsumen Karyawan Parepare", "consumer", "7372", (), "good"),
    ("Koperasi Pemasaran Garam Jeneponto", "marketing", "7304", (), "late"),
    ("Koperasi Jasa Listrik Desa Selayar", "services", "7301", (), "good"),
    ("KSP Karya Mandiri Bulukumba", "savings_loan", "7302", ("7303",), "expired"),
    ("Koperasi Produsen Tenun Ikat Jeneponto", "producer", "7304", (), "good"),
    ("Koperasi Peternak Sapi Barru", "producer", "7310", (), "missed"),
    ("Koperasi Konsumen Pesantren Maros", "consumer", "7308", (), "good"),
    ("Koperasi Pemasaran Kelapa Luwu Timur", "marketing", "7325", (), "falling"),
    ("Koperasi Jasa Pergudangan Soppeng", "services", "7312", (), "good"),
    ("KSP Tunas Harapan Wajo", "savings_loan", "7313", ("7312", "7311"), "late"),
    ("Koperasi Produsen Gula Aren Bantaeng", "producer", "7303", (), "good"),
    ("Koperasi Konsumen Nelayan Takalar", "consumer", "7305", (), "expired"),
    ("Koperasi Produsen Kopi Toraja Utara", "producer", "7326", ("7318",), "good"),
    ("Koperasi Pemasaran Ikan Kendari-Makassar", "marketing", "7371", ("7471",), "good"),
    ("KSP Syariah Barokah Gowa", "savings_loan", "7306", (), "good"),
    ("Koperasi Jasa Kesehatan Luwu Utara", "services", "7322", (), "late"),
    ("Koperasi Produsen Sagu Masamba", "producer", "7322", (), "missed"),
)


def _accounts() -> dict[str, User]:
    users = {}
    for email, name, role in DEMO_ACCOUNTS:
        user = find_user_by_email(email)
        if user is None:
            user = create_user(email, DEMO_PASSWORD, name, (role,), verified=True, country="ID")
        users[email] = user
    return users


def _demo_enterprise() -> Enterprise | None:
    """The marketplace's Toraja coffee cooperative (the enterprises demo), if seeded."""
    return db.session.scalar(
        select(Enterprise)
        .where(Enterprise.legal_form == "koperasi", Enterprise.name.like("%Kopi Toraja%"))
        .order_by(Enterprise.id)
        .limit(1)
    )


def _seed_statement(coop, year: int, n: int, pattern: str, base: int, rng: random.Random):
    scale = base * (100 + 8 * n) // 100  # grows a little every year
    worse = n if pattern == "falling" else 0  # 0, 1, 2 over the three years
    loans = scale * 2 if coop.is_savings_loan else scale // 2
    values = {
        "cash": scale // 2 - worse * scale // 8 + rng.randint(-5, 5) * scale // 100,
        "receivables": scale // 4,
        "loans_to_members": loans,
        "non_performing_loans": loans * (3 + 6 * worse) // 100,
        "other_current_assets": scale // 10,
        "fixed_assets": scale,
        "current_liabilities": 0 if pattern == "no_debt" else scale // 2 + worse * scale // 4,
        "long_term_liabilities": 0 if pattern == "no_debt" else scale // 3,
        "member_equity": scale,
        "reserves": scale // 5 + n * scale // 50,
        "revenue": scale * 2,
        "operating_costs": scale * 3 // 2 + worse * scale // 5 + rng.randint(-8, 8) * scale // 100,
        "interest_costs": scale // 10 if coop.is_savings_loan else scale // 40,
    }
    values["surplus"] = values["revenue"] - values["operating_costs"] - values["interest_costs"]
    statement = FinancialStatement(
        cooperative_id=coop.id, year=year, status="submitted", source="form", **values
    )
    statement.other_equity = 0
    statement.other_equity = (
        statement.total_assets - statement.total_liabilities - statement.total_equity
    )
    db.session.add(statement)


def _rat(coop: Cooperative, year: int, n: int, pattern: str, rng: random.Random, today: date):
    if pattern == "missed" and n >= 1:
        return  # the last two closed years: no RAT
    if pattern == "late" and n >= 1:
        held = date(year + 1, 8, 1) + timedelta(days=rng.randint(0, 40))
    else:
        held = date(year + 1, 3, 1) + timedelta(days=rng.randint(0, 75))
    if held > today:
        return
    reported = held + timedelta(days=rng.randint(5, 30))
    db.session.add(
        RatRecord(
            cooperative_id=coop.id,
            year=year,
            held_on=held,
            reported_on=reported if reported <= today else None,
            attendance=rng.randint(30, 90) * (coop.members_total or 100) // 100,
            online=rng.random() < 0.2,
        )
    )


def seed_demo() -> None:
    """Create the demo registry once (nothing when the demo cooperative exists)."""
    users = _accounts()
    if db.session.scalar(select(Cooperative.id).where(Cooperative.name == DEMO_COOPERATIVE)):
        return
    rng = random.Random(13)
    today = business_today()
    last_closed = today.year - 1
    enterprise = _demo_enterprise()
    for index, (name, kind, seat, others, pattern) in enumerate(COOPERATIVES):
        founded = date(rng.randint(1995, 2018), rng.randint(1, 12), rng.randint(1, 28))
        issued = date(max(founded.year + 1, 2016), rng.randint(1, 12), rng.randint(1, 28))
        expires = issued + timedelta(days=365 * 5)
        if pattern == "expired":
            expires = today - timedelta(days=rng.randint(30, 400))
            issued = expires - timedelta(days=365 * 5)
        elif expires <= today:
            expires = today + timedelta(days=rng.randint(200, 1500))
        coop = Cooperative(
            name=name,
            kind=kind,
            savings_loan_scope=(
                ("open_public" if index % 3 == 0 else "members_only")
                if kind == "savings_loan"
                else None
            ),
            regency=seat,
            membership_regencies=sorted({seat, *others}),
            business_class=("micro", "small", "medium")[index % 3],
            legal_entity_number=(
                f"AHU-{rng.randint(1000, 9999):04d}{index:03d}.AH.01.26.{founded.year}"
            ),
            legal_entity_date=founded + timedelta(days=rng.randint(20, 120)),
            nik=f"{seat}{index:02d}{rng.randint(10**9, 10**10 - 1)}",
            nik_issued_on=issued,
            nik_expires_on=expires,
            nib=f"91{rng.randint(10**10, 10**11 - 1)}",
            founded_on=founded,
            members_male=rng.randint(20, 400),
            members_female=rng.randint(20, 400),
            address=f"Jl. Poros {name.split()[-1]} No. {rng.randint(1, 120)}",
            email=f"koperasi{index + 1}@contoh.id",
        )
        if name == DEMO_COOPERATIVE:
            coop.enterprise_id = getattr(enterprise, "id", None)
            coop.assigned_examiner_id = users["pengawas@rumahdagang.id"].id
            coop.officers = [
                CooperativeOfficer(
                    user_id=users["koperasi@rumahdagang.id"].id,
                    name="Daniel Sampe Tandi",
                    position="chair",
                    term_starts_on=date(last_closed - 1, 4, 1),
                ),
                CooperativeOfficer(name="Maria Rante Allo", position="treasurer"),
                CooperativeOfficer(name="Paulus Tangkelangi", position="supervisor"),
            ]
            coop.founded_on = date(2012, 5, 14)
            coop.legal_entity_date = date(2012, 8, 2)
        else:
            coop.officers = [
                CooperativeOfficer(name=f"Ketua {name.split()[-1]}", position="chair"),
                CooperativeOfficer(name=f"Bendahara {name.split()[-1]}", position="treasurer"),
            ]
        db.session.add(coop)
        db.session.flush()
        record_change(coop, None, "created", None, {"name": name})
        base = rng.randint(4, 40) * 25_000_000
        for n, year in enumerate(range(last_closed - 3, last_closed + 1), start=-1):
            if year < founded.year:
                continue
            _rat(coop, year, max(n, 0), pattern, rng, today)
            if n >= 0:  # three years of statements, four of RAT
                _seed_statement(coop, year, n, pattern, base, rng)
        if name == DEMO_COOPERATIVE:
            for member, sex in (("Yohanis Pakiding", "male"), ("Agustina Palinggi", "female")):
                db.session.add(
                    CooperativeMember(
                        cooperative_id=coop.id,
                        name=member,
                        sex=sex,
                        enterprise_id=getattr(enterprise, "id", None)
                        if member == "Yohanis Pakiding"
                        else None,
                    )
                )
    db.session.flush()
