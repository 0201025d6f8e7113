"""Who may do what in curation: the ONE place for these rules.

- Reviewing (queue, review screen, decisions, suspend/reinstate, identity checks, dashboard):
  curators and admins — never for a business they belong to themselves.
- Reason codes, limits and the audit export: admins.
- An SME member sees and changes only the listings, revisions, notifications and identity
  documents of the enterprises they belong to (anything else is a 404).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from trading_house.accounts.policies import is_admin, is_signed_in, is_staff, require_admin  # noqa: F401
from trading_house.catalog.models import Category, Product
from trading_house.catalog.policies import managed_product  # noqa: F401 - the catalog's scoping
from trading_house.core.errors import NotFound, PermissionDenied
from trading_house.enterprises.models import Membership
from trading_house.extensions import db


def is_reviewer(user) -> bool:
    """Curators and administrators (the trading house's staff) review listings."""
    return is_staff(user)


def require_reviewer(user) -> None:
    if not is_reviewer(user):
        raise PermissionDenied(_l("Only curators and administrators review listings."))


def belongs_to(user, enterprise_id: int) -> bool:
    """True when ``user`` is a member (owner or staff) of the enterprise."""
    if not is_signed_in(user):
        return False
    return (
        db.session.scalar(
            select(Membership.id).where(
                Membership.enterprise_id == enterprise_id, Membership.user_id == user.id
            )
        )
        is not None
    )


def can_review(user, product: Product) -> bool:
    return is_reviewer(user) and not belongs_to(user, product.enterprise_id)


def require_can_review(user, product: Product) -> None:
    """Curators and admins decide, but never on their own business's listings."""
    require_reviewer(user)
    if belongs_to(user, product.enterprise_id):
        raise PermissionDenied(
            _l("You cannot review a listing of a business you belong to. Ask another curator.")
        )


def require_can_verify(user, enterprise_id: int) -> None:
    require_reviewer(user)
    if belongs_to(user, enterprise_id):
        raise PermissionDenied(
            _l("You cannot verify a business you belong to. Ask another curator.")
        )


def reviewable_product(user, product_id) -> Product:
    """Any listing, with what the review screen shows, for curators and admins (else NotFound)."""
    if not is_reviewer(user):
        raise NotFound(_l("This product does not exist."))
    try:
        product_id = int(product_id)
    except (TypeError, ValueError):
        raise NotFound(_l("This product does not exist.")) from None
    product = db.session.scalar(
        select(Product)
        .where(Product.id == product_id)
        .options(
            joinedload(Product.enterprise),
            joinedload(Product.category).joinedload(Category.parent),
            selectinload(Product.tiers),
            selectinload(Product.photos),
        )
    )
    if product is None:
        raise NotFound(_l("This product does not exist."))
    return product
