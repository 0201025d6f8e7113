"""Read-only: published reviews of a product or enterprise, their averages, the report queue."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from trading_house.extensions import db
from trading_house.reviews.models import ASPECTS, ReportStatus, Review, ReviewReport, ReviewStatus

#: The overall rating of one review: the mean of its four aspects.
OVERALL = (Review.quality + Review.accuracy + Review.packaging + Review.communication) / 4.0


@dataclass(frozen=True)
class Summary:
    """Averages (1–5, one decimal) of published reviews, and how many there are."""

    count: int
    overall: float | None
    aspects: dict[str, float]

    @property
    def has_reviews(self) -> bool:
        return self.count > 0


def _summary_statement(condition: ColumnElement[bool]) -> Select:
    return select(
        func.count(Review.id),
        func.avg(OVERALL),
        *(func.avg(getattr(Review, aspect)) for aspect in ASPECTS),
    ).where(condition, Review.status == ReviewStatus.PUBLISHED)


def _summary(row) -> Summary:
    count, overall, *aspects = row
    if not count:
        return Summary(0, None, {})
    return Summary(
        count,
        round(float(overall), 1),
        {aspect: round(float(value), 1) for aspect, value in zip(ASPECTS, aspects, strict=True)},
    )


def summary_where(condition: ColumnElement[bool]) -> Summary:
    return _summary(db.session.execute(_summary_statement(condition)).one())


def _published_statement(condition: ColumnElement[bool], limit: int) -> Select:
    return (
        select(Review)
        .where(condition, Review.status == ReviewStatus.PUBLISHED)
        # Not the buyers: a review is signed "a verified buyer", and a public page has no
        # business loading their accounts.
        .options(selectinload(Review.photos), joinedload(Review.enterprise))
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(limit)
    )


#: A product page's, built once (building a statement costs more than running it).
_OF_PRODUCT = Review.product_id == bindparam("product_id")
_PRODUCT_SUMMARY = _summary_statement(_OF_PRODUCT)
_PRODUCT_REVIEWS = _published_statement(_OF_PRODUCT, limit=20)


def product_summary(product_id: int) -> Summary:
    return _summary(db.session.execute(_PRODUCT_SUMMARY, {"product_id": product_id}).one())


def enterprise_summary(enterprise_id: int) -> Summary:
    return summary_where(Review.enterprise_id == enterprise_id)


def published(condition: ColumnElement[bool], limit: int = 20) -> list[Review]:
    return list(db.session.scalars(_published_statement(condition, limit)))


def product_reviews(product_id: int) -> list[Review]:
    """The latest 20 published reviews of a product."""
    return list(db.session.scalars(_PRODUCT_REVIEWS, {"product_id": product_id}))


def reviews_by_line(line_ids: list[int]) -> dict[int, Review]:
    if not line_ids:
        return {}
    stmt = select(Review).where(Review.order_line_id.in_(line_ids))
    return {review.order_line_id: review for review in db.session.scalars(stmt)}


def rated_product_ids(min_rating: float) -> Select:
    """Ids of products whose published reviews average at least ``min_rating`` (catalog filter)."""
    return (
        select(Review.product_id)
        .where(Review.status == ReviewStatus.PUBLISHED, Review.product_id.is_not(None))
        .group_by(Review.product_id)
        .having(func.avg(OVERALL) >= min_rating)
    )


def report_queue(status: str = ReportStatus.OPEN, limit: int = 100) -> list[ReviewReport]:
    stmt = (
        select(ReviewReport)
        .where(ReviewReport.status == status)
        .options(selectinload(ReviewReport.review).selectinload(Review.photos))
        .order_by(ReviewReport.created_at, ReviewReport.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def enterprise_reviews(enterprise_ids: list[int], limit: int = 100) -> list[Review]:
    """The reviews of the SME's enterprises, unanswered first."""
    if not enterprise_ids:
        return []
    stmt = (
        select(Review)
        .where(Review.enterprise_id.in_(enterprise_ids))
        .options(selectinload(Review.photos))
        .order_by(Review.answer.is_not(None), Review.created_at.desc(), Review.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
