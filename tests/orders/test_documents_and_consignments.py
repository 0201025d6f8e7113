"""Documents (parsed back from the PDF) and export consignments with the trading house as
exporter of record."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from tests.orders.helpers import confirm_paid, makassar, place
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.orders import consignment as service
from trading_house.orders.models import Order
from trading_house.trade_documents import export


def text_of(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return text.replace("\u00a0", " ")


def test_every_order_has_an_invoice(client, login, ctx, shop, buyer):
    order = place(buyer, [(shop.coffee, 2), (shop.silk, 1)])
    login(buyer)
    response = client.get(f"/orders/{order.number}/invoice.pdf?lang=en")
    assert response.mimetype == "application/pdf"
    text = text_of(response.data)
    assert f"Invoice {order.number}" in text
    assert "KT-250" in text and "09011100" in text
    assert "IDR 170,000" in text  # 2 × 85,000
    assert "Total IDR 635,000" in text  # 620,000 + the cheapest courier (15,000)


@pytest.fixture
def export_orders(ctx, shop, buyer, admin, factory):
    set_rate("USD", "16000")
    other = factory.enterprise(factory.user("sme"))
    basket = factory.product(
        other,
        category=shop.category,
        name_english="Lontar Basket",
        hs_code="46021990",
        origin_regency_code="7318",
        stock=40,
        weight_grams=500,
    )
    singapore = makassar(country="SG", region="", city="Singapore", postal_code="079903")
    order = place(buyer, [(shop.coffee, 10), (basket, 6)], address=singapore, currency="USD")
    confirm_paid(db.session.get(Order, order.id), admin)
    db.session.commit()
    return db.session.get(Order, order.id)


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_consignment_from_lots_to_documents(export_orders, admin):
    order = export_orders
    consignment = service.create_consignment([order.id], actor=admin)
    assert consignment.number.startswith("CN-") and consignment.destination_country == "SG"
    coffee, basket = order.lines
    service.record_lot(
        consignment,
        coffee.id,
        received_quantity=10,
        condition="good",
        notes="moisture 11%",
        photos=[(png(), "check.png")],
        actor=admin,
    )
    with pytest.raises(Exception, match="More than was ordered"):
        service.record_lot(
            consignment, basket.id, received_quantity=7, condition="good", notes="", actor=admin
        )
    service.record_lot(
        consignment,
        basket.id,
        received_quantity=6,
        condition="minor_damage",
        notes="one handle loose",
        actor=admin,
    )
    service.add_carton(
        consignment, net_kg="3", gross_kg="3.4", dimensions="40x30x30 cm", items={coffee.id: 10}
    )
    with pytest.raises(Exception, match="at least the net weight"):
        service.add_carton(consignment, net_kg="3", gross_kg="2", items={basket.id: 6})
    service.add_carton(consignment, net_kg="3.05", gross_kg="3.9", items={basket.id: 6})
    service.ship_consignment(
        consignment,
        mode="air",
        carrier="Garuda Cargo",
        document_number="126-12345675",
        port_of_loading="Makassar (UPG)",
        port_of_discharge="Singapore (SIN)",
        etd=None,
        eta=None,
        actor=admin,
    )
    db.session.commit()
    assert order.status == "shipped"
    assert all(
        f.status == "shipped" and f.tracking_number == "126-12345675" for f in order.fulfilments
    )
    (consignee,) = export.consignees(consignment)
    invoice = text_of(export.commercial_invoice_pdf(consignment, consignee))
    assert "Shipper / exporter of record" in invoice
    assert "Koperasi Rumah Dagang Sulawesi Selatan" in invoice
    assert "46021990" in invoice and "Tana Toraja" in invoice
    assert _usd(order.subtotal_minor) in invoice
    packing = text_of(export.packing_list_pdf(consignment, consignee))
    assert "2 cartons 6.050 7.300" in packing
    service.mark_arrived(consignment, actor=admin)
    db.session.commit()
    assert order.status == "delivered"


def _usd(minor: int) -> str:
    from trading_house.core.money import Money

    return Money(minor, "USD").format("en")


def test_domestic_orders_are_not_consigned(ctx, shop, buyer, admin):
    order = place(buyer, [(shop.coffee, 1)])
    confirm_paid(db.session.get(Order, order.id), admin)
    db.session.commit()
    with pytest.raises(Exception, match="not paid export orders"):
        service.create_consignment([order.id], actor=admin)


def test_consignment_screens_are_for_admins(client, login, export_orders, admin, buyer):
    login(buyer)
    assert client.get("/orders/admin/consignments").status_code == 403
    login(admin)
    page = client.get("/orders/admin/consignments?lang=en").get_data(as_text=True)
    assert export_orders.number in page
    response = client.post("/orders/admin/consignments", data={"order_ids": [export_orders.id]})
    assert response.status_code == 302
    consignment_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    page = client.get(f"/orders/admin/consignments/{consignment_id}?lang=en")
    assert page.status_code == 200
    pdf = client.get(f"/orders/admin/consignments/{consignment_id}/packing-list.pdf")
    assert pdf.mimetype == "application/pdf"
    assert db.session.scalar(select(Order.consignment_id)) == consignment_id
