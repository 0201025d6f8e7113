"""E-mails about reviews, queued in the outbox inside the transaction that made the change:
the enterprise's members hear of a new review (to answer it), the buyer of the answer."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.core.i18n import user_locale
from trading_house.core.mail import queue_email
from trading_house.core.urls import public_url
from trading_house.enterprises.models import Membership
from trading_house.extensions import db
from trading_house.reviews.models import Review


def review_written(review: Review) -> None:
    members = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.enterprise_id == review.enterprise_id, User.active.is_(True))
    )
    for user in members:
        queue_email(
            user.email,
            _l("A buyer reviewed %(product)s", product=review.line.name),
            "review_written",
            locale=user_locale(user),
            user=user,
            review=review,
            link=public_url("reviews.my_reviews"),
        )


def review_answered(review: Review) -> None:
    buyer = review.buyer
    queue_email(
        buyer.email,
        _l("%(name)s answered your review", name=review.enterprise.name),
        "review_answered",
        locale=user_locale(buyer),
        user=buyer,
        review=review,
        link=public_url("orders.order_detail", number=review.line.order.number),
    )
