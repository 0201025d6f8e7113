"""Every document, in every currency, with long Indonesian, Japanese and Dutch names: the text
read back from the PDF (pypdf) matches the order, quotation or consignment field by field."""

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from tests.inquiries import conftest as inquiry_fixtures
from tests.orders.helpers import confirm_paid, makassar, place
from trading_house.core import clock
from trading_house.core.countries import country_name
from trading_house.core.money import EXPONENTS, Money
from trading_house.core.rates import set_rate
from trading_house.enterprises.regions import regency_name
from trading_house.extensions import db
from trading_house.orders import consignment as service
from trading_house.orders.models import Order
from trading_house.trade_documents import export, sales
from trading_house.trade_documents.identity import current_identity, update_identity
from trading_house.trade_documents.pdf import REPLACEMENT

# The inquiries area's fixtures, for the proforma of a real quotation.
cast = inquiry_fixtures.cast
start_thread = inquiry_fixtures.start_thread
send_quotation = inquiry_fixtures.send_quotation

#: 01:30 on 5 December in Makassar (WITA, UTC+8) is still 4 December in UTC.
LATE_EVENING_UTC = datetime(2026, 12, 4, 17, 30, tzinfo=UTC)
RATES = {
    "USD": "16000",
    "EUR": "17250.5",
    "SGD": "12000",
    "MYR": "3500",
    "JPY": "105.25",
    "CNY": "2250",
    "AUD": "10500",
    "SAR": "4300",
}
LONG_COFFEE = (
    "Kopi Arabika Toraja Sapan Minanga “Full-Wash” Grade 1 – Panen Raya 2026, "
    "Biji Sangrai Medium untuk Ekspor (Kemasan Valve 1 kg)"
)
LONG_SILK = "Sarung Sutera Sengkang Motif Balo’ Renni’ Tenun Gedogan Warna Alam — Edisi Kolektor"
BUYERS = {
    "JPY": ("株式会社さくら商事 山田太郎", "東京都千代田区丸の内一丁目 二番三号"),
    "EUR": (
        "Koninklijke Handelsonderneming Van der Heijden & Zonen B.V. — t.a.v. Brouwerij ’t IJ",
        "Funenkade 7, Oostelijke Eilanden",
    ),
    "IDR": (
        "PT Sinar Wajo Sejahtera Abadi (Persero) Cabang Sidenreng Rappang",
        "Jl. Poros Pangkajene–Rappang Km 12",
    ),
}


def squash(text: str) -> str:
    """Text without any whitespace: wrapped cells and CJK spacing compare equal."""
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


def text_of(pdf: bytes) -> str:
    """The PDF's text. pypdf reads the 2-byte codes of the CJK (CFF) font with a NUL in front
    of each character (the content stream and its ToUnicode map are right): drop the NULs."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return text.replace("\x00", "")


def assert_row(text: str, *cells: str) -> None:
    """The cells of one table row, in order and next to each other."""
    row = "".join(squash(c) for c in cells)
    assert row in squash(text), f"row not found: {cells}"


def assert_printed(text: str) -> None:
    """Nothing was replaced: no "?" in place of a symbol, no missing glyph."""
    assert REPLACEMENT not in text
    assert "?" not in text


@pytest.fixture
def wita_evening():
    clock.freeze(LATE_EVENING_UTC)
    yield
    clock.freeze(None)


@pytest.fixture
def goods(ctx, shop, factory):
    for currency, rate in RATES.items():
        set_rate(currency, rate)
    coffee = factory.product(
        shop.enterprise,
        category=shop.category,
        name_english=LONG_COFFEE,
        sku="KT-SAPAN-1KG",
        hs_code="09012110",
        origin_regency_code="7318",
        retail_price_idr=385000,
        stock=500,
        weight_grams=1000,
    )
    silk = factory.product(
        factory.enterprise(factory.user("sme"), regency_code="7313"),
        category=shop.category,
        name_english=LONG_SILK,
        sku="SS-BALO",
        hs_code="62143000",
        origin_regency_code="7313",
        retail_price_idr=1275000,
        stock=50,
        weight_grams=450,
    )
    db.session.commit()
    return coffee, silk


def _buyer(factory, currency):
    name, street = BUYERS.get(currency, BUYERS["EUR" if currency != "JPY" else "JPY"])
    user = factory.user("buyer", company=name, display_name=name[:60])
    return user, makassar(
        name=name[:120],
        line1=street,
        country="SG",
        region="",
        city="Singapore",
        postal_code="018989",
    )


def _paid_order(factory, admin, goods, currency) -> Order:
    coffee, silk = goods
    buyer, address = _buyer(factory, currency)
    order = place(buyer, [(coffee, 12), (silk, 3)], address=address, currency=currency)
    order = db.session.get(Order, order.id)
    confirm_paid(order, admin)
    db.session.commit()
    return order


def _origin(code: str) -> str:
    return f"{regency_name(code)}, South Sulawesi, Indonesia"


@pytest.mark.parametrize("currency", sorted(EXPONENTS))
def test_order_invoice_matches_the_order(wita_evening, factory, admin, goods, currency):
    order = _paid_order(factory, admin, goods, currency)
    text = text_of(sales.invoice_pdf(order, "en"))
    assert_printed(text)
    money = lambda minor: Money(minor, currency).format("en")  # noqa: E731
    assert f"Invoice {order.number}" in text
    assert_row(text, "Invoice date", "2026-12-05")
    assert "2026-12-04" not in text  # the UTC date never leaks
    assert_row(text, "Currency", currency)
    for line in order.lines:
        assert_row(
            text,
            line.name,
            line.sku,
            line.hs_code,
            _origin(line.origin_regency_code),
            f"{line.quantity} {line.unit}",
            money(line.unit_price_minor),
            money(line.line_total_minor),
        )
    assert_row(text, "Subtotal", money(order.subtotal_minor))
    assert_row(text, "Total", money(order.total_minor))
    assert squash(order.ship_name) in squash(text)
    assert squash(order.ship_line1) in squash(text)
    assert squash(country_name("SG", "en")) in squash(text)
    house = current_identity()
    assert house.legal_name in text and f"NIB {house.nib}" in text


@pytest.mark.parametrize("currency", sorted(EXPONENTS))
def test_export_documents_match_the_consignment(wita_evening, factory, admin, goods, currency):
    order = _paid_order(factory, admin, goods, currency)
    consignment = service.create_consignment([order.id], actor=admin)
    coffee, silk = order.lines
    service.add_carton(
        consignment,
        net_kg="12",
        gross_kg="13.25",
        dimensions="60 × 40 × 40 cm",
        items={coffee.id: 12},
    )
    service.add_carton(consignment, net_kg="1.35", gross_kg="2.1", items={silk.id: 3})
    db.session.commit()
    (consignee,) = export.consignees(consignment)
    number = consignee.invoice_number(consignment)
    money = lambda minor: Money(minor, currency).format("en")  # noqa: E731

    invoice = text_of(export.commercial_invoice_pdf(consignment, consignee, "en"))
    assert_printed(invoice)
    assert f"Commercial invoice {number}" in invoice
    assert_row(invoice, "Invoice date", "2026-12-05")
    assert_row(invoice, "Orders", order.number)
    for index, line in enumerate(order.lines, start=1):
        assert_row(
            invoice,
            str(index),
            line.name,
            f"{order.number} · {line.sku}",
            line.hs_code,
            _origin(line.origin_regency_code),
            f"{line.quantity} {line.unit}",
            f"{line.weight_grams * line.quantity / 1000:,.3f}",
            money(line.unit_price_minor),
            money(line.unit_price_minor * line.quantity),
        )
    assert_row(invoice, "Total value", currency, money(order.subtotal_minor))
    assert_row(invoice, "Packages", "2 cartons")
    assert_row(invoice, "Total net weight", "13.350 kg")
    assert_row(invoice, "Total gross weight", "15.350 kg")
    assert squash(f"{order.ship_name} / Singapore / {number} / C/No. 1") in squash(invoice)
    assert squash(order.ship_name) in squash(invoice) and squash(order.ship_line1) in squash(
        invoice
    )
    assert_row(invoice, "Shipper / exporter of record", "Consignee", "Notify party")
    assert_row(invoice, "Same as consignee", order.ship_name)

    packing = text_of(export.packing_list_pdf(consignment, consignee, "en"))
    assert_printed(packing)
    assert_row(packing, "C/No. 1", "Made in Indonesia", f"{coffee.name} (HS {coffee.hs_code}): 12")
    assert_row(packing, "60 × 40 × 40 cm", "12.000", "13.250")
    assert_row(packing, "2 cartons", "13.350", "15.350")
    assert_row(packing, silk.name, silk.hs_code, "3 pcs", "3 pcs")

    sheet = text_of(export.origin_sheet_pdf(consignment, consignee, "en"))
    assert_printed(sheet)
    assert_row(sheet, "1", "C/No. 1", "1 carton", coffee.name, _origin("7318"), coffee.hs_code)
    assert_row(sheet, "Importing country", "Singapore")


@pytest.mark.parametrize("currency", ["EUR", "JPY", "IDR"])
def test_proforma_matches_the_quotation_and_wraps(
    wita_evening,
    cast,
    start_thread,
    send_quotation,
    currency,
):
    cast.product.name_english = cast.product.name_indonesian = LONG_COFFEE
    db.session.commit()
    unit_price = {"EUR": 1189, "JPY": 1890, "IDR": 185000}[currency]
    quotation = send_quotation(start_thread(), currency=currency, unit_price=unit_price)
    text = text_of(sales.proforma_pdf(quotation, locale="en"))
    assert_printed(text)
    assert f"PI-{quotation.number}" in text
    line = quotation.lines[0]
    assert line.description == LONG_COFFEE
    assert_row(
        text,
        "1",
        LONG_COFFEE,  # the whole name: wrapped, not cut
        line.hs_code,
        _origin(line.origin_regency_code),
        f"{line.quantity} {line.unit}",
        Money(line.unit_price, currency).format("en"),
        line.amount.format("en"),
    )
    assert_row(text, "Total", quotation.total.format("en"))
    assert_row(text, "Date", "2026-12-05")
    assert_row(text, "Currency", currency)
    assert squash(cast.buyer.company) in squash(text)
    house = current_identity()
    assert house.legal_name in text and house.bank_swift in text


def money_in(text: str, amount: Money) -> bool:
    return squash(amount.format("en")) in squash(text)


def test_one_identity_on_every_document(wita_evening, factory, admin, goods):
    """The admin's setting replaces the defaults everywhere; nothing else names the house."""
    update_identity(
        {
            "legal_name": "Koperasi Produsen Rumah Dagang Sulsel",
            "address": "Jl. Urip Sumoharjo No. 269\nMakassar 90231\nIndonesia",
            "nib": "9120 0098 7654 3",
            "npwp": "02.345.678.9-801.000",
            "export_registration": "REX-ID-2026-0042",
            "bank_name": "Bank Sulselbar",
            "bank_account_number": "150-002-000042-7",
            "bank_account_name": "Koperasi Produsen Rumah Dagang Sulsel",
            "bank_swift": "pdwgidj1",
        },
        actor=admin,
    )
    db.session.commit()
    order = _paid_order(factory, admin, goods, "EUR")
    consignment = service.create_consignment([order.id], actor=admin)
    (consignee,) = export.consignees(consignment)
    texts = [
        text_of(sales.invoice_pdf(order, "en")),
        text_of(export.commercial_invoice_pdf(consignment, consignee, "en")),
        text_of(export.packing_list_pdf(consignment, consignee, "id")),
        text_of(export.origin_sheet_pdf(consignment, consignee, "id")),
    ]
    for text in texts:
        assert "Koperasi Produsen Rumah Dagang Sulsel" in text
        assert "NIB 9120009876543" in text and "NPWP 02.345.678.9-801.000" in text
        assert "Jenderal Sudirman" not in text and "Koperasi Rumah Dagang Sulawesi" not in text
    assert "PDWGIDJ1" in texts[1] and "REX-ID-2026-0042" in texts[1]
