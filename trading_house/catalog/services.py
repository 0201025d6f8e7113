"""Catalog use cases: create, edit, archive and publish listings. Services flush, never commit."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.catalog import status as lifecycle
from trading_house.catalog.models import Category, Product, ProductPhoto, WholesaleTier
from trading_house.catalog.rules import MAX_PRICE_IDR, tier_order_problem
from trading_house.core.cache import current_cache, invalidate_on_commit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, InvalidTransition
from trading_house.core.fragments import invalidate_fragment_on_commit
from trading_house.core.models import ExchangeRate
from trading_house.core.slugs import unique_slug
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db

#: Product columns a service may set from cleaned form data.
EDITABLE_FIELDS = (
    "name_indonesian",
    "name_english",
    "description_indonesian",
    "description_english",
    "category_id",
    "sku",
    "retail_price_idr",
    "export_moq",
    "export_unit",
    "stock",
    "weight_grams",
    "length_mm",
    "width_mm",
    "height_mm",
    "materials",
    "materials_english",
    "hs_code",
    "origin_regency_code",
    "lead_time_days",
    "sample_available",
)


def all_categories() -> list[Category]:
    """Every category, parents before children, in display order."""
    return list(
        db.session.scalars(
            select(Category).order_by(
                Category.parent_id.is_not(None), Category.position, Category.id
            )
        )
    )


@dataclass(frozen=True)
class CategoryEntry:
    """A category as menus show it: a read-only copy that can live in the cache."""

    id: int
    parent_id: int | None
    slug: str
    name_indonesian: str
    name_english: str

    def name_for(self, locale: str) -> str:
        return self.name_english if locale == "en" else self.name_indonesian


#: The menu tree is read on most pages and changes rarely: cached (Redis when configured) and
#: dropped whenever a commit touches a category.
CATEGORY_TREE_KEY = "catalog:category-tree:v1"
invalidate_on_commit(Category, CATEGORY_TREE_KEY)
#: The home page showcase (categories, featured, newest) is a shared fragment: any change to what
#: it shows forgets it at commit (exchange rates change prices too).
for _model in (Category, Product, ProductPhoto, Enterprise, ExchangeRate):
    invalidate_fragment_on_commit(_model, "home-showcase")


#: The columns of a :class:`CategoryEntry`, parents before children, in display order.
_CATEGORY_ROWS = select(
    *(
        getattr(Category, field)
        for field in ("id", "parent_id", "slug", "name_indonesian", "name_english")
    )
).order_by(Category.parent_id.is_not(None), Category.position, Category.id)


def _category_rows() -> list[dict]:
    return [row._asdict() for row in db.session.connection().execute(_CATEGORY_ROWS)]


def category_tree() -> list[tuple[CategoryEntry, list[CategoryEntry]]]:
    """[(top-level category, [children])] in display order, from one query or the cache."""
    # Kept with the write stamp it was read under: with in-process caches, another worker's
    # commit of a new category would otherwise stay unseen here (the menu, the catalog's
    # category filter) for the entry's lifetime.
    from trading_house.core.write_stamp import write_stamp

    cache, stamp = current_cache(), write_stamp()
    entry = cache.get(CATEGORY_TREE_KEY)
    if not isinstance(entry, dict) or stamp is None or entry.get("stamp") != stamp:
        entry = {"stamp": stamp, "rows": _category_rows()}
        cache.set(CATEGORY_TREE_KEY, entry, 300)
    rows = entry["rows"]
    categories = [CategoryEntry(**row) for row in rows]
    children: dict[int, list[CategoryEntry]] = {}
    for cat in categories:
        if cat.parent_id is not None:
            children.setdefault(cat.parent_id, []).append(cat)
    return [(c, children.get(c.id, [])) for c in categories if c.parent_id is None]


def create_product(enterprise: Enterprise, data: dict, *, actor) -> Product:
    """A new draft listing of ``enterprise`` with its tiers and the first history event."""
    _check_product(enterprise.id, data, product_id=None)
    product = Product(enterprise_id=enterprise.id, status=lifecycle.DRAFT)
    _apply_fields(product, data)
    # "Same as the business" is stored as the business's regency, so filters find it.
    product.origin_regency_code = data.get("origin_regency_code") or enterprise.regency_code
    product.slug = _product_slug(data["name_indonesian"] or data.get("name_english"))
    db.session.add(product)
    db.session.flush()
    _replace_tiers(product, data.get("tiers") or [])
    lifecycle.record_creation(product, actor=actor)
    db.session.flush()
    return product


#: Statuses whose content buyers have seen approved: edits become revisions (curation).
PUBLISHED = lifecycle.PUBLISHED

#: Checks a listing must pass before it is sent for review, registered by the curation area
#: (catalog never imports curation). Each takes the product and raises DomainError to refuse.
#: Each check is called as ``check(product, actor)`` and raises a DomainError to refuse.
_submit_checks: list[Callable[[Product, object], None]] = []


def register_submit_check(check: Callable[[Product, object], None]) -> None:
    """Plug in a pre-submission check (called once by the curation area)."""
    if check not in _submit_checks:
        _submit_checks.append(check)


def update_product(product: Product, data: dict, *, actor) -> Product:
    """Change an unpublished listing's content. An archived listing must be restored first;
    a published one changes through a revision that a curator reviews (curation/revisions.py).
    """
    if product.status not in lifecycle.EDITABLE:
        raise InvalidTransition(_l("Restore this listing before you edit it."))
    if product.status in PUBLISHED:
        raise InvalidTransition(
            _l("Changes to a published listing are reviewed before buyers see them.")
        )
    return apply_content(product, data)


def check_product_data(enterprise_id: int, data: dict, *, product_id: int | None) -> None:
    """The domain rules of a listing's content (raises DomainError with the field)."""
    _check_product(enterprise_id, data, product_id=product_id)


def apply_content(product: Product, data: dict) -> Product:
    """Write checked content into the product row (also used when a revision is approved)."""
    _check_product(product.enterprise_id, data, product_id=product.id)
    old_name = product.name_indonesian
    _apply_fields(product, data)
    product.origin_regency_code = data.get("origin_regency_code") or product.enterprise.regency_code
    if product.published_at is None and product.name_indonesian != old_name:
        # Never-published listings follow their name; published links must keep working.
        product.slug = _product_slug(product.name_indonesian, exclude_id=product.id)
    _replace_tiers(product, data.get("tiers") or [])
    db.session.flush()
    return product


def submit_product(product: Product, *, actor) -> None:
    """The enterprise asks for review, once the registered pre-checks pass."""
    for check in _submit_checks:
        check(product, actor)
    lifecycle.set_status(product, lifecycle.SUBMITTED, actor=actor)


def archive_product(product: Product, *, actor, note: str | None = None) -> None:
    lifecycle.set_status(product, lifecycle.ARCHIVED, actor=actor, note=note)


def restore_product(product: Product, *, actor) -> None:
    lifecycle.set_status(product, lifecycle.DRAFT, actor=actor)


def publish_product(product: Product, *, actor, note: str | None = None) -> None:
    """An admin publishes a listing directly, walking the table (every step is an event)."""
    paths: dict[str, list[lifecycle.ProductStatus]] = {
        lifecycle.DRAFT: [lifecycle.SUBMITTED, lifecycle.APPROVED],
        lifecycle.CHANGES_REQUESTED: [lifecycle.SUBMITTED, lifecycle.APPROVED],
        lifecycle.REJECTED: [lifecycle.DRAFT, lifecycle.SUBMITTED, lifecycle.APPROVED],
        lifecycle.SUBMITTED: [lifecycle.APPROVED],
        lifecycle.SUSPENDED: [lifecycle.APPROVED],
    }
    steps = paths.get(product.status)
    if steps is None:
        # Approved already, or archived: let the table produce its message.
        lifecycle.set_status(product, lifecycle.APPROVED, actor=actor, note=note)
        return
    for step in steps:
        lifecycle.set_status(product, step, actor=actor, note=note)


def unpublish_product(product: Product, *, actor, note: str | None = None) -> None:
    """Take a published listing off the shop window (suspended; it can be reinstated)."""
    lifecycle.set_status(product, lifecycle.SUSPENDED, actor=actor, note=note)


def set_featured(product: Product, featured: bool) -> None:
    """Put the product on the home page (first among the picks) or take it off."""
    if featured and not product.featured:
        product.featured_at = utcnow()
    elif not featured:
        product.featured_at = None
    product.featured = bool(featured)
    db.session.flush()


def status_counts(enterprise_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(Product.status, func.count())
        .where(Product.enterprise_id == enterprise_id)
        .group_by(Product.status)
    )
    return {status: count for status, count in rows}


def _product_slug(name: str | None, *, exclude_id: int | None = None) -> str:
    """At most 80 characters; "produk" for a name without latin letters."""
    return unique_slug(Product, name, fallback="produk", max_length=80, exclude_id=exclude_id)


def _check_product(enterprise_id: int, data: dict, *, product_id: int | None) -> None:
    """Domain rules the form also checks; services must hold them for every caller."""
    if db.session.get(Category, data.get("category_id") or 0) is None:
        raise DomainError(_l("Choose a category from the list."), field="category_id")
    price = data.get("retail_price_idr")
    if not isinstance(price, int) or not 0 < price <= MAX_PRICE_IDR:
        raise DomainError(_l("Enter a price in rupiah."), field="retail_price_idr")
    if (data.get("stock") or 0) < 0:
        raise DomainError(_l("Stock cannot be below zero."), field="stock")
    tiers = data.get("tiers") or []
    if any(q is None or q < 2 or p is None or p <= 0 for q, p in tiers):
        raise DomainError(
            _l("Each wholesale tier needs both a quantity and a unit price."), field="tiers"
        )
    problem = tier_order_problem(tiers, price)
    if problem:
        raise DomainError(problem, field="tiers")
    sku = (data.get("sku") or "").strip()
    duplicate = select(Product.id).where(
        Product.enterprise_id == enterprise_id, func.lower(Product.sku) == sku.lower()
    )
    if product_id is not None:
        duplicate = duplicate.where(Product.id != product_id)
    if db.session.scalar(duplicate.limit(1)) is not None:
        raise DomainError(_l("Another of your products already uses this SKU."), field="sku")


def _apply_fields(product: Product, data: dict) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(product, name, data[name])


def _replace_tiers(product: Product, rows) -> None:
    # Delete first, then insert: (product, min_quantity) is unique, and the unit of work
    # would otherwise insert the new rows before deleting the old ones.
    if product.tiers:
        product.tiers.clear()
        db.session.flush()
    for quantity, price in rows:
        product.tiers.append(WholesaleTier(min_quantity=quantity, unit_price_idr=price))
