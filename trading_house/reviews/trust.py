"""Trust signals: the enterprise page's trust panel and the catalog's trust filters.

The panel (verified documents with their expiry, response time, on-time shipping, orders
completed, years on the marketplace, review averages) is computed here over many rows, so it is
kept in the app cache for an hour per enterprise and language-independent (plain JSON values);
a committed review forgets it at once (see ``register`` in the area's ``__init__.py``).
"""

from datetime import timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, column, func, select, table

from trading_house.catalog.models import Product
from trading_house.core.cache import current_cache, generation
from trading_house.core.clock import business_today, utcnow
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db
from trading_house.orders.models import Fulfilment, Order, OrderLine
from trading_house.readiness.models import ChecklistItem, VerifiedDocument
from trading_house.reviews import queries

TRUST_TTL = 3600
#: Cache generation that any committed review, fulfilment or verified document starts anew.
TRUST_GENERATION = "trust"
#: A shipment counts as on time when it left within the products' lead time after payment,
#: or within this many days for products without one.
DEFAULT_HANDLING_DAYS = 3
SHIPPING_WINDOW = timedelta(days=365)
HALAL_ITEM = "prod.halal"


class TrustFact(StrEnum):
    """The keys of the trust panel (plain strings in the cached JSON)."""

    VERIFIED = "verified"
    DOCUMENTS = "documents"
    RESPONSE_HOURS = "response_hours"
    SHIPPED = "shipped"
    ON_TIME_PERCENT = "on_time_percent"
    ORDERS_COMPLETED = "orders_completed"
    YEARS = "years"
    SINCE_YEAR = "since_year"
    REVIEWS = "reviews"
    RATING = "rating"
    ASPECTS = "aspects"


def trust_panel(enterprise: Enterprise) -> dict:
    """The trust panel's numbers for ``enterprise`` (from the cache when it has them)."""
    key = f"trust:{generation(TRUST_GENERATION)}:{enterprise.id}"
    return current_cache().get_or_set(key, lambda: compute_trust(enterprise), ttl=TRUST_TTL)


def compute_trust(enterprise: Enterprise) -> dict:
    from trading_house.inquiries.queries import median_first_response_hours

    shipped, on_time = _shipping_record(enterprise.id)
    summary = queries.enterprise_summary(enterprise.id)
    since = enterprise.created_at or utcnow()
    return {
        TrustFact.VERIFIED: enterprise.is_verified,
        TrustFact.DOCUMENTS: _documents(enterprise.id),
        TrustFact.RESPONSE_HOURS: median_first_response_hours(enterprise),
        TrustFact.SHIPPED: shipped,
        TrustFact.ON_TIME_PERCENT: round(100 * on_time / shipped) if shipped else None,
        TrustFact.ORDERS_COMPLETED: _completed(enterprise.id),
        TrustFact.YEARS: max(0, (business_today() - since.date()).days // 365),
        TrustFact.SINCE_YEAR: since.year,
        TrustFact.REVIEWS: summary.count,
        TrustFact.RATING: summary.overall,
        TrustFact.ASPECTS: summary.aspects,
    }


def _documents(enterprise_id: int) -> list[dict]:
    """The business's valid verified documents (not the products'), with their expiry."""
    titles: dict[str, tuple[str, str]] = {}
    for code, english, indonesian in db.session.execute(
        select(ChecklistItem.code, ChecklistItem.title_english, ChecklistItem.title_indonesian)
    ):
        titles.setdefault(code, (english, indonesian))
    rows = db.session.scalars(
        select(VerifiedDocument)
        .where(
            VerifiedDocument.enterprise_id == enterprise_id,
            VerifiedDocument.product_id.is_(None),
            VerifiedDocument.state == "valid",
        )
        .order_by(VerifiedDocument.item_code)
    )
    documents = []
    for document in rows:
        english, indonesian = titles.get(document.item_code, (document.item_code,) * 2)
        documents.append(
            {
                "code": document.item_code,
                "title_en": english,
                "title_id": indonesian,
                "expires_on": document.expires_on.isoformat() if document.expires_on else None,
            }
        )
    return documents


def _shipping_record(enterprise_id: int) -> tuple[int, int]:
    """(shipments in the last year, of which on time)."""
    since = utcnow() - SHIPPING_WINDOW
    lead = (
        select(OrderLine.fulfilment_id, func.max(Product.lead_time_days).label("days"))
        .join(Product, Product.id == OrderLine.product_id)
        .group_by(OrderLine.fulfilment_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Order.paid_at, Fulfilment.shipped_at, lead.c.days)
        .join(Order, Order.id == Fulfilment.order_id)
        .outerjoin(lead, lead.c.fulfilment_id == Fulfilment.id)
        .where(
            Fulfilment.enterprise_id == enterprise_id,
            Fulfilment.shipped_at.is_not(None),
            Fulfilment.shipped_at >= since,
            Order.paid_at.is_not(None),
        )
    ).all()
    on_time = sum(
        1
        for paid_at, shipped_at, days in rows
        if shipped_at - paid_at <= timedelta(days=days or DEFAULT_HANDLING_DAYS)
    )
    return len(rows), on_time


def _completed(enterprise_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(Fulfilment.id)).where(
                Fulfilment.enterprise_id == enterprise_id, Fulfilment.delivered_at.is_not(None)
            )
        )
        or 0
    )


# --- catalog filters (registered with catalog/queries.py, which never imports this area) --------


def halal_condition() -> ColumnElement[bool]:
    """Products with a valid, verified halal certificate (not lapsed)."""
    today = business_today()
    return Product.id.in_(
        select(VerifiedDocument.product_id).where(
            VerifiedDocument.item_code == HALAL_ITEM,
            VerifiedDocument.state == "valid",
            and_(
                VerifiedDocument.product_id.is_not(None),
                (VerifiedDocument.expires_on.is_(None)) | (VerifiedDocument.expires_on >= today),
            ),
        )
    )


def rating_condition(min_rating: int) -> ColumnElement[bool]:
    return Product.id.in_(queries.rated_product_ids(min_rating))


#: The cooperatives area's table (branch i13-coop), named without importing the area: health
#: predicates best first, as ``cooperatives.models.HealthPredicate``.
_cooperatives = table("cooperatives", column("enterprise_id"), column("health_predicate"))
HEALTH_PREDICATES = ("sehat", "cukup_sehat", "dalam_pengawasan", "dalam_pengawasan_khusus")


def coop_health_condition(at_least: str) -> ColumnElement[bool]:
    """Products of cooperatives whose health predicate is ``at_least`` or better."""
    better = HEALTH_PREDICATES[: HEALTH_PREDICATES.index(at_least) + 1]
    return Product.enterprise_id.in_(
        select(_cooperatives.c.enterprise_id).where(_cooperatives.c.health_predicate.in_(better))
    )


def watch_for_changes() -> None:
    """A committed review changes cards' pages (the catalog generation), product pages and
    trust panels; a shipment or a verified document changes trust panels."""
    from trading_house.catalog.queries import CATALOG_GENERATION
    from trading_house.core.cache import invalidate_on_commit
    from trading_house.core.fragments import PRODUCT_PAGES, fragment_group
    from trading_house.reviews.models import Review, ReviewPhoto
    from trading_house.reviews.panels import REVIEWS_GENERATION

    invalidate_on_commit(
        Review, f"gen:{CATALOG_GENERATION}", f"gen:{TRUST_GENERATION}", f"gen:{REVIEWS_GENERATION}"
    )
    invalidate_on_commit(ReviewPhoto, f"gen:{CATALOG_GENERATION}", f"gen:{REVIEWS_GENERATION}")
    # A product page's version row sees its reviews (count, stars, last change), not their
    # photos.
    fragment_group(PRODUCT_PAGES, ReviewPhoto)
    for model in (Fulfilment, VerifiedDocument):
        invalidate_on_commit(model, f"gen:{TRUST_GENERATION}")
