"""A line can be reviewed once the buyer received it: they confirmed receipt of its shipment, or
the dispute-free hold after delivery (PAYOUT_HOLD_DAYS, 7 here) has passed — not merely once it
is "delivered". The eligibility matrix, and what the order page tells the buyer."""

import re
from datetime import timedelta

import pytest

from tests.reviews.helpers import Shop
from trading_house.core.clock import utcnow
from trading_house.core.errors import NotFound
from trading_house.core.tx import commit
from trading_house.extensions import db
from trading_house.orders import disputes
from trading_house.orders import fulfilment as fulfilments
from trading_house.reviews import policies, services

FIVE = services.Stars(5, 5, 4, 5)
HOLD = 7


@pytest.fixture
def shop(app, factory, monkeypatch):
    monkeypatch.setitem(app.config, "PAYOUT_HOLD_DAYS", HOLD)
    return Shop(factory)


def _text(response) -> str:
    html = response.get_data(as_text=True)
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def _ship(shop, order):
    for fulfilment in order.fulfilments:
        fulfilments.ship(fulfilment, actor=shop.owner, courier="JNE", tracking_number="JNE1")
    commit()


def _delivered_days_ago(order, days: int):
    for fulfilment in order.fulfilments:
        fulfilment.delivered_at = utcnow() - timedelta(days=days)
    commit()


NOT_RECEIVED = "Confirm you received it first"


@pytest.mark.parametrize(
    "case, allowed, reason",
    [
        ("other buyer's order", False, "Only the buyer of this order can review it."),
        ("pending payment", False, "once its delivery has been confirmed"),
        ("paid, not shipped", False, "once its delivery has been confirmed"),
        ("shipped", False, NOT_RECEIVED),
        ("shipped and receipt confirmed", True, None),
        ("delivered, not received, within the hold", False, NOT_RECEIVED),
        ("delivered, the hold passed", True, None),
        ("delivered and receipt confirmed", True, None),
        ("disputed line", False, "once your dispute about it is decided"),
        ("delivered 61 days ago", True, None),
        ("second review of the same line", False, "already reviewed"),
    ],
)
def test_the_review_eligibility_matrix(shop, factory, case, allowed, reason):
    buyer = factory.user("buyer")
    reviewer = buyer
    if case == "pending payment":
        order = shop.order(buyer, pay=False, deliver=False)
    elif case in ("paid, not shipped", "shipped", "shipped and receipt confirmed"):
        order = shop.order(buyer, deliver=False)
        if case != "paid, not shipped":
            _ship(shop, order)
    else:
        order = shop.order(buyer)  # delivered just now
    line = order.lines[0]
    if case == "other buyer's order":
        reviewer = factory.user("buyer")
        _delivered_days_ago(order, HOLD + 1)
    elif case in ("shipped and receipt confirmed", "delivered and receipt confirmed"):
        disputes.confirm_receipt(order, line.fulfilment, actor=buyer)
        commit()
    elif case == "delivered, the hold passed":
        _delivered_days_ago(order, HOLD + 1)
    elif case == "delivered 61 days ago":
        _delivered_days_ago(order, 61)
    elif case == "disputed line":
        disputes.confirm_receipt(order, line.fulfilment, actor=buyer)
        disputes.open_dispute(
            order,
            line,
            actor=buyer,
            reason="damaged",
            quantity=1,
            description="One bag arrived torn open.",
        )
        commit()
    elif case == "second review of the same line":
        _delivered_days_ago(order, HOLD + 1)
        services.write_review(buyer, line, FIVE, "first")
        commit()

    verdict = policies.eligibility(reviewer, line)
    assert verdict.allowed is allowed, (case, verdict.reason)
    if allowed:
        review = services.write_review(reviewer, line, FIVE, "Sampai dengan baik.")
        commit()
        assert review.is_published
    else:
        assert reason in str(verdict.reason)
        with pytest.raises(policies.NotEligible):
            services.write_review(reviewer, line, FIVE, "")


def test_no_order_no_review(shop, factory, client, login):
    """A line id of nobody's order, or of someone else's: not found (nothing to review)."""
    buyer = factory.user("buyer")
    with pytest.raises(NotFound):
        policies.buyer_line(buyer, 999_999)
    other = shop.order(factory.user("buyer"))
    with pytest.raises(NotFound):
        policies.buyer_line(buyer, other.lines[0].id)
    login(buyer)
    assert client.get(f"/reviews/lines/{other.lines[0].id}/write").status_code == 404


def test_a_decided_dispute_lets_the_buyer_review(shop, factory):
    from trading_house.core.lifecycle import transition

    buyer = factory.user("buyer")
    order = shop.order(buyer)
    line = order.lines[0]
    dispute = disputes.open_dispute(
        order, line, actor=buyer, reason="short", quantity=1, description="One bag was missing."
    )
    disputes.confirm_receipt(order, line.fulfilment, actor=buyer)
    commit()
    assert not policies.eligibility(buyer, line).allowed
    transition(dispute, "decided", actor=shop.admin)
    commit()
    assert policies.eligibility(buyer, line).allowed


def test_the_order_page_says_why_not_yet_and_receipt_opens_the_review(shop, factory, client, login):
    buyer = factory.user("buyer")
    order = shop.order(buyer)
    line = order.lines[0]
    login(buyer)
    page = _text(client.get(f"/orders/{order.number}"))
    assert "Confirm you received it first" in page and "Write a review" not in page
    refused = client.get(f"/reviews/lines/{line.id}/write", follow_redirects=True)
    assert "Confirm you received it first" in _text(refused)
    disputes.confirm_receipt(order, line.fulfilment, actor=buyer)
    commit()
    page = _text(client.get(f"/orders/{order.number}"))
    assert "Write a review" in page and "Confirm you received it first" not in page
    assert client.get(f"/reviews/lines/{line.id}/write").status_code == 200


def test_a_review_changes_for_60_days_then_never(shop, factory):
    buyer = factory.user("buyer")
    order = shop.order(buyer)
    _delivered_days_ago(order, 61)
    review = services.write_review(buyer, order.lines[0], FIVE, "good")
    commit()
    later = review.created_at + timedelta(days=60, minutes=1)
    assert not policies.can_edit(buyer, review, now=later)
    with pytest.raises(Exception, match="60 days"):
        services.edit_review(buyer, review, FIVE, "again", now=later)
    db.session.rollback()
