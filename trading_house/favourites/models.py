"""Saved products and enterprises in named lists (shareable read-only), and repeat orders.

Every buyer has one default list ("Saved"), made on the first save; more lists are theirs to
name. A list shared with a colleague has a random ``share_token``: the link shows the list
read-only to anyone who has it, and turning sharing off (or on again) makes old links dead.

A repeat order remembers the lines of a past order and the day of the month; each month the
scheduled command writes a :class:`RepeatDraft` at that day's prices, which the buyer confirms
(its lines go into the cart for checkout) or skips.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.lifecycle import CanMove, Lifecycle, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.catalog.models import Product
    from trading_house.enterprises.models import Enterprise
    from trading_house.orders.models import Order


class FavouriteList(TimestampMixin, Model):
    __tablename__ = "favourite_lists"
    __table_args__ = (
        Index(
            "uq_favourite_lists_default",
            "owner_id",
            unique=True,
            sqlite_where=text("is_default"),
            postgresql_where=text("is_default"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    #: The list a plain "Save" goes to; one per owner.
    is_default: Mapped[bool] = mapped_column(default=False)
    #: Random link secret while the list is shared; NULL when it is not.
    share_token: Mapped[str | None] = mapped_column(String(43), unique=True)

    owner: Mapped["User"] = relationship()  # noqa: F821
    items: Mapped[list["FavouriteItem"]] = relationship(
        back_populates="list", cascade="all, delete-orphan", order_by="FavouriteItem.id.desc()"
    )

    @property
    def is_shared(self) -> bool:
        return self.share_token is not None


class FavouriteItem(TimestampMixin, Model):
    """A product or an enterprise in a list (exactly one of the two)."""

    __tablename__ = "favourite_items"
    __table_args__ = (
        CheckConstraint(
            "(product_id IS NULL AND enterprise_id IS NOT NULL) "
            "OR (product_id IS NOT NULL AND enterprise_id IS NULL)",
            name="one_subject",
        ),
        UniqueConstraint("list_id", "product_id", name="uq_favourite_items_list_product"),
        UniqueConstraint("list_id", "enterprise_id", name="uq_favourite_items_list_enterprise"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(
        ForeignKey("favourite_lists.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )

    list: Mapped[FavouriteList] = relationship(back_populates="items")
    product: Mapped["Product | None"] = relationship()  # noqa: F821
    enterprise: Mapped["Enterprise | None"] = relationship()  # noqa: F821


class RepeatOrder(TimestampMixin, Model):
    """A buyer's monthly repeat of a past order."""

    __tablename__ = "repeat_orders"
    __table_args__ = (
        CheckConstraint("day_of_month BETWEEN 1 AND 28", name="day_in_range"),
        UniqueConstraint("buyer_id", "source_order_id", name="uq_repeat_orders_buyer_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source_order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    #: 1–28, so that every month has the day.
    day_of_month: Mapped[int] = mapped_column()
    #: The next business date a draft is due (WITA).
    next_run_on: Mapped[date] = mapped_column(Date, index=True)
    active: Mapped[bool] = mapped_column(default=True)
    #: [{"product_id": 12, "quantity": 40}, …] as in the source order.
    lines: Mapped[list] = mapped_column(JSON, default=list)

    buyer: Mapped["User"] = relationship()  # noqa: F821
    source_order: Mapped["Order"] = relationship()  # noqa: F821
    drafts: Mapped[list["RepeatDraft"]] = relationship(
        back_populates="repeat_order",
        cascade="all, delete-orphan",
        order_by="RepeatDraft.due_on.desc()",
    )


class DraftStatus(StrEnum):
    WAITING = "waiting"
    #: The buyer confirmed: the lines went into the cart for checkout.
    CONFIRMED = "confirmed"
    SKIPPED = "skipped"


DRAFT_LIFECYCLE = Lifecycle(
    name="repeat_draft",
    statuses=DraftStatus,
    table={
        DraftStatus.WAITING: {DraftStatus.CONFIRMED, DraftStatus.SKIPPED},
        DraftStatus.CONFIRMED: set(),
        DraftStatus.SKIPPED: set(),
    },
    stamps={DraftStatus.CONFIRMED: "decided_at", DraftStatus.SKIPPED: "decided_at"},
    labels={
        DraftStatus.WAITING: _l("Waiting for you"),
        DraftStatus.CONFIRMED: _l("Confirmed"),
        DraftStatus.SKIPPED: _l("Skipped"),
    },
)


class RepeatDraft(TimestampMixin, Model):
    """This month's draft of a repeat order, priced on the day it was made."""

    __tablename__ = "repeat_drafts"
    __table_args__ = (
        CheckConstraint(status_check(DraftStatus), name="status_known"),
        UniqueConstraint("repeat_order_id", "due_on", name="uq_repeat_drafts_repeat_due"),
    )
    LIFECYCLE = DRAFT_LIFECYCLE

    id: Mapped[int] = mapped_column(primary_key=True)
    repeat_order_id: Mapped[int] = mapped_column(
        ForeignKey("repeat_orders.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=DraftStatus.WAITING, index=True)
    #: [{"product_id", "name", "quantity", "unit_price_idr", "then_unit_price_idr",
    #: "available"}]: what the buyer confirms.
    lines: Mapped[list] = mapped_column(JSON, default=list)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    repeat_order: Mapped[RepeatOrder] = relationship(back_populates="drafts")

    is_waiting = StatusIs(DraftStatus.WAITING)
    can_confirm = CanMove(DraftStatus.CONFIRMED)

    @property
    def total_idr(self) -> int:
        return sum(
            line["unit_price_idr"] * line["quantity"] for line in self.lines if line["available"]
        )
