"""An order on net terms never reads "Paid" because it was invoiced: the buyer's, the
enterprise's and the trading house's order pages show the invoice, due date, overdue or paid."""

from datetime import timedelta

from tests.wholesale.conftest import key
from trading_house.core.clock import business_today
from trading_house.extensions import db
from trading_house.wholesale import invoices, ordering


def _order(wholesale):
    order, _created = ordering.place_wholesale_order(
        wholesale.owner,
        quantities={wholesale.shop.coffee.id: 12},
        on_terms=True,
        idempotency_key=key(),
        locale="en",
    )
    db.session.commit()
    return order


def _pages(app, login, wholesale, order) -> dict[str, str]:
    """The order as each side sees it (English)."""
    seen = {}
    for name, user, urls in (
        ("buyer", wholesale.owner, ["/orders", f"/orders/{order.number}"]),
        ("admin", wholesale.admin, ["/orders/admin", f"/orders/admin/{order.number}"]),
        ("seller", wholesale.shop.owner, ["/orders/fulfilments"]),
    ):
        client = app.test_client()
        login(user, target=client)
        for url in urls:
            response = client.get(f"{url}?lang=en")
            assert response.status_code == 200, url
            # The history below keeps its own record of the move to paid (with the invoice).
            page = response.get_data(as_text=True).split('data-testid="timeline"')[0]
            seen[f"{name} {url}"] = page
    return seen


def test_an_open_invoice_reads_on_net_terms_with_its_due_date(app, login, wholesale):
    order = _order(wholesale)
    invoice = ordering.invoice_of(order)
    due = invoice.due_on
    for where, page in _pages(app, login, wholesale, order).items():
        assert 'data-status="terms_open"' in page, where
        assert f"On net terms — invoice {invoice.number} due" in page, where
        assert 'data-status="paid"' not in page, where
    assert due == business_today() + timedelta(days=30)


def test_an_overdue_invoice_says_so(app, login, wholesale):
    order = _order(wholesale)
    invoice = ordering.invoice_of(order)
    invoice.issued_on = business_today() - timedelta(days=45)
    invoice.due_on = business_today() - timedelta(days=15)
    db.session.commit()
    for where, page in _pages(app, login, wholesale, order).items():
        assert f"Overdue — invoice {invoice.number} was due" in page, where


def test_a_paid_invoice_shows_the_day_it_was_paid_and_indonesian_reads_too(
    app, login, client, wholesale
):
    order = _order(wholesale)
    invoice = ordering.invoice_of(order)
    invoices.mark_invoice_paid(invoice, actor=wholesale.admin, reference="BCA 0512-7781")
    db.session.commit()
    for where, page in _pages(app, login, wholesale, order).items():
        assert 'data-status="terms_paid"' in page, where
        assert f"Invoice {invoice.number} paid" in page, where
    login(wholesale.owner)
    page = client.get("/orders?lang=id").get_data(as_text=True)
    assert f"Faktur {invoice.number} dibayar" in page


def test_an_order_paid_up_front_keeps_its_usual_badge(app, login, client, wholesale, factory):
    from tests.orders.helpers import confirm_paid, place

    buyer = factory.user("buyer")
    order = place(buyer, [(wholesale.shop.coffee, 1)])
    confirm_paid(order, wholesale.admin)
    db.session.commit()
    login(buyer)
    page = client.get("/orders?lang=en").get_data(as_text=True)
    assert 'data-status="paid"' in page and "terms_" not in page


def test_order_lists_load_the_invoices_of_a_page_at_once(app, login, wholesale):
    """The badge of each net-terms order needs its invoice: one query for the page, not one per
    order (a wholesale buyer's list is mostly such orders)."""
    from tests.clients import page_as

    def statements(user, url) -> int:
        page, count = page_as(app, login, user, url)
        assert page.count('data-status="terms_open"') == orders, url
        return count

    orders = 1
    _order(wholesale)
    one = {
        u: statements(who, u)
        for who, u in ((wholesale.owner, "/orders"), (wholesale.admin, "/orders/admin"))
    }
    for _ in range(3):
        _order(wholesale)
    orders = 4
    four = {
        u: statements(who, u)
        for who, u in ((wholesale.owner, "/orders"), (wholesale.admin, "/orders/admin"))
    }
    assert four == one
