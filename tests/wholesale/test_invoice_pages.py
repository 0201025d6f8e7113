"""The invoice pages show credit notes: the buyer's invoices, the trading house's open and
overdue invoices and the organisation page list each credit line and the balance still due;
an invoice credited in full says so (not just "Void")."""

from datetime import timedelta

from tests.payments.test_dispute_refunds import _decide, _dispute, _on_terms
from tests.wholesale.conftest import wholesale  # noqa: F401 - the wholesale fixture
from trading_house.core.clock import business_today
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.models import Order
from trading_house.wholesale import ordering

UNIT = 74800


def _idr(amount, lang="en") -> str:
    return Money(amount, "IDR").format(lang)


def _page(app, login, user, url) -> str:
    client = app.test_client()
    login(user, target=client)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_partly_credited_invoice_shows_the_credit_and_the_balance(
    app,
    login,
    wholesale,  # noqa: F811
):
    order = _on_terms(wholesale)
    response, _staff = _decide(
        app, login, wholesale.admin, _dispute(order, wholesale.owner), "partial_refund", 2
    )
    assert response.status_code == 302
    invoice = ordering.invoice_of(db.session.get(Order, order.id))
    invoice.issued_on = business_today() - timedelta(days=45)
    invoice.due_on = business_today() - timedelta(days=15)
    db.session.commit()
    pages = {
        "buyer": _page(app, login, wholesale.owner, "/wholesale/invoices?lang=en"),
        "overdue": _page(
            app, login, wholesale.admin, "/admin/wholesale/invoices?overdue=1&lang=en"
        ),
        "organisation": _page(
            app,
            login,
            wholesale.admin,
            f"/admin/wholesale/{wholesale.organisation.id}?lang=en",
        ),
    }
    for where, page in pages.items():
        assert _idr(12 * UNIT) in page, where
        assert f"−{_idr(2 * UNIT)}" in page, where
        assert f"Balance due {_idr(10 * UNIT)}" in page, where
    indonesian = _page(app, login, wholesale.owner, "/wholesale/invoices?lang=id")
    assert f"Sisa tagihan {_idr(10 * UNIT, 'id')}" in indonesian


def test_an_invoice_credited_in_full_says_so(app, login, wholesale):  # noqa: F811
    order = _on_terms(wholesale)
    response, _staff = _decide(
        app, login, wholesale.admin, _dispute(order, wholesale.owner, quantity=12), "refund"
    )
    assert response.status_code == 302
    page = _page(app, login, wholesale.owner, "/wholesale/invoices?lang=en")
    assert 'data-testid="credited-in-full"' in page
    assert "Credited in full" in page
    assert "Balance due" not in page
    assert "Dikreditkan penuh" in _page(app, login, wholesale.owner, "/wholesale/invoices?lang=id")


def test_an_invoice_without_credits_shows_its_amount_only(app, login, wholesale):  # noqa: F811
    _on_terms(wholesale)
    page = _page(app, login, wholesale.owner, "/wholesale/invoices?lang=en")
    assert _idr(12 * UNIT) in page
    assert 'data-testid="invoice-credit"' not in page and "Balance due" not in page
