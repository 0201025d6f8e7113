"""Pooled deals settle fairly and the books balance to the rupiah (issue 12, defects 8 and 9).

The trading house sells pooled lines as exporter: each enterprise is paid exactly the net rupiah
price it confirmed (no commission: the house's margin replaces it), the margin and the
exchange-rate difference go to the trading house's own accounts, and for every account of
buyers, enterprises and the trading house ``buyers = enterprises + commission + margin +
shipping + fx_difference`` holds to the rupiah, after payment and after each refund.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.orders.helpers import confirm_paid, place
from trading_house.core.money import Money, to_idr
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.inquiries import pools, quotations, rfq
from trading_house.inquiries.terms import trading_today
from trading_house.orders.models import CommissionRate, Order
from trading_house.payments import ledger
from trading_house.payments.models import HouseLedgerEntry, LedgerEntry
from trading_house.payments.services import refund


@dataclass
class Supplier:
    owner: object
    enterprise: object
    product: object


@pytest.fixture
def deal_cast(factory):
    """A buyer abroad, a curator, an admin and three enterprises with one export product each,
    in a category whose commission is 10 % (so a double deduction would show)."""
    category = factory.category("Ekspor")
    db.session.add(CommissionRate(category_id=None, rate_bp=1000))
    db.session.commit()
    suppliers = []
    for name, product, unit, price in (
        ("Kopi Toraja Sejahtera", "Toraja Arabica green beans", "kg", 165_000),
        ("Sutra Sengkang", "Sengkang silk sarong", "pcs", 450_000),
        ("Kulit Bone", "Cowhide trifold wallet", "pcs", 143_500),
    ):
        owner = factory.user("sme", preferred_language="en")
        enterprise = factory.enterprise(owner, name=name)
        item = factory.product(
            enterprise,
            category=category,
            name_english=product,
            export_unit=unit,
            retail_price_idr=price,
            hs_code="09011100",
        )
        suppliers.append(Supplier(owner, enterprise, item))

    class Cast:
        pass

    cast = Cast()
    cast.category, cast.suppliers = category, suppliers
    cast.buyer = factory.user(
        "buyer", email="sanne@example.nl", company="De Vries Import", country="NL"
    )
    cast.curator = factory.user("curator")
    cast.admin = factory.user("admin")
    return cast


def pooled_order(cast, *, currency, margin_bp, lines, quote_rate=None, order_rate=None) -> Order:
    """The whole pooled flow through the services: request, pool, each enterprise confirms its
    net rupiah price, the quotation goes out at ``quote_rate``, the buyer accepts when the rate
    is ``order_rate``, staff confirm the transfer. ``lines``: (supplier, quantity, net rupiah)."""
    if quote_rate:
        set_rate(currency, quote_rate)
    request = rfq.post_request(
        cast.buyer,
        category_id=cast.category.id,
        title="Mixed container for Rotterdam",
        description="Coffee, silk and leather goods in one consignment, FOB Makassar.",
        quantity=sum(quantity for _, quantity, _ in lines),
        unit="pcs",
        destination_country="NL",
        date_needed=trading_today() + timedelta(days=90),
        incoterm="FOB",
    )
    pool = pools.start_pool(cast.curator, request, currency=currency, margin_bp=margin_bp)
    for supplier, quantity, net in lines:
        line = pools.add_pool_line(
            cast.curator,
            pool,
            product_id=supplier.product.id,
            quantity=quantity,
            unit_cost=net,
            price_confirmed=True,
        )
        db.session.flush()
        pools.answer_pool_line(
            supplier.owner,
            line,
            confirm=True,
            quantity=quantity,
            unit_cost=net,
            price_confirmed=True,
        )
    pools.update_pool_terms(
        cast.curator,
        pool,
        margin_bp=margin_bp,
        incoterm="FOB",
        named_place="Makassar",
        lead_time_days=30,
        valid_until=trading_today() + timedelta(days=14),
        payment_terms="bank_transfer",
    )
    quotation = pools.send_pool(cast.curator, pool)
    db.session.commit()
    if order_rate:
        set_rate(currency, order_rate)
        db.session.commit()
    quotations.accept_quotation(quotation, cast.buyer)
    db.session.commit()
    order = db.session.scalar(select(Order).where(Order.quotation_id == quotation.id))
    confirm_paid(order, cast.admin)
    db.session.commit()
    return db.session.get(Order, order.id)


def assert_books_balance(order_ids=None) -> ledger.Books:
    """Every account summed independently of the house's own fx figure: what buyers paid, at
    each order's rate, equals what the enterprises and the trading house hold."""
    books = ledger.books(order_ids)
    assert books.difference == 0, books
    orders = db.session.scalars(
        select(Order).where(
            Order.paid_at.is_not(None), *([Order.id.in_(order_ids)] if order_ids else [])
        )
    ).all()
    received = sum(
        to_idr(Money(o.total_minor - o.refunded_minor, o.currency), ledger.valuation_rate(o))
        for o in orders
    )
    # each refund is valued on its own, so compare at most one rupiah of rounding per refund
    assert abs(books.buyers_idr - received) <= sum(1 for o in orders if o.refunded_minor), books
    return books


def test_the_demo_pooled_deal_pays_each_enterprise_its_net_rupiah_and_books_the_margin(deal_cast):
    """A deal like the demo's: EUR, 8 % margin, three enterprises. No commission is deducted
    from the SMEs; the margin (~Rp 6.09 M) and the rate movement between quotation (17,500)
    and order (17,350) are in the trading house's accounts; everything balances."""
    coffee, silk, wallet = deal_cast.suppliers
    order = pooled_order(
        deal_cast,
        currency="EUR",
        margin_bp=800,
        lines=[(coffee, 300, 165_000), (silk, 40, 450_000), (wallet, 60, 143_500)],
        quote_rate="17500",
        order_rate="17350",
    )
    # what the enterprises confirmed is what they get: 49.5 M + 18 M + 8.61 M, no commission
    balances = ledger.balances()
    assert balances[coffee.enterprise.id].net_idr == 300 * 165_000
    assert balances[silk.enterprise.id].net_idr == 40 * 450_000
    assert balances[wallet.enterprise.id].net_idr == 60 * 143_500
    assert all(b.commission_idr == 0 for b in balances.values())
    assert all(line.commission_bp == 0 for line in order.lines)

    # the buyer's prices: the rupiah at 17,500, then + 8 %
    assert [line.unit_cost_minor for line in order.lines] == [943, 2571, 820]
    assert [line.unit_price_minor for line in order.lines] == [1018, 2777, 886]
    books = assert_books_balance()
    margin = sum(
        to_idr(
            Money((ln.unit_price_minor - ln.unit_cost_minor) * ln.quantity, "EUR"), 17_350_000_000
        )
        for ln in order.lines
    )
    assert books.house["margin"] == margin
    assert 6_000_000 < books.house["margin"] < 6_200_000  # ~Rp 6.09 M, as in the demo deal
    assert books.house["commission"] == 0
    # the euro fell from 17,500 to 17,350 after the quotation: the house's loss, not the SMEs'
    assert books.house["fx_difference"] < 0
    assert books.enterprises_idr == 76_110_000
    paid_idr = to_idr(Money(order.total_minor, "EUR"), order.idr_per_unit_micro)
    assert books.buyers_idr == paid_idr
    assert paid_idr == 76_110_000 + books.house["margin"] + books.house["fx_difference"]


def test_refunding_a_pooled_line_takes_back_its_margin_and_keeps_the_books_balanced(deal_cast):
    coffee, silk, _ = deal_cast.suppliers
    order = pooled_order(
        deal_cast,
        currency="USD",
        margin_bp=1000,
        lines=[(coffee, 120, 162_500), (silk, 7, 450_000)],
        quote_rate="16250",
        order_rate="16310.5",
    )
    coffee_line, silk_line = order.lines
    refund(order, actor=deal_cast.admin, quantities={coffee_line.id: 20}, reason="20 kg short")
    db.session.commit()
    assert_books_balance()
    assert ledger.balance(coffee.enterprise.id).net_idr == 100 * 162_500
    refund(db.session.get(Order, order.id), actor=deal_cast.admin, reason="cancelled")
    db.session.commit()
    books = assert_books_balance()
    assert books.buyers_idr == 0 and books.enterprises_idr == 0
    assert books.house == dict.fromkeys(books.house, 0)  # margin and fx taken back exactly


@pytest.mark.parametrize("seed", range(6))
def test_generated_deals_balance_to_the_rupiah(deal_cast, shop, buyer, seed):
    """Random currencies, rates (with decimals), margins, prices and quantities, a rate that
    moves between quotation and order, a retail order with commission and shipping, and
    partial refunds: after every step the accounts sum to zero."""
    rng = random.Random(seed)
    currency = rng.choice(["USD", "EUR", "JPY", "SGD", "AUD"])
    base = {"USD": 16250, "EUR": 17500, "JPY": 108, "SGD": 12100, "AUD": 10650}[currency]
    quote_rate = Decimal(base) * Decimal(rng.randint(950, 1050)) / 1000
    order_rate = quote_rate * Decimal(rng.randint(970, 1030)) / 1000
    lines = [
        (supplier, rng.randint(1, 900), rng.randint(1_000, 2_500_000))
        for supplier in rng.sample(deal_cast.suppliers, rng.randint(1, 3))
    ]
    order = pooled_order(
        deal_cast,
        currency=currency,
        margin_bp=rng.randint(0, 2500),
        lines=lines,
        quote_rate=f"{quote_rate:.4f}",
        order_rate=f"{order_rate:.4f}",
    )
    books = assert_books_balance([order.id])
    assert books.enterprises_idr == sum(quantity * net for _, quantity, net in lines)
    assert books.house["commission"] == 0

    set_rate("USD", "16250.5")  # placed orders keep the rate they were placed at
    db.session.commit()
    retail = place(buyer, [(shop.coffee, rng.randint(1, 4))], currency="USD")
    confirm_paid(db.session.get(Order, retail.id), deal_cast.admin)
    db.session.commit()
    retail = db.session.get(Order, retail.id)
    books = assert_books_balance()
    assert books.house["commission"] == retail.lines[0].commission_idr > 0
    assert books.house["shipping"] > 0

    for target in (order, retail):
        target = db.session.get(Order, target.id)
        line = rng.choice(target.lines)
        if line.remaining_quantity > 1:
            units = rng.randint(1, line.remaining_quantity - 1)
            refund(target, actor=deal_cast.admin, quantities={line.id: units}, reason="damaged")
            db.session.commit()
            assert_books_balance()
    refund(
        db.session.get(Order, retail.id),
        actor=deal_cast.admin,
        quantities={},
        include_shipping=True,
        reason="courier lost it",
    )
    db.session.commit()
    assert_books_balance()
    # the enterprise side and the house side agree entry by entry, too
    assert db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.kind == "sale"))
    assert db.session.scalar(select(HouseLedgerEntry.id).where(HouseLedgerEntry.kind == "refund"))


def test_the_admin_sees_the_trading_house_accounts(client, login, deal_cast):
    coffee, silk, _ = deal_cast.suppliers
    pooled_order(
        deal_cast,
        currency="EUR",
        margin_bp=800,
        lines=[(coffee, 100, 165_000), (silk, 10, 450_000)],
        quote_rate="17500",
        order_rate="17400",
    )
    login(deal_cast.admin)
    response = client.get("/payments/admin/ledger?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    books = ledger.books()
    assert "Margin on pooled deals" in page and "Exchange-rate difference" in page
    assert 'data-testid="books-balance">The books balance.' in page
    assert f"{books.house['margin']:,}" in page


def test_orders_paid_before_the_house_ledger_are_backfilled_once(deal_cast, shop, buyer):
    """The migration cannot compute the house's side; ``flask payments backfill-house-ledger``
    books it from the enterprises' ledger, the same amounts as if it had been there."""
    set_rate("USD", "16250.75")
    db.session.commit()
    order = place(buyer, [(shop.coffee, 3), (shop.silk, 1)], currency="USD")
    confirm_paid(db.session.get(Order, order.id), deal_cast.admin)
    db.session.commit()
    order = db.session.get(Order, order.id)
    refund(order, actor=deal_cast.admin, quantities={order.lines[0].id: 1}, reason="torn bag")
    refund(order, actor=deal_cast.admin, quantities={}, include_shipping=True, reason="late")
    db.session.commit()
    booked = ledger.books()
    assert booked.difference == 0 and booked.buyers_idr > 0
    for entry in db.session.scalars(select(HouseLedgerEntry)):
        db.session.delete(entry)
    db.session.commit()
    assert ledger.books().difference != 0  # as on a database migrated with paid orders

    assert ledger.backfill_house_entries() == 1
    db.session.commit()
    assert ledger.books() == booked
    assert ledger.backfill_house_entries() == 0  # once


def test_the_backfill_command_reports_the_books(app, deal_cast):
    result = app.test_cli_runner().invoke(args=["payments", "backfill-house-ledger"])
    assert result.exit_code == 0, result.output
    assert "0 order(s) backfilled; the books are out by 0 IDR." in result.output


def test_the_supplier_of_a_pooled_line_sees_its_net_rupiah_not_the_buyers_price(
    deal_cast, client, login
):
    """QA: the SME opening its part of a pooled order saw the buyer's euro price (the house's
    margin included) instead of the net rupiah it confirmed and will be paid."""
    coffee = deal_cast.suppliers[0]
    order = pooled_order(
        deal_cast,
        currency="EUR",
        margin_bp=800,
        lines=[(coffee, 500, 65_000)],
        quote_rate=Decimal("19150"),
    )
    (fulfilment,) = order.fulfilments
    login(coffee.owner)
    page = client.get(f"/orders/fulfilments/{fulfilment.id}?lang=en").get_data(as_text=True)
    line = page.split('data-testid="fulfilment-line"')[1].split("</li>")[0]
    assert Money(32_500_000, "IDR").format("en") in line  # 500 × IDR 65,000 as confirmed
    assert "€" not in line
    buyer_total = Money(order.lines[0].line_total_minor, "EUR").format("en")
    assert buyer_total not in page
