"""Payment protection after delivery: the buyer confirms receipt of a shipment, or opens a
dispute on a line (not as described, damaged, short) with evidence; the trading house decides.

The SME's payout for a line is released (``payments.ledger.balances``) only once the buyer
confirmed receipt or ``PAYOUT_HOLD_DAYS`` passed since delivery, and never while a dispute on
the line is open.
"""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.clock import utcnow
from trading_house.core.lifecycle import CanMove, Lifecycle, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.core.models import Document
    from trading_house.orders.models import OrderLine


class ReceiptConfirmation(Model):
    """The buyer says a shipment arrived as ordered: its lines may be paid out at once."""

    __tablename__ = "receipt_confirmations"

    id: Mapped[int] = mapped_column(primary_key=True)
    fulfilment_id: Mapped[int] = mapped_column(
        ForeignKey("fulfilments.id", ondelete="CASCADE"), unique=True
    )
    confirmed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DisputeStatus(StrEnum):
    OPEN = "open"
    DECIDED = "decided"


DISPUTE_LIFECYCLE = Lifecycle(
    name="order_dispute",
    statuses=DisputeStatus,
    table={DisputeStatus.OPEN: (DisputeStatus.DECIDED,), DisputeStatus.DECIDED: ()},
    stamps={DisputeStatus.DECIDED: "decided_at"},
    labels={DisputeStatus.OPEN: _l("Open"), DisputeStatus.DECIDED: _l("Decided")},
)

DISPUTE_REASONS = {
    "not_as_described": _l("Not as described"),
    "damaged": _l("Damaged"),
    "short": _l("Fewer units than ordered"),
}


class DisputeOutcome(StrEnum):
    """How the trading house decided a dispute (not a status)."""

    REFUND = "refund"
    PARTIAL_REFUND = "partial_refund"
    REPLACEMENT = "replacement"
    REJECTED = "rejected"


DISPUTE_OUTCOMES: dict[str, Any] = {
    DisputeOutcome.REFUND: _l("Full refund of the line"),
    DisputeOutcome.PARTIAL_REFUND: _l("Refund of some units"),
    DisputeOutcome.REPLACEMENT: _l("Replacement by the seller"),
    DisputeOutcome.REJECTED: _l("No refund: the claim is not upheld"),
}


class Dispute(TimestampMixin, Model):
    __tablename__ = "order_disputes"
    __table_args__ = (
        CheckConstraint(status_check(DisputeStatus), name="status_known"),
        CheckConstraint(status_check(DISPUTE_REASONS, "reason"), name="reason_known"),
        CheckConstraint(
            "outcome IS NULL OR " + status_check(DISPUTE_OUTCOMES, "outcome"), name="outcome_known"
        ),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        # One open dispute per line at a time (a decided one may be followed by another).
        Index(
            "uq_order_disputes_open_line",
            "order_line_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )
    LIFECYCLE = DISPUTE_LIFECYCLE

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("order_lines.id", ondelete="CASCADE"), index=True
    )
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(20))
    #: Units concerned (all of the line for "not as described", the missing ones for "short").
    quantity: Mapped[int] = mapped_column()
    description: Mapped[str] = mapped_column(Text)
    evidence_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    status: Mapped[str] = mapped_column(String(10), default=DisputeStatus.OPEN, index=True)
    outcome: Mapped[str | None] = mapped_column(String(16))
    refunded_quantity: Mapped[int] = mapped_column(default=0)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    line: Mapped["OrderLine"] = relationship()  # noqa: F821
    evidence: Mapped["Document | None"] = relationship()  # noqa: F821

    is_open = StatusIs(DisputeStatus.OPEN)
    can_decide = CanMove(DisputeStatus.DECIDED)

    @property
    def reason_label(self) -> str:
        return str(DISPUTE_REASONS.get(self.reason, self.reason))

    @property
    def outcome_label(self) -> str:
        return str(DISPUTE_OUTCOMES.get(self.outcome or "", self.outcome or ""))

    @property
    def status_label(self) -> str:
        return DISPUTE_LIFECYCLE.label(self.status)
