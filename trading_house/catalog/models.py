"""Categories, products, wholesale tiers and photos."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.catalog.status import EDITABLE, PRODUCT_LIFECYCLE, ProductStatus
from trading_house.core.clock import utcnow
from trading_house.core.lifecycle import CanMove, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model, db

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.enterprises.models import Enterprise


#: Listing lifecycle (DESIGN.md §4, ``status.py``). ``approved`` means published.
PRODUCT_STATUSES = tuple(ProductStatus)
EXPORT_UNITS = ("pcs", "kg", "box", "dozen", "roll", "pack", "bottle", "set", "meter", "carton")


class Category(TimestampMixin, Model):
    """A two-level tree; names in both languages."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name_indonesian: Mapped[str] = mapped_column(String(120))
    name_english: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped["Category | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Category"]] = relationship(
        back_populates="parent", order_by="Category.position"
    )

    def name_for(self, locale: str) -> str:
        return self.name_english if locale == "en" else self.name_indonesian


class Product(TimestampMixin, Model):
    """A listing. Its columns hold what buyers see once published; drafts live here too."""

    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("retail_price_idr > 0", name="price_positive"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint(status_check(ProductStatus), name="status_known"),
        UniqueConstraint("enterprise_id", "sku", name="uq_products_enterprise_sku"),
        Index("ix_products_status_published_at", "status", "published_at"),
        # Listings that must cost the same at 2,000 and 100,000 products (issue #18): a
        # business's page, the home page's featured products, the price sort and range.
        Index(
            "ix_products_enterprise_status_published_at", "enterprise_id", "status", "published_at"
        ),
        Index("ix_products_featured_status_published_at", "featured", "status", "published_at"),
        Index("ix_products_status_price", "status", "retail_price_idr"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Indexed first in ``ix_products_enterprise_status_published_at``.
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name_indonesian: Mapped[str] = mapped_column(String(160))
    name_english: Mapped[str] = mapped_column(String(160))
    description_indonesian: Mapped[str] = mapped_column(Text, default="")
    description_english: Mapped[str] = mapped_column(Text, default="")
    sku: Mapped[str] = mapped_column(String(64))
    #: Retail price in whole rupiah.
    retail_price_idr: Mapped[int] = mapped_column(BigInteger)
    export_moq: Mapped[int | None] = mapped_column()
    export_unit: Mapped[str] = mapped_column(String(16), default="pcs")
    stock: Mapped[int] = mapped_column(default=0)
    weight_grams: Mapped[int | None] = mapped_column()
    length_mm: Mapped[int | None] = mapped_column()
    width_mm: Mapped[int | None] = mapped_column()
    height_mm: Mapped[int | None] = mapped_column()
    #: In Indonesian (as the SME writes it); ``materials_english`` for buyers abroad.
    materials: Mapped[str | None] = mapped_column(String(255))
    materials_english: Mapped[str | None] = mapped_column(String(255))
    #: HS code digits only: 8 (BTKI 2022); older rows may hold 6 or 10 until edited.
    hs_code: Mapped[str | None] = mapped_column(String(10))
    origin_regency_code: Mapped[str | None] = mapped_column(String(4), index=True)
    lead_time_days: Mapped[int | None] = mapped_column()
    sample_available: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default=ProductStatus.DRAFT, index=True)
    #: When the listing was first published; kept through suspensions (sort key "newest").
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Picked by the trading house for the home page.
    featured: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    #: When the trading house last picked it: the home page shows the latest picks first.
    featured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    enterprise: Mapped["Enterprise"] = relationship()  # noqa: F821
    category: Mapped[Category] = relationship()
    tiers: Mapped[list["WholesaleTier"]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        order_by="WholesaleTier.min_quantity",
    )
    photos: Mapped[list["ProductPhoto"]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductPhoto.position"
    )
    events: Mapped[list["ProductEvent"]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ProductEvent.id",
    )

    LIFECYCLE = PRODUCT_LIFECYCLE
    #: Published: buyers see it.
    is_published = StatusIs(ProductStatus.APPROVED)
    is_submitted = StatusIs(ProductStatus.SUBMITTED)
    is_archived = StatusIs(ProductStatus.ARCHIVED)
    #: Its enterprise may change its content (after restoring it, when archived).
    is_editable = StatusIs(*EDITABLE)
    can_submit = CanMove(ProductStatus.SUBMITTED)
    can_archive = CanMove(ProductStatus.ARCHIVED)

    def name_for(self, locale: str) -> str:
        primary, other = (
            (self.name_english, self.name_indonesian)
            if locale == "en"
            else (self.name_indonesian, self.name_english)
        )
        return primary or other

    def description_for(self, locale: str) -> str:
        primary, other = (
            (self.description_english, self.description_indonesian)
            if locale == "en"
            else (self.description_indonesian, self.description_english)
        )
        return primary or other

    def materials_for(self, locale: str) -> str | None:
        """The materials in ``locale``'s language, else in the other one."""
        primary, other = (
            (self.materials_english, self.materials)
            if locale == "en"
            else (self.materials, self.materials_english)
        )
        return primary or other

    def materials_language(self, locale: str) -> str:
        """The language ``materials_for`` actually shows (for a language label)."""
        if locale == "en":
            return "en" if self.materials_english or not self.materials else "id"
        return "id" if self.materials or not self.materials_english else "en"

    def text_language(self, field: str, locale: str) -> str:
        """The language ``name_for``/``description_for`` actually shows (for a fallback note)."""
        english, indonesian = (
            getattr(self, f"{field}_english"),
            getattr(self, f"{field}_indonesian"),
        )
        if locale == "en":
            return "en" if english or not indonesian else "id"
        return "id" if indonesian or not english else "en"

    def listed_unit_price_idr(self, quantity: int) -> int:
        """The listed unit price for ``quantity``: the best wholesale tier reached, else retail."""
        price = self.retail_price_idr
        for tier in self.tiers:
            if quantity >= tier.min_quantity and tier.unit_price_idr < price:
                price = tier.unit_price_idr
        return price

    @property
    def main_photo(self) -> "ProductPhoto | None":
        return self.photos[0] if self.photos else None


class WholesaleTier(Model):
    """From ``min_quantity`` units on, each unit costs ``unit_price_idr``."""

    __tablename__ = "wholesale_tiers"
    __table_args__ = (
        CheckConstraint("min_quantity > 1", name="min_quantity_above_one"),
        CheckConstraint("unit_price_idr > 0", name="price_positive"),
        UniqueConstraint("product_id", "min_quantity", name="uq_wholesale_tiers_product_min"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    min_quantity: Mapped[int] = mapped_column()
    unit_price_idr: Mapped[int] = mapped_column(BigInteger)

    product: Mapped[Product] = relationship(back_populates="tiers")


class ProductPhoto(TimestampMixin, Model):
    """One photo: a private original and public WebP variants with content-hashed names."""

    __tablename__ = "product_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    #: 0 is the main photo.
    position: Mapped[int] = mapped_column(default=0)
    alt_text: Mapped[str] = mapped_column(String(255), default="")
    #: Private storage key of the original upload (metadata intact, never public).
    original_key: Mapped[str] = mapped_column(String(255))
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    #: {"400": "p/ab/abcdef…-400.webp", ...}; empty until the variant job ran.
    variants: Mapped[dict] = mapped_column(db.JSON, default=dict)

    product: Mapped[Product] = relationship(back_populates="photos")


class ProductEvent(Model):
    """An append-only record of one status change of a listing (who, when, from, to, why)."""

    __tablename__ = "product_events"
    __table_args__ = (
        CheckConstraint(status_check(ProductStatus, "to_status"), name="to_status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    #: Who made the change; NULL for the system (seed, scheduled jobs).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: NULL for the creation of the listing.
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    product: Mapped[Product] = relationship(back_populates="events")
    actor: Mapped["User | None"] = relationship()  # noqa: F821


# The maintained counts per facet (their model and the hooks that keep them with every commit).
from trading_house.catalog import counters as _counters  # noqa: E402, F401
