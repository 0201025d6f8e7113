"""What wholesale shows on other areas' pages (registered panels; ``core/registry.py``)."""

from flask_login import current_user

from trading_house.core.errors import NotFound
from trading_house.wholesale import policies, pricing


def product_panel(product, **_):
    """An approved organisation's member sees its price-list price, case pack and minimum on the
    product page (others see nothing; no query for visitors)."""
    if not current_user.is_authenticated or not product.is_published:
        return None
    organisation = policies.approved_organisation_of(current_user)
    if organisation is None:
        return None
    try:
        price = pricing.price_for(organisation, product, 1)
    except NotFound:
        return None
    return {"wholesale_price": price, "organisation": organisation}
