"""A credit note and the invoice's payment recorded at the same moment: the books end the same
whichever wins (the credit note first, then the balance paid; or paid first, then the refund
returned by transfer), never a receivable below zero. Run on PostgreSQL (``TEST_DATABASE_URL``)."""

from sqlalchemy import select

from tests.orders.test_concurrency import _run_together
from tests.payments.test_dispute_refunds import _on_terms
from tests.wholesale.conftest import wholesale  # noqa: F401 - the wholesale fixture
from trading_house.accounts.models import User
from trading_house.extensions import db
from trading_house.orders.models import Order
from trading_house.payments import ledger
from trading_house.payments.disputes import refund_units
from trading_house.wholesale import invoices, ordering
from trading_house.wholesale.invoice_models import InvoiceCredit
from trading_house.wholesale.models import Invoice

UNIT = 74800


def test_a_credit_note_racing_the_payment_keeps_the_books_whole(app, wholesale):  # noqa: F811
    order = _on_terms(wholesale)
    order_id, line_id = order.id, order.lines[0].id
    invoice_id, admin_id = ordering.invoice_of(order).id, wholesale.admin.id

    def credit():
        admin = db.session.get(User, admin_id)
        refund_units(db.session.get(Order, order_id), {line_id: 2}, reason="torn", actor=admin)
        return "credit"

    def pay():
        admin = db.session.get(User, admin_id)
        invoices.mark_invoice_paid(
            db.session.get(Invoice, invoice_id), actor=admin, reference="BCA 77"
        )
        return "paid"

    results = _run_together(app, [credit, pay])
    assert sorted(map(str, results)) == ["credit", "paid"], results
    db.session.expire_all()
    books = ledger.books([order_id])
    assert (books.buyers_idr, books.receivable_idr) == (10 * UNIT, 0)
    assert books.difference == 0
    (note,) = db.session.scalars(select(InvoiceCredit)).all()
    assert note.amount_idr == 2 * UNIT
    assert db.session.get(Invoice, invoice_id).is_paid
