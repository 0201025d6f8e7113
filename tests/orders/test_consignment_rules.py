"""Consignment rules: one consignee per document set, cartons never above the invoiced
quantity, short or damaged receipts refunded to the buyer and reversed in the SME's ledger,
one currency per consignment, and WITA dates in the ledger CSV."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.orders.helpers import confirm_paid, makassar, place
from trading_house.core import clock
from trading_house.core.errors import DomainError
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.orders import consignment as service
from trading_house.orders.models import Order
from trading_house.payments import ledger
from trading_house.payments.models import LedgerEntry, Refund
from trading_house.trade_documents import export

SINGAPORE = dict(country="SG", region="", city="Singapore", postal_code="079903")


@pytest.fixture
def coffee_kg(ctx, shop, factory):
    set_rate("USD", "16000")
    set_rate("EUR", "17000")
    product = factory.product(
        shop.enterprise,
        category=shop.category,
        name_english="Enrekang Arabica green beans",
        hs_code="09011100",
        origin_regency_code="7316",
        retail_price_idr=160000,
        stock=500,
        weight_grams=1000,
    )
    db.session.commit()
    return product


def paid(factory, admin, product, quantity, *, currency="USD", name="Tan Ah Kow"):
    buyer = factory.user("buyer", company=name)
    order = place(
        buyer, [(product, quantity)], address=makassar(name=name, **SINGAPORE), currency=currency
    )
    order = db.session.get(Order, order.id)
    confirm_paid(order, admin)
    db.session.commit()
    return order


def test_each_buyer_gets_its_own_commercial_invoice(factory, admin, coffee_kg):
    first = paid(factory, admin, coffee_kg, 30, name="Tan Ah Kow Trading Pte Ltd")
    second = paid(factory, admin, coffee_kg, 20, name="Lim Coffee Roasters")
    consignment = service.create_consignment([first.id, second.id], actor=admin)
    one, two = export.consignees(consignment)
    assert [o.number for o in one.orders] == [first.number]
    assert [o.number for o in two.orders] == [second.number]
    from tests.orders.test_documents_fields import squash, text_of

    text = squash(text_of(export.commercial_invoice_pdf(consignment, two)))
    assert squash("Lim Coffee Roasters") in text and squash("Tan Ah Kow") not in text
    assert squash("20 pcs") in text and squash(second.number) in text


def test_a_carton_holds_one_consignee(factory, admin, coffee_kg):
    first = paid(factory, admin, coffee_kg, 3)
    second = paid(factory, admin, coffee_kg, 2, name="Lim")
    consignment = service.create_consignment([first.id, second.id], actor=admin)
    with pytest.raises(DomainError, match="one consignee"):
        service.add_carton(
            consignment,
            net_kg="5",
            gross_kg="6",
            items={first.lines[0].id: 3, second.lines[0].id: 2},
        )


def test_cartons_never_hold_more_than_the_line_also_across_cartons(factory, admin, coffee_kg):
    order = paid(factory, admin, coffee_kg, 30)
    consignment = service.create_consignment([order.id], actor=admin)
    line = order.lines[0]
    with pytest.raises(DomainError, match="at most 30 more"):
        service.add_carton(consignment, net_kg="40", gross_kg="41", items={line.id: 40})
    service.add_carton(consignment, net_kg="20", gross_kg="21", items={line.id: 20})
    with pytest.raises(DomainError, match="20 already in cartons; at most 10 more"):
        service.add_carton(consignment, net_kg="15", gross_kg="16", items={line.id: 15})
    service.add_carton(consignment, net_kg="10", gross_kg="11", items={line.id: 10})
    db.session.commit()
    assert service.packed_quantity(consignment, line.id) == 30
    # The packing list says what the invoice bills.
    (consignee,) = export.consignees(consignment)
    from tests.orders.test_documents_fields import assert_row, text_of

    packing = text_of(export.packing_list_pdf(consignment, consignee))
    assert_row(packing, line.name, line.hs_code, "30 pcs", "30 pcs")


def test_a_short_receipt_refunds_the_buyer_and_reverses_the_ledger(factory, admin, coffee_kg):
    order = paid(factory, admin, coffee_kg, 50)
    consignment = service.create_consignment([order.id], actor=admin)
    line = order.lines[0]
    stock_before = coffee_kg.stock
    lot = service.record_lot(
        consignment, line.id, received_quantity=48, condition="short", notes="", actor=admin
    )
    db.session.commit()
    assert lot.taken_off_invoice == 2
    assert line.remaining_quantity == 48
    refund = db.session.scalar(select(Refund).where(Refund.order_id == order.id))
    assert refund.status == "succeeded"
    assert refund.amount_minor == line.unit_price_minor * 2
    assert order.refunded_minor == line.unit_price_minor * 2
    back = db.session.scalar(select(LedgerEntry).where(LedgerEntry.kind == "refund"))
    assert back.quantity == 2 and back.gross_idr == line.settlement_unit_idr * 2
    assert ledger.balance(line.enterprise_id).gross_idr == line.settlement_unit_idr * 48
    db.session.refresh(coffee_kg)
    assert coffee_kg.stock == stock_before  # never arrived: not put back on sale
    (consignee,) = export.consignees(consignment)
    assert consignee.total_minor == line.unit_price_minor * 48
    with pytest.raises(DomainError, match="at most 49 more|at most 48 more"):
        service.add_carton(consignment, net_kg="50", gross_kg="52", items={line.id: 50})
    service.add_carton(consignment, net_kg="48", gross_kg="50", items={line.id: 48})
    db.session.commit()


def test_damaged_units_are_taken_off_the_invoice(factory, admin, coffee_kg):
    order = paid(factory, admin, coffee_kg, 10)
    consignment = service.create_consignment([order.id], actor=admin)
    line = order.lines[0]
    service.record_lot(
        consignment,
        line.id,
        received_quantity=10,
        damaged_quantity=3,
        condition="damaged",
        notes="three bags torn",
        actor=admin,
    )
    db.session.commit()
    assert line.remaining_quantity == 7
    assert order.refunded_minor == line.unit_price_minor * 3


@pytest.mark.parametrize(
    ("received", "damaged", "message"),
    [
        ("-1", "0", "Enter zero or more"),
        ("11", "0", "More than was ordered: at most 10 pcs"),
        ("5", "6", "at most 5"),
        ("5", "-2", "Enter zero or more"),
        ("lima", "0", "Enter a whole number"),
    ],
)
def test_bad_receipts_are_refused_and_change_nothing(
    factory, admin, coffee_kg, received, damaged, message
):
    order = paid(factory, admin, coffee_kg, 10)
    consignment = service.create_consignment([order.id], actor=admin)
    db.session.commit()
    with pytest.raises(DomainError, match=message):
        service.record_lot(
            consignment,
            order.lines[0].id,
            received_quantity=received,
            damaged_quantity=damaged,
            condition="good",
            notes="",
            actor=admin,
        )
    db.session.rollback()
    assert db.session.scalar(select(Refund.id)) is None
    assert db.session.get(Order, order.id).lines[0].remaining_quantity == 10


def test_a_receipt_below_what_is_packed_is_refused(factory, admin, coffee_kg):
    order = paid(factory, admin, coffee_kg, 10)
    consignment = service.create_consignment([order.id], actor=admin)
    line = order.lines[0]
    service.add_carton(consignment, net_kg="10", gross_kg="11", items={line.id: 10})
    with pytest.raises(DomainError, match="Cartons already hold 10"):
        service.record_lot(
            consignment, line.id, received_quantity=8, condition="short", notes="", actor=admin
        )


def test_a_consignment_mixing_currencies_is_refused(factory, admin, coffee_kg):
    dollars = paid(factory, admin, coffee_kg, 2)
    euros = paid(factory, admin, coffee_kg, 2, currency="EUR", name="Lim")
    with pytest.raises(DomainError, match="one currency.*EUR, USD"):
        service.create_consignment([dollars.id, euros.id], actor=admin)


def test_shipping_needs_every_invoiced_unit_packed(factory, admin, coffee_kg):
    order = paid(factory, admin, coffee_kg, 10)
    consignment = service.create_consignment([order.id], actor=admin)
    service.add_carton(consignment, net_kg="6", gross_kg="7", items={order.lines[0].id: 6})
    with pytest.raises(DomainError, match="10 pcs invoiced but 6 packed"):
        service.ship_consignment(
            consignment,
            mode="sea",
            carrier="Meratus",
            document_number="MRTS123",
            port_of_loading="Makassar",
            port_of_discharge="Singapore",
            etd=None,
            eta=None,
            actor=admin,
        )


def test_the_ledger_csv_prints_the_date_in_makassar(factory, admin, coffee_kg):
    clock.freeze(datetime(2026, 12, 4, 17, 30, tzinfo=UTC))  # 01:30 on 5 December, WITA
    try:
        order = paid(factory, admin, coffee_kg, 1)
        csv = ledger.ledger_csv(order.lines[0].enterprise_id)
    finally:
        clock.freeze(None)
    assert "\n2026-12-05,sale," in csv
    assert "2026-12-04" not in csv


def test_the_admin_screen_lists_consignees_and_refuses_overpacking(
    client, login, factory, admin, coffee_kg
):
    order = paid(factory, admin, coffee_kg, 5)
    consignment = service.create_consignment([order.id], actor=admin)
    db.session.commit()
    login(admin)
    page = client.get(f"/orders/admin/consignments/{consignment.id}?lang=en").get_data(True)
    assert "Consignees and their documents" in page and "origin-data-sheet" in page
    client.post(
        f"/orders/admin/consignments/{consignment.id}/cartons?lang=en",
        data={"net_kg": "9", "gross_kg": "10", f"line-{order.lines[0].id}": "9"},
    )
    page = client.get(f"/orders/admin/consignments/{consignment.id}?lang=en").get_data(True)
    assert "at most 5 more" in page
    pdf = client.get(
        f"/orders/admin/consignments/{consignment.id}/origin-data-sheet.pdf"
        f"?consignee={order.buyer_id}"
    )
    assert pdf.mimetype == "application/pdf"
    assert (
        client.get(
            f"/orders/admin/consignments/{consignment.id}/packing-list.pdf?consignee=999999"
        ).status_code
        == 404
    )


def test_a_short_receipt_of_a_card_order_is_refunded_through_stripe(
    client, login, factory, admin, buyer, coffee_kg, fake_stripe
):
    from tests.payments.test_stripe import deliver, paid_event
    from trading_house.payments.models import Payment

    order = place(
        buyer, [(coffee_kg, 5)], address=makassar(**SINGAPORE), currency="USD", method="stripe"
    )
    login(buyer)
    assert client.post(f"/payments/orders/{order.number}/card").status_code == 303
    payment = db.session.scalar(select(Payment).where(Payment.provider == "stripe"))
    deliver(client, paid_event(payment))
    db.session.expire_all()  # the webhook's request changed the order
    consignment = service.create_consignment([order.id], actor=admin)
    db.session.commit()
    line_id = db.session.get(Order, order.id).lines[0].id
    login(admin)
    response = client.post(
        f"/orders/admin/consignments/{consignment.id}/lots?lang=en",
        data={"line_id": line_id, "received_quantity": "4", "condition": "short", "notes": ""},
    )
    assert response.status_code == 302
    (call,) = fake_stripe.calls("/v1/refunds")
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    line = order.lines[0]
    assert call["form"]["amount"] == str(line.unit_price_minor)  # USD cents: one unit
    assert call["headers"]["Idempotency-Key"] == f"rd-{order.number}-refund-1"
    assert order.refunded_minor == line.unit_price_minor and line.remaining_quantity == 4
    page = client.get(f"/orders/admin/consignments/{consignment.id}?lang=en").get_data(True)
    assert "1 kg taken off the buyer" in page or "1 pcs taken off the buyer" in page
