"""Curation use cases: submit, decide (approve / request changes / reject), suspend, reinstate.

Every decision appends one immutable ``Review`` row, moves the listing (or its revision) through
its transition table with an event, notifies the enterprise and gives the claim back — all in
the caller's transaction. Services flush, never commit.
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.catalog import services as catalog
from trading_house.catalog import status as lifecycle
from trading_house.catalog.models import Category, Product, ProductEvent
from trading_house.core.errors import DomainError, InvalidTransition
from trading_house.curation import claims, content, notify, policies, prechecks, revisions
from trading_house.curation.models import DECISIONS, ProductRevision, Review
from trading_house.curation.settings import reasons_for
from trading_house.curation.status import Decision
from trading_house.extensions import db

APPROVE = Decision.APPROVED
REQUEST_CHANGES = Decision.CHANGES_REQUESTED
REJECT = Decision.REJECTED
SUSPEND = Decision.SUSPENDED
REINSTATE = Decision.REINSTATED
MAX_FEEDBACK = 4000


class HistoryNote(StrEnum):
    """The note on a listing's history row for a move the enterprise made (not a status)."""

    WITHDRAWN = "withdrawn"  # taken back from the queue (submitted → draft)


MAX_NOTE = 1000


class StaleDecision(DomainError):
    """The content changed after the curator opened it."""


class PrecheckBlocked(DomainError):
    """Submission refused: the listing has blocking pre-check problems."""

    def __init__(self, report):
        super().__init__(_l("Your listing is not ready yet. Fix the problems listed first."))
        self.report = report


class EmailNotConfirmed(DomainError):
    """Submission refused: the person sending has not confirmed their e-mail address."""


def precheck_guard(product: Product, actor=None) -> None:
    """Registered with the catalog: no listing is submitted with blocking problems, and none
    by someone whose e-mail is unconfirmed: buyers write once it is published, and an SME
    that cannot answer them leaves them waiting (messages need a confirmed address)."""
    if actor is not None and not getattr(actor, "email_verified", True):
        raise EmailNotConfirmed(
            _l(
                "Confirm your e-mail address before you send a listing for review: buyers "
                "write to you once it is published, and you can answer only from a confirmed "
                "address. Use the link we sent you, or ask for a new one."
            )
        )
    report = prechecks.check_product(product)
    if not report.ok:
        raise PrecheckBlocked(report)


def submit_listing(product: Product, *, actor) -> None:
    """The SME sends a draft (or a listing with requested changes) to the curator queue."""
    catalog.submit_product(product, actor=actor)  # runs precheck_guard first


def withdraw_listing(product: Product, *, actor) -> None:
    """The SME takes a waiting listing back to change it (submitted → draft)."""
    if product.status != lifecycle.SUBMITTED:
        raise InvalidTransition(_l("This listing is not waiting for review."))
    lifecycle.set_status(product, lifecycle.DRAFT, actor=actor, note=HistoryNote.WITHDRAWN)
    claims.release(product.id)


def reopen_listing(product: Product, *, actor) -> None:
    """A rejected listing becomes a draft again, to be reworked and sent once more."""
    if product.status != lifecycle.REJECTED:
        raise InvalidTransition(_l("Only a rejected listing can be reopened."))
    lifecycle.set_status(product, lifecycle.DRAFT, actor=actor)


def review_target(product: Product) -> tuple[ProductRevision | None, str | None]:
    """(the revision waiting for review or None, the version token a decision must carry).

    ``(None, None)`` when nothing of this listing is waiting for a decision.
    """
    if product.status == lifecycle.SUBMITTED:
        return None, content.fingerprint(product)
    if product.status in catalog.PUBLISHED:
        revision = revisions.open_revision(product.id)
        if revision is not None and revision.status == revisions.PENDING:
            return revision, revision.version_token
    return None, None


def waiting_since(product: Product, revision: ProductRevision | None):
    """When the item entered the queue."""
    if revision is not None:
        return revision.submitted_at
    return db.session.scalar(
        select(func.max(ProductEvent.created_at)).where(
            ProductEvent.product_id == product.id, ProductEvent.to_status == lifecycle.SUBMITTED
        )
    )


def decide_listing(
    product: Product,
    *,
    curator,
    decision: str,
    seen_version: str | None,
    reasons=(),
    feedback: str | None = None,
    field_notes: dict | None = None,
) -> Review:
    """A curator's decision on what is waiting (the listing, or its revision)."""
    if decision not in (APPROVE, REQUEST_CHANGES, REJECT):
        raise DomainError(_l("Choose approve, request changes or reject."), field="decision")
    policies.require_can_review(curator, product)
    _lock(product)
    revision, current = review_target(product)
    if current is None:
        raise InvalidTransition(_l("This listing is not waiting for a decision any more."))
    claims.claim(product.id, curator)  # take it, or refuse if another curator holds it
    if seen_version != current:
        raise StaleDecision(
            _l(
                "The listing changed after you opened it. Nothing was decided: look at the "
                "current version and decide again."
            )
        )
    codes, feedback, notes = _clean_reasons(decision, reasons, feedback, field_notes)
    if decision == APPROVE:
        _require_prechecks_pass(product, revision)
    since = waiting_since(product, revision)
    snapshot = dict(revision.data) if revision is not None else content.content_of(product)
    if revision is None:
        snapshot["photos"] = content.photo_signature(product)
    if revision is not None:
        if decision == APPROVE:
            revisions.apply_revision(revision, actor=curator)
        else:
            revisions.set_revision_status(revision, decision, actor=curator, note=feedback)
    else:
        lifecycle.set_status(product, decision, actor=curator, note=feedback)
    review = _record_review_event(
        product, revision, curator, decision, codes, feedback, notes, current, snapshot, since
    )
    claims.release(product.id)
    notify.decision_made(product, review)
    return review


def suspend_listing(
    product: Product, *, curator, reasons=(), feedback: str | None = None
) -> Review:
    """Take a published listing off the shop window, with a reason the SME is told."""
    policies.require_can_review(curator, product)
    _lock(product)
    codes, feedback, _notes = _clean_reasons(SUSPEND, reasons, feedback, None)
    lifecycle.set_status(product, lifecycle.SUSPENDED, actor=curator, note=feedback)
    review = _record_review_event(
        product, None, curator, SUSPEND, codes, feedback, {}, content.fingerprint(product)
    )
    notify.decision_made(product, review)
    return review


def reinstate_listing(product: Product, *, curator, feedback: str | None = None) -> Review:
    """Put a suspended listing back on sale (its approved content, unchanged)."""
    policies.require_can_review(curator, product)
    _lock(product)
    feedback = (feedback or "").strip()[:MAX_FEEDBACK] or None
    lifecycle.set_status(product, lifecycle.APPROVED, actor=curator, note=feedback)
    review = _record_review_event(
        product, None, curator, REINSTATE, [], feedback, {}, content.fingerprint(product)
    )
    notify.decision_made(product, review)
    return review


def reviews_of(product_id: int) -> list[Review]:
    return list(
        db.session.scalars(
            select(Review).where(Review.product_id == product_id).order_by(Review.id.desc())
        )
    )


def latest_feedback(product: Product) -> Review | None:
    """The last decision that asked for something (shown to the SME next to the fields)."""
    return db.session.scalar(
        select(Review)
        .where(
            Review.product_id == product.id,
            Review.decision.in_((REQUEST_CHANGES, REJECT, SUSPEND)),
        )
        .order_by(Review.id.desc())
        .limit(1)
    )


def _record_review_event(
    product, revision, curator, decision, codes, feedback, notes, version, snapshot=None, since=None
) -> Review:
    """Append the immutable decision row (it is never updated afterwards)."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    review = Review(
        product_id=product.id,
        revision_id=getattr(revision, "id", None),
        curator_id=curator.id,
        decision=decision,
        reason_codes=list(codes),
        feedback=feedback,
        field_notes=dict(notes),
        content_version=version,
        snapshot=snapshot or {},
        submitted_at=since,
        category_id=product.category_id,
        regency_code=product.origin_regency_code or product.enterprise.regency_code,
    )
    db.session.add(review)
    db.session.flush()
    return review


def _clean_reasons(decision, reasons, feedback, field_notes):
    """Known, active reason codes for this decision; feedback required when saying no."""
    offered = {r.code for r in reasons_for(decision)} if decision != APPROVE else set()
    codes = [c for c in dict.fromkeys(reasons or ()) if c]
    unknown = [c for c in codes if c not in offered]
    if unknown:
        raise DomainError(_l("Choose reasons from the list."), field="reasons")
    feedback = (feedback or "").strip()[:MAX_FEEDBACK] or None
    notes = {
        name: text.strip()[:MAX_NOTE]
        for name, text in (field_notes or {}).items()
        if (name in content.FIELD_LABELS) and text and text.strip()
    }
    if decision != APPROVE and not (codes or feedback or notes):
        raise DomainError(
            _l("Tick at least one reason or write feedback, so the business knows what to do."),
            field="feedback",
        )
    return codes, feedback, notes


def _require_prechecks_pass(product: Product, revision: ProductRevision | None) -> None:
    """Nothing with blocking pre-check problems is published (it may have changed in the queue)."""
    if revision is None:
        report = prechecks.check_product(product)
    else:
        data = content.normalise(revision.data)
        category = db.session.get(Category, data["category_id"]) or product.category
        report = prechecks.check_listing(data, product.photos, category)
    if not report.ok:
        raise DomainError(
            _l("The pre-checks still find blocking problems: request changes instead."),
            field="decision",
        )


def _lock(product: Product) -> None:
    """Re-read the listing under a row lock (PostgreSQL), so concurrent edits wait for us."""
    db.session.execute(select(Product.id).where(Product.id == product.id).with_for_update())
    db.session.refresh(product)


# The old names (tests).
decide = decide_listing
suspend = suspend_listing
reinstate = reinstate_listing
