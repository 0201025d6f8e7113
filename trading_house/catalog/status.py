"""The listing lifecycle (DESIGN.md §4): one transition table and one function that moves a product.

    draft ─► submitted ─► approved (published) ─► suspended ─► approved
                  │  └──► changes_requested ─► submitted
                  └─────► rejected ─► draft
    any state except archived ─► archived ─► draft (restored by its enterprise)

Curation decides submitted → approved | changes_requested | rejected; the catalog only offers
"submit", "archive" and (until curation exists) an admin's publish/unpublish.
"""

from flask_babel import lazy_gettext as _l

from trading_house.catalog.models import Product, ProductEvent
from trading_house.core.clock import utcnow
from trading_house.core.errors import InvalidTransition
from trading_house.extensions import db

DRAFT = "draft"
SUBMITTED = "submitted"
APPROVED = "approved"
CHANGES_REQUESTED = "changes_requested"
REJECTED = "rejected"
SUSPENDED = "suspended"
ARCHIVED = "archived"

#: from status -> the statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({SUBMITTED, ARCHIVED}),
    SUBMITTED: frozenset({APPROVED, CHANGES_REQUESTED, REJECTED, DRAFT, ARCHIVED}),
    CHANGES_REQUESTED: frozenset({SUBMITTED, DRAFT, ARCHIVED}),
    REJECTED: frozenset({DRAFT, ARCHIVED}),
    APPROVED: frozenset({SUSPENDED, ARCHIVED}),
    SUSPENDED: frozenset({APPROVED, ARCHIVED}),
    ARCHIVED: frozenset({DRAFT}),
}

#: Statuses whose content its enterprise may edit (an archived listing is restored first).
EDITABLE = frozenset(TRANSITIONS) - {ARCHIVED}


def can_transition(product: Product, to: str) -> bool:
    return to in TRANSITIONS.get(product.status, frozenset())


def set_status(product: Product, to: str, *, actor, note: str | None = None) -> ProductEvent:
    """Move ``product`` to ``to`` if the table allows it; append the event row in this transaction.

    Raises ``InvalidTransition`` (with a translated message) for a move the table does not allow.
    Notifications are the caller's business (curation queues its own e-mails).
    """
    if not can_transition(product, to):
        raise InvalidTransition(
            _l(
                "A listing that is “%(current)s” cannot become “%(target)s”.",
                current=_label(product.status),
                target=_label(to),
            )
        )
    event = ProductEvent(
        product=product,
        actor_id=getattr(actor, "id", None),
        from_status=product.status,
        to_status=to,
        note=note or None,
    )
    product.status = to
    if to == APPROVED and product.published_at is None:
        product.published_at = utcnow()
    db.session.add(event)
    db.session.flush()
    return event


def record_creation(product: Product, *, actor) -> ProductEvent:
    """The first row of a listing's history (from nothing to draft)."""
    event = ProductEvent(
        product=product, actor_id=getattr(actor, "id", None), from_status=None, to_status=DRAFT
    )
    db.session.add(event)
    return event


def _label(status: str) -> str:
    from trading_house.core.labels import status_label

    return status_label(status)
