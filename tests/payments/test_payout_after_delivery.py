"""Payouts after delivery (issue 12, defect 9): a payout covers only lines that have shipped (or,
as the admin sets, that the buyer received), never more than is owed; two admins paying the
same enterprise at once record one payout."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.orders.helpers import confirm_paid, place
from tests.payments.race import together
from tests.payments.test_ledger import ship_all
from trading_house.extensions import db
from trading_house.orders.fulfilment import deliver
from trading_house.orders.models import Order
from trading_house.payments import ledger
from trading_house.payments.models import LedgerEntry, Payout

NBSP = "\u00a0"


def paid(buyer, admin, items) -> Order:
    order = place(buyer, items)
    confirm_paid(db.session.get(Order, order.id), admin)
    db.session.commit()
    return db.session.get(Order, order.id)


def pay(client, enterprise, amount, lang="en", reference="TRF-1"):
    return client.post(
        f"/payments/admin/ledger/{enterprise.id}/payouts?lang={lang}",
        data={"amount": amount, "paid_on": "2026-12-04", "reference": reference},
    )


def test_nothing_is_payable_before_the_goods_ship(client, login, ctx, shop, buyer, admin):
    order = paid(buyer, admin, [(shop.coffee, 1)])  # Rp 85,000 less 10 % = Rp 76,500 owed
    login(admin)
    refused = pay(client, shop.enterprise, "50000")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert (
        f"Only IDR{NBSP}0 can be paid out now; IDR{NBSP}76,500 is for goods that have not "
        "shipped yet." in page
    )
    assert db.session.scalar(select(func.count(Payout.id))) == 0
    ledger_page = client.get(f"/payments/admin/ledger/{shop.enterprise.id}?lang=en").text
    assert 'data-testid="balance-payable">IDR' in ledger_page

    ship_all(order, admin)
    assert ledger.balance(shop.enterprise.id).payable_idr == 76_500
    # typed the Indonesian way, on the Indonesian page
    assert pay(client, shop.enterprise, "76.500", lang="id").status_code == 302
    assert ledger.balance(shop.enterprise.id).balance_idr == 0


def test_a_payout_covers_only_the_lines_that_shipped(client, login, ctx, shop, buyer, admin):
    shipped = paid(buyer, admin, [(shop.coffee, 2)])  # owed 153,000
    paid(buyer, admin, [(shop.silk, 1)])  # owed 405,000, not shipped
    ship_all(shipped, admin)
    balance = ledger.balance(shop.enterprise.id)
    assert (balance.balance_idr, balance.payable_idr, balance.waiting_idr) == (
        558_000,
        153_000,
        405_000,
    )
    login(admin)
    refused = pay(client, shop.enterprise, "153.001", lang="id")
    assert refused.status_code == 422
    assert "yang belum dikirim" in refused.text or "not shipped" in refused.text
    assert pay(client, shop.enterprise, "100000").status_code == 302
    assert pay(client, shop.enterprise, "53000", reference="TRF-2").status_code == 302
    assert ledger.balance(shop.enterprise.id).payable_idr == 0
    assert [p.sequence for p in db.session.scalars(select(Payout).order_by(Payout.id))] == [1, 2]


def test_a_payout_above_what_is_owed_is_refused(client, login, ctx, shop, buyer, admin):
    order = paid(buyer, admin, [(shop.coffee, 1)])
    ship_all(order, admin)
    login(admin)
    refused = pay(client, shop.enterprise, "1.250.000,50", lang="id")
    assert refused.status_code == 422
    assert "Rp" in refused.text and "76.500" in refused.text
    assert 'value="1.250.000,50"' in refused.text  # nothing typed is lost
    assert db.session.scalar(select(func.count(Payout.id))) == 0


def test_the_admin_can_wait_for_delivery_before_paying_out(client, login, ctx, shop, buyer, admin):
    order = paid(buyer, admin, [(shop.coffee, 1)])
    login(admin)
    saved = client.post("/payments/admin/ledger/payout-rule", data={"payable_after": "delivered"})
    assert saved.status_code == 302
    assert ledger.payable_after() == "delivered"
    assert (
        client.post(
            "/payments/admin/ledger/payout-rule", data={"payable_after": "whenever"}
        ).status_code
        == 422
    )
    ship_all(order, admin)
    refused = pay(client, shop.enterprise, "76500")
    assert refused.status_code == 422
    assert "is for goods the buyer has not received yet" in refused.text
    fulfilment = db.session.get(Order, order.id).fulfilments[0]
    deliver(fulfilment, actor=admin)
    db.session.commit()
    # Delivered, but within the hold after delivery: paid out once the buyer confirms receipt.
    assert pay(client, shop.enterprise, "76500").status_code == 422
    from trading_house.orders.disputes import confirm_receipt

    confirm_receipt(db.session.get(Order, order.id), fulfilment, actor=buyer)
    db.session.commit()
    assert pay(client, shop.enterprise, "76500").status_code == 302


def test_an_enterprise_sees_what_is_payable_and_why(client, login, ctx, shop, buyer, admin):
    paid(buyer, admin, [(shop.coffee, 1)])
    login(shop.owner)
    page = client.get(f"/payments/ledger/{shop.enterprise.id}?lang=en").text
    assert "A sold line is paid out once it has shipped." in page
    assert f'data-testid="balance-waiting">IDR{NBSP}76,500' in page


@pytest.fixture
def owed(ctx, shop, buyer, admin):
    order = paid(buyer, admin, [(shop.coffee, 1)])
    ship_all(order, admin)
    return shop.enterprise


def test_two_admins_paying_at_once_record_one_payout(app, login, owed, admin, factory):
    """Both read Rp 76,500 payable, both submit it: one payout, the other admin is told."""
    colleague = factory.user("admin", email="bendahara@example.com")
    tabs = [login(user, target=app.test_client()) for user in (admin, colleague)]
    url = f"/payments/admin/ledger/{owed.id}/payouts?lang=en"  # read here, not in the threads

    def submit(tab, n):
        data = {"amount": "76500", "paid_on": "2026-12-04", "reference": f"TRF-{n}"}
        return lambda: tab.post(url, data=data)

    results = together([submit(tab, n) for n, tab in enumerate(tabs)])
    assert sorted(r.status_code for r in results) == [302, 422]
    loser = next(r for r in results if r.status_code == 422)
    assert "Another payout to this enterprise was recorded a moment ago" in loser.text
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Payout.id))) == 1
    assert (
        db.session.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "payout"))
        == 1
    )
    assert ledger.balance(owed.id).balance_idr == 0


def test_the_ledger_csv_uses_the_trading_house_date(client, login, ctx, shop, buyer, admin):
    """An entry made at 17:30 UTC on 4 December is on 5 December in Makassar (WITA, UTC+8)."""
    from datetime import UTC, datetime

    from trading_house.core import clock

    clock.freeze(datetime(2026, 12, 4, 17, 30, tzinfo=UTC))
    try:
        order = paid(buyer, admin, [(shop.coffee, 1)])
    finally:
        clock.freeze(None)
    assert order.paid_at is not None
    login(admin)
    text = client.get(f"/payments/admin/ledger/{shop.enterprise.id}.csv").text
    assert "\n2026-12-05,sale," in text.replace("\r\n", "\n")
    assert date(2026, 12, 4).isoformat() not in text
