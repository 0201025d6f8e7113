"""Reviews: write (once per received line), edit (for 60 days), answer (once), photos, reports
and their moderation. Services flush, never commit."""

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.core.images import inspect_upload, render_variants, variant_key
from trading_house.core.lifecycle import record_creation, transition
from trading_house.core.storage import private_storage, public_storage
from trading_house.core.tx import after_commit, changed_rows, delete_on_rollback
from trading_house.extensions import db
from trading_house.orders.models import OrderLine
from trading_house.reviews import notify, policies
from trading_house.reviews.models import (
    ASPECTS,
    REPORT_REASONS,
    ReportStatus,
    Review,
    ReviewPhoto,
    ReviewReport,
    ReviewStatus,
)

MAX_PHOTOS = 4
MAX_TEXT = 4000
MAX_ANSWER = 2000
EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}


class ReviewRefused(DomainError):
    """A review, answer or report the rules do not allow; ``message`` says why."""


@dataclass(frozen=True)
class Stars:
    quality: int
    accuracy: int
    packaging: int
    communication: int

    def check(self) -> None:
        for aspect in ASPECTS:
            value = getattr(self, aspect)
            if not isinstance(value, int) or not 1 <= value <= 5:
                raise ReviewRefused(_l("Give 1 to 5 stars."), field=aspect)


def _clean(text: str | None, limit: int) -> str:
    text = (text or "").replace("\x00", "").strip()
    if len(text) > limit:
        raise ReviewRefused(_l("At most %(n)s characters, please.", n=limit), field="text")
    return text


def write_review(
    buyer, line: OrderLine, stars: Stars, text: str, photos: Sequence[bytes] = ()
) -> Review:
    """The buyer's review of a received line (product and enterprise), with optional photos."""
    policies.require_eligible(buyer, line)
    stars.check()
    review = Review(
        order_line_id=line.id,
        buyer_id=buyer.id,
        product_id=line.product_id,
        enterprise_id=line.enterprise_id,
        status=ReviewStatus.PUBLISHED,
        text=_clean(text, MAX_TEXT),
        **{aspect: getattr(stars, aspect) for aspect in ASPECTS},
    )
    db.session.add(review)
    try:
        db.session.flush()
    except IntegrityError:
        # Two tabs submitted the same line at once: the unique order_line_id kept one. (No
        # savepoint: on SQLite a savepoint opened first would commit when released.)
        raise ReviewRefused(_l("You have already reviewed this purchase.")) from None
    record_creation(review, actor=buyer)
    for data in photos:
        add_review_photo(review, data)
    notify.review_written(review)
    return review


def edit_review(buyer, review: Review, stars: Stars, text: str, now=None) -> Review:
    """Change stars and text, within 60 days of writing."""
    policies.require_edit(buyer, review, now)
    stars.check()
    for aspect in ASPECTS:
        setattr(review, aspect, getattr(stars, aspect))
    review.text = _clean(text, MAX_TEXT)
    review.edited_at = now or utcnow()
    db.session.flush()
    return review


def add_review_photo(review: Review, data: bytes) -> ReviewPhoto:
    """Validate by decoding, keep the original privately, render public variants after commit."""
    if len(review.photos) >= MAX_PHOTOS:
        raise ReviewRefused(
            _l("A review can have at most %(n)s photos.", n=MAX_PHOTOS), field="photos"
        )
    max_bytes = current_app.config.get("MAX_IMAGE_BYTES", 20 * 1024 * 1024)
    info = inspect_upload(data, max_bytes=max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    key = (
        f"reviews/{digest[:2]}/{digest}-{secrets.token_hex(8)}.{EXTENSIONS.get(info.format, 'img')}"
    )
    storage = private_storage()
    storage.save(key, data)
    delete_on_rollback(storage, key)
    photo = ReviewPhoto(
        original_key=key,
        width=info.width,
        height=info.height,
        position=len(review.photos),
        variants={},
    )
    review.photos.append(photo)
    db.session.flush()
    after_commit(render_review_photo, photo.id)
    return photo


def render_review_photo(photo_id: int) -> None:
    """The job: public WebP variants of one review photo (safe to run twice)."""
    photo = db.session.get(ReviewPhoto, photo_id)
    if photo is None:
        return
    try:
        data = private_storage().read(photo.original_key)
    except FileNotFoundError:
        return
    storage = public_storage()
    variants = {}
    for width, content in sorted(render_variants(data, widths=(400, 800)).items()):
        key = variant_key(content, width)
        if not storage.exists(key):
            storage.save(key, content)
            delete_on_rollback(storage, key)
        variants[str(width)] = key
    photo.variants = variants
    db.session.flush()


def answer_review(actor, review: Review, text: str) -> Review:
    """The enterprise's one public answer; a second one is refused even from two tabs."""
    text = _clean(text, MAX_ANSWER)
    if not text:
        raise ReviewRefused(_l("Write your answer first."), field="text")
    # Conditional UPDATE: of two answers sent at the same moment only one is written.
    now = utcnow()
    result = db.session.execute(
        update(Review)
        .where(Review.id == review.id, Review.answer.is_(None))
        .values(answer=text, answered_at=now, answered_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if changed_rows(result) != 1:
        db.session.refresh(review)
        raise ReviewRefused(_l("This review has already been answered; an answer is final."))
    db.session.refresh(review)
    notify.review_answered(review)
    return review


def report_review(reporter, review: Review, reason: str, note: str) -> ReviewReport:
    """Ask the curators to look at a review (once per person and review)."""
    if not policies.can_report(reporter, review):
        raise ReviewRefused(_l("You cannot report your own review."))
    if reason not in REPORT_REASONS:
        raise ReviewRefused(_l("Choose a reason."), field="reason")
    report = ReviewReport(
        review_id=review.id,
        reporter_id=reporter.id,
        reason=reason,
        note=_clean(note, MAX_ANSWER),
        status=ReportStatus.OPEN,
    )
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:
        raise ReviewRefused(_l("You have already reported this review.")) from None
    record_creation(report, actor=reporter)
    return report


def decide_report(curator, report: ReviewReport, *, uphold: bool, reason: str = "") -> None:
    """A curator's decision: uphold (the review is hidden) or dismiss (it stays)."""
    policies.require_moderator(curator)
    to = ReportStatus.UPHELD if uphold else ReportStatus.DISMISSED
    transition(
        report,
        to,
        actor=curator,
        reason=reason or None,
        decided_at=utcnow(),
        decided_by_id=curator.id,
    )
    review = report.review
    if uphold and review.can_hide:
        transition(review, ReviewStatus.HIDDEN, actor=curator, reason=reason or None)
        # The other open reports of the same review are answered by this decision.
        for other in review.reports:
            if other.id != report.id and other.is_open:
                transition(
                    other,
                    ReportStatus.UPHELD,
                    actor=curator,
                    decided_at=utcnow(),
                    decided_by_id=curator.id,
                )


def restore_review(curator, review: Review, reason: str = "") -> None:
    policies.require_moderator(curator)
    transition(review, ReviewStatus.PUBLISHED, actor=curator, reason=reason or None)


def open_report_count() -> int:
    return (
        db.session.scalar(
            select(func.count(ReviewReport.id)).where(ReviewReport.status == ReportStatus.OPEN)
        )
        or 0
    )
