"""Revisions of published listings (DESIGN.md §4): buyers keep the approved version meanwhile.

    (new) ─► pending ─► approved (applied to the product) | rejected | changes_requested
                 │                                              └─► pending (fixed) | withdrawn
                 └─► withdrawn (the SME discards it)
    (new) ─► auto_approved (a price/stock change within the admin's limits, applied at once)

Stock is operational (orders move it while a revision waits), so a stock change beyond the limit
is stored as a target and applied as a difference when the revision is approved.
"""

from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select, update

from trading_house.catalog import services as catalog
from trading_house.catalog.models import Category, Product
from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, InvalidTransition
from trading_house.core.lifecycle import record_creation, transition
from trading_house.curation import content, prechecks
from trading_house.curation.models import ProductRevision, RevisionEvent
from trading_house.curation.settings import curation_settings
from trading_house.curation.status import (
    FIRST_STATUSES,
    OPEN_REVISION_STATUSES,
    REVISION_LIFECYCLE,
    RevisionStatus,
)
from trading_house.extensions import db

# The old names, for callers outside curation.
PENDING = RevisionStatus.PENDING
CHANGES_REQUESTED = RevisionStatus.CHANGES_REQUESTED
APPROVED = RevisionStatus.APPROVED
REJECTED = RevisionStatus.REJECTED
WITHDRAWN = RevisionStatus.WITHDRAWN
AUTO_APPROVED = RevisionStatus.AUTO_APPROVED

#: Fields that may change without review, within the admin's limits.
FAST_FIELDS = frozenset({"retail_price_idr", "tiers"})


class PrecheckFailed(DomainError):
    """The proposed content has blocking pre-check problems (``report`` lists them)."""

    def __init__(self, report):
        super().__init__(_l("Please fix the problems marked below before sending the changes."))
        self.report = report


class EditOutcome(StrEnum):
    """What became of an SME's edit of a published listing (not a status)."""

    REVIEW = "review"  # sent to the curators
    PUBLISHED = "published"  # applied at once (within the limits)
    WITHDRAWN = "withdrawn"  # the open revision was taken back (the edit reverted it)
    UNCHANGED = "unchanged"


@dataclass
class EditResult:
    outcome: EditOutcome
    revision: ProductRevision | None = None
    stock_applied: bool = False


def move_revision(revision: ProductRevision, to: str, *, actor, note=None) -> RevisionEvent:
    """Move a revision through its lifecycle (compare-and-set, with its event row).

    Raises ``InvalidTransition`` for a move the table does not allow, and ``StaleTransition``
    when another request moved the revision first.
    """
    if not REVISION_LIFECYCLE.can(revision.status, to):
        raise InvalidTransition(
            _l(
                "Proposed changes that are “%(current)s” cannot become “%(target)s”.",
                current=REVISION_LIFECYCLE.label(revision.status),
                target=REVISION_LIFECYCLE.label(to),
            )
        )
    return transition(revision, to, actor=actor, reason=note)


#: The old name, for callers outside this module.
set_revision_status = move_revision


def _new_revision(product: Product, status: str, data: dict, base: dict, *, actor, note=None):
    """A new revision in its first status (pending or auto-approved), with its creation event."""
    if status not in FIRST_STATUSES:
        raise ValueError(status)
    now = utcnow()
    revision = ProductRevision(
        product_id=product.id,
        number=_next_number(product.id),
        status=status,
        data=data,
        base_data=base,
        base_updated_at=product.updated_at,
        created_by_id=getattr(actor, "id", None),
        version=1,
        submitted_at=now if status == PENDING else None,
        decided_at=now if status == AUTO_APPROVED else None,
    )
    db.session.add(revision)
    record_creation(revision, actor=actor, reason=note)
    return revision


def open_revision(product_id: int) -> ProductRevision | None:
    return db.session.scalar(
        select(ProductRevision).where(
            ProductRevision.product_id == product_id,
            ProductRevision.status.in_(OPEN_REVISION_STATUSES),
        )
    )


def revisions_of(product_id: int) -> list[ProductRevision]:
    return list(
        db.session.scalars(
            select(ProductRevision)
            .where(ProductRevision.product_id == product_id)
            .order_by(ProductRevision.number.desc())
        )
    )


def proposed_form_data(product: Product) -> dict | None:
    """The open revision's values (plus the current stock) to prefill the edit form."""
    revision = open_revision(product.id)
    if revision is None:
        return None
    data = dict(revision.data)
    data["stock"] = revision.data.get("stock", product.stock)
    return data


def save_published_edit(product: Product, data: dict, *, actor) -> EditResult:
    """An SME edits a published (or suspended) listing.

    Price and stock changes within the admin's limits apply at once; anything else becomes (or
    updates) the listing's open revision, which waits for a curator while buyers keep seeing and
    buying the approved version.
    """
    if product.status not in catalog.PUBLISHED:
        raise InvalidTransition(_l("Only a published listing gets revisions."))
    catalog.check_product_data(product.enterprise_id, data, product_id=product.id)
    settings = curation_settings()
    published = content.content_of(product)
    proposed = content.normalise(data)
    changed = content.changed_fields(published, proposed)
    new_stock = int(data.get("stock") or 0)
    stock_delta = new_stock - product.stock
    limit = settings.stock_change_limit
    stock_free = stock_delta == 0 or limit is None or abs(stock_delta) <= limit
    revision = open_revision(product.id)

    stock_applied = False
    if stock_delta and stock_free:
        stock_applied = _apply_stock_delta(product, stock_delta)
    if revision is None and not changed and stock_free:
        return EditResult(EditOutcome.UNCHANGED, stock_applied=stock_applied)
    if revision is None and stock_free and _within_limits(published, proposed, changed, settings):
        return EditResult(
            EditOutcome.PUBLISHED, _auto_approve(product, published, proposed, changed, actor)
        )
    if revision is not None and not changed and stock_free:
        move_revision(revision, WITHDRAWN, actor=actor, note="reverted")
        return EditResult(EditOutcome.WITHDRAWN, revision, stock_applied)

    category = db.session.get(Category, proposed["category_id"])
    report = prechecks.check_listing(proposed, product.photos, category)
    if not report.ok:
        raise PrecheckFailed(report)
    stored = dict(proposed)
    if not stock_free:
        stored["stock"] = new_stock
    base = dict(published, stock=product.stock)
    if revision is None:
        revision = _new_revision(product, PENDING, stored, base, actor=actor)
    else:
        revision.data = stored
        revision.base_data = base
        revision.base_updated_at = product.updated_at
        revision.version += 1
        if revision.status == CHANGES_REQUESTED:
            move_revision(revision, PENDING, actor=actor, note="resubmitted")
    db.session.flush()
    return EditResult(EditOutcome.REVIEW, revision, stock_applied)


def withdraw(revision: ProductRevision, *, actor) -> None:
    """The SME discards its proposed changes; the published version stays as it is."""
    move_revision(revision, WITHDRAWN, actor=actor)


def apply_revision(revision: ProductRevision, *, actor) -> None:
    """Approval: write the revision into the product row buyers see (same transaction)."""
    product = revision.product
    data = {k: v for k, v in revision.data.items() if k != "stock"}
    data["tiers"] = [tuple(t) for t in data.get("tiers") or []]
    catalog.apply_content(product, data)
    if "stock" in revision.data:
        _apply_stock_delta(product, revision.data["stock"] - revision.base_data.get("stock", 0))
    move_revision(revision, APPROVED, actor=actor)


def _within_limits(published: dict, proposed: dict, changed: list[str], settings) -> bool:
    """Only the price and the tier prices moved, each by at most the admin's percentage."""
    if not changed or not set(changed) <= FAST_FIELDS:
        return False
    percent = settings.price_change_percent

    def close(old: int, new: int) -> bool:
        return abs(new - old) * 100 <= percent * old

    if not close(published["retail_price_idr"], proposed["retail_price_idr"]):
        return False
    old_tiers, new_tiers = published["tiers"], proposed["tiers"]
    if [q for q, _ in old_tiers] != [q for q, _ in new_tiers]:
        return False
    return all(close(o[1], n[1]) for o, n in zip(old_tiers, new_tiers, strict=True))


def _auto_approve(product, published, proposed, changed, actor) -> ProductRevision:
    revision = _new_revision(
        product, AUTO_APPROVED, proposed, published, actor=actor, note="within limits"
    )
    data = dict(proposed)
    data["tiers"] = [tuple(t) for t in proposed["tiers"]]
    catalog.apply_content(product, data)
    audit.record("curation.published_within_limits", actor=actor, subject=product, fields=changed)
    return revision


def _apply_stock_delta(product: Product, delta: int) -> bool:
    """Add ``delta`` to the live stock in SQL (never below zero), so sales meanwhile count."""
    if not delta:
        return False
    db.session.execute(
        update(Product)
        .where(Product.id == product.id)
        .values(stock=case((Product.stock + delta < 0, 0), else_=Product.stock + delta))
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(product, attribute_names=["stock", "updated_at"])
    return True


def _next_number(product_id: int) -> int:
    current = db.session.scalar(
        select(func.max(ProductRevision.number)).where(ProductRevision.product_id == product_id)
    )
    return (current or 0) + 1


#: The old name (tests).
apply = apply_revision
