"""Refunds and payouts are sensitive: they need a fresh sign-in, say plainly when they were
already done, and read every typed amount with the shared money parser."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.orders.helpers import confirm_paid, place
from tests.payments.test_ledger import ship_all
from trading_house.catalog.models import Product
from trading_house.extensions import db
from trading_house.orders.models import Order
from trading_house.payments import ledger
from trading_house.payments.models import LedgerEntry, Payout, Refund


@pytest.fixture
def paid_order(ctx, shop, buyer, admin):
    order = place(buyer, [(shop.coffee, 2)])
    confirm_paid(db.session.get(Order, order.id), admin)
    db.session.commit()
    return order


def state(order):
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    return order.status, order.refunded_minor


def test_refund_all_on_a_refunded_order_says_it_is_already_refunded(
    client, login, admin, paid_order, shop
):
    login(admin)
    url = f"/payments/admin/orders/{paid_order.number}/refund-all?lang=en"
    first = client.post(url, follow_redirects=True)
    assert f"Refund recorded for {paid_order.number}." in first.text
    second = client.post(url, follow_redirects=True)
    assert f"Order {paid_order.number} is already refunded in full." in second.text
    assert "Refund recorded" not in second.text
    assert db.session.scalar(select(func.count(Refund.id))) == 1
    assert state(paid_order) == ("refunded", paid_order.total_minor)
    assert db.session.get(Product, shop.coffee.id).stock == 20


def _remembered_only(client, login, user):
    """Signed in with "keep me signed in", then the browser session ended: the account comes
    back from the remember-me cookie alone, which Flask-Login marks as not fresh."""
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code in (302, 303)
    assert client.get_cookie("remember_token") is not None
    client.delete_cookie(client.application.config["SESSION_COOKIE_NAME"])
    assert client.get("/payments/admin/transfers").status_code == 200  # still signed in


@pytest.mark.parametrize("action", ["refund-all", "refund", "payout"])
def test_refunds_and_payouts_need_a_fresh_sign_in(client, login, admin, paid_order, shop, action):
    _remembered_only(client, login, admin)
    line = db.session.get(Order, paid_order.id).lines[0]
    if action == "refund-all":
        response = client.post(f"/payments/admin/orders/{paid_order.number}/refund-all")
    elif action == "refund":
        response = client.post(
            f"/payments/admin/orders/{paid_order.number}/refund",
            data={f"line-{line.id}": "1", "reason": "torn"},
        )
    else:
        response = client.post(
            f"/payments/admin/ledger/{shop.enterprise.id}/payouts",
            data={"amount": "1.000", "paid_on": "2026-03-01", "reference": "TRF-1"},
        )
    # Sent to sign in again (once the re-authentication page is configured), or refused.
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert "/payments/" not in response.headers["Location"]
    assert state(paid_order) == ("paid", 0)
    assert db.session.scalar(select(func.count(Refund.id))) == 0
    assert db.session.scalar(select(func.count(Payout.id))) == 0


@pytest.mark.parametrize("typed", ["76.500", "Rp 76.500", "76500", "76,500"])
def test_a_payout_amount_is_read_the_way_people_type_it(
    client, login, admin, paid_order, shop, typed
):
    ship_all(paid_order, admin)  # payouts cover shipped lines only
    login(admin)
    response = client.post(
        f"/payments/admin/ledger/{shop.enterprise.id}/payouts?lang=en",
        data={"amount": typed, "paid_on": "2026-03-01", "reference": "TRF-9"},
    )
    assert response.status_code == 302
    payout = db.session.scalar(select(Payout))
    assert (payout.amount_idr, payout.paid_on) == (76500, date(2026, 3, 1))
    assert ledger.balance(shop.enterprise.id).balance_idr == 153000 - 76500


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter the amount paid out."),
        ("76.5.00", "Enter an amount such as 520.000 or 520000."),
        ("-5", "The amount cannot be negative."),
    ],
)
def test_a_payout_amount_that_is_not_an_amount_is_refused(
    client, login, admin, paid_order, shop, typed, message
):
    login(admin)
    response = client.post(
        f"/payments/admin/ledger/{shop.enterprise.id}/payouts?lang=en",
        data={"amount": typed, "paid_on": "2026-03-01", "reference": "TRF-9"},
    )
    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalar(select(func.count(Payout.id))) == 0
    assert (
        db.session.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "payout"))
        == 0
    )
