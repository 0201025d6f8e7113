"""Exchange rates: an admin sets rupiah per unit; bad numbers are explained, nothing saved."""

import pytest
from sqlalchemy import select

from trading_house.core.models import AuditEntry, ExchangeRate
from trading_house.extensions import db


def _micro(currency):
    db.session.expire_all()
    rate = db.session.scalar(select(ExchangeRate).where(ExchangeRate.currency == currency))
    return rate.idr_per_unit_micro if rate else None


def test_list_shows_all_eight_currencies(as_admin):
    page = as_admin.get("/admin/rates?lang=en").get_data(as_text=True)
    for code in ("USD", "EUR", "SGD", "MYR", "JPY", "CNY", "AUD", "SAR"):
        assert f'data-currency="{code}"' in page
    assert 'data-currency="IDR"' not in page
    assert "not set" in page


@pytest.mark.parametrize(
    ("typed", "lang", "micro"),
    [
        ("16500", "id", 16_500_000_000),
        ("108.40", "id", 108_400_000),
        ("108,4", "id", 108_400_000),
        (" 4398 ", "en", 4_398_000_000),
        ("16.500", "id", 16_500_000_000),  # the Indonesian thousands mark
        ("16,500", "en", 16_500_000_000),  # the English one
        ("12.345,67", "id", 12_345_670_000),
        ("12,345.67", "en", 12_345_670_000),
        ("Rp 16.500,-", "id", 16_500_000_000),
    ],
)
def test_admin_sets_a_rate(as_admin, admin, typed, lang, micro):
    """A rate is read like every amount, in the admin's language."""
    response = as_admin.post(f"/admin/rates?lang={lang}", data={"currency": "JPY", "rate": typed})
    assert response.status_code == 302
    assert _micro("JPY") == micro
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "exchange_rate.set"))
    assert entry.actor_id == admin.id and entry.data["currency"] == "JPY"
    page = as_admin.get("/admin/rates").get_data(as_text=True)
    assert "admin@rumahdagang.id" in page


def test_changing_a_rate_records_old_and_new(as_admin):
    as_admin.post("/admin/rates", data={"currency": "USD", "rate": "16400"})
    as_admin.post("/admin/rates", data={"currency": "USD", "rate": "16500.5"})
    assert _micro("USD") == 16_500_500_000
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "exchange_rate.set").order_by(AuditEntry.id)
    ).all()
    assert entries[-1].data["before"] == "16400" and entries[-1].data["after"] == "16500.5"
    # shown back the way the admin types it, so saving it again changes nothing
    assert 'value="16.500,5"' in as_admin.get("/admin/rates?lang=id").get_data(as_text=True)
    assert 'value="16,500.5"' in as_admin.get("/admin/rates?lang=en").get_data(as_text=True)
    as_admin.post("/admin/rates?lang=id", data={"currency": "USD", "rate": "16.500,5"})
    assert _micro("USD") == 16_500_500_000


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter how many rupiah"),
        ("abc", "Enter a number such as 16500 or 104.25."),
        ("16.500", "could mean 16,500 or 16.5"),  # in English: asked, never read as 16.5
        ("1.2.3", "Enter a number such as 16500 or 104.25."),
        ("-16500", "cannot be negative"),
        ("0", "more than zero"),
        ("0.0000001", "Enter a number such as 16500 or 104.25."),
        ("99999999", "implausibly high"),
        ("1e5", "Enter a number such as 16500 or 104.25."),
        ("€ 19150", "is not the currency"),
    ],
)
def test_bad_rates_are_explained_and_not_saved(as_admin, typed, message):
    as_admin.post("/admin/rates", data={"currency": "EUR", "rate": "19150"})
    response = as_admin.post("/admin/rates?lang=en", data={"currency": "EUR", "rate": typed})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-field-error="rate"' in page and message in page
    assert f'value="{typed}"' in page  # what the admin typed stays in the field
    assert _micro("EUR") == 19_150_000_000


def test_unknown_currency_is_a_bad_request(as_admin):
    assert as_admin.post("/admin/rates", data={"currency": "XAU", "rate": "1"}).status_code == 400
    assert as_admin.post("/admin/rates", data={"currency": "IDR", "rate": "1"}).status_code == 400
    assert _micro("XAU") is None
