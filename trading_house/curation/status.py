"""The lifecycle of a revision of a published listing (DESIGN.md §4, ``revisions.py``).

    (new) ─► pending ─► approved (applied to the product) | rejected | changes_requested
                 │                                              └─► pending (fixed) | withdrawn
                 └─► withdrawn (the SME discards it)
    (new) ─► auto_approved (a price/stock change within the admin's limits, applied at once)

A revision is created in its first status (``pending`` or ``auto_approved``, with its creation
event); every later move goes through ``core.lifecycle.transition`` (compare-and-set, one row in
``product_revision_events``).
"""

from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l

from trading_house.core.lifecycle import Lifecycle
from trading_house.extensions import db


class RevisionStatus(StrEnum):
    PENDING = "pending"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    AUTO_APPROVED = "auto_approved"


class Decision(StrEnum):
    """What a curator decided (one per row of ``curation_reviews``): not a status."""

    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    SUSPENDED = "suspended"
    REINSTATED = "reinstated"


class VerificationStatus(StrEnum):
    """``Enterprise.verification_status``: where the check of a business's legal identity
    stands (curators decide it, ``enterprises.services.set_verification_status`` moves it)."""

    UNVERIFIED = "unverified"
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


#: A revision in one of these statuses is "open": at most one per product.
OPEN_REVISION_STATUSES = (RevisionStatus.PENDING, RevisionStatus.CHANGES_REQUESTED)
#: The statuses a revision is created in.
FIRST_STATUSES = frozenset({RevisionStatus.PENDING, RevisionStatus.AUTO_APPROVED})


def record_revision_event(revision, from_status, to_status, *, actor, reason, data: dict) -> Any:
    """One row of the revision's own history (``product_revision_events``)."""
    from trading_house.curation.models import RevisionEvent

    event = RevisionEvent(
        revision=revision,
        actor_id=getattr(actor, "id", None),
        from_status=from_status,
        to_status=to_status,
        note=reason or None,
    )
    db.session.add(event)
    db.session.flush()
    return event


REVISION_LIFECYCLE = Lifecycle(
    name="product_revision",
    statuses=RevisionStatus,
    table={
        RevisionStatus.PENDING: (
            RevisionStatus.APPROVED,
            RevisionStatus.CHANGES_REQUESTED,
            RevisionStatus.REJECTED,
            RevisionStatus.WITHDRAWN,
        ),
        RevisionStatus.CHANGES_REQUESTED: (RevisionStatus.PENDING, RevisionStatus.WITHDRAWN),
        RevisionStatus.APPROVED: (),
        RevisionStatus.REJECTED: (),
        RevisionStatus.WITHDRAWN: (),
        RevisionStatus.AUTO_APPROVED: (),
    },
    record=record_revision_event,
    stamps={
        RevisionStatus.PENDING: "submitted_at",
        RevisionStatus.APPROVED: "decided_at",
        RevisionStatus.REJECTED: "decided_at",
    },
    labels={
        RevisionStatus.PENDING: _l("Pending"),
        RevisionStatus.CHANGES_REQUESTED: _l("Changes requested"),
        RevisionStatus.APPROVED: _l("Published"),
        RevisionStatus.REJECTED: _l("Rejected"),
        RevisionStatus.WITHDRAWN: _l("Withdrawn"),
    },
)
