"""The house ledger of an order on net terms: the invoice books a receivable (no money has
arrived), a credit note on the open invoice shrinks the receivable, paying the invoice moves
what was receivable to the buyers' money, and a refund after payment is money returned. The
books balance to the rupiah at every step."""

from sqlalchemy import select

from tests.payments.test_dispute_refunds import _decide, _dispute, _on_terms
from tests.wholesale.conftest import wholesale  # noqa: F401 - the wholesale fixture
from trading_house.extensions import db
from trading_house.orders.models import Order
from trading_house.payments import ledger
from trading_house.payments.models import HouseLedgerEntry
from trading_house.wholesale import invoices, ordering

UNIT = 74800  # the wholesale coffee's price


def _books(order):
    db.session.expire_all()
    return ledger.books([order.id])


def _accounts(order, kind) -> dict[str, int]:
    rows = db.session.execute(
        select(HouseLedgerEntry.account, HouseLedgerEntry.amount_idr).where(
            HouseLedgerEntry.order_id == order.id, HouseLedgerEntry.kind == kind
        )
    ).all()
    totals: dict[str, int] = {}
    for account, amount in rows:
        totals[account] = totals.get(account, 0) + amount
    return totals


def test_issue_partial_credit_then_pay_balances_at_every_step(app, login, wholesale):  # noqa: F811
    order = _on_terms(wholesale)
    total = 12 * UNIT

    issued = _books(order)
    assert (issued.buyers_idr, issued.receivable_idr) == (0, total)  # nothing has arrived
    assert issued.difference == 0

    response, _staff = _decide(
        app, login, wholesale.admin, _dispute(order, wholesale.owner), "partial_refund", 2
    )
    assert response.status_code == 302
    credited = _books(order)
    assert (credited.buyers_idr, credited.receivable_idr) == (0, 10 * UNIT)
    assert credited.enterprises_idr < issued.enterprises_idr
    assert credited.difference == 0
    assert "buyers" not in _accounts(order, "refund")  # no money "returned" that never came

    invoice = ordering.invoice_of(db.session.get(Order, order.id))
    invoices.mark_invoice_paid(invoice, actor=wholesale.admin, reference="BCA 0512-7781")
    db.session.commit()
    paid = _books(order)
    assert (paid.buyers_idr, paid.receivable_idr) == (10 * UNIT, 0)
    assert paid.difference == 0
    assert ledger.books().difference == 0


def test_a_refund_after_payment_is_money_returned(app, login, wholesale):  # noqa: F811
    order = _on_terms(wholesale)
    invoices.mark_invoice_paid(
        ordering.invoice_of(order), actor=wholesale.admin, reference="BCA 99"
    )
    db.session.commit()
    assert (_books(order).buyers_idr, _books(order).receivable_idr) == (12 * UNIT, 0)
    response, _staff = _decide(
        app, login, wholesale.admin, _dispute(order, wholesale.owner), "refund"
    )
    assert response.status_code == 302
    books = _books(order)
    assert (books.buyers_idr, books.receivable_idr) == (10 * UNIT, 0)
    assert books.difference == 0


def test_crediting_an_open_invoice_in_full_leaves_nothing_due(app, login, wholesale):  # noqa: F811
    order = _on_terms(wholesale)
    response, _staff = _decide(
        app, login, wholesale.admin, _dispute(order, wholesale.owner, quantity=12), "refund"
    )
    assert response.status_code == 302
    books = _books(order)
    assert (books.buyers_idr, books.receivable_idr, books.enterprises_idr) == (0, 0, 0)
    assert books.difference == 0


def test_the_ledger_page_shows_an_open_invoice_as_still_due(app, login, wholesale):  # noqa: F811
    _on_terms(wholesale)
    staff = app.test_client()
    login(wholesale.admin, target=staff)
    page = staff.get("/payments/admin/ledger?lang=en").get_data(as_text=True)
    assert "Still due from buyers (milestone parts, open invoices)" in page
    assert 'data-testid="account-receivable"' in page
    assert "The books balance." in page


def test_a_bulk_order_is_paid_out_only_after_receipt_whatever_the_payout_rule(
    app,
    login,
    wholesale,  # noqa: F811
    monkeypatch,
):
    from trading_house.orders.disputes import confirm_receipt

    monkeypatch.setitem(app.config, "PAYOUT_HOLD_DAYS", 7)
    assert ledger.payable_after() == "shipped"  # retail lines are paid out once shipped
    order = _on_terms(wholesale)  # shipped and delivered just now
    enterprise_id = order.lines[0].enterprise_id
    assert ledger.balance(enterprise_id).released_idr == 0  # delivered, not yet received
    confirm_receipt(order, order.fulfilments[0], actor=wholesale.owner)
    db.session.commit()
    assert ledger.balance(enterprise_id).released_idr > 0
