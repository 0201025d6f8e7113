"""Quotations and their lines, sample requests, and pooled quotations being composed."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.lifecycle import CanMove, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.core.money import Money
from trading_house.core.sql import in_list
from trading_house.extensions import Model
from trading_house.inquiries.status import (
    POOL_LIFECYCLE,
    POOL_LINE_LIFECYCLE,
    QUOTATION_LIFECYCLE,
    SAMPLE_LIFECYCLE,
    PoolLineStatus,
    PoolStatus,
    QuotationStatus,
    SampleStatus,
)

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.catalog.models import Product
    from trading_house.enterprises.models import Enterprise
    from trading_house.inquiries.models import BuyingRequest, Inquiry


QUOTATION_KINDS = ("enterprise", "pooled")
PAYMENT_TERM_CODES = ("bank_transfer", "letter_of_credit", "card")
INCOTERM_CODES = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")
SHIPPING_PAYER_CODES = ("buyer", "enterprise")
#: Basis points: 10,000 = 100 %.
MAX_MARGIN_BP = 10_000


class Quotation(TimestampMixin, Model):
    """A priced offer in a thread. A newer one supersedes the previous one still open."""

    __tablename__ = "quotations"
    __table_args__ = (
        CheckConstraint(status_check(QuotationStatus), name="status_known"),
        CheckConstraint(in_list("kind", QUOTATION_KINDS), name="kind_known"),
        CheckConstraint(in_list("payment_terms", PAYMENT_TERM_CODES), name="payment_terms_known"),
        CheckConstraint(in_list("incoterm", INCOTERM_CODES), name="incoterm_known"),
        CheckConstraint("lead_time_days >= 0", name="lead_time_not_negative"),
        CheckConstraint(f"margin_bp >= 0 AND margin_bp <= {MAX_MARGIN_BP}", name="margin_range"),
        CheckConstraint("moq IS NULL OR moq > 0", name="moq_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"), index=True)
    #: Readable number (Q-2026-000123), set right after the first flush.
    number: Mapped[str | None] = mapped_column(String(24), unique=True)
    #: 1 for the first quotation in the thread, 2 for the next…
    revision: Mapped[int] = mapped_column(default=1)
    #: enterprise (the SME sells) or pooled (the trading house sells as exporter).
    kind: Mapped[str] = mapped_column(String(16), default="enterprise")
    #: The seller; NULL when the trading house is the exporter (pooled).
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    currency: Mapped[str] = mapped_column(String(3))
    moq: Mapped[int | None] = mapped_column()
    incoterm: Mapped[str] = mapped_column(String(3))
    #: The Incoterm's named place, e.g. "Makassar" for FOB Makassar.
    named_place: Mapped[str] = mapped_column(String(120))
    #: Production lead time in days after the order is confirmed.
    lead_time_days: Mapped[int] = mapped_column()
    #: Last day (trading-house time, Asia/Makassar) on which the buyer may accept.
    valid_until: Mapped[date] = mapped_column(Date)
    payment_terms: Mapped[str] = mapped_column(String(24))
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The trading house's margin on pooled quotations (basis points over the suppliers' cost).
    margin_bp: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default=QuotationStatus.SENT, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    #: Number of the order created from it (written from the order area's signal reply).
    order_number: Mapped[str | None] = mapped_column(String(32))

    inquiry: Mapped["Inquiry"] = relationship()  # noqa: F821
    enterprise: Mapped["Enterprise | None"] = relationship()  # noqa: F821
    issued_by: Mapped["User"] = relationship(foreign_keys=[issued_by_id])  # noqa: F821
    lines: Mapped[list["QuotationLine"]] = relationship(
        back_populates="quotation", cascade="all, delete-orphan", order_by="QuotationLine.position"
    )

    LIFECYCLE = QUOTATION_LIFECYCLE
    is_sent = StatusIs(QuotationStatus.SENT)
    is_accepted = StatusIs(QuotationStatus.ACCEPTED)
    is_declined = StatusIs(QuotationStatus.DECLINED)
    can_accept = CanMove(QuotationStatus.ACCEPTED)

    @property
    def is_pooled(self) -> bool:
        return self.kind == "pooled"

    @property
    def total(self) -> Money:
        return Money(sum(line.unit_price * line.quantity for line in self.lines), self.currency)

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def cost_total(self) -> Money:
        """What the suppliers receive (pooled); equals ``total`` for an enterprise quotation."""
        return Money(sum(line.unit_cost * line.quantity for line in self.lines), self.currency)

    @property
    def margin_total(self) -> Money:
        return self.total - self.cost_total


class QuotationLine(Model):
    """One product line of a quotation, with the supplier it comes from."""

    __tablename__ = "quotation_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quotation_id: Mapped[int] = mapped_column(
        ForeignKey("quotations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    #: The enterprise that makes and ships this line (settled in its own name).
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    #: Product name as quoted (a snapshot; later catalog edits do not change it).
    description: Mapped[str] = mapped_column(String(255))
    hs_code: Mapped[str | None] = mapped_column(String(10))
    origin_regency_code: Mapped[str | None] = mapped_column(String(4))
    quantity: Mapped[int] = mapped_column()
    unit: Mapped[str] = mapped_column(String(16))
    #: Price per unit the buyer pays, minor units of the quotation's currency.
    unit_price: Mapped[int] = mapped_column(BigInteger)
    #: Price per unit the supplier receives (pooled: before the trading-house margin), minor
    #: units of the quotation's currency (pooled: the supplier's rupiah price converted at the
    #: rate of the day the quotation was sent).
    unit_cost: Mapped[int] = mapped_column(BigInteger)
    #: Pooled lines: what the supplier is paid per unit, whole rupiah, as it confirmed it (NULL
    #: on enterprise quotations, where the enterprise sells and is settled at ``unit_cost``).
    net_idr: Mapped[int | None] = mapped_column(BigInteger)

    quotation: Mapped[Quotation] = relationship(back_populates="lines")
    product: Mapped["Product"] = relationship()  # noqa: F821
    enterprise: Mapped["Enterprise"] = relationship()  # noqa: F821

    @property
    def amount(self) -> Money:
        return Money(self.unit_price * self.quantity, self.quotation.currency)

    @property
    def unit_money(self) -> Money:
        return Money(self.unit_price, self.quotation.currency)


class SampleRequest(TimestampMixin, Model):
    """A buyer's request for a sample before a bulk order; accepted, it becomes a small order."""

    __tablename__ = "sample_requests"
    __table_args__ = (
        CheckConstraint(status_check(SampleStatus), name="status_known"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("price IS NULL OR price >= 0", name="price_not_negative"),
        CheckConstraint(
            "shipping_paid_by IS NULL OR " + in_list("shipping_paid_by", SHIPPING_PAYER_CODES),
            name="shipping_paid_by_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    quantity: Mapped[int] = mapped_column()
    unit: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=SampleStatus.REQUESTED, index=True)
    #: Total price of the sample lot in minor units of ``currency``; 0 means free.
    price: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    shipping_paid_by: Mapped[str | None] = mapped_column(String(16))
    offered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    #: Number of the order created from it (written from the order area's signal reply).
    order_number: Mapped[str | None] = mapped_column(String(32))

    inquiry: Mapped["Inquiry"] = relationship()  # noqa: F821
    product: Mapped["Product"] = relationship()  # noqa: F821

    LIFECYCLE = SAMPLE_LIFECYCLE
    is_requested = StatusIs(SampleStatus.REQUESTED)
    is_offered = StatusIs(SampleStatus.OFFERED)
    is_accepted = StatusIs(SampleStatus.ACCEPTED)
    #: Still waiting for an answer (requested or offered): the buyer may cancel it.
    is_pending = StatusIs(SampleStatus.REQUESTED, SampleStatus.OFFERED)
    can_offer = CanMove(SampleStatus.OFFERED)
    can_accept = CanMove(SampleStatus.ACCEPTED)
    can_cancel = CanMove(SampleStatus.CANCELLED)

    @property
    def is_free(self) -> bool:
        return self.price == 0

    @property
    def price_money(self) -> Money | None:
        if self.price is None or self.currency is None:
            return None
        return Money(self.price, self.currency)


class Pool(TimestampMixin, Model):
    """A pooled quotation a curator composes from several enterprises' lines for one request."""

    __tablename__ = "quotation_pools"
    __table_args__ = (
        CheckConstraint(status_check(PoolStatus), name="status_known"),
        CheckConstraint(f"margin_bp >= 0 AND margin_bp <= {MAX_MARGIN_BP}", name="margin_range"),
        CheckConstraint("lead_time_days IS NULL OR lead_time_days >= 0", name="lead_time_ok"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buying_request_id: Mapped[int] = mapped_column(ForeignKey("buying_requests.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: Fixed when the pool is created: every line is priced in it.
    currency: Mapped[str] = mapped_column(String(3))
    margin_bp: Mapped[int] = mapped_column(default=0)
    incoterm: Mapped[str | None] = mapped_column(String(3))
    named_place: Mapped[str | None] = mapped_column(String(120))
    lead_time_days: Mapped[int | None] = mapped_column()
    valid_until: Mapped[date | None] = mapped_column(Date)
    payment_terms: Mapped[str | None] = mapped_column(String(24))
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=PoolStatus.DRAFT, index=True)
    #: The quotation sent to the buyer from this pool.
    quotation_id: Mapped[int | None] = mapped_column(ForeignKey("quotations.id"))

    buying_request: Mapped["BuyingRequest"] = relationship()  # noqa: F821
    quotation: Mapped[Quotation | None] = relationship()
    lines: Mapped[list["PoolLine"]] = relationship(
        back_populates="pool", cascade="all, delete-orphan", order_by="PoolLine.id"
    )

    LIFECYCLE = POOL_LIFECYCLE
    is_draft = StatusIs(PoolStatus.DRAFT)

    @property
    def active_lines(self) -> list["PoolLine"]:
        return [line for line in self.lines if line.is_active]


class PoolLine(TimestampMixin, Model):
    """One enterprise's share of a pool; the enterprise confirms its quantity and price."""

    __tablename__ = "quotation_pool_lines"
    __table_args__ = (
        CheckConstraint(status_check(PoolLineStatus), name="status_known"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
        CheckConstraint(
            "confirmed_quantity IS NULL OR confirmed_quantity > 0", name="confirmed_quantity_ok"
        ),
        CheckConstraint(
            "confirmed_unit_cost IS NULL OR confirmed_unit_cost >= 0", name="confirmed_cost_ok"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pool_id: Mapped[int] = mapped_column(
        ForeignKey("quotation_pools.id", ondelete="CASCADE"), index=True
    )
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    #: What the curator asks for.
    quantity: Mapped[int] = mapped_column()
    unit: Mapped[str] = mapped_column(String(16))
    #: The curator's proposed net price per unit, whole rupiah (SMEs are paid in rupiah,
    #: whatever currency the buyer is quoted in).
    unit_cost: Mapped[int] = mapped_column(BigInteger)
    #: What the enterprise confirmed: the quantity and its net price per unit in whole rupiah,
    #: exactly what it is paid (the trading house's margin replaces the commission).
    confirmed_quantity: Mapped[int | None] = mapped_column()
    confirmed_unit_cost: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default=PoolLineStatus.REQUESTED, index=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The enterprise's comment when it answered.
    answer_note: Mapped[str] = mapped_column(Text, default="")

    pool: Mapped[Pool] = relationship(back_populates="lines")
    enterprise: Mapped["Enterprise"] = relationship()  # noqa: F821
    product: Mapped["Product"] = relationship()  # noqa: F821

    LIFECYCLE = POOL_LINE_LIFECYCLE
    is_requested = StatusIs(PoolLineStatus.REQUESTED)
    is_confirmed = StatusIs(PoolLineStatus.CONFIRMED)
    is_active = StatusIs(PoolLineStatus.REQUESTED, PoolLineStatus.CONFIRMED)
    can_withdraw = CanMove(PoolLineStatus.WITHDRAWN)

    @property
    def confirmed_net_total_idr(self) -> int | None:
        """What the enterprise is paid for the line it confirmed, whole rupiah."""
        if self.confirmed_quantity is None or self.confirmed_unit_cost is None:
            return None
        return self.confirmed_quantity * self.confirmed_unit_cost
