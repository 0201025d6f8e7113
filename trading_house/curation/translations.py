"""The translation queue: published listings whose English text is missing.

English is not a hard requirement for a domestic listing (issue #15); its absence becomes a task
here for curators and clinic staff, who write the translation themselves (no outside service).
Meanwhile English readers see the Indonesian text with a language label.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from trading_house.catalog import status as lifecycle
from trading_house.catalog.models import Product
from trading_house.catalog.rules import MIN_DESCRIPTION
from trading_house.core import audit
from trading_house.core.errors import DomainError
from trading_house.curation import policies
from trading_house.curation.prechecks import find_contact_details
from trading_house.extensions import db

#: How many listings the queue shows at once (oldest publication first).
PAGE_SIZE = 50


def _missing_english():
    return or_(
        func.coalesce(func.trim(Product.name_english), "") == "",
        func.coalesce(func.trim(Product.description_english), "") == "",
    )


def translation_queue(limit: int = PAGE_SIZE) -> list[Product]:
    """Published listings without an English name or description, waiting longest first."""
    return list(
        db.session.scalars(
            select(Product)
            .where(Product.status == lifecycle.APPROVED, _missing_english())
            .order_by(Product.published_at.asc().nulls_last(), Product.id)
            .limit(limit)
        )
    )


def translation_count() -> int:
    return (
        db.session.scalar(
            select(func.count(Product.id)).where(
                Product.status == lifecycle.APPROVED, _missing_english()
            )
        )
        or 0
    )


def translatable_product(product_id: int) -> Product | None:
    """A published listing (the queue's objects); None for anything else."""
    product = db.session.get(Product, product_id)
    if product is None or product.status != lifecycle.APPROVED:
        return None
    return product


def add_translation(
    product: Product, *, name: str, description: str, actor, materials: str | None = None
) -> Product:
    """A curator's English name and description for a published listing (audited).

    Only the English texts change, so no review round is needed; the same contact-detail rule
    as the pre-check applies, and a description must be as useful as the pre-check asks.
    """
    policies.require_reviewer(actor)
    name, description = (name or "").strip(), (description or "").strip()
    if not name:
        raise DomainError(_l("Enter the English name."), field="name_english")
    if len(description) < MIN_DESCRIPTION:
        raise DomainError(
            _l(
                "Write at least %(min)s characters (now %(count)s).",
                min=MIN_DESCRIPTION,
                count=len(description),
            ),
            field="description_english",
        )
    materials = (materials or "").strip() or None
    texts = (
        ("name_english", name),
        ("description_english", description),
        ("materials_english", materials or ""),
    )
    for field_name, text in texts:
        findings = find_contact_details(text)
        if findings:
            raise DomainError(findings[0][1], field=field_name)
    before = {
        "name_english": product.name_english,
        "description_english": product.description_english,
        "materials_english": product.materials_english,
    }
    product.name_english = name
    product.description_english = description
    if materials:
        product.materials_english = materials
    audit.record(
        "curation.translation_added",
        actor=actor,
        subject=product,
        before=before,
        language="en",
    )
    db.session.flush()
    return product
