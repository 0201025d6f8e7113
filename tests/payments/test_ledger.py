"""Money adds up: commission per line when paid, refunds reverse exactly what they undo, and
each enterprise's ledger reconciles with the orders to the rupiah."""

import csv
import io
from datetime import date

from sqlalchemy import func, select

from tests.orders.helpers import confirm_paid, place
from trading_house.core.money import Money
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.orders.fulfilment import pack, ship
from trading_house.orders.models import CommissionRate, Order, OrderLine
from trading_house.payments import ledger
from trading_house.payments.models import Refund
from trading_house.payments.services import refund


def ship_all(order, actor) -> None:
    """Every part of a paid order handed to the courier (payouts wait for it); commits."""
    for fulfilment in db.session.get(Order, order.id).fulfilments:
        if fulfilment.status == "pending":
            pack(fulfilment, actor=actor)
        if fulfilment.status == "packed":
            ship(fulfilment, actor=actor, courier="JNE", tracking_number=f"JNE{fulfilment.id}")
    db.session.commit()


def test_the_ledger_reconciles_with_the_orders(ctx, factory, shop, buyer, admin):
    coffee_child = factory.category("Arabika", parent=shop.category)
    crafts = factory.category("Kerajinan")
    db.session.add(CommissionRate(category_id=shop.category.id, rate_bp=800))
    db.session.add(CommissionRate(category_id=None, rate_bp=1000))
    set_rate("USD", "16250")
    db.session.commit()
    b_owner = factory.user("sme")
    b = factory.enterprise(b_owner)
    arabica = factory.product(
        shop.enterprise, category=coffee_child, retail_price_idr=85001, stock=50, weight_grams=250
    )
    basket = factory.product(b, category=crafts, retail_price_idr=33333, stock=50, weight_grams=300)

    def pay(order):
        confirm_paid(db.session.get(Order, order.id), admin)
        db.session.commit()
        return db.session.get(Order, order.id)

    o1 = pay(place(buyer, [(arabica, 3), (basket, 2)]))
    o2 = pay(place(buyer, [(arabica, 1)]))
    o3 = pay(place(buyer, [(basket, 5)]))
    place(buyer, [(basket, 1)])  # never paid: no ledger entry
    o5 = pay(place(buyer, [(arabica, 2)], currency="USD"))
    assert o5.lines[0].settlement_unit_idr == 85001  # settled in rupiah at the IDR price
    assert o1.lines[0].commission_bp == 800  # parent category's rate
    assert o1.lines[1].commission_bp == 1000  # default

    refund(o2, actor=admin, quantities=None, reason="out of stock at the warehouse")
    line3 = o3.lines[0]
    refund(o3, actor=admin, quantities={line3.id: 2}, reason="two damaged")
    refund(o3, actor=admin, quantities={line3.id: 1}, include_shipping=True, reason="one more")
    db.session.commit()
    ship_all(o1, admin)
    ledger.record_payout(
        shop.enterprise.id, 100000, paid_on=date(2026, 3, 1), reference="TRF-001", actor=admin
    )
    db.session.commit()

    assert db.session.get(Order, o2.id).status == "refunded"
    balances = ledger.balances()
    for enterprise_id in (shop.enterprise.id, b.id):
        lines = db.session.scalars(
            select(OrderLine)
            .join(Order)
            .where(OrderLine.enterprise_id == enterprise_id, Order.paid_at.is_not(None))
        ).all()
        gross = sum(li.settlement_unit_idr * li.remaining_quantity for li in lines)
        commission = sum(li.commission_idr for li in lines)
        assert commission == sum(
            Money(li.settlement_unit_idr * li.remaining_quantity, "IDR")
            .percent(li.commission_bp)
            .amount
            for li in lines
        )
        balance = balances[enterprise_id]
        assert balance.gross_idr == gross
        assert balance.commission_idr == commission
        assert balance.net_idr == gross - commission
    assert balances[shop.enterprise.id].paid_out_idr == 100000
    assert balances[shop.enterprise.id].balance_idr == balances[shop.enterprise.id].net_idr - 100000
    # Orders: totals add up and refunds match what was refunded.
    for order in db.session.scalars(select(Order)):
        assert order.total_minor == sum(li.line_total_minor for li in order.lines) + (
            order.shipping_minor
        )
        refunded = db.session.scalar(
            select(func.coalesce(func.sum(Refund.amount_minor), 0)).where(
                Refund.order_id == order.id
            )
        )
        assert order.refunded_minor == refunded
    o3 = db.session.get(Order, o3.id)
    assert o3.refunded_minor == 3 * 33333 + o3.shipping_minor
    # The CSV ends at the same balance.
    rows = list(csv.DictReader(io.StringIO(ledger.ledger_csv(shop.enterprise.id))))
    assert int(rows[-1]["balance_idr"]) == balances[shop.enterprise.id].balance_idr
    assert sum(int(r["gross_idr"]) for r in rows) == balances[shop.enterprise.id].gross_idr


def test_a_payout_cannot_exceed_the_balance(client, login, admin, ctx, shop, buyer):
    order = place(buyer, [(shop.coffee, 1)])
    confirm_paid(db.session.get(Order, order.id), admin)
    db.session.commit()
    ship_all(order, admin)
    login(admin)
    url = f"/payments/admin/ledger/{shop.enterprise.id}/payouts?lang=en"
    response = client.post(
        url, data={"amount": "80000", "paid_on": "2026-03-01", "reference": "TRF-9"}
    )
    assert response.status_code == 422
    assert "more than the balance of IDR\u00a076,500" in response.get_data(as_text=True)
    assert 'value="80000"' in response.get_data(as_text=True)
    ok = client.post(url, data={"amount": "76500", "paid_on": "2026-03-01", "reference": "TRF-9"})
    assert ok.status_code == 302
    assert ledger.balance(shop.enterprise.id).balance_idr == 0
    overview = client.get("/payments/admin/ledger?lang=en").get_data(as_text=True)
    assert shop.enterprise.name in overview
    exported = client.get(f"/payments/admin/ledger/{shop.enterprise.id}.csv")
    assert exported.mimetype == "text/csv"
    assert "payout" in exported.get_data(as_text=True)


def test_an_enterprise_sees_only_its_own_ledger(client, login, ctx, shop, factory):
    login(shop.owner)
    assert client.get(f"/payments/ledger/{shop.enterprise.id}").status_code == 200
    other = factory.enterprise(factory.user("sme"))
    assert client.get(f"/payments/ledger/{other.id}").status_code == 404
    assert client.get(f"/payments/ledger/{other.id}.csv").status_code == 404


def test_commission_rates_are_set_in_percent(client, login, admin, ctx, shop):
    login(admin)
    response = client.post(
        "/payments/admin/commission?lang=en",
        data={"category_id": str(shop.category.id), "rate": "abc"},
    )
    assert response.status_code == 422
    assert "Enter a percentage" in response.get_data(as_text=True)
    client.post(
        "/payments/admin/commission", data={"category_id": str(shop.category.id), "rate": "7.5"}
    )
    assert ledger.commission_bp_for(shop.category.id) == 750
