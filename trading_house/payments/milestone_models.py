"""Payment milestones: a bulk order paid in parts (e.g. 30 % deposit on order, 70 % before
shipment or against documents), each part a payment by bank transfer or card.

``amount_minor`` is in the order's currency; the parts of an order add up to its total.
"""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.lifecycle import CanMove, Lifecycle, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.orders.models import Order


class MilestoneStatus(StrEnum):
    DUE = "due"
    PAID = "paid"
    CANCELLED = "cancelled"


#: A part is paid once: the compare-and-set move due → paid lets one confirmation win; a second
#: one (a double click, two staff members, a webhook and a person) gets a clear refusal.
MILESTONE_LIFECYCLE = Lifecycle(
    name="payment_milestone",
    statuses=MilestoneStatus,
    table={
        MilestoneStatus.DUE: (MilestoneStatus.PAID, MilestoneStatus.CANCELLED),
        MilestoneStatus.PAID: (),
        MilestoneStatus.CANCELLED: (),
    },
    stamps={MilestoneStatus.PAID: "paid_at"},
    labels={
        MilestoneStatus.DUE: _l("Due"),
        MilestoneStatus.PAID: _l("Paid"),
        MilestoneStatus.CANCELLED: _l("Cancelled"),
    },
)

#: When a part falls due.
DUE_WHEN = ("on_order", "before_shipment", "against_documents")
DUE_WHEN_LABELS = {
    "on_order": _l("On order (deposit)"),
    "before_shipment": _l("Before shipment"),
    "against_documents": _l("Against shipping documents"),
}
MILESTONE_METHODS = ("bank_transfer", "card")


class PaymentMilestone(TimestampMixin, Model):
    __tablename__ = "payment_milestones"
    __table_args__ = (
        UniqueConstraint("order_id", "position", name="uq_payment_milestones_order_position"),
        CheckConstraint(status_check(MilestoneStatus), name="status_known"),
        CheckConstraint(status_check(DUE_WHEN, "due_when"), name="due_when_known"),
        CheckConstraint(
            "method IS NULL OR method IN ('bank_transfer', 'card')", name="method_known"
        ),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        CheckConstraint("percent_bp > 0 AND percent_bp <= 10000", name="percent_in_range"),
    )
    LIFECYCLE = MILESTONE_LIFECYCLE

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    #: 1, 2, …: the order in which the parts fall due.
    position: Mapped[int] = mapped_column()
    due_when: Mapped[str] = mapped_column(String(20))
    percent_bp: Mapped[int] = mapped_column()
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(12), default=MilestoneStatus.DUE)
    #: The transfer reference the buyer writes for this part (unique).
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    method: Mapped[str | None] = mapped_column(String(16))
    #: The bank's or card processor's reference, typed by the staff member who confirmed it.
    received_reference: Mapped[str] = mapped_column(String(80), default="")
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    order: Mapped["Order"] = relationship()  # noqa: F821

    is_due = StatusIs(MilestoneStatus.DUE)
    is_paid = StatusIs(MilestoneStatus.PAID)
    can_pay = CanMove(MilestoneStatus.PAID)

    @property
    def status_label(self) -> str:
        return MILESTONE_LIFECYCLE.label(self.status)

    @property
    def due_when_label(self) -> str:
        return str(DUE_WHEN_LABELS.get(self.due_when, self.due_when))


class CardAttemptStatus(StrEnum):
    """Where one Stripe Checkout Session for a part stands (not a lifecycle of its own)."""

    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"
    NEEDS_REFUND = "needs_refund"


CARD_ATTEMPT_STATUSES = tuple(CardAttemptStatus)


class MilestoneCardAttempt(TimestampMixin, Model):
    """One Stripe Checkout Session for one part. Our idempotency key (part + attempt) makes a
    retried request get the same session; the session id ties Stripe's webhook to the part.

    ``needs_refund``: the money arrived for a part already paid (a second tab's session): the
    trading house refunds it, as for a whole order paid twice."""

    __tablename__ = "milestone_card_attempts"
    __table_args__ = (
        UniqueConstraint("milestone_id", "attempt", name="uq_milestone_card_attempts_attempt"),
        CheckConstraint(status_check(CARD_ATTEMPT_STATUSES), name="status_known"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("payment_milestones.id", ondelete="CASCADE"), index=True
    )
    attempt: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(12), default=CardAttemptStatus.PENDING)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    stripe_session_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    checkout_url: Mapped[str | None] = mapped_column(Text)
    payment_intent: Mapped[str | None] = mapped_column(String(255))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(200), default="")

    milestone: Mapped[PaymentMilestone] = relationship()


class MilestoneRefundStatus(StrEnum):
    """Where the refund of one part's share stands (not a lifecycle of its own)."""

    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    TO_TRANSFER = "to_transfer"


MILESTONE_REFUND_STATUSES = tuple(MilestoneRefundStatus)
MILESTONE_REFUND_LABELS: dict[str, Any] = {
    MilestoneRefundStatus.PENDING: _l("Waiting for Stripe"),
    MilestoneRefundStatus.SUCCEEDED: _l("Refunded"),
    MilestoneRefundStatus.FAILED: _l("Stripe refused: refund it by hand"),
    MilestoneRefundStatus.TO_TRANSFER: _l("To transfer back"),
}


class MilestoneRefund(TimestampMixin, Model):
    """The share of one refund taken from one paid part: a card part goes back through Stripe
    (``pending`` until Stripe answers), a transfer part is sent back by the trading house's
    staff (``to_transfer``, the manual task, as for refunds of orders paid by transfer)."""

    __tablename__ = "milestone_refunds"
    __table_args__ = (
        CheckConstraint(status_check(MILESTONE_REFUND_STATUSES), name="status_known"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    refund_id: Mapped[int] = mapped_column(ForeignKey("refunds.id"), index=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("payment_milestones.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12), default=MilestoneRefundStatus.PENDING)
    idempotency_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    stripe_refund_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    payment_intent: Mapped[str | None] = mapped_column(String(255))

    milestone: Mapped[PaymentMilestone] = relationship()

    @property
    def is_card(self) -> bool:
        return self.method == "card"

    @property
    def is_settled(self) -> bool:
        return self.status == MilestoneRefundStatus.SUCCEEDED

    @property
    def status_label(self) -> str:
        return str(MILESTONE_REFUND_LABELS.get(self.status, self.status))
