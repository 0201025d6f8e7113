"""Reviews of received order lines, their photos, the SME's one answer, and reports on them.

A review belongs to exactly one order line (unique): the buyer who received that line rates the
product (quality, accuracy, packaging) and the enterprise (communication) in one go.
"""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.lifecycle import CanMove, Lifecycle, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model, db

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.catalog.models import Product
    from trading_house.enterprises.models import Enterprise
    from trading_house.orders.models import OrderLine


#: The four things a buyer rates, 1 to 5 stars each.
ASPECTS = ("quality", "accuracy", "packaging", "communication")


class ReviewStatus(StrEnum):
    PUBLISHED = "published"
    #: Taken down by a curator after a report (kept, never deleted: the decision is on record).
    HIDDEN = "hidden"


REVIEW_LIFECYCLE = Lifecycle(
    name="review",
    statuses=ReviewStatus,
    table={
        ReviewStatus.PUBLISHED: {ReviewStatus.HIDDEN},
        ReviewStatus.HIDDEN: {ReviewStatus.PUBLISHED},
    },
    labels={ReviewStatus.PUBLISHED: _l("Published"), ReviewStatus.HIDDEN: _l("Hidden")},
)


class ReportStatus(StrEnum):
    OPEN = "open"
    #: The curator agreed: the review is hidden.
    UPHELD = "upheld"
    DISMISSED = "dismissed"


REPORT_LIFECYCLE = Lifecycle(
    name="review_report",
    statuses=ReportStatus,
    table={
        ReportStatus.OPEN: {ReportStatus.UPHELD, ReportStatus.DISMISSED},
        ReportStatus.UPHELD: set(),
        ReportStatus.DISMISSED: set(),
    },
    labels={
        ReportStatus.OPEN: _l("Open"),
        ReportStatus.UPHELD: _l("Upheld"),
        ReportStatus.DISMISSED: _l("Dismissed"),
    },
)

REPORT_REASONS = {
    "not_genuine": _l("Not a genuine purchase or paid for"),
    "offensive": _l("Offensive or abusive"),
    "off_topic": _l("Not about the product or the seller"),
    "personal_data": _l("Contains personal data"),
    "other": _l("Something else"),
}


class Review(TimestampMixin, Model):
    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(status_check(ReviewStatus), name="status_known"),
        *(
            CheckConstraint(f"{aspect} BETWEEN 1 AND 5", name=f"{aspect}_in_range")
            for aspect in ASPECTS
        ),
    )
    LIFECYCLE = REVIEW_LIFECYCLE

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One review per order line, ever.
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("order_lines.id", ondelete="CASCADE"), unique=True
    )
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: NULL once the product is deleted; the enterprise's averages keep the review.
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="SET NULL"), index=True
    )
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=ReviewStatus.PUBLISHED, index=True)
    quality: Mapped[int] = mapped_column(SmallInteger)
    accuracy: Mapped[int] = mapped_column(SmallInteger)
    packaging: Mapped[int] = mapped_column(SmallInteger)
    communication: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(Text, default="")
    #: Last edit by the buyer (edits are possible for 60 days after the review was written).
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The enterprise's one public answer.
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    buyer: Mapped["User"] = relationship(foreign_keys=[buyer_id])  # noqa: F821
    product: Mapped["Product | None"] = relationship()  # noqa: F821
    enterprise: Mapped["Enterprise"] = relationship()  # noqa: F821
    line: Mapped["OrderLine"] = relationship()  # noqa: F821
    photos: Mapped[list["ReviewPhoto"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewPhoto.position"
    )
    reports: Mapped[list["ReviewReport"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewReport.id"
    )

    is_published = StatusIs(ReviewStatus.PUBLISHED)
    is_hidden = StatusIs(ReviewStatus.HIDDEN)
    can_hide = CanMove(ReviewStatus.HIDDEN)
    can_restore = CanMove(ReviewStatus.PUBLISHED)

    @property
    def overall(self) -> float:
        return sum(getattr(self, aspect) for aspect in ASPECTS) / len(ASPECTS)

    @property
    def is_answered(self) -> bool:
        return self.answer is not None


class ReviewPhoto(TimestampMixin, Model):
    """A buyer's photo: private original, public WebP variants (the product photo pipeline)."""

    __tablename__ = "review_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    original_key: Mapped[str] = mapped_column(String(255))
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    #: {"400": "p/ab/…-400.webp", …}; empty until the variant job ran.
    variants: Mapped[dict] = mapped_column(db.JSON, default=dict)

    review: Mapped[Review] = relationship(back_populates="photos")


class ReviewReport(TimestampMixin, Model):
    """Someone (a buyer, the SME) asks the curators to look at a review."""

    __tablename__ = "review_reports"
    __table_args__ = (
        CheckConstraint(status_check(ReportStatus), name="status_known"),
        UniqueConstraint("review_id", "reporter_id", name="uq_review_reports_review_reporter"),
    )
    LIFECYCLE = REPORT_LIFECYCLE

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=ReportStatus.OPEN, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    review: Mapped[Review] = relationship(back_populates="reports")
    reporter: Mapped["User"] = relationship(foreign_keys=[reporter_id])  # noqa: F821

    is_open = StatusIs(ReportStatus.OPEN)
    can_decide = CanMove(ReportStatus.UPHELD, ReportStatus.DISMISSED)

    @property
    def reason_label(self) -> str:
        return str(REPORT_REASONS.get(self.reason, self.reason))
