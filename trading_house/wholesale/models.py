"""Wholesale buyers: organisations and their members, buyer groups, price lists, invoices.

Money columns ending in ``_idr`` are whole rupiah (IDR has exponent 0); discounts are basis
points (1,200 = 12 %). Payment milestones and disputes live in ``payments/`` and ``orders/``.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.lifecycle import CanMove, Lifecycle, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.catalog.models import Product
    from trading_house.orders.models import Order


class OrganisationStatus(StrEnum):
    APPLIED = "applied"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


#: The trading house approves or rejects an application; an approved organisation may be
#: suspended (no new orders, invoices stay due) and reinstated.
ORGANISATION_LIFECYCLE = Lifecycle(
    name="buyer_organisation",
    statuses=OrganisationStatus,
    table={
        "applied": ("approved", "rejected"),
        "approved": ("suspended",),
        "suspended": ("approved",),
        "rejected": ("applied",),
    },
    stamps={"approved": "decided_at", "rejected": "decided_at"},
    labels={
        "applied": _l("Waiting for approval"),
        "approved": _l("Approved for wholesale"),
        "rejected": _l("Not approved"),
        "suspended": _l("Suspended"),
    },
)


class MemberRole(StrEnum):
    #: Manages members, orders, sees invoices.
    OWNER = "owner"
    #: Orders at the organisation's prices and terms.
    PURCHASER = "purchaser"
    #: Sees and pays invoices; cannot order.
    ACCOUNTANT = "accountant"


MEMBER_ROLE_LABELS = {
    "owner": _l("Owner"),
    "purchaser": _l("Purchaser"),
    "accountant": _l("Accountant"),
}

#: Net terms the trading house may grant: days after the invoice date (0: pay before shipping).
NET_TERMS = (0, 30, 60)


class BuyerGroup(TimestampMixin, Model):
    """Organisations that share a price list, e.g. "East Java oleh-oleh shops"."""

    __tablename__ = "buyer_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class BuyerOrganisation(TimestampMixin, Model):
    """A registered business buying wholesale, with several users (``OrganisationMember``)."""

    __tablename__ = "buyer_organisations"
    __table_args__ = (
        CheckConstraint(status_check(OrganisationStatus), name="status_known"),
        CheckConstraint("net_terms_days IN (0, 30, 60)", name="net_terms_known"),
        CheckConstraint("credit_limit_idr >= 0", name="credit_limit_not_negative"),
        # The credit guard is a conditional UPDATE (services.reserve_credit); this is its
        # backstop: no sequence of orders can ever push the used credit below zero or past
        # the limit in force when it was taken.
        CheckConstraint("credit_used_idr >= 0", name="credit_used_not_negative"),
    )
    LIFECYCLE = ORGANISATION_LIFECYCLE

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    #: NPWP for Indonesian companies, the VAT or tax number elsewhere.
    tax_number: Mapped[str] = mapped_column(String(40))
    #: ISO 3166-1 alpha-2.
    country: Mapped[str] = mapped_column(String(2), default="ID")
    city: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    #: What the business sells and to whom, as told in the application.
    about: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=OrganisationStatus.APPLIED, index=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("buyer_groups.id", ondelete="SET NULL"), index=True
    )
    net_terms_days: Mapped[int] = mapped_column(default=0)
    credit_limit_idr: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Open invoices plus orders on terms not yet invoiced: raised and lowered only by
    #: conditional UPDATEs in ``services`` (never read-modify-write in Python).
    credit_used_idr: Mapped[int] = mapped_column(BigInteger, default=0)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str] = mapped_column(Text, default="")

    group: Mapped[BuyerGroup | None] = relationship()
    members: Mapped[list["OrganisationMember"]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationMember.id",
    )

    is_applied = StatusIs(OrganisationStatus.APPLIED)
    is_approved = StatusIs(OrganisationStatus.APPROVED)
    is_rejected = StatusIs(OrganisationStatus.REJECTED)
    is_suspended = StatusIs(OrganisationStatus.SUSPENDED)
    can_approve = CanMove(OrganisationStatus.APPROVED)
    can_reject = CanMove(OrganisationStatus.REJECTED)
    can_suspend = CanMove(OrganisationStatus.SUSPENDED)

    @property
    def status_label(self) -> str:
        return ORGANISATION_LIFECYCLE.label(self.status)

    @property
    def credit_available_idr(self) -> int:
        return max(self.credit_limit_idr - self.credit_used_idr, 0)

    @property
    def has_net_terms(self) -> bool:
        return self.is_approved and self.net_terms_days > 0 and self.credit_limit_idr > 0


class OrganisationMember(TimestampMixin, Model):
    """A user acting for an organisation; a user belongs to one organisation at most."""

    __tablename__ = "organisation_members"
    __table_args__ = (CheckConstraint(status_check(MemberRole, "role"), name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("buyer_organisations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    role: Mapped[str] = mapped_column(String(16), default=MemberRole.PURCHASER)

    organisation: Mapped[BuyerOrganisation] = relationship(back_populates="members")
    user: Mapped["User"] = relationship()  # noqa: F821

    @property
    def role_label(self) -> str:
        return str(MEMBER_ROLE_LABELS.get(self.role, self.role))


class PriceList(TimestampMixin, Model):
    """Prices for one buyer group or one organisation: a discount on the listed price, and
    per product a fixed unit price, a case pack and a minimum."""

    __tablename__ = "price_lists"
    __table_args__ = (
        CheckConstraint("(group_id IS NULL) <> (organisation_id IS NULL)", name="one_audience"),
        CheckConstraint("discount_bp >= 0 AND discount_bp <= 9000", name="discount_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("buyer_groups.id", ondelete="CASCADE"), unique=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("buyer_organisations.id", ondelete="CASCADE"), unique=True
    )
    #: Off the listed price (retail or the wholesale tier reached) of every product on the list
    #: without a fixed price.
    discount_bp: Mapped[int] = mapped_column(default=0)

    group: Mapped[BuyerGroup | None] = relationship()
    organisation: Mapped[BuyerOrganisation | None] = relationship()
    items: Mapped[list["PriceListItem"]] = relationship(
        back_populates="price_list", cascade="all, delete-orphan", order_by="PriceListItem.id"
    )


class PriceListItem(Model):
    """One product on a price list."""

    __tablename__ = "price_list_items"
    __table_args__ = (
        UniqueConstraint("price_list_id", "product_id", name="uq_price_list_items_list_product"),
        CheckConstraint("unit_price_idr IS NULL OR unit_price_idr > 0", name="price_positive"),
        CheckConstraint("case_pack >= 1", name="case_pack_positive"),
        CheckConstraint("min_quantity >= 1", name="min_quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    price_list_id: Mapped[int] = mapped_column(
        ForeignKey("price_lists.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    #: A fixed unit price in rupiah; NULL: the list's discount on the listed price.
    unit_price_idr: Mapped[int | None] = mapped_column(BigInteger)
    #: Sold in whole cases of this many units.
    case_pack: Mapped[int] = mapped_column(default=1)
    #: The smallest quantity per order (a multiple of the case pack).
    min_quantity: Mapped[int] = mapped_column(default=1)

    price_list: Mapped[PriceList] = relationship(back_populates="items")
    product: Mapped["Product"] = relationship()  # noqa: F821


class InvoiceStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    VOID = "void"


INVOICE_LIFECYCLE = Lifecycle(
    name="wholesale_invoice",
    statuses=InvoiceStatus,
    table={"open": ("paid", "void"), "paid": (), "void": ()},
    stamps={"paid": "paid_at"},
    labels={"open": _l("Open"), "paid": _l("Paid"), "void": _l("Void")},
)


class Invoice(TimestampMixin, Model):
    """What an organisation owes for an order placed on net terms, due ``due_on``."""

    __tablename__ = "wholesale_invoices"
    __table_args__ = (
        CheckConstraint(status_check(InvoiceStatus), name="status_known"),
        CheckConstraint("amount_idr >= 0", name="amount_not_negative"),
        CheckConstraint("due_on >= issued_on", name="due_after_issue"),
    )
    LIFECYCLE = INVOICE_LIFECYCLE

    id: Mapped[int] = mapped_column(primary_key=True)
    #: WI-YYYY-NNNNN, from ``number_counters``.
    number: Mapped[str] = mapped_column(String(20), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("buyer_organisations.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    amount_idr: Mapped[int] = mapped_column(BigInteger)
    #: Business dates (WITA).
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(8), default=InvoiceStatus.OPEN, index=True)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    payment_reference: Mapped[str] = mapped_column(String(80), default="")
    #: The last business day a reminder went out (one per day at most).
    reminded_on: Mapped[date | None] = mapped_column(Date)
    reminder_count: Mapped[int] = mapped_column(default=0)

    organisation: Mapped[BuyerOrganisation] = relationship()
    order: Mapped["Order"] = relationship()  # noqa: F821

    is_open = StatusIs(InvoiceStatus.OPEN)
    is_paid = StatusIs(InvoiceStatus.PAID)
    can_mark_paid = CanMove(InvoiceStatus.PAID)

    @property
    def status_label(self) -> str:
        return INVOICE_LIFECYCLE.label(self.status)

    def is_overdue_on(self, today: date) -> bool:
        return self.is_open and self.due_on < today

    def days_overdue(self, today: date) -> int:
        return max((today - self.due_on).days, 0) if self.is_open else 0


#: What a partner API key may read.
API_SCOPES = {
    "orders": _l("Orders"),
    "invoices": _l("Invoices"),
    "catalog": _l("Price-listed catalog"),
}


class ApiKey(TimestampMixin, Model):
    """A key for the partner API, for one organisation. Only a SHA-256 hash of the secret is
    stored (the secret is random, 256 bits: a slow hash adds nothing); the full key
    ``rdk_<prefix>_<secret>`` is shown once, when it is made."""

    __tablename__ = "wholesale_api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("buyer_organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    #: The public part of the key, to find it (and to name it in logs and rate limits).
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    #: Names from ``API_SCOPES``.
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[BuyerOrganisation] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


from trading_house.wholesale.invoice_models import InvoiceCredit  # noqa: E402,F401
