"""The trading house's identity: one admin setting, checked when saved, printed everywhere."""

from sqlalchemy import select

from tests.orders.helpers import place
from tests.orders.test_documents_fields import text_of
from trading_house.core.models import AuditEntry
from trading_house.extensions import db
from trading_house.trade_documents.models import TradingHouseIdentity

FORM = {
    "legal_name": "Koperasi Produsen Rumah Dagang Sulsel",
    "address": "Jl. Urip Sumoharjo No. 269\nMakassar 90231",
    "nib": "9120009876543",
    "npwp": "02.345.678.9-801.000",
    "export_registration": "REX-ID-2026-0042",
    "email": "ekspor@example.id",
    "phone": "+62 411 555 123",
    "website": "",
    "bank_name": "Bank Sulselbar",
    "bank_branch_address": "",
    "bank_account_name": "Koperasi Produsen Rumah Dagang Sulsel",
    "bank_account_number": "150-002-000042-7",
    "bank_swift": "PDWGIDJ1",
}


def test_only_admins_open_the_identity_page(client, login, admin, buyer):
    login(buyer)
    assert client.get("/admin/trading-house").status_code == 403
    login(admin)
    page = client.get("/admin/trading-house?lang=en").get_data(as_text=True)
    assert "Not saved yet" in page and "Koperasi Rumah Dagang Sulawesi Selatan" in page
    assert "each buyer in a consignment is its own consignee" in page


def test_the_saved_identity_is_on_the_next_invoice(client, login, admin, shop, buyer):
    login(admin)
    response = client.post("/admin/trading-house?lang=en", data=FORM)
    assert response.status_code == 302
    row = db.session.get(TradingHouseIdentity, 1)
    assert (row.nib, row.npwp) == ("9120009876543", "023456789801000")
    assert db.session.scalar(
        select(AuditEntry.action).where(AuditEntry.action == "trading_house.identity")
    )
    order = place(buyer, [(shop.coffee, 1)])
    login(buyer)
    text = text_of(client.get(f"/orders/{order.number}/invoice.pdf?lang=en").data)
    assert "Koperasi Produsen Rumah Dagang Sulsel" in text
    assert "NPWP 02.345.678.9-801.000" in text and "Export reg. REX-ID-2026-0042" in text
    assert "Sudirman" not in text


def test_a_wrong_nib_or_swift_is_refused_and_kept_in_the_form(client, login, admin):
    login(admin)
    response = client.post("/admin/trading-house?lang=en", data={**FORM, "nib": "12345"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The NIB has exactly 13 digits (you typed 5)." in page
    assert "Koperasi Produsen Rumah Dagang Sulsel" in page  # nothing typed is lost
    response = client.post("/admin/trading-house?lang=en", data={**FORM, "bank_swift": "BRI"})
    assert "A SWIFT/BIC code has 8 or 11 letters and digits" in response.get_data(as_text=True)
    response = client.post("/admin/trading-house?lang=en", data={**FORM, "legal_name": ""})
    assert response.status_code == 422
    assert db.session.get(TradingHouseIdentity, 1) is None


def test_the_site_and_the_documents_name_one_bank_account(client, login, admin, shop, buyer, app):
    order = place(buyer, [(shop.coffee, 1)])
    login(buyer)
    # Nothing saved yet: the order page and the documents use the BANK_TRANSFER_* account.
    configured = app.config["BANK_TRANSFER_ACCOUNT_NUMBER"]
    assert configured in client.get(f"/orders/{order.number}?lang=en").get_data(as_text=True)
    # Once an admin saves the identity, buyers are told to pay into that account everywhere.
    login(admin)
    assert client.post("/admin/trading-house?lang=en", data=FORM).status_code == 302
    login(buyer)
    page = client.get(f"/orders/{order.number}?lang=en").get_data(as_text=True)
    assert "150-002-000042-7" in page and configured not in page


def test_the_buyers_phone_is_printed_the_way_people_write_it(client, login, shop, buyer):
    order = place(buyer, [(shop.coffee, 1)])
    assert order.ship_phone == "+628114000123"  # stored in E.164
    login(buyer)
    text = text_of(client.get(f"/orders/{order.number}/invoice.pdf?lang=id").data)
    assert "0811-4000-123" in text and "+628114000123" not in text
