"""Carts, orders, their lines, fulfilments and events; shipping zones; commission rates.

Money columns hold integer minor units of the row's ``currency`` (IDR has exponent 0);
columns ending in ``_idr`` are whole rupiah. Consignments live in ``consignment_models.py``.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    column,
    exists,
    table,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from trading_house.core.clock import utcnow
from trading_house.core.lifecycle import CanMove, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model
from trading_house.orders.status import (
    FULFILMENT_LIFECYCLE,
    ORDER_LIFECYCLE,
    PAYMENT_PROOF_SUBMITTED,
    FulfilmentStatus,
    OrderKind,
    OrderStatus,
)

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.catalog.models import Category, Product
    from trading_house.enterprises.models import Enterprise


class Cart(TimestampMixin, Model):
    """A shopping cart: anonymous (found by ``token`` from the signed session) or a user's."""

    __tablename__ = "carts"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random id kept in the signed session cookie for anonymous visitors.
    token: Mapped[str] = mapped_column(String(43), unique=True)
    #: Set once the cart belongs to an account; one cart per user.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    #: Moves on by one each time an order is placed from the cart. The checkout page carries
    #: the value it saw; placing an order moves it on with a compare-and-set UPDATE, and the
    #: order stores it (unique with ``cart_id``): one state of the cart becomes one order, even
    #: when two tabs submit at the same moment.
    checkout_version: Mapped[int] = mapped_column(default=0, server_default="0")

    items: Mapped[list["CartItem"]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartItem.id"
    )


class CartItem(TimestampMixin, Model):
    __tablename__ = "cart_items"
    __table_args__ = (
        UniqueConstraint("cart_id", "product_id", name="uq_cart_items_cart_product"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_seen_idr >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column()
    #: The unit price (IDR, tier applied) the buyer last saw; a difference at checkout is
    #: shown to the buyer before anything is charged.
    unit_price_seen_idr: Mapped[int] = mapped_column(BigInteger)

    cart: Mapped[Cart] = relationship(back_populates="items")
    product: Mapped["Product"] = relationship()  # noqa: F821


class NumberCounter(Model):
    """Readable yearly numbers (orders, consignments): one row per scope and year."""

    __tablename__ = "number_counters"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)


class Order(TimestampMixin, Model):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint(status_check(OrderStatus), name="status_known"),
        CheckConstraint(status_check(OrderKind, "kind"), name="kind_known"),
        CheckConstraint(
            "subtotal_minor >= 0 AND shipping_minor >= 0 AND total_minor >= 0 "
            "AND refunded_minor >= 0",
            name="money_not_negative",
        ),
        UniqueConstraint("buyer_id", "idempotency_key", name="uq_orders_buyer_idempotency_key"),
        UniqueConstraint("cart_id", "cart_checkout_version", name="uq_orders_cart_checkout"),
        Index("ix_orders_status_created_at", "status", "created_at"),
    )
    LIFECYCLE = ORDER_LIFECYCLE
    id: Mapped[int] = mapped_column(primary_key=True)
    #: RD-YYYY-NNNNNN, from ``number_counters``.
    number: Mapped[str] = mapped_column(String(20), unique=True)
    #: Optimistic locking: every UPDATE checks the version it read, so two processes (a webhook
    #: and the expiry job, say) can never both move the same order from the same state.
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: retail (cart), quotation (an accepted quotation) or sample.
    kind: Mapped[str] = mapped_column(String(16), default=OrderKind.RETAIL)
    status: Mapped[str] = mapped_column(String(20), default=OrderStatus.PENDING_PAYMENT)
    #: ISO 4217; every money column of the order and its lines is in this currency.
    currency: Mapped[str] = mapped_column(String(3))
    subtotal_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    shipping_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    total_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Random key from the checkout form: a second submission returns this order.
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    #: The cart this order was placed from and its ``checkout_version`` then (NULL for orders
    #: from quotations and samples): a second order of the same cart state cannot be written.
    cart_id: Mapped[int | None] = mapped_column(ForeignKey("carts.id", ondelete="SET NULL"))
    cart_checkout_version: Mapped[int | None] = mapped_column()
    #: The accepted quotation this order was made from (one order per quotation).
    quotation_id: Mapped[int | None] = mapped_column(unique=True)
    incoterm: Mapped[str | None] = mapped_column(String(3))
    incoterm_place: Mapped[str | None] = mapped_column(String(120))
    #: IDR for one unit of ``currency`` × 1e6 when the order was placed (settlement in IDR).
    idr_per_unit_micro: Mapped[int | None] = mapped_column(BigInteger)
    #: bank_transfer or stripe: what the buyer chose (payments may change it).
    payment_method: Mapped[str] = mapped_column(String(16), default="bank_transfer")
    #: Unpaid orders are cancelled after this moment and their stock is released.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: International shipping the trading house has yet to quote; payment waits for it.
    shipping_quote_pending: Mapped[bool] = mapped_column(default=False)
    shipping_service: Mapped[str | None] = mapped_column(String(120))
    ship_name: Mapped[str] = mapped_column(String(120), default="")
    #: E.164 (``core/phones``), read with ``ship_country`` as region; "" when none given.
    ship_phone: Mapped[str] = mapped_column(
        String(32), default="", info={"phone": {"region_column": "ship_country"}}
    )
    ship_line1: Mapped[str] = mapped_column(String(200), default="")
    ship_line2: Mapped[str] = mapped_column(String(200), default="")
    ship_city: Mapped[str] = mapped_column(String(120), default="")
    #: Indonesian province code, or a state/region name elsewhere.
    ship_region: Mapped[str] = mapped_column(String(120), default="")
    ship_postal_code: Mapped[str] = mapped_column(String(16), default="")
    #: ISO 3166-1 alpha-2.
    ship_country: Mapped[str] = mapped_column(String(2), default="ID")
    buyer_note: Mapped[str] = mapped_column(Text, default="")
    consignment_id: Mapped[int | None] = mapped_column(ForeignKey("consignments.id"), index=True)

    buyer: Mapped["User"] = relationship()  # noqa: F821
    lines: Mapped[list["OrderLine"]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    fulfilments: Mapped[list["Fulfilment"]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Fulfilment.id"
    )
    events: Mapped[list["OrderEvent"]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderEvent.id"
    )

    if TYPE_CHECKING:  # column_property()s set below the class (they query the payments table)
        proof_waiting: Mapped[bool]
        money_arrived: Mapped[bool]

    is_pending_payment = StatusIs(OrderStatus.PENDING_PAYMENT)
    is_paid = StatusIs(OrderStatus.PAID)
    is_delivered = StatusIs(OrderStatus.DELIVERED)
    is_cancelled = StatusIs(OrderStatus.CANCELLED)
    is_refunded = StatusIs(OrderStatus.REFUNDED)
    can_cancel = CanMove(OrderStatus.CANCELLED)
    can_refund = CanMove(OrderStatus.REFUNDED)
    can_complete = CanMove(OrderStatus.COMPLETED)

    @property
    def can_pay(self) -> bool:
        return self.is_pending_payment and not self.shipping_quote_pending

    @property
    def proof_being_checked(self) -> bool:
        """Unpaid, but the buyer sent a proof of transfer that staff have not decided on."""
        return self.is_pending_payment and bool(self.proof_waiting)

    @property
    def partly_paid(self) -> bool:
        """Unpaid, but part of the money has arrived: the rest is still due."""
        return self.is_pending_payment and bool(self.money_arrived)


#: The payments area's table, named here without importing it (payments imports orders, never
#: the other way round). An unpaid order whose buyer sent a proof of transfer shows "being
#: checked" instead of "awaiting payment", in lists too, so this loads with the order.
_payments = table("payments", column("order_id"), column("status"), column("received_minor"))
Order.proof_waiting = column_property(
    exists()
    .where(_payments.c.order_id == Order.id, _payments.c.status == PAYMENT_PROOF_SUBMITTED)
    .correlate_except(_payments)
)
Order.money_arrived = column_property(
    exists()
    .where(_payments.c.order_id == Order.id, _payments.c.received_minor > 0)
    .correlate_except(_payments)
)


class OrderLine(Model):
    """A snapshot of what was bought: later edits of the product never change it."""

    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "unit_price_minor >= 0 AND line_total_minor >= 0 AND settlement_unit_idr >= 0 "
            "AND commission_minor >= 0 AND commission_idr >= 0",
            name="money_not_negative",
        ),
        CheckConstraint(
            "refunded_quantity >= 0 AND refunded_quantity <= quantity", name="refund_in_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    fulfilment_id: Mapped[int] = mapped_column(ForeignKey("fulfilments.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="SET NULL"), index=True
    )
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    name: Mapped[str] = mapped_column(String(200))
    sku: Mapped[str] = mapped_column(String(64), default="")
    hs_code: Mapped[str | None] = mapped_column(String(10))
    origin_regency_code: Mapped[str | None] = mapped_column(String(4))
    unit: Mapped[str] = mapped_column(String(16), default="pcs")
    weight_grams: Mapped[int | None] = mapped_column()
    quantity: Mapped[int] = mapped_column()
    currency: Mapped[str] = mapped_column(String(3))
    unit_price_minor: Mapped[int] = mapped_column(BigInteger)
    line_total_minor: Mapped[int] = mapped_column(BigInteger)
    #: What the enterprise is owed per unit before commission, in rupiah.
    settlement_unit_idr: Mapped[int] = mapped_column(BigInteger)
    #: Basis points recorded when the order is paid (NULL until then); 0 on lines the trading
    #: house sells itself (pooled quotations), where its margin replaces the commission.
    commission_bp: Mapped[int | None] = mapped_column()
    commission_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    commission_idr: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded_quantity: Mapped[int] = mapped_column(default=0)
    #: Lines of a pooled quotation (the trading house is the seller): the supplier's price per
    #: unit in the order's currency; the rest of ``unit_price_minor`` is the house's margin.
    #: NULL on lines an enterprise sells itself.
    unit_cost_minor: Mapped[int | None] = mapped_column(BigInteger)
    #: The trading house's margin on what remains of a pooled line, whole rupiah at the order's
    #: rate (recorded when paid, reduced by refunds, like ``commission_idr``).
    margin_idr: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    #: True while units taken from ``products.stock`` are held by this line.
    stock_reserved: Mapped[bool] = mapped_column(default=False)

    order: Mapped[Order] = relationship(back_populates="lines")
    fulfilment: Mapped["Fulfilment"] = relationship(back_populates="lines")
    enterprise: Mapped["Enterprise"] = relationship()  # noqa: F821

    @property
    def remaining_quantity(self) -> int:
        return self.quantity - self.refunded_quantity

    @property
    def sold_by_house(self) -> bool:
        """A pooled line: the trading house sells it as exporter; the supplier stays internal."""
        return self.unit_cost_minor is not None


class Fulfilment(TimestampMixin, Model):
    """One enterprise's part of an order: it packs, ships and delivers on its own."""

    __tablename__ = "fulfilments"
    __table_args__ = (
        UniqueConstraint("order_id", "enterprise_id", name="uq_fulfilments_order_enterprise"),
        CheckConstraint(status_check(FulfilmentStatus), name="status_known"),
    )
    LIFECYCLE = FULFILMENT_LIFECYCLE

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=FulfilmentStatus.PENDING, index=True)
    courier: Mapped[str | None] = mapped_column(String(80))
    tracking_number: Mapped[str | None] = mapped_column(String(80))
    packed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship(back_populates="fulfilments")
    enterprise: Mapped["Enterprise"] = relationship()  # noqa: F821
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="fulfilment", order_by="OrderLine.id"
    )

    is_shipped = StatusIs(FulfilmentStatus.SHIPPED)
    is_delivered = StatusIs(FulfilmentStatus.DELIVERED)
    can_pack = CanMove(FulfilmentStatus.PACKED)
    can_ship = CanMove(FulfilmentStatus.SHIPPED)
    can_deliver = CanMove(FulfilmentStatus.DELIVERED)
    can_cancel = CanMove(FulfilmentStatus.CANCELLED)

    @property
    def sold_by_house(self) -> bool:
        """The buyer sees the trading house, not the enterprise, as the seller of this part."""
        return any(line.sold_by_house for line in self.lines)


class OrderEvent(Model):
    """Append-only history of an order: status changes, fulfilment steps, payments, notes."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    fulfilment_id: Mapped[int | None] = mapped_column(ForeignKey("fulfilments.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: NULL for the system (expiry job, Stripe webhook).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: status, fulfilment, payment, refund, shipping, note.
    kind: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    order: Mapped[Order] = relationship(back_populates="events")
    actor: Mapped["User | None"] = relationship()  # noqa: F821


class ShippingZone(TimestampMixin, Model):
    """Where a set of rates applies: Indonesian provinces, or foreign countries."""

    __tablename__ = "shipping_zones"
    __table_args__ = (
        CheckConstraint("scope IN ('domestic', 'international')", name="scope_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name_indonesian: Mapped[str] = mapped_column(String(120))
    name_english: Mapped[str] = mapped_column(String(120))
    scope: Mapped[str] = mapped_column(String(16), default="domestic")
    #: Domestic: province codes ("73", ...). International: ISO country codes; empty = the rest.
    areas: Mapped[list] = mapped_column(JSON, default=list)
    #: "Quoted by the trading house": no fixed rate, staff set the cost after the order.
    quoted: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    rates: Mapped[list["ShippingRate"]] = relationship(
        back_populates="zone",
        cascade="all, delete-orphan",
        order_by="(ShippingRate.service, ShippingRate.min_weight_grams)",
    )

    def name_for(self, locale: str) -> str:
        return self.name_english if locale == "en" else self.name_indonesian


class ShippingRate(Model):
    """A price for a service within a weight band: ``min_weight_grams`` ≤ weight < max.

    The top band (no upper bound) costs ``price_idr`` at its lower limit plus
    ``extra_kg_price_idr`` for every started kilogram above it, so 50 kg never costs the
    same as 5 kg.
    """

    __tablename__ = "shipping_rates"
    __table_args__ = (
        CheckConstraint("price_idr >= 0", name="price_not_negative"),
        CheckConstraint("extra_kg_price_idr >= 0", name="extra_kg_price_not_negative"),
        CheckConstraint("min_weight_grams >= 0", name="min_not_negative"),
        CheckConstraint(
            "max_weight_grams IS NULL OR max_weight_grams > min_weight_grams", name="band_valid"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(
        ForeignKey("shipping_zones.id", ondelete="CASCADE"), index=True
    )
    #: Courier service as the buyer sees it, e.g. "JNE REG" (Indonesian, or a brand name).
    service: Mapped[str] = mapped_column(String(80))
    #: The service's name for English readers (NULL: ``service``, e.g. a brand name).
    service_english: Mapped[str | None] = mapped_column(String(80))
    min_weight_grams: Mapped[int] = mapped_column(default=0)
    #: NULL: no upper bound.
    max_weight_grams: Mapped[int | None] = mapped_column()
    price_idr: Mapped[int] = mapped_column(BigInteger)
    #: Rupiah per started kilogram above ``min_weight_grams``; only on the top band (0: flat).
    extra_kg_price_idr: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    days_min: Mapped[int | None] = mapped_column()
    days_max: Mapped[int | None] = mapped_column()

    zone: Mapped[ShippingZone] = relationship(back_populates="rates")

    def service_for(self, locale: str) -> str:
        return (self.service_english or self.service) if locale == "en" else self.service


class CommissionRate(TimestampMixin, Model):
    """The trading house's commission in basis points: a default row and per-category rows."""

    __tablename__ = "commission_rates"
    __table_args__ = (CheckConstraint("rate_bp >= 0 AND rate_bp <= 10000", name="rate_in_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: NULL: the default rate.
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), unique=True
    )
    rate_bp: Mapped[int] = mapped_column()
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    category: Mapped["Category | None"] = relationship()  # noqa: F821


from trading_house.orders.consignment_models import (  # noqa: E402,F401  (register the tables)
    Carton,
    CartonItem,
    Consignment,
    ConsignmentLot,
    LotPhoto,
)
from trading_house.orders.dispute_models import Dispute, ReceiptConfirmation  # noqa: E402,F401
