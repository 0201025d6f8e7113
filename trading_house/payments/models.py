"""Payments, Stripe webhook events, refunds, and each enterprise's ledger and payouts.

``amount_minor`` columns are in the row's ``currency``; ``*_idr`` columns are whole rupiah.
Ledger amounts are never negative: ``kind`` says whether an entry adds or takes away.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.clock import utcnow
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.core.sql import in_list
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.core.models import Document
    from trading_house.orders.models import Order


PAYMENT_STATUSES = ("pending", "proof_submitted", "succeeded", "failed", "cancelled")
PROVIDERS = ("bank_transfer", "stripe")
LEDGER_KINDS = ("sale", "refund", "payout")
#: The trading house's own accounts (see ``HouseLedgerEntry``).
HOUSE_ACCOUNTS = ("buyers", "commission", "margin", "fx_difference", "shipping", "receivable")
#: When a sold line may be paid out to its enterprise: once shipped, or once delivered.
PAYABLE_AFTER = ("shipped", "delivered")


class Payment(TimestampMixin, Model):
    """One attempt to pay an order through one provider."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(in_list("status", PAYMENT_STATUSES), name="status_known"),
        CheckConstraint(in_list("provider", PROVIDERS), name="provider_known"),
        CheckConstraint("amount_minor >= 0", name="amount_not_negative"),
        CheckConstraint("received_minor >= 0", name="received_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Optimistic locking: every UPDATE checks the version it read, so two staff members (or
    #: two webhooks) acting on the same payment at once cannot both succeed.
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    provider: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    #: The bank-transfer reference the buyer writes on the transfer (unique).
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    #: Our idempotency key for creating the Stripe Checkout Session.
    idempotency_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    stripe_session_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    stripe_payment_intent: Mapped[str | None] = mapped_column(String(255))
    checkout_url: Mapped[str | None] = mapped_column(Text)
    proof_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    proof_uploaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    succeeded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    #: Money actually received so far (confirmed transfers, a card payment), in ``currency``.
    received_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    #: When the Checkout Session we asked Stripe for expires: a retry must send the very same
    #: parameters under the same idempotency key.
    stripe_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped["Order"] = relationship()  # noqa: F821
    proof: Mapped["Document | None"] = relationship()  # noqa: F821
    receipts: Mapped[list["TransferReceipt"]] = relationship(
        back_populates="payment", order_by="TransferReceipt.id"
    )

    @property
    def charge_state(self) -> str:
        """none, partial, full or over: what was received against what is due."""
        if self.received_minor <= 0:
            return "none"
        if self.received_minor < self.amount_minor:
            return "partial"
        return "full" if self.received_minor == self.amount_minor else "over"

    @property
    def difference_minor(self) -> int:
        """Received less due: negative while money is missing, positive when overpaid."""
        return self.received_minor - self.amount_minor


TRANSFER_KINDS = ("received", "returned")


class TransferReceipt(Model):
    """One bank transfer between the buyer and the trading house, as staff recorded it: money
    received (the amount on the bank statement, the proof or why there is none) or money
    returned (an overpayment, or what arrived for a cancelled order; ``reason`` holds the
    transfer reference). Append-only: the history of an order's money, differences included."""

    __tablename__ = "transfer_receipts"
    __table_args__ = (
        CheckConstraint(in_list("kind", TRANSFER_KINDS), name="kind_known"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        CheckConstraint("received_total_minor >= 0 AND due_minor >= 0", name="totals_not_negative"),
        CheckConstraint(
            "proof_document_id IS NOT NULL OR length(reason) > 0", name="proof_or_reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: received (from the buyer) or returned (to the buyer).
    kind: Mapped[str] = mapped_column(String(8), default="received")
    #: What this transfer moved, in ``currency`` (the order's).
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    #: Everything kept for the order after this transfer, and the total then due.
    received_total_minor: Mapped[int] = mapped_column(BigInteger)
    due_minor: Mapped[int] = mapped_column(BigInteger)
    #: The buyer's uploaded proof or the staff member's own; else ``reason`` says why none.
    proof_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    payment: Mapped[Payment] = relationship(back_populates="receipts")
    proof: Mapped["Document | None"] = relationship()  # noqa: F821
    confirmed_by: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def difference_minor(self) -> int:
        """Received less due after this transfer (negative: still missing; positive: over)."""
        return self.received_total_minor - self.due_minor


class StripeEvent(Model):
    """Every verified Stripe event we processed, once: the unique id makes redelivery a no-op."""

    __tablename__ = "stripe_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), unique=True)
    type: Mapped[str] = mapped_column(String(80))
    #: When Stripe created the event (its ``created``), to tell late deliveries.
    stripe_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    #: What we did: applied, ignored, or a short reason.
    outcome: Mapped[str] = mapped_column(String(80), default="")


class Refund(TimestampMixin, Model):
    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status_known"),
        # A unique index, not a constraint: SQLite adds it without rebuilding the table.
        Index("uq_refunds_idempotency_key", "idempotency_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    #: NULL for orders with no single payment: paid in milestones, or on net terms.
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    stripe_refund_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    #: Our key for the Stripe refund: set when the refund goes through Stripe, so sending it
    #: again (after a timeout, a crash) can never refund twice.
    idempotency_key: Mapped[str | None] = mapped_column(String(80))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    order: Mapped["Order"] = relationship()  # noqa: F821
    lines: Mapped[list["RefundLine"]] = relationship(
        back_populates="refund", cascade="all, delete-orphan"
    )


class RefundLine(Model):
    __tablename__ = "refund_lines"
    __table_args__ = (
        CheckConstraint("quantity >= 0 AND amount_minor >= 0", name="values_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    refund_id: Mapped[int] = mapped_column(ForeignKey("refunds.id", ondelete="CASCADE"), index=True)
    #: NULL for the shipping part of a refund.
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_lines.id"))
    quantity: Mapped[int] = mapped_column(default=0)
    amount_minor: Mapped[int] = mapped_column(BigInteger)

    refund: Mapped[Refund] = relationship(back_populates="lines")


class Payout(TimestampMixin, Model):
    """Money the trading house paid to an enterprise, recorded by an admin."""

    __tablename__ = "payouts"
    __table_args__ = (
        CheckConstraint("amount_idr > 0", name="amount_positive"),
        # A unique index, not a constraint: SQLite adds it without rebuilding the table.
        Index("uq_payouts_enterprise_sequence", "enterprise_id", "sequence", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    #: 1 for the enterprise's first payout, 2 for the next... Read *before* the balance and
    #: unique per enterprise: of two admins paying the same enterprise at once, the second
    #: insert collides (or waits for the first and then collides), so one payout is recorded.
    sequence: Mapped[int | None] = mapped_column()
    amount_idr: Mapped[int] = mapped_column(BigInteger)
    paid_on: Mapped[date] = mapped_column(Date)
    #: Bank transfer reference of the payout.
    reference: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class LedgerEntry(Model):
    """One movement of an enterprise's account with the trading house, in rupiah.

    sale: gross earned on a paid line, the commission kept, and net (= gross − commission).
    refund: the same three amounts taken back. payout: ``net_idr`` paid out to the enterprise.
    """

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint(in_list("kind", LEDGER_KINDS), name="kind_known"),
        CheckConstraint(
            "gross_idr >= 0 AND commission_idr >= 0 AND net_idr >= 0", name="money_not_negative"
        ),
        CheckConstraint(
            "net_idr = gross_idr - commission_idr", name="net_is_gross_less_commission"
        ),
        Index("ix_ledger_entries_enterprise_created", "enterprise_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(8))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_lines.id"))
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"))
    payout_id: Mapped[int | None] = mapped_column(ForeignKey("payouts.id"))
    quantity: Mapped[int] = mapped_column(default=0)
    gross_idr: Mapped[int] = mapped_column(BigInteger, default=0)
    commission_idr: Mapped[int] = mapped_column(BigInteger, default=0)
    net_idr: Mapped[int] = mapped_column(BigInteger, default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    order: Mapped["Order | None"] = relationship()  # noqa: F821


class HouseLedgerEntry(Model):
    """One movement of the trading house's own accounts, in whole rupiah (signed).

    buyers: money received from buyers (+) and returned to them (-), valued at the order's
    rate. commission (retail lines), margin (pooled lines, at the order's rate), shipping, and
    fx_difference (what the rupiah value of the buyer's money differs from everything else:
    exchange-rate movement between the quotation and the order, and conversion rounding):
    income (+) and its reversal (-). For every sale and every refund the entries satisfy
    ``buyers = enterprises' net + commission + margin + shipping + fx_difference`` to the
    rupiah, so the books of buyers, enterprises and the trading house always balance.
    """

    __tablename__ = "house_ledger_entries"
    __table_args__ = (
        CheckConstraint(in_list("account", HOUSE_ACCOUNTS), name="account_known"),
        CheckConstraint("kind IN ('sale', 'refund')", name="kind_known"),
        Index("ix_house_ledger_entries_account_created", "account", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    account: Mapped[str] = mapped_column(String(16))
    #: sale (the order was paid) or refund.
    kind: Mapped[str] = mapped_column(String(8))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"))
    amount_idr: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")

    order: Mapped["Order"] = relationship()  # noqa: F821


class PayoutSettings(Model):
    """What admins decide about payouts (one row): lines are payable once shipped, or only
    once delivered to the buyer."""

    __tablename__ = "payout_settings"
    __table_args__ = (
        CheckConstraint(in_list("payable_after", PAYABLE_AFTER), name="payable_after_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payable_after: Mapped[str] = mapped_column(String(16), default="shipped")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


from trading_house.payments.milestone_models import PaymentMilestone  # noqa: E402,F401
