"""An order paid in milestones does not read "Paid" once its deposit is paid: the buyer's, the
enterprise's and the trading house's lists and order pages say "Deposit paid — balance … due
before shipment" (or "against documents") until every part is paid; then "Paid"."""

import pytest

from tests.payments.test_dispute_refunds import _by_transfer, _milestone_order
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.models import Order


def _pages(app, login, order, buyer, admin, shop, lang="en") -> dict[str, str]:
    seen = {}
    for name, user, urls in (
        ("buyer", buyer, ["/orders", f"/orders/{order.number}"]),
        ("admin", admin, ["/orders/admin", f"/orders/admin/{order.number}"]),
        ("seller", shop.owner, ["/orders/fulfilments"]),
    ):
        client = app.test_client()
        login(user, target=client)
        for url in urls:
            response = client.get(f"{url}?lang={lang}")
            assert response.status_code == 200, url
            page = response.get_data(as_text=True).split('data-testid="timeline"')[0]
            seen[f"{name} {url}"] = page
    return seen


def _money(amount_minor, lang="en") -> str:
    return Money(amount_minor, "IDR").format(lang)


@pytest.mark.parametrize(
    ("balance_due", "words"),
    [("before_shipment", "due before shipment"), ("against_documents", "due against documents")],
)
def test_a_paid_deposit_shows_the_balance_due_until_every_part_is_paid(
    app, ctx, login, shop, buyer, admin, balance_due, words
):
    order, (deposit, balance) = _milestone_order(buyer, admin, shop, balance_due)
    before = _pages(app, login, order, buyer, admin, shop)
    assert all('data-status="balance_due"' not in page for page in before.values())

    _by_transfer(deposit, admin)
    assert db.session.get(Order, order.id).status == "paid"
    expected = f"Deposit paid — balance {_money(balance.amount_minor)} {words}"
    for where, page in _pages(app, login, order, buyer, admin, shop).items():
        assert 'data-status="balance_due"' in page, where
        assert expected in page, where
        if "seller" not in where:
            assert 'data-status="paid"' not in page, where

    _by_transfer(balance, admin)
    for where, page in _pages(app, login, order, buyer, admin, shop).items():
        assert 'data-status="balance_due"' not in page, where
        if "seller" not in where:
            assert 'data-status="paid"' in page, where


def test_the_balance_reads_in_indonesian(app, ctx, login, shop, buyer, admin):
    order, (deposit, balance) = _milestone_order(buyer, admin, shop)
    _by_transfer(deposit, admin)
    client = app.test_client()
    login(buyer, target=client)
    page = client.get("/orders?lang=id").get_data(as_text=True)
    assert f"Uang muka dibayar — sisa {_money(balance.amount_minor, 'id')}" in page


def test_an_order_paid_in_full_keeps_its_usual_badge(app, ctx, login, shop, buyer, admin):
    from tests.orders.helpers import confirm_paid, place

    order = place(buyer, [(shop.coffee, 1)])
    confirm_paid(order, admin)
    db.session.commit()
    pages = _pages(app, login, db.session.get(Order, order.id), buyer, admin, shop)
    assert all('data-status="balance_due"' not in page for page in pages.values())


def test_order_lists_load_the_milestones_of_a_page_at_once(app, ctx, login, shop, buyer, admin):
    """One query for the milestones of every order on the page, not one per order."""
    from tests.clients import page_as

    def statements(user, url, expected) -> int:
        page, count = page_as(app, login, user, url)
        assert page.count('data-status="balance_due"') == expected, url
        return count

    def deposit_paid_order():
        order, (deposit, _balance) = _milestone_order(buyer, admin, shop, "before_shipment")
        _by_transfer(deposit, admin)

    deposit_paid_order()
    urls = ((buyer, "/orders"), (admin, "/orders/admin"))
    one = [statements(user, url, 1) for user, url in urls]
    deposit_paid_order()
    deposit_paid_order()
    assert [statements(user, url, 3) for user, url in urls] == one
