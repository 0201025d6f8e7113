"""The export warning: a product below grade B bought for a destination outside Indonesia.

The buyer is told, before paying, what the maker still lacks (the mandatory checklist items not
verified and the destination's documents not held) and is offered a quotation through the
trading house instead, which checks the papers and ships on the makers' behalf.
"""

from dataclasses import dataclass, field

from flask import url_for

from trading_house.catalog.models import Product
from trading_house.readiness.destinations import (
    RequiredDocument,
    country_name,
    markets_for,
    required_documents,
)
from trading_house.readiness.models import EXPORT_READY_GRADES
from trading_house.readiness.scoring import ScoringContext, assess_product


@dataclass
class ExportWarning:
    product: Product
    grade: str
    country: str
    country_name: str
    #: Titles of the mandatory checklist items not verified.
    missing_items: list[str] = field(default_factory=list)
    #: Destination documents the maker does not hold yet (per-shipment papers excluded).
    missing_documents: list[RequiredDocument] = field(default_factory=list)

    @property
    def quote_url(self) -> str:
        """A buying request to the trading house, filled in with this product and country."""
        return url_for(
            "inquiries.new_request",
            product=self.product.id,
            destination=self.country,
        )


def destination_abroad(country_code: str | None) -> str | None:
    """The upper-case ISO code when it is a real destination outside Indonesia, else None."""
    code = (country_code or "").strip().upper()
    return code if markets_for(code) else None


def export_warning(
    product: Product, country_code: str | None, locale: str, ctx: ScoringContext | None = None
) -> ExportWarning | None:
    """The warning for buying ``product`` for ``country_code``, or None when none is due."""
    code = destination_abroad(country_code)
    if product is None or code is None:
        return None
    ctx = ctx or ScoringContext.load()
    if ctx.template is None:
        return None
    assessment = assess_product(product, ctx)
    if assessment.grade in EXPORT_READY_GRADES:
        return None
    return ExportWarning(
        product=product,
        grade=assessment.grade,
        country=code,
        country_name=country_name(code, locale),
        missing_items=[r.item.title_for(locale) for r in assessment.mandatory_missing],
        missing_documents=[
            d for d in required_documents(product, code, locale) if d.is_missing or d.is_in_progress
        ],
    )


def export_warnings(products, country_code: str | None, locale: str) -> list[ExportWarning]:
    """Warnings for the products of a cart going to ``country_code`` (each product once)."""
    if destination_abroad(country_code) is None:
        return []
    ctx = ScoringContext.load()
    seen: set[int] = set()
    warnings = []
    for product in products:
        if product is None or product.id in seen:
            continue
        seen.add(product.id)
        warning = export_warning(product, country_code, locale, ctx)
        if warning is not None:
            warnings.append(warning)
    return warnings
