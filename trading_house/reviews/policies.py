"""Who may review which order line, answer which review, report and moderate.

The eligibility rule in one place (pages, the order panel and the services all ask it): only
the buyer of an order line they received — they confirmed receipt of its shipment, or the
dispute-free hold after delivery (``orders.disputes.hold_days``) has passed — with no dispute
open on it, paid for (not a free line), not refunded in full, of a product still on record, and
sold by an enterprise they are not a member of. Once per line.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.policies import is_staff
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, NotFound, PermissionDenied
from trading_house.enterprises.models import Membership
from trading_house.extensions import db
from trading_house.orders.dispute_models import Dispute, DisputeStatus, ReceiptConfirmation
from trading_house.orders.disputes import RECEIVABLE, hold_days
from trading_house.orders.models import OrderLine
from trading_house.orders.status import FulfilmentStatus
from trading_house.reviews.models import Review

#: A review may be changed by its author for this long after it was written, then never.
EDIT_WINDOW = timedelta(days=60)


class NotEligible(DomainError):
    """This buyer may not review this line; ``message`` says why."""


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reason: object = None  # a lazy, translated message when not allowed
    #: Not yet, but soon: the shipment reached the buyer, who can confirm receipt or is waiting
    #: for the decision on a dispute (the order page says so).
    pending: bool = False


def _received(line: OrderLine, now) -> bool:
    """The buyer confirmed receipt of the line's shipment, or the hold after delivery passed."""
    fulfilment = line.fulfilment
    confirmed = db.session.scalar(
        select(ReceiptConfirmation.id).where(ReceiptConfirmation.fulfilment_id == fulfilment.id)
    )
    if confirmed is not None:
        return True
    delivered_at = fulfilment.delivered_at
    return delivered_at is not None and now >= delivered_at + timedelta(days=hold_days())


def _disputed(line: OrderLine) -> bool:
    return (
        db.session.scalar(
            select(Dispute.id).where(
                Dispute.order_line_id == line.id, Dispute.status == DisputeStatus.OPEN
            )
        )
        is not None
    )


def _is_member(user, enterprise_id: int) -> bool:
    return (
        db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id, Membership.enterprise_id == enterprise_id
            )
        )
        is not None
    )


def eligibility(user, line: OrderLine, now=None) -> Eligibility:
    """Whether ``user`` may write a review of ``line`` now, and if not, why not."""
    if line.order.buyer_id != getattr(user, "id", None):
        return Eligibility(False, _l("Only the buyer of this order can review it."))
    if line.fulfilment.status not in RECEIVABLE:
        if line.fulfilment.status == FulfilmentStatus.CANCELLED:
            return Eligibility(False, _l("This shipment was cancelled, so it cannot be reviewed."))
        return Eligibility(
            False, _l("You can review this product once its delivery has been confirmed.")
        )
    if _disputed(line):
        return Eligibility(
            False, _l("You can review this line once your dispute about it is decided."), True
        )
    if not _received(line, now or utcnow()):
        return Eligibility(
            False,
            _l("Confirm you received it first: then you can review it."),
            pending=True,
        )
    if line.remaining_quantity <= 0:
        return Eligibility(False, _l("This line was refunded in full, so it cannot be reviewed."))
    if line.line_total_minor <= 0:
        return Eligibility(False, _l("Only paid purchases can be reviewed, not free items."))
    if line.product_id is None:
        return Eligibility(False, _l("This product is no longer listed."))
    if _is_member(user, line.enterprise_id):
        return Eligibility(False, _l("You cannot review your own enterprise's products."))
    if db.session.scalar(select(Review.id).where(Review.order_line_id == line.id)):
        return Eligibility(False, _l("You have already reviewed this purchase."))
    return Eligibility(True)


def require_eligible(user, line: OrderLine) -> None:
    verdict = eligibility(user, line)
    if not verdict.allowed:
        raise NotEligible(verdict.reason)


def buyer_line(user, line_id) -> OrderLine:
    """An order line of the user's own orders; any other is ``NotFound`` (404)."""
    from trading_house.orders.models import Order

    try:
        line_id = int(line_id)
    except (TypeError, ValueError):
        raise NotFound(_l("Order line not found.")) from None
    line = db.session.scalar(
        select(OrderLine)
        .join(Order, Order.id == OrderLine.order_id)
        .where(OrderLine.id == line_id, Order.buyer_id == user.id)
    )
    if line is None:
        raise NotFound(_l("Order line not found."))
    return line


def own_review(user, review_id) -> Review:
    review = db.session.get(Review, review_id)
    if review is None or review.buyer_id != user.id:
        raise NotFound(_l("Review not found."))
    return review


def can_edit(user, review: Review, now=None) -> bool:
    now = now or utcnow()
    return review.buyer_id == getattr(user, "id", None) and now - review.created_at < EDIT_WINDOW


def require_edit(user, review: Review, now=None) -> None:
    if review.buyer_id != getattr(user, "id", None):
        raise NotFound(_l("Review not found."))
    if not can_edit(user, review, now):
        raise PermissionDenied(
            _l("A review can be changed for 60 days after it was written; this one is older.")
        )


def seller_review(user, review_id) -> Review:
    """A review of one of the user's enterprises (to answer it); any other is ``NotFound``."""
    review = db.session.get(Review, review_id)
    if review is None or not _is_member(user, review.enterprise_id):
        raise NotFound(_l("Review not found."))
    return review


def can_answer(user, review: Review) -> bool:
    return not review.is_answered and _is_member(user, review.enterprise_id)


def can_report(user, review: Review) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and review.buyer_id != user.id


def require_moderator(user) -> None:
    if not is_staff(user):
        raise PermissionDenied(_l("Only curators and administrators can do that."))
