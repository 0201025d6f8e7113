"""Who may review which order line: only the buyer of a delivered, paid line that was not
refunded, of a listed product, sold by someone else; once per line."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.reviews.helpers import Shop
from trading_house.core.tx import commit
from trading_house.extensions import db
from trading_house.reviews import policies, services
from trading_house.reviews.models import Review

FIVE = services.Stars(5, 5, 4, 5)


@pytest.fixture
def shop(app, factory, monkeypatch):
    # Who may review, not when: without a hold a delivered line may be reviewed at once (the
    # hold after delivery and the buyer's receipt are tested in test_review_after_receipt.py).
    monkeypatch.setitem(app.config, "PAYOUT_HOLD_DAYS", 0)
    return Shop(factory)


def test_the_buyer_of_a_delivered_line_may_review_it(shop, factory):
    buyer = factory.user("buyer")
    line = shop.order(buyer).lines[0]
    assert policies.eligibility(buyer, line).allowed
    review = services.write_review(buyer, line, FIVE, "Fresh, well roasted.")
    commit()
    assert review.product_id == shop.coffee.id and review.enterprise_id == shop.enterprise.id
    assert review.is_published


@pytest.mark.parametrize(
    "case, reason",
    [
        ("another buyer", "Only the buyer of this order can review it."),
        ("not delivered", "once its delivery has been confirmed"),
        ("unpaid", "once its delivery has been confirmed"),
        ("refunded", "refunded in full"),
        ("own enterprise", "your own enterprise"),
        ("product deleted", "no longer listed"),
        ("already reviewed", "already reviewed"),
    ],
)
def test_the_eligibility_matrix(shop, factory, case, reason):
    buyer = factory.user("buyer")
    reviewer = buyer
    if case == "not delivered":
        order = shop.order(buyer, deliver=False)
    elif case == "unpaid":
        order = shop.order(buyer, deliver=False, pay=False)
    elif case == "own enterprise":
        staff = factory.user("sme", "buyer")
        from trading_house.enterprises.models import Membership

        db.session.add(Membership(enterprise_id=shop.enterprise.id, user_id=staff.id))
        commit()
        order = shop.order(staff)
        reviewer = staff
    else:
        order = shop.order(buyer)
    line = order.lines[0]
    if case == "another buyer":
        reviewer = factory.user("buyer")
    elif case == "refunded":
        line.refunded_quantity = line.quantity
        commit()
    elif case == "product deleted":
        line.product_id = None
        commit()
    elif case == "already reviewed":
        services.write_review(buyer, line, FIVE, "")
        commit()
    verdict = policies.eligibility(reviewer, line)
    assert not verdict.allowed
    assert reason in str(verdict.reason)
    with pytest.raises(policies.NotEligible):
        services.write_review(reviewer, line, FIVE, "")


def test_a_partly_refunded_line_may_still_be_reviewed(shop, factory):
    buyer = factory.user("buyer")
    line = shop.order(buyer).lines[0]
    line.refunded_quantity = 1
    commit()
    assert policies.eligibility(buyer, line).allowed


def test_one_review_per_line_even_from_two_tabs(shop, factory):
    """The unique order_line_id is the last guard: a second insert is refused, not a 500."""
    buyer = factory.user("buyer")
    line = shop.order(buyer).lines[0]
    services.write_review(buyer, line, FIVE, "first")
    commit()
    db.session.add(
        Review(
            order_line_id=line.id,
            buyer_id=buyer.id,
            product_id=line.product_id,
            enterprise_id=line.enterprise_id,
            quality=1,
            accuracy=1,
            packaging=1,
            communication=1,
        )
    )
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError from either database
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count(Review.id))) == 1


def test_stars_must_be_one_to_five(shop, factory):
    buyer = factory.user("buyer")
    line = shop.order(buyer).lines[0]
    with pytest.raises(services.ReviewRefused):
        services.write_review(buyer, line, services.Stars(6, 5, 5, 5), "")
    with pytest.raises(services.ReviewRefused):
        services.write_review(buyer, line, services.Stars(0, 5, 5, 5), "")


def test_a_review_can_be_changed_for_60_days_then_never(shop, factory):
    buyer = factory.user("buyer")
    line = shop.order(buyer).lines[0]
    review = services.write_review(buyer, line, FIVE, "good")
    commit()
    services.edit_review(buyer, review, services.Stars(3, 3, 3, 3), "changed my mind")
    commit()
    assert review.quality == 3 and review.edited_at is not None
    later = review.created_at + timedelta(days=60, minutes=1)
    with pytest.raises(Exception) as refused:
        services.edit_review(buyer, review, FIVE, "again", now=later)
    assert "60 days" in str(refused.value)
    other = factory.user("buyer")
    with pytest.raises(Exception):  # noqa: B017 - NotFound: not theirs
        services.edit_review(other, review, FIVE, "not mine")


def test_the_enterprise_answers_once(shop, factory):
    buyer = factory.user("buyer")
    review = services.write_review(buyer, shop.order(buyer).lines[0], FIVE, "nice")
    commit()
    services.answer_review(shop.owner, review, "Terima kasih!")
    commit()
    assert review.answer == "Terima kasih!"
    with pytest.raises(services.ReviewRefused, match="already been answered"):
        services.answer_review(shop.owner, review, "Second answer")
    db.session.rollback()
    assert db.session.get(Review, review.id).answer == "Terima kasih!"


def test_reports_are_moderated_by_curators(shop, factory):
    buyer = factory.user("buyer")
    review = services.write_review(
        buyer, shop.order(buyer).lines[0], services.Stars(1, 1, 1, 1), ""
    )
    commit()
    with pytest.raises(services.ReviewRefused, match="your own review"):
        services.report_review(buyer, review, "offensive", "")
    report = services.report_review(shop.owner, review, "not_genuine", "No such order here.")
    commit()
    with pytest.raises(services.ReviewRefused, match="already reported"):
        services.report_review(shop.owner, review, "offensive", "")
    db.session.rollback()
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied for a buyer
        services.decide_report(buyer, report, uphold=True)
    services.decide_report(shop.curator, report, uphold=True, reason="Abusive.")
    commit()
    assert review.is_hidden and report.status == "upheld"
    services.restore_review(shop.curator, review, "On appeal")
    commit()
    assert review.is_published


def test_the_seller_hears_of_a_review_and_the_buyer_of_the_answer(shop, factory):
    from trading_house.core.models import OutboxEmail as Outbox

    buyer = factory.user("buyer", email="pembeli@example.id")
    review = services.write_review(buyer, shop.order(buyer).lines[0], FIVE, "Mantap")
    commit()
    to_seller = db.session.scalars(
        select(Outbox).where(Outbox.recipient == "owner@kopi.id").order_by(Outbox.id.desc())
    ).first()
    assert "reviewed" in to_seller.subject and "Mantap" in to_seller.body_text
    services.answer_review(shop.owner, review, "Terima kasih!")
    commit()
    to_buyer = db.session.scalars(
        select(Outbox).where(Outbox.recipient == "pembeli@example.id").order_by(Outbox.id.desc())
    ).first()
    assert "answered your review" in to_buyer.subject and "Terima kasih!" in to_buyer.body_text
