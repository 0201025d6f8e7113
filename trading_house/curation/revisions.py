"""Revisions of published listings (DESIGN.md §4): buyers keep the approved version meanwhile.

    (new) ─► pending ─► approved (applied to the product) | rejected | changes_requested
                 │                                              └─► pending (fixed) | withdrawn
                 └─► withdrawn (the SME discards it)
    (new) ─► auto_approved (a price/stock change within the admin's limits, applied at once)

Stock is operational (orders move it while a revision waits), so a stock change beyond the limit
is stored as a target and applied as a difference when the revision is approved.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select, update

from trading_house.catalog import services as catalog
from trading_house.catalog.models import Category, Product
from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, InvalidTransition
from trading_house.core.labels import status_label
from trading_house.curation import content, prechecks
from trading_house.curation.models import OPEN_REVISION_STATUSES, ProductRevision, RevisionEvent
from trading_house.curation.settings import get_settings
from trading_house.extensions import db

PENDING = "pending"
CHANGES_REQUESTED = "changes_requested"
APPROVED = "approved"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
AUTO_APPROVED = "auto_approved"

#: from status -> the statuses it may move to (None: a new revision).
TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({PENDING, AUTO_APPROVED}),
    PENDING: frozenset({APPROVED, CHANGES_REQUESTED, REJECTED, WITHDRAWN}),
    CHANGES_REQUESTED: frozenset({PENDING, WITHDRAWN}),
    APPROVED: frozenset(),
    REJECTED: frozenset(),
    WITHDRAWN: frozenset(),
    AUTO_APPROVED: frozenset(),
}
#: Fields that may change without review, within the admin's limits.
FAST_FIELDS = frozenset({"retail_price_idr", "tiers"})


class PrecheckFailed(DomainError):
    """The proposed content has blocking pre-check problems (``report`` lists them)."""

    def __init__(self, report):
        super().__init__(_l("Please fix the problems marked below before sending the changes."))
        self.report = report


@dataclass
class EditResult:
    #: "review" (sent to the curators), "published" (applied at once), "withdrawn", "unchanged"
    outcome: str
    revision: ProductRevision | None = None
    stock_applied: bool = False


def set_revision_status(revision: ProductRevision, to: str, *, actor, note=None) -> RevisionEvent:
    """The one transition function of revisions: check the table, set, append the event."""
    current = revision.status
    if to not in TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(
            _l(
                "Proposed changes that are “%(current)s” cannot become “%(target)s”.",
                current=status_label(current or "draft"),
                target=status_label(to),
            )
        )
    event = RevisionEvent(
        revision=revision,
        actor_id=getattr(actor, "id", None),
        from_status=current,
        to_status=to,
        note=note or None,
    )
    revision.status = to
    if to in (APPROVED, REJECTED, AUTO_APPROVED):
        revision.decided_at = utcnow()
    if to == PENDING:
        revision.submitted_at = utcnow()
    db.session.add(event)
    db.session.flush()
    return event


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
    settings = get_settings()
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
        return EditResult("unchanged", stock_applied=stock_applied)
    if revision is None and stock_free and _within_limits(published, proposed, changed, settings):
        return EditResult("published", _auto_approve(product, published, proposed, changed, actor))
    if revision is not None and not changed and stock_free:
        set_revision_status(revision, WITHDRAWN, actor=actor, note="reverted")
        return EditResult("withdrawn", revision, stock_applied)

    category = db.session.get(Category, proposed["category_id"])
    report = prechecks.check_listing(proposed, product.photos, category)
    if not report.ok:
        raise PrecheckFailed(report)
    stored = dict(proposed)
    if not stock_free:
        stored["stock"] = new_stock
    base = dict(published, stock=product.stock)
    if revision is None:
        revision = ProductRevision(
            product_id=product.id,
            number=_next_number(product.id),
            status=None,
            data=stored,
            base_data=base,
            base_updated_at=product.updated_at,
            created_by_id=getattr(actor, "id", None),
            version=1,
        )
        db.session.add(revision)
        set_revision_status(revision, PENDING, actor=actor)
    else:
        revision.data = stored
        revision.base_data = base
        revision.base_updated_at = product.updated_at
        revision.version += 1
        if revision.status == CHANGES_REQUESTED:
            set_revision_status(revision, PENDING, actor=actor, note="resubmitted")
    db.session.flush()
    return EditResult("review", revision, stock_applied)


def withdraw(revision: ProductRevision, *, actor) -> None:
    """The SME discards its proposed changes; the published version stays as it is."""
    set_revision_status(revision, WITHDRAWN, actor=actor)


def apply(revision: ProductRevision, *, actor) -> None:
    """Approval: write the revision into the product row buyers see (same transaction)."""
    product = revision.product
    data = {k: v for k, v in revision.data.items() if k != "stock"}
    data["tiers"] = [tuple(t) for t in data.get("tiers") or []]
    catalog.apply_content(product, data)
    if "stock" in revision.data:
        _apply_stock_delta(product, revision.data["stock"] - revision.base_data.get("stock", 0))
    set_revision_status(revision, APPROVED, actor=actor)


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
    revision = ProductRevision(
        product_id=product.id,
        number=_next_number(product.id),
        status=None,
        data=proposed,
        base_data=published,
        base_updated_at=product.updated_at,
        created_by_id=getattr(actor, "id", None),
        version=1,
    )
    db.session.add(revision)
    set_revision_status(revision, AUTO_APPROVED, actor=actor, note="within limits")
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
