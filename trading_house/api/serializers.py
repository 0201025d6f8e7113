"""Domain objects as the JSON documents described in ``openapi.py``.

Texts go out as they were written (JSON is data, not HTML); ``http._dumps`` makes the bytes
inert for HTML anyway. URLs are absolute so partners can use them as they are, and built on
``PUBLIC_BASE_URL``, never on the request's Host header (answers are cached and shared).
"""

from trading_house.api.fields import Field
from trading_house.catalog.models import Category, Product, ProductPhoto
from trading_house.core.i18n import current_locale
from trading_house.core.money import EXPONENTS, Money
from trading_house.core.rates import to_display_currency
from trading_house.core.storage import media_url
from trading_house.core.templating import has_endpoint
from trading_house.core.urls import public_base_url, public_url_of
from trading_house.enterprises.logos import logo_url
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.regions import regency_name


def _page_url(endpoint: str, slug: str) -> str | None:
    if not has_endpoint(endpoint):
        return None
    return public_url_of(endpoint, "slug", slug)


def money_fields(value: Money, locale: str) -> dict:
    return {
        "amount": value.amount,
        "currency": value.currency,
        "exponent": EXPONENTS[value.currency],
        "formatted": value.format(locale),
    }


def prices(amount_idr: int, currency: str, locale: str) -> tuple[dict, dict]:
    """The same price in IDR and in ``currency`` (IDR when no rate is set for it)."""
    return money_fields(Money(amount_idr, "IDR"), locale), money_fields(
        to_display_currency(amount_idr, currency), locale
    )


def regency(code: str | None) -> dict | None:
    if not code:
        return None
    return {"code": code, "name": regency_name(code)}


def photo(item: ProductPhoto) -> dict:
    variants = item.variants or {}
    return {
        "position": item.position,
        "alt_text": item.alt_text or "",
        "width": item.width,
        "height": item.height,
        "variants": {
            width: media_url(key, absolute=True)
            for width, key in sorted(variants.items(), key=lambda kv: int(kv[0]))
        },
    }


def category_ref(category: Category) -> dict:
    return {
        "id": category.id,
        "slug": category.slug,
        "name_indonesian": category.name_indonesian,
        "name_english": category.name_english,
    }


def enterprise_ref(enterprise: Enterprise) -> dict:
    return {
        "id": enterprise.id,
        "slug": enterprise.slug,
        "name": enterprise.name,
        "regency": regency(enterprise.regency_code),
        Field.VERIFIED: enterprise.is_verified,
    }


def product(item: Product, currency: str) -> dict:
    locale = current_locale()
    price_idr, price = prices(item.retail_price_idr, currency, locale)
    return {
        "id": item.id,
        "slug": item.slug,
        "url": _page_url("catalog.product_detail", slug=item.slug),
        "name_indonesian": item.name_indonesian,
        "name_english": item.name_english,
        "description_indonesian": item.description_indonesian or "",
        "description_english": item.description_english or "",
        "sku": item.sku,
        "retail_price_idr": price_idr,
        "retail_price": price,
        "wholesale_tiers": [
            dict(
                zip(
                    ("unit_price_idr", "unit_price"),
                    prices(tier.unit_price_idr, currency, locale),
                    strict=True,
                ),
                min_quantity=tier.min_quantity,
            )
            for tier in item.tiers
        ],
        "export_moq": item.export_moq,
        "export_unit": item.export_unit,
        "stock": item.stock,
        "in_stock": item.stock > 0,
        "weight_grams": item.weight_grams,
        "dimensions_mm": {
            "length": item.length_mm,
            "width": item.width_mm,
            "height": item.height_mm,
        },
        "materials": item.materials,
        "hs_code": item.hs_code,
        "origin_regency": regency(item.origin_regency_code),
        "lead_time_days": item.lead_time_days,
        "sample_available": item.sample_available,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "category": category_ref(item.category),
        "enterprise": enterprise_ref(item.enterprise),
        "photos": [photo(p) for p in sorted(item.photos, key=lambda p: (p.position, p.id))],
    }


def category_nodes(categories: list[Category], counts: dict[int, int]) -> list[dict]:
    """Top-level categories with their children; counts include the children's products."""
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)

    def node(category: Category) -> dict:
        kids = [node(child) for child in children.get(category.id, [])]
        own = counts.get(category.id, 0)
        return {
            **category_ref(category),
            "product_count": own + sum(kid["product_count"] for kid in kids),
            "children": kids,
        }

    return [node(category) for category in children.get(None, [])]


def enterprise(item: Enterprise, product_count: int) -> dict:
    logo = logo_url(item, 512)
    return {
        **enterprise_ref(item),
        "legal_form": item.legal_form,
        "story_indonesian": item.story_indonesian or "",
        "story_english": item.story_english or "",
        "founded_year": item.founded_year,
        "logo_url": (logo if logo.startswith("http") else public_base_url() + logo)
        if logo
        else None,
        "url": _page_url("catalog.enterprise_page", slug=item.slug),
        "product_count": product_count,
    }


def partner_order(order) -> dict:
    """An order of the partner's organisation (amounts in minor units of ``currency``)."""
    return {
        "number": order.number,
        "status": order.status,
        "payment_method": order.payment_method,
        "currency": order.currency,
        "total_minor": order.total_minor,
        "created_at": order.created_at.isoformat(),
        "lines": [
            {
                "product_id": line.product_id,
                "sku": line.sku,
                "name": line.name,
                "quantity": line.quantity,
                "unit_price_minor": line.unit_price_minor,
                "line_total_minor": line.line_total_minor,
            }
            for line in order.lines
        ],
    }


def partner_invoice(invoice) -> dict:
    return {
        "number": invoice.number,
        "order_number": invoice.order.number,
        "status": invoice.status,
        "currency": "IDR",
        "amount_minor": invoice.amount_idr,
        "issued_on": invoice.issued_on.isoformat(),
        "due_on": invoice.due_on.isoformat(),
    }


def partner_price(price) -> dict:
    """A product at the organisation's price (IDR per unit), case pack and minimum."""
    return {
        "product_id": price.product.id,
        "sku": price.product.sku,
        "name": price.product.name_english or price.product.name_indonesian,
        "currency": "IDR",
        "unit_price_minor": price.unit_price_idr,
        "listed_price_minor": price.listed_price_idr,
        "case_pack": price.case_pack,
        "min_quantity": price.min_quantity,
    }
