"""Dispute decisions on orders paid in milestones and on net terms: the money goes back from
the paid parts (card part through Stripe, transfer part by staff) or as a credit note on the
invoice (or back by transfer once paid); the enterprise's ledger is reversed for the refunded
units; replacement and rejection move no money; everything else is a clear refusal."""

import pytest
from sqlalchemy import func, select

from tests.orders.helpers import place
from tests.orders.stripe_fake import session_event, signed
from tests.payments.test_ledger import ship_all
from tests.wholesale.conftest import key, wholesale  # noqa: F401 - the wholesale fixture
from trading_house.accounts.models import User
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders import disputes
from trading_house.orders.fulfilment import deliver
from trading_house.orders.models import Order
from trading_house.payments import ledger, milestones
from trading_house.payments.milestone_models import (
    MilestoneCardAttempt,
    MilestoneRefund,
    PaymentMilestone,
)
from trading_house.payments.models import LedgerEntry, Refund
from trading_house.wholesale import invoices, ordering
from trading_house.wholesale.invoice_models import InvoiceCredit
from trading_house.wholesale.models import BuyerOrganisation, Invoice


def _pay_by_card(client, login, buyer, part):
    """The buyer pays ``part`` through its Checkout Session; Stripe's webhook confirms it."""
    login(buyer, target=client)
    assert client.post(f"/payments/milestones/{part.id}/card").status_code == 303
    attempt = db.session.scalar(
        select(MilestoneCardAttempt).where(MilestoneCardAttempt.milestone_id == part.id)
    )
    event = session_event(
        attempt.stripe_session_id,
        amount=Money(attempt.amount_minor, attempt.currency).stripe_amount(),
        currency=attempt.currency,
    )
    payload, header = signed(event)
    response = client.post(
        "/payments/stripe/webhook",
        data=payload,
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    )
    assert response.get_json()["outcome"] == "part paid"
    db.session.expire_all()
    return attempt


def _by_transfer(part, admin):
    db.session.expire_all()
    milestones.confirm(
        db.session.get(PaymentMilestone, part.id),
        actor=db.session.get(User, admin.id),
        method="bank_transfer",
        received_reference=f"BCA {part.id}",
    )
    db.session.commit()


def _delivered(order, admin):
    ship_all(order, admin)
    for fulfilment in db.session.get(Order, order.id).fulfilments:
        deliver(fulfilment, actor=admin)
    db.session.commit()
    return db.session.get(Order, order.id)


def _milestone_order(buyer, admin, shop, balance_due="before_shipment"):
    order = place(buyer, [(shop.coffee, 4)])
    milestones.plan(order, [(3000, "on_order"), (7000, balance_due)], actor=admin)
    db.session.commit()
    return db.session.get(Order, order.id), milestones.milestones_of(order)


def _dispute(order, buyer, quantity=2):
    dispute = disputes.open_dispute(
        order,
        order.lines[0],
        actor=db.session.get(User, buyer.id),
        reason="damaged",
        quantity=quantity,
        description="Two packs arrived torn open.",
    )
    db.session.commit()
    return dispute


def _decide(app, login, admin, dispute, outcome, quantity=0, lang="en"):
    staff = app.test_client()
    login(admin, target=staff)
    response = staff.post(
        f"/payments/admin/disputes/{dispute.id}?lang={lang}",
        data={"outcome": outcome, "refund_quantity": str(quantity), "note": "Seen in the photo."},
    )
    db.session.expire_all()
    return response, staff


def _refund_entries(order) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.quantity), 0)).where(
            LedgerEntry.order_id == order.id, LedgerEntry.kind == "refund"
        )
    )


# --- Milestone orders --------------------------------------------------------------------------


def test_a_refund_on_a_milestone_order_goes_back_to_the_card_part_through_stripe(
    app, ctx, client, login, fake_stripe, shop, buyer, admin
):
    order, (deposit, balance) = _milestone_order(buyer, admin, shop)
    _by_transfer(deposit, admin)
    attempt = _pay_by_card(client, login, buyer, balance)
    order = _delivered(order, admin)
    dispute = _dispute(order, buyer)
    response, _staff = _decide(app, login, admin, dispute, "refund")
    assert response.status_code == 302
    unit = order.lines[0].unit_price_minor
    (call,) = fake_stripe.calls("/v1/refunds")
    assert call["form"]["payment_intent"] == attempt.payment_intent
    assert call["form"]["amount"] == str(Money(2 * unit, "IDR").stripe_amount())
    assert call["headers"]["Idempotency-Key"].startswith(f"rd-{balance.reference}-refund-")
    (share,) = db.session.scalars(select(MilestoneRefund)).all()
    assert (share.milestone_id, share.method, share.status) == (balance.id, "card", "succeeded")
    assert share.stripe_refund_id.startswith("re_test_")
    order = db.session.get(Order, order.id)
    assert (order.refunded_minor, order.lines[0].refunded_quantity) == (2 * unit, 2)
    assert _refund_entries(order) == 2  # the enterprise's ledger is reversed for 2 units
    assert ledger.books([order.id]).difference == 0
    assert ledger.books().difference == 0


def test_a_transfer_part_is_sent_back_by_staff_and_listed_for_them(
    app, ctx, client, login, fake_stripe, shop, buyer, admin
):
    order, (deposit, balance) = _milestone_order(buyer, admin, shop)
    _pay_by_card(client, login, buyer, deposit)
    _by_transfer(balance, admin)
    order = _delivered(order, admin)
    response, staff = _decide(app, login, admin, _dispute(order, buyer), "partial_refund", 1)
    assert response.status_code == 302
    assert not fake_stripe.calls("/v1/refunds")  # the latest part was a transfer
    (share,) = db.session.scalars(select(MilestoneRefund)).all()
    assert (share.milestone_id, share.status) == (balance.id, "to_transfer")
    page = staff.get(f"/payments/admin/orders/{order.number}/milestones?lang=en")
    assert "to send back by bank transfer" in page.get_data(as_text=True)
    assert _refund_entries(order) == 1
    assert ledger.books([order.id]).difference == 0


def test_a_refund_beyond_what_was_paid_so_far_is_refused_and_nothing_moves(
    app, ctx, client, login, fake_stripe, shop, buyer, admin
):
    """The balance is due against documents: the goods arrived with only the deposit paid."""
    order, (deposit, _balance) = _milestone_order(buyer, admin, shop, "against_documents")
    _by_transfer(deposit, admin)
    order = _delivered(order, admin)
    dispute = _dispute(order, buyer, quantity=4)
    response, _staff = _decide(app, login, admin, dispute, "refund")
    assert response.status_code == 422
    assert "has been paid so far: a refund cannot be more" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Refund.id))) == 0
    assert db.session.get(type(dispute), dispute.id).is_open
    response, _staff = _decide(app, login, admin, dispute, "refund", lang="id")
    assert "sejauh ini" in response.get_data(as_text=True)


@pytest.mark.parametrize("outcome", ["replacement", "rejected"])
def test_replacement_and_rejection_move_no_money_on_a_milestone_order(
    app, ctx, client, login, fake_stripe, shop, buyer, admin, outcome
):
    order, (deposit, balance) = _milestone_order(buyer, admin, shop)
    _by_transfer(deposit, admin)
    _pay_by_card(client, login, buyer, balance)
    order = _delivered(order, admin)
    response, _staff = _decide(app, login, admin, _dispute(order, buyer), outcome)
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Refund.id))) == 0
    assert not fake_stripe.calls("/v1/refunds")
    assert _refund_entries(order) == 0


# --- Net-terms orders --------------------------------------------------------------------------


def _on_terms(wholesale, quantity=12):  # noqa: F811
    order, _created = ordering.place_wholesale_order(
        wholesale.owner,
        quantities={wholesale.shop.coffee.id: quantity},
        on_terms=True,
        idempotency_key=key(),
        locale="en",
    )
    db.session.commit()
    return _delivered(order, wholesale.admin)


def _credit_used(wholesale) -> int:  # noqa: F811
    db.session.expire_all()
    return db.session.get(BuyerOrganisation, wholesale.organisation.id).credit_used_idr


def test_a_refund_on_an_open_invoice_is_a_credit_note_and_frees_the_credit(
    app,
    login,
    wholesale,  # noqa: F811
):
    order = _on_terms(wholesale)
    invoice = ordering.invoice_of(order)
    assert _credit_used(wholesale) == invoice.amount_idr == 12 * 74800
    response, _staff = _decide(
        app, login, wholesale.admin, _dispute(order, wholesale.owner), "partial_refund", 2
    )
    assert response.status_code == 302
    credit = db.session.scalar(select(InvoiceCredit))
    assert (credit.kind, credit.amount_idr) == ("credited", 2 * 74800)
    invoice = db.session.get(Invoice, invoice.id)
    assert invoices.balance_idr(invoice) == 10 * 74800
    assert invoice.is_open
    assert _credit_used(wholesale) == 10 * 74800
    assert _refund_entries(order) == 2
    assert ledger.books([order.id]).difference == 0
    # Paying the invoice (its balance) frees the rest of the credit, never more.
    invoices.mark_invoice_paid(invoice, actor=wholesale.admin, reference="BCA 0512-7781")
    db.session.commit()
    assert _credit_used(wholesale) == 0


def test_refunding_all_of_an_open_invoice_voids_it(app, login, wholesale):  # noqa: F811
    order = _on_terms(wholesale)
    response, _staff = _decide(
        app, login, wholesale.admin, _dispute(order, wholesale.owner, quantity=12), "refund"
    )
    assert response.status_code == 302
    invoice = ordering.invoice_of(db.session.get(Order, order.id))
    assert invoice.status == "void"
    assert invoices.balance_idr(invoice) == 0
    assert _credit_used(wholesale) == 0
    assert db.session.get(Order, order.id).status == "refunded"
    assert ledger.books([order.id]).difference == 0


def test_a_refund_after_the_invoice_was_paid_goes_back_by_transfer(
    app,
    login,
    wholesale,  # noqa: F811
):
    order = _on_terms(wholesale)
    invoices.mark_invoice_paid(
        ordering.invoice_of(order), actor=wholesale.admin, reference="BCA 99"
    )
    db.session.commit()
    response, _staff = _decide(
        app, login, wholesale.admin, _dispute(order, wholesale.owner), "refund"
    )
    assert response.status_code == 302
    credit = db.session.scalar(select(InvoiceCredit))
    assert (credit.kind, credit.amount_idr) == ("returned", 2 * 74800)
    assert "BCA 99" in credit.note
    assert _credit_used(wholesale) == 0  # nothing given back twice
    assert _refund_entries(order) == 2


@pytest.mark.parametrize("outcome", ["replacement", "rejected"])
def test_replacement_and_rejection_leave_the_invoice_alone(
    app,
    login,
    wholesale,  # noqa: F811
    outcome,
):
    order = _on_terms(wholesale)
    response, _staff = _decide(
        app, login, wholesale.admin, _dispute(order, wholesale.owner), outcome
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(InvoiceCredit.id))) == 0
    assert invoices.balance_idr(ordering.invoice_of(order)) == 12 * 74800
    assert _refund_entries(order) == 0
