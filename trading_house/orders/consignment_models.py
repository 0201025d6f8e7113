"""The trading house as exporter of record: consignments, the lots enterprises deliver to the
warehouse, numbered cartons and what each carton holds."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.lifecycle import CanMove, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model
from trading_house.orders.status import CONSIGNMENT_LIFECYCLE, ConsignmentStatus, sql_in

if TYPE_CHECKING:
    from trading_house.core.models import Document
    from trading_house.orders.models import Order, OrderLine


TRANSPORT_MODES = ("sea", "air", "road", "courier")
LOT_CONDITIONS = ("good", "minor_damage", "damaged", "short")


class Consignment(TimestampMixin, Model):
    """One export shipment: one commercial invoice and one packing list cover it."""

    __tablename__ = "consignments"
    __table_args__ = (
        CheckConstraint(status_check(ConsignmentStatus), name="status_known"),
        CheckConstraint(f"mode IS NULL OR mode IN ({sql_in(TRANSPORT_MODES)})", name="mode_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: CN-YYYY-NNNN, from ``number_counters``.
    number: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=ConsignmentStatus.OPEN)
    consignee_name: Mapped[str] = mapped_column(String(160))
    consignee_address: Mapped[str] = mapped_column(Text, default="")
    #: ISO 3166-1 alpha-2 of the destination.
    destination_country: Mapped[str] = mapped_column(String(2))
    incoterm: Mapped[str | None] = mapped_column(String(3))
    incoterm_place: Mapped[str | None] = mapped_column(String(120))
    mode: Mapped[str | None] = mapped_column(String(8))
    carrier: Mapped[str | None] = mapped_column(String(120))
    #: Bill of lading (sea) or air waybill (air) number.
    transport_document_number: Mapped[str | None] = mapped_column(String(60))
    port_of_loading: Mapped[str | None] = mapped_column(String(120))
    port_of_discharge: Mapped[str | None] = mapped_column(String(120))
    etd: Mapped[date | None] = mapped_column(Date)
    eta: Mapped[date | None] = mapped_column(Date)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    orders: Mapped[list["Order"]] = relationship(order_by="Order.id")  # noqa: F821
    lots: Mapped[list["ConsignmentLot"]] = relationship(
        back_populates="consignment", cascade="all, delete-orphan", order_by="ConsignmentLot.id"
    )
    cartons: Mapped[list["Carton"]] = relationship(
        back_populates="consignment", cascade="all, delete-orphan", order_by="Carton.number"
    )

    LIFECYCLE = CONSIGNMENT_LIFECYCLE
    is_open = StatusIs(ConsignmentStatus.OPEN)
    can_ship = CanMove(ConsignmentStatus.SHIPPED)
    can_mark_arrived = CanMove(ConsignmentStatus.ARRIVED)

    @property
    def status_label(self) -> str:
        return CONSIGNMENT_LIFECYCLE.label(self.status)


class ConsignmentLot(TimestampMixin, Model):
    """What one enterprise delivered to the warehouse for one order line, as staff found it."""

    __tablename__ = "consignment_lots"
    __table_args__ = (
        UniqueConstraint("consignment_id", "order_line_id", name="uq_consignment_lots_line"),
        CheckConstraint("received_quantity >= 0", name="quantity_not_negative"),
        CheckConstraint(
            "damaged_quantity >= 0 AND damaged_quantity <= received_quantity",
            name="damaged_within_received",
        ),
        CheckConstraint(f"condition IN ({sql_in(LOT_CONDITIONS)})", name="condition_known"),
    )

    if TYPE_CHECKING:  # a plain attribute set by consignment.record_lot, not a column
        taken_off_invoice: int

    id: Mapped[int] = mapped_column(primary_key=True)
    consignment_id: Mapped[int] = mapped_column(
        ForeignKey("consignments.id", ondelete="CASCADE"), index=True
    )
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    received_quantity: Mapped[int] = mapped_column()
    #: Units received but refused as damaged: they are not shipped and not invoiced.
    damaged_quantity: Mapped[int] = mapped_column(default=0, server_default="0")
    condition: Mapped[str] = mapped_column(String(16), default="good")
    #: Findings of the pre-shipment check.
    notes: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    consignment: Mapped[Consignment] = relationship(back_populates="lots")
    line: Mapped["OrderLine"] = relationship()  # noqa: F821
    photos: Mapped[list["LotPhoto"]] = relationship(
        back_populates="lot", cascade="all, delete-orphan", order_by="LotPhoto.id"
    )

    @property
    def accepted_quantity(self) -> int:
        """What can be packed, shipped and invoiced: received less damaged."""
        return self.received_quantity - self.damaged_quantity


class LotPhoto(Model):
    """A photo of the pre-shipment check (a private document)."""

    __tablename__ = "lot_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(
        ForeignKey("consignment_lots.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))

    lot: Mapped[ConsignmentLot] = relationship(back_populates="photos")
    document: Mapped["Document"] = relationship()  # noqa: F821


class Carton(Model):
    """A numbered package of the consignment, with its weights in grams."""

    __tablename__ = "cartons"
    __table_args__ = (
        UniqueConstraint("consignment_id", "number", name="uq_cartons_consignment_number"),
        CheckConstraint(
            "net_weight_grams > 0 AND gross_weight_grams >= net_weight_grams",
            name="weights_valid",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consignment_id: Mapped[int] = mapped_column(
        ForeignKey("consignments.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column()
    net_weight_grams: Mapped[int] = mapped_column()
    gross_weight_grams: Mapped[int] = mapped_column()
    #: Outside dimensions, e.g. "60 × 40 × 40 cm".
    dimensions: Mapped[str] = mapped_column(String(60), default="")

    consignment: Mapped[Consignment] = relationship(back_populates="cartons")
    items: Mapped[list["CartonItem"]] = relationship(
        back_populates="carton", cascade="all, delete-orphan", order_by="CartonItem.id"
    )


class CartonItem(Model):
    __tablename__ = "carton_items"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    carton_id: Mapped[int] = mapped_column(ForeignKey("cartons.id", ondelete="CASCADE"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    quantity: Mapped[int] = mapped_column()

    carton: Mapped[Carton] = relationship(back_populates="items")
    line: Mapped["OrderLine"] = relationship()  # noqa: F821
