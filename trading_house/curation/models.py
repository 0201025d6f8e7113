"""Curation: revisions of published listings, review decisions, claims, reason codes, settings,
the SME inbox and the legal-identity documents curators check."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.clock import utcnow
from trading_house.core.lifecycle import CanMove, StatusIs
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.core.sql import in_list
from trading_house.curation.status import (
    OPEN_REVISION_STATUSES,
    REVISION_LIFECYCLE,
    Decision,
    RevisionStatus,
)
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.catalog.models import Product
    from trading_house.core.models import Document


#: Lifecycle of a proposed change to a published listing (see status.py and revisions.py).
REVISION_STATUSES = tuple(RevisionStatus)
#: What a curator decided (every row of ``curation_reviews`` is one of these).
DECISIONS = tuple(Decision)
#: Which decisions a reason code is offered for.
REASON_SCOPES = ("any", Decision.CHANGES_REQUESTED, Decision.REJECTED, Decision.SUSPENDED)
IDENTITY_KINDS = ("nib", "npwp")


class ReasonCode(TimestampMixin, Model):
    """A reason a curator can tick, maintained by admins, worded in both languages."""

    __tablename__ = "curation_reason_codes"
    __table_args__ = (CheckConstraint(in_list("applies_to", REASON_SCOPES), name="scope_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable short code stored in reviews (``photos_quality``); never reused for another meaning.
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label_indonesian: Mapped[str] = mapped_column(String(200))
    label_english: Mapped[str] = mapped_column(String(200))
    #: The product form field it concerns (``description_english``, ``photos``…), shown next to it.
    field: Mapped[str | None] = mapped_column(String(40))
    applies_to: Mapped[str] = mapped_column(String(20), default="any")
    #: Retired codes stay readable in old reviews but are no longer offered.
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    def label_for(self, locale: str) -> str:
        return self.label_english if locale == "en" else self.label_indonesian


class CurationSettings(Model):
    """The limits admins set (one row, id 1; defaults apply while it does not exist)."""

    __tablename__ = "curation_settings"
    __table_args__ = (
        CheckConstraint("price_change_percent BETWEEN 0 AND 100", name="price_percent_range"),
        CheckConstraint(
            "stock_change_limit IS NULL OR stock_change_limit >= 0", name="stock_limit_positive"
        ),
        CheckConstraint("claim_minutes BETWEEN 1 AND 480", name="claim_minutes_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A published price may move by at most this many percent without review.
    price_change_percent: Mapped[int] = mapped_column(default=20)
    #: Stock may change by at most this many units without review; NULL: any change.
    stock_change_limit: Mapped[int | None] = mapped_column()
    #: A curator's claim on a listing lapses after this many minutes.
    claim_minutes: Mapped[int] = mapped_column(default=30)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ProductRevision(TimestampMixin, Model):
    """Proposed content for a published listing; buyers see the product row until approval."""

    __tablename__ = "product_revisions"
    LIFECYCLE = REVISION_LIFECYCLE
    __table_args__ = (
        CheckConstraint(in_list("status", REVISION_STATUSES), name="status_known"),
        CheckConstraint("version >= 1", name="version_positive"),
        UniqueConstraint("product_id", "number", name="uq_product_revisions_product_number"),
        # At most one open revision per listing, also under concurrent saves.
        Index(
            "uq_product_revisions_one_open",
            "product_id",
            unique=True,
            sqlite_where=text(in_list("status", OPEN_REVISION_STATUSES)),
            postgresql_where=text(in_list("status", OPEN_REVISION_STATUSES)),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    #: 1, 2, 3… per listing, for people ("revision 3").
    number: Mapped[int] = mapped_column()
    #: Changed only through ``core.lifecycle.transition`` (``revisions.move_revision``).
    status: Mapped[str] = mapped_column(String(20), default=RevisionStatus.PENDING, index=True)
    #: Proposed field values and tiers (see content.py for the shape).
    data: Mapped[dict] = mapped_column(JSON)
    #: The published content it was made from, for the side-by-side difference.
    base_data: Mapped[dict] = mapped_column(JSON)
    #: ``products.updated_at`` when the revision was made.
    base_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Raised on every change; the review form carries it (optimistic concurrency).
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: When it (re-)entered the curator queue.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    product: Mapped["Product"] = relationship()  # noqa: F821
    created_by: Mapped["User | None"] = relationship()  # noqa: F821
    events: Mapped[list["RevisionEvent"]] = relationship(
        back_populates="revision", cascade="all, delete-orphan", order_by="RevisionEvent.id"
    )

    is_open = StatusIs(*OPEN_REVISION_STATUSES)
    is_pending = StatusIs(RevisionStatus.PENDING)
    is_changes_requested = StatusIs(RevisionStatus.CHANGES_REQUESTED)
    can_withdraw = CanMove(RevisionStatus.WITHDRAWN)

    @property
    def version_token(self) -> str:
        return f"r{self.id}v{self.version}"


class RevisionEvent(Model):
    """Append-only history of a revision's status (who, when, from, to, why)."""

    __tablename__ = "product_revision_events"
    __table_args__ = (
        CheckConstraint(in_list("to_status", REVISION_STATUSES), name="to_status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("product_revisions.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    revision: Mapped[ProductRevision] = relationship(back_populates="events")


class Review(Model):
    """One curator decision: an immutable audit record (inserted once, never updated)."""

    __tablename__ = "curation_reviews"
    __table_args__ = (
        CheckConstraint(in_list("decision", DECISIONS), name="decision_known"),
        Index("ix_curation_reviews_curator_created", "curator_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    #: The revision decided on; NULL for a listing that was not published yet.
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("product_revisions.id"))
    curator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(20))
    #: Codes of the ticked reasons (``ReasonCode.code``), as they were at decision time.
    reason_codes: Mapped[list] = mapped_column(JSON, default=list)
    feedback: Mapped[str | None] = mapped_column(Text)
    #: {"description_english": "note"}: feedback shown next to the fields concerned.
    field_notes: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Which content was decided on: a revision token (``r12v3``) or a content fingerprint.
    content_version: Mapped[str] = mapped_column(String(64))
    #: The content as the curator saw it.
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    #: When the item entered the queue (time to decision = created_at - submitted_at).
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Category and regency at decision time, for the approval-rate statistics.
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    regency_code: Mapped[str | None] = mapped_column(String(4))

    product: Mapped["Product"] = relationship()  # noqa: F821
    revision: Mapped[ProductRevision | None] = relationship()
    curator: Mapped["User"] = relationship()  # noqa: F821


@event.listens_for(Review, "before_update")
def _reviews_are_immutable(mapper, connection, target) -> None:
    raise RuntimeError("curation reviews are append-only audit records")


@event.listens_for(Review, "before_delete")
def _reviews_are_never_deleted(mapper, connection, target) -> None:
    raise RuntimeError("curation reviews are append-only audit records")


class Claim(Model):
    """A curator working on a listing; the primary key makes two live claims impossible."""

    __tablename__ = "curation_claims"

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    curator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: After this moment another curator may take the listing over.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    curator: Mapped["User"] = relationship()  # noqa: F821


class Notification(Model):
    """An in-app message for one user; its text is rendered in the reader's language."""

    __tablename__ = "curation_notifications"
    __table_args__ = (Index("ix_curation_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    review_id: Mapped[int | None] = mapped_column(ForeignKey("curation_reviews.id"))
    #: What happened: a decision (``approved``…) or ``identity_verified`` / ``identity_rejected``.
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    product: Mapped["Product | None"] = relationship()  # noqa: F821
    review: Mapped[Review | None] = relationship()


class IdentityDocument(Model):
    """The NIB or NPWP certificate an enterprise uploaded for its legal-identity check."""

    __tablename__ = "curation_identity_documents"
    __table_args__ = (CheckConstraint(in_list("kind", IDENTITY_KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped["Document"] = relationship()  # noqa: F821
