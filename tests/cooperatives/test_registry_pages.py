"""The division's registry (filters, detail) and an administrator registering a cooperative and
inviting its officer; the demo seed has what the issue asks for."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from tests.cooperatives.helpers import cooperative
from trading_house.accounts.services import find_user_by_email
from trading_house.cooperatives.models import Cooperative, RatRecord
from trading_house.cooperatives.ratios import ratio_trend, worsening_ratios
from trading_house.core.models import OutboxEmail
from trading_house.extensions import db

TODAY = datetime.now(ZoneInfo("Asia/Makassar")).date()


def test_registry_filters_by_regency_kind_predicate_and_authority(factory, login, client):
    cooperative(name="Koperasi Kopi Toraja", regency="7318", membership_regencies=["7318"])
    cooperative(
        name="KSP Bone",
        kind="savings_loan",
        savings_loan_scope="members_only",
        regency="7311",
        membership_regencies=["7311", "7313"],
        health_predicate="cukup_sehat",
        nik_expires_on=TODAY - timedelta(days=3),
    )
    login(factory.user("examiner"))

    def names(query):
        page = client.get(f"/koperasi/registri?{query}").get_data(as_text=True)
        return {n for n in ("Koperasi Kopi Toraja", "KSP Bone") if n in page}, page

    assert names("")[0] == {"Koperasi Kopi Toraja", "KSP Bone"}
    assert names("regency=7311")[0] == {"KSP Bone"}
    assert names("kind=producer")[0] == {"Koperasi Kopi Toraja"}
    assert names("predicate=cukup_sehat")[0] == {"KSP Bone"}
    assert names("predicate=none")[0] == {"Koperasi Kopi Toraja"}
    assert names("authority=province")[0] == {"KSP Bone"}
    assert names("authority=regency")[0] == {"Koperasi Kopi Toraja"}
    found, page = names("q=bone")
    assert found == {"KSP Bone"} and "NIK expired" in page
    assert names("regency=<script>&kind=x&predicate=y&page=abc")[0] == {
        "Koperasi Kopi Toraja",
        "KSP Bone",
    }


def test_registry_is_for_the_division_only(factory, login, client):
    login(factory.user("coop_officer"))
    assert client.get("/koperasi/registri").status_code == 403


def test_admin_registers_a_cooperative_and_invites_its_officer(factory, login, client):
    login(factory.user("admin"))
    seller = factory.enterprise(name="Koperasi Kopi Sapan", slug="koperasi-kopi-sapan")
    data = {
        "name": "Koperasi Produsen Kakao Luwu",
        "kind": "producer",
        "regency": "7317",
        "membership_regencies": ["7317"],
        "members_male": "30",
        "members_female": "25",
        "founded_on": "2015-06-01",
        "enterprise_slug": "koperasi-kopi-sapan",
        "officer_name": "Sitti Rahma",
        "officer_email": "Sitti.Rahma@Contoh.id",
        "officer_position": "chair",
    }
    response = client.post("/koperasi/admin/baru", data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "Koperasi Produsen Kakao Luwu" in response.get_data(as_text=True)
    coop = db.session.scalar(select(Cooperative))
    assert coop.enterprise_id == seller.id and coop.authority == "regency"
    officer = find_user_by_email("sitti.rahma@contoh.id")
    assert officer.has_role("coop_officer")
    assert coop.officers[0].user_id == officer.id
    mail = db.session.scalar(select(OutboxEmail).where(OutboxEmail.recipient == officer.email))
    assert "Koperasi Produsen Kakao Luwu" in mail.body_text
    again = client.post("/koperasi/admin/baru", data=data | {"officer_email": "x@contoh.id"})
    assert again.status_code == 422
    assert "already linked to another cooperative" in again.get_data(as_text=True)
    missing = client.post("/koperasi/admin/baru", data=data | {"officer_email": "", "name": ""})
    assert missing.status_code == 422
    assert db.session.scalar(select(func.count(Cooperative.id))) == 1


def test_the_demo_registry(app, ctx):
    from trading_house.accounts.seed import seed_demo as seed_accounts
    from trading_house.cooperatives.seed import DEMO_COOPERATIVE, seed_demo

    seed_accounts()
    seed_demo()
    seed_demo()  # twice: nothing more
    db.session.commit()
    coops = list(db.session.scalars(select(Cooperative)))
    assert len(coops) >= 30
    assert {c.kind for c in coops} == {
        "producer",
        "consumer",
        "marketing",
        "services",
        "savings_loan",
    }
    assert len({c.regency for c in coops}) >= 20
    assert {c.authority for c in coops} == {"regency", "province", "ministry"}
    today = TODAY
    assert any(c.nik_expires_on < today for c in coops)
    last = today.year - 1
    rat_years = {c.id: {r.year for r in c.rat_records} for c in coops}
    assert sum(1 for years in rat_years.values() if not {last, last - 1} & years) >= 3
    assert db.session.scalar(select(func.count()).where(RatRecord.held_on > RatRecord.held_on)) == 0
    assert any(r.is_late for c in coops for r in c.rat_records)
    assert any(s.total_liabilities == 0 for c in coops for s in c.statements)
    assert all(s.balances for c in coops for s in c.statements)
    assert sum(1 for c in coops if "current_ratio" in worsening_ratios(ratio_trend(c))) >= 3
    demo = next(c for c in coops if c.name == DEMO_COOPERATIVE)
    officer = find_user_by_email("koperasi@rumahdagang.id")
    assert officer.has_role("coop_officer")
    assert demo.officers[0].user_id == officer.id
    assert demo.assigned_examiner.email == "pengawas@rumahdagang.id"
    assert find_user_by_email("pengawas2@rumahdagang.id").has_role("examiner")
