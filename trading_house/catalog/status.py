"""The listing lifecycle (DESIGN.md §4) on the shared lifecycle helper (``core/lifecycle.py``).

    draft ─► submitted ─► approved (published) ─► suspended ─► approved
                  │  └──► changes_requested ─► submitted
                  └─────► rejected ─► draft
    any state except archived ─► archived ─► draft (restored by its enterprise)

Curation decides submitted → approved | changes_requested | rejected; the catalog only offers
"submit", "archive" and "restore". Every move is a compare-and-set UPDATE with a row in the
listing's own history (``product_events``); two requests racing for the same move cannot both win.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from trading_house.core.clock import utcnow
from trading_house.core.errors import InvalidTransition
from trading_house.core.labels import register_status_labels

# ``record_creation`` writes the first row of a listing's history; ``can_transition`` asks the
# table. Both are the core's own, importable from here as before.
from trading_house.core.lifecycle import Lifecycle, can_transition, record_creation, transition  # noqa: F401
from trading_house.extensions import db

if TYPE_CHECKING:
    from trading_house.catalog.models import Product, ProductEvent


class ProductStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    ARCHIVED = "archived"
    SUSPENDED = "suspended"


# The names callers import (curation, services): the members themselves.
DRAFT = ProductStatus.DRAFT
SUBMITTED = ProductStatus.SUBMITTED
APPROVED = ProductStatus.APPROVED
CHANGES_REQUESTED = ProductStatus.CHANGES_REQUESTED
REJECTED = ProductStatus.REJECTED
SUSPENDED = ProductStatus.SUSPENDED
ARCHIVED = ProductStatus.ARCHIVED

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
#: Statuses whose content buyers have seen approved: edits become revisions (curation).
PUBLISHED = frozenset({APPROVED, SUSPENDED})


def _record_event(product: "Product", from_status, to_status, *, actor, reason, data):
    """A row of the listing's own history (``product_events``), in the same transaction."""
    from trading_house.catalog.models import ProductEvent  # models import this module

    event = ProductEvent(
        product=product,
        actor_id=getattr(actor, "id", None),
        from_status=from_status,
        to_status=to_status,
        note=reason or None,
    )
    db.session.add(event)
    db.session.flush()
    return event


PRODUCT_LIFECYCLE = Lifecycle(
    "product",
    ProductStatus,
    TRANSITIONS,
    record=_record_event,
    labels={
        DRAFT: _l("Draft"),
        SUBMITTED: _l("Waiting for review"),
        APPROVED: _l("Published"),
        CHANGES_REQUESTED: _l("Changes requested"),
        REJECTED: _l("Rejected"),
        ARCHIVED: _l("Archived"),
        SUSPENDED: _l("Suspended"),
    },
)
# "published" (a review, a readiness page) reads like an approved listing.
register_status_labels({**PRODUCT_LIFECYCLE.labels, "published": _l("Published")})


@PRODUCT_LIFECYCLE.on_change
def _stamp_first_publication(product: "Product", from_status, to_status, *, actor) -> None:
    """``published_at`` is set once, on the first approval, and kept through suspensions."""
    if to_status == APPROVED and product.published_at is None:
        product.published_at = utcnow()


def set_status(product: "Product", to: str, *, actor, note: str | None = None) -> "ProductEvent":
    """Move ``product`` to ``to`` (``core.lifecycle.transition``) and return its event row.

    Raises ``InvalidTransition`` (translated) for a move the table does not allow, and
    ``StaleTransition`` when another request moved the listing first. Notifications are the
    caller's business (curation queues its own e-mails).
    """
    if not PRODUCT_LIFECYCLE.can(product.status, to):
        raise InvalidTransition(
            _l(
                "A listing that is “%(current)s” cannot become “%(target)s”.",
                current=PRODUCT_LIFECYCLE.label(product.status),
                target=PRODUCT_LIFECYCLE.label(to),
            )
        )
    return transition(product, to, actor=actor, reason=note)
