"""Who may see and change which product: the ONE place for product scoping.

An SME reaches a product only through a query that already filters by the enterprises it
belongs to, so another enterprise's product (draft or not) is a 404, never a 403.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trading_house.catalog.models import Product, ProductPhoto
from trading_house.core.errors import NotFound
from trading_house.enterprises.policies import member_enterprise_ids
from trading_house.extensions import db


def managed_products(user):
    """A select of the products ``user`` may manage (those of the enterprises they belong to)."""
    return select(Product).where(Product.enterprise_id.in_(member_enterprise_ids(user)))


def managed_product(user, product_id) -> Product:
    """One product of the user's enterprises with its tiers and photos; otherwise NotFound."""
    try:
        product_id = int(product_id)
    except (TypeError, ValueError):
        raise NotFound(_l("This product does not exist.")) from None
    product = db.session.scalar(
        managed_products(user)
        .where(Product.id == product_id)
        .options(selectinload(Product.tiers), selectinload(Product.photos))
    )
    if product is None:
        raise NotFound(_l("This product does not exist."))
    return product


def managed_photo(user, product_id, photo_id) -> tuple[Product, ProductPhoto]:
    """A photo of one of the user's products; another enterprise's photo is NotFound."""
    product = managed_product(user, product_id)
    for photo in product.photos:
        if str(photo.id) == str(photo_id):
            return product, photo
    raise NotFound(_l("This photo does not exist."))


def can_publish(user) -> bool:
    """Until curation exists, trading-house admins publish and unpublish listings."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role("admin"))


def can_manage_catalog(user) -> bool:
    """SME members manage listings; being a member of an enterprise is checked per product."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role("sme"))
