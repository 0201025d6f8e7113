"""The buyer pays a milestone by card: a Checkout Session for exactly that part (our key per part
and attempt), only a verified webhook marks it paid (through the same compare-and-set as a
staff confirmation), a part is never paid twice, an expired session leaves it due; the house
books follow part by part (what is still due is a receivable) and always balance."""

import threading

import pytest
from sqlalchemy import func, select

from tests.orders.helpers import place
from tests.orders.stripe_fake import session_event, signed
from trading_house.accounts.models import User
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import StaleTransition
from trading_house.core.money import Money
from trading_house.core.tx import commit, rollback
from trading_house.extensions import db
from trading_house.orders.models import Order, OrderEvent
from trading_house.payments import ledger, milestones
from trading_house.payments.milestone_models import MilestoneCardAttempt, PaymentMilestone
from trading_house.payments.models import LedgerEntry


@pytest.fixture
def split(ctx, fake_stripe, shop, buyer, admin):
    """Seven bags of coffee: 30 % deposit, 70 % before shipment."""
    order = place(buyer, [(shop.coffee, 7)])
    milestones.plan(order, [(3000, "on_order"), (7000, "before_shipment")], actor=admin)
    db.session.commit()
    return db.session.get(Order, order.id)


def parts(order) -> list[PaymentMilestone]:
    db.session.expire_all()
    return milestones.milestones_of(db.session.get(Order, order.id))


def start(client, part, expect=303):
    response = client.post(f"/payments/milestones/{part.id}/card")
    assert response.status_code == expect, response.get_data(as_text=True)[:500]
    return response


def attempt_of(part) -> MilestoneCardAttempt:
    return db.session.scalar(
        select(MilestoneCardAttempt)
        .where(MilestoneCardAttempt.milestone_id == part.id)
        .order_by(MilestoneCardAttempt.id.desc())
    )


def deliver(client, event):
    payload, header = signed(event)
    return client.post(
        "/payments/stripe/webhook",
        data=payload,
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    )


def paid_event(attempt, **kwargs):
    return session_event(
        attempt.stripe_session_id,
        amount=Money(attempt.amount_minor, attempt.currency).stripe_amount(),
        currency=attempt.currency,
        **kwargs,
    )


def test_the_order_page_offers_pay_by_card_for_the_first_due_part_only(split, client, login, buyer):
    login(buyer)
    page = client.get(f"/orders/{split.number}?lang=en").get_data(as_text=True)
    first, second = parts(split)
    assert page.count('data-testid="milestone-pay-card"') == 1
    assert f"/payments/milestones/{first.id}/card" in page
    assert f"/payments/milestones/{second.id}/card" not in page
    assert first.reference in page and second.reference in page  # transfer references too
    assert Money(first.amount_minor, "IDR").format("en") in page  # the deposit's amount
    assert first.amount_minor == Money(split.total_minor, "IDR").percent(3000).amount


def test_a_session_is_for_exactly_that_part_with_our_key(split, client, login, buyer, fake_stripe):
    login(buyer)
    first, _second = parts(split)
    response = start(client, first)
    assert response.headers["Location"].startswith("https://checkout.stripe.com/")
    (call,) = fake_stripe.calls("/v1/checkout/sessions")
    amount = Money(first.amount_minor, "IDR")
    assert call["headers"]["Idempotency-Key"] == (
        f"rd-{first.reference}-card-1-{first.amount_minor}IDR"
    )
    assert call["form"]["line_items[0][price_data][unit_amount]"] == str(amount.stripe_amount())
    assert call["form"]["line_items[0][price_data][currency]"] == "idr"
    assert call["form"]["metadata[milestone_id]"] == str(first.id)
    # Clicking again (or a second tab) reuses the open session: one session per part.
    start(client, first)
    assert len(fake_stripe.calls("/v1/checkout/sessions")) == 1
    assert parts(split)[0].is_due


def test_the_webhook_pays_the_part_through_the_same_path_as_staff(split, client, login, buyer):
    login(buyer)
    first, second = parts(split)
    start(client, first)
    attempt = attempt_of(first)
    # The return URL proves nothing.
    client.get(f"/payments/milestones/{first.id}/card/return?session_id=x")
    assert parts(split)[0].is_due
    response = deliver(client, paid_event(attempt))
    assert response.get_json()["outcome"] == "part paid"
    first, second = parts(split)
    assert (first.status, first.method) == ("paid", "card")
    assert first.received_reference == f"pi_test_{attempt.stripe_session_id}"
    assert second.is_due
    order = db.session.get(Order, split.id)
    assert order.status == "paid"  # the deposit releases the order to the enterprise
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == len(order.lines)
    page = client.get(f"/payments/orders/{split.number}/milestones?lang=en").get_data(as_text=True)
    assert f"/payments/milestones/{second.id}/card" in page  # now the balance may be paid


def test_a_second_session_for_a_paid_part_is_recorded_to_refund_never_paid_twice(
    split, client, login, buyer, admin
):
    login(buyer)
    first, _second = parts(split)
    start(client, first)
    attempt = attempt_of(first)
    # Meanwhile the buyer also transferred the deposit and staff recorded it.
    milestones.confirm(
        db.session.get(PaymentMilestone, first.id),
        actor=db.session.get(User, admin.id),
        method="bank_transfer",
        received_reference="BCA 7781",
    )
    db.session.commit()
    event = paid_event(attempt, event_id="evt_late")
    assert deliver(client, event).get_json()["outcome"] == "needs refund"
    assert deliver(client, event).get_json()["outcome"] == "duplicate"
    first = parts(split)[0]
    assert (first.method, first.received_reference) == ("bank_transfer", "BCA 7781")
    assert attempt_of(first).status == "needs_refund"
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == len(split.lines)
    note = db.session.scalar(select(OrderEvent).where(OrderEvent.note.contains("refund it")))
    assert note is not None
    staff = client.application.test_client()
    login(admin, target=staff)
    page = staff.get(f"/payments/admin/orders/{split.number}/milestones?lang=en")
    assert "Card payment to refund" in page.get_data(as_text=True)
    # And the buyer cannot start a card payment for the paid part.
    start(client, first, expect=302)
    follow = client.get(f"/payments/orders/{split.number}/milestones?lang=en")
    assert "This part is already paid." in follow.get_data(as_text=True)


def test_an_expired_session_leaves_the_part_due_with_a_clear_message(
    split, client, login, buyer, fake_stripe
):
    login(buyer)
    first, _second = parts(split)
    start(client, first)
    expired = paid_event(attempt_of(first), type_="checkout.session.expired")
    assert deliver(client, expired).get_json()["outcome"] == "expired, part still due"
    assert parts(split)[0].is_due
    assert db.session.get(Order, split.id).status == "pending_payment"  # not cancelled
    page = client.get(f"/orders/{split.number}?lang=en").get_data(as_text=True)
    assert "did not go through; the part is still due" in page
    start(client, first)  # a new attempt, a new key
    assert fake_stripe.calls("/v1/checkout/sessions")[-1]["headers"]["Idempotency-Key"] == (
        f"rd-{first.reference}-card-2-{first.amount_minor}IDR"
    )


def test_refusals_are_clear_and_translated(split, client, login, buyer, factory, fake_stripe):
    login(buyer)
    _first, second = parts(split)
    start(client, second, expect=302)  # the balance before the deposit
    page = client.get(f"/payments/orders/{split.number}/milestones?lang=en").get_data(as_text=True)
    assert "Pay the earlier parts first." in page
    assert client.post(f"/payments/milestones/{second.id}/card?lang=id").status_code == 302
    page = client.get(f"/payments/orders/{split.number}/milestones?lang=id").get_data(as_text=True)
    assert "Bayar bagian sebelumnya terlebih dahulu." in page
    other = client.application.test_client()
    login(factory.user("buyer"), target=other)
    assert other.post(f"/payments/milestones/{second.id}/card").status_code == 404
    assert not fake_stripe.calls("/v1/checkout/sessions")
    fake_stripe.refuse_next = True
    assert client.post(f"/payments/milestones/{parts(split)[0].id}/card?lang=en").status_code == 302
    page = client.get(f"/payments/orders/{split.number}/milestones?lang=en").get_data(as_text=True)
    assert "Card payment could not be started" in page
    assert parts(split)[0].is_due


def test_the_house_books_follow_each_part_and_balance(split, client, login, buyer, admin):
    login(buyer)
    first, second = parts(split)
    start(client, first)
    deliver(client, paid_event(attempt_of(first)))
    books = ledger.books([split.id])
    assert books.difference == 0
    assert books.buyers_idr == first.amount_minor  # only what arrived is the buyers' money
    assert books.receivable_idr == second.amount_minor
    db.session.expire_all()  # a new request: the webhook's change is seen
    milestones.confirm(
        db.session.get(PaymentMilestone, second.id),
        actor=db.session.get(User, admin.id),
        method="bank_transfer",
        received_reference="BCA 9912",
    )
    db.session.commit()
    books = ledger.books([split.id])
    assert books.difference == 0
    assert (books.buyers_idr, books.receivable_idr) == (split.total_minor, 0)
    assert ledger.books().difference == 0


def _at_once(app, jobs):
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        with app.app_context():
            barrier.wait()
            try:
                results[index] = job()
                commit()
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                rollback()
                results[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_a_webhook_and_a_staff_confirmation_racing_pay_the_part_once(
    app, split, client, login, buyer, admin
):
    login(buyer)
    first, _second = parts(split)
    start(client, first)
    event = paid_event(attempt_of(first))
    payload, header = signed(event)
    part_id, admin_id = first.id, admin.id
    db.session.remove()

    def webhook():
        response = app.test_client().post(
            "/payments/stripe/webhook",
            data=payload,
            headers={"Stripe-Signature": header, "Content-Type": "application/json"},
        )
        return response.get_json()["outcome"]

    def staff():
        milestones.confirm(
            db.session.get(PaymentMilestone, part_id),
            actor=db.session.get(User, admin_id),
            method="bank_transfer",
            received_reference="BCA 5555",
        )
        return "staff paid"

    results = _at_once(app, [webhook, staff])
    paid = [r for r in results if r in ("part paid", "staff paid")]
    assert len(paid) == 1, results
    other = next(r for r in results if r not in paid)
    assert other == "needs refund" or isinstance(other, (StaleTransition, DomainError)), results
    order = db.session.get(Order, split.id)
    assert parts(order)[0].is_paid
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == len(order.lines)
    assert ledger.books([order.id]).difference == 0


def test_money_paid_through_a_session_we_never_heard_back_about_is_not_lost(
    split, client, login, buyer
):
    """Stripe made the session but its answer was lost (the attempt was retired); the buyer
    paid through it anyway: our metadata finds the part."""
    first, _second = parts(split)
    attempt = MilestoneCardAttempt(
        milestone_id=first.id,
        attempt=1,
        status="failed",
        amount_minor=first.amount_minor,
        currency="IDR",
        idempotency_key=f"rd-{first.reference}-card-1-x",
        outcome="Stripe never answered",
    )
    db.session.add(attempt)
    db.session.commit()
    event = session_event(
        "cs_test_lost",
        amount=Money(first.amount_minor, "IDR").stripe_amount(),
        currency="IDR",
    )
    event["data"]["object"]["metadata"] = {"milestone_attempt_id": str(attempt.id)}
    assert deliver(client, event).get_json()["outcome"] == "part paid"
    assert parts(split)[0].is_paid


def test_without_card_payments_the_part_is_paid_by_transfer(ctx, shop, buyer, admin, client, login):
    order = place(buyer, [(shop.coffee, 3)])
    milestones.plan(order, [(3000, "on_order"), (7000, "before_shipment")], actor=admin)
    db.session.commit()
    first = milestones.milestones_of(order)[0]
    login(buyer)
    page = client.get(f"/orders/{order.number}?lang=en").get_data(as_text=True)
    assert 'data-testid="milestone-pay-card"' not in page
    amount = Money(first.amount_minor, "IDR").format("en")
    assert f"Transfer {amount} with reference {first.reference}" in page


def test_the_ledger_page_shows_what_is_still_due_from_buyers(split, client, login, buyer, admin):
    login(buyer)
    first, second = parts(split)
    start(client, first)
    deliver(client, paid_event(attempt_of(first)))
    staff = client.application.test_client()
    login(admin, target=staff)
    page = staff.get("/payments/admin/ledger?lang=en").get_data(as_text=True)
    assert 'data-testid="account-receivable"' in page
    assert "The books balance." in page
