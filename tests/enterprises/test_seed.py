"""The demo data: South Sulawesi enterprises with owners who can sign in, and exchange rates."""

from sqlalchemy import func, select

from trading_house.accounts import seed as accounts_seed
from trading_house.accounts.seed import DEMO_PASSWORD
from trading_house.core.models import ExchangeRate
from trading_house.core.storage import public_storage
from trading_house.core.tx import commit
from trading_house.enterprises import seed
from trading_house.enterprises.logos import logo_variant_key
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.enterprises.regions import REGENCIES
from trading_house.extensions import db


def _seed_twice():
    for _ in range(2):  # running it again changes nothing
        accounts_seed.seed_demo()
        seed.seed_demo()
        commit()


def test_demo_enterprises_cover_the_province(ctx):
    _seed_twice()
    enterprises = seed.demo_enterprises()
    storage = public_storage()
    assert len(enterprises) >= 12
    assert len({e.regency_code for e in enterprises}) >= 8
    assert all(e.regency_code in REGENCIES for e in enterprises)
    assert {e.legal_form for e in enterprises} >= {"koperasi", "pt", "cv", "ud", "perorangan"}
    statuses = {e.verification_status for e in enterprises}
    assert {"verified", "unverified", "pending"} <= statuses
    for e in enterprises:
        assert e.story_indonesian and e.story_english
        assert e.nib is None or len(e.nib) == 13
        assert e.npwp is None or len(e.npwp) in (15, 16)
        assert e.logo_key
        assert storage.exists(logo_variant_key(e.logo_key, 128))
        if e.is_verified:
            assert e.verified_at is not None
    names = {e.name for e in enterprises}
    assert "Koperasi Produsen Kopi Toraja Sapan" in names
    assert (
        db.session.scalar(select(func.count(Membership.id)).where(Membership.role == "owner"))
        == len(enterprises) + 1
    )


def test_exchange_rates_for_all_eight_currencies(ctx):
    _seed_twice()
    rates = {r.currency: r.idr_per_unit_micro for r in db.session.scalars(select(ExchangeRate))}
    assert set(rates) >= {"USD", "EUR", "SGD", "MYR", "JPY", "CNY", "AUD", "SAR"}
    assert 15_000 <= rates["USD"] / 1_000_000 <= 18_000
    assert 90 <= rates["JPY"] / 1_000_000 <= 130


def test_demo_owners_sign_in_to_their_business(ctx, new_client):
    _seed_twice()
    first = db.session.scalar(select(Enterprise).order_by(Enterprise.id))
    for email, name in (
        ("umkm@rumahdagang.id", first.name),
        ("umkm1@rumahdagang.id", first.name),
        ("umkm2@rumahdagang.id", "CV Kopi Kalosi Enrekang"),
    ):
        browser = new_client()
        response = browser.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code in (302, 303)
        page = browser.get("/business")
        assert page.status_code == 200
        assert name in page.get_data(as_text=True)
