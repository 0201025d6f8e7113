"""Wholesale prices: which price list applies to an organisation, and what a product costs it.

Rule, in order: the organisation's own list, then its group's list. On the first list that has
the product, a fixed unit price wins; else that list's discount applies to the listed price
(retail, or the wholesale tier the quantity reaches). Only approved organisations get a price:
a price list is never shown to anyone outside its group or organisation (``queries`` filters
by the organisation, never by an id from the request).
"""

from dataclasses import dataclass
from typing import Literal, overload

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from trading_house.catalog.models import Product
from trading_house.catalog.status import ProductStatus
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.wholesale import policies
from trading_house.wholesale.models import BuyerOrganisation, PriceList, PriceListItem


@dataclass(frozen=True)
class WholesalePrice:
    product: Product
    #: Rupiah per unit for ``quantity``.
    unit_price_idr: int
    listed_price_idr: int
    case_pack: int
    min_quantity: int
    #: "organisation" or "group": whose list set the price.
    source: str

    @property
    def saving_bp(self) -> int:
        if self.listed_price_idr <= 0:
            return 0
        return round(10000 * (self.listed_price_idr - self.unit_price_idr) / self.listed_price_idr)


def lists_for(organisation: BuyerOrganisation | None) -> list[PriceList]:
    """The organisation's price lists, its own first; none unless it is approved."""
    if organisation is None or not organisation.is_approved:
        return []
    audiences = [PriceList.organisation_id == organisation.id]
    if organisation.group_id:
        audiences.append(PriceList.group_id == organisation.group_id)
    found = db.session.scalars(select(PriceList).where(or_(*audiences))).all()
    return sorted(found, key=lambda row: row.organisation_id is None)


def _price(product: Product, quantity: int, price_list: PriceList, item: PriceListItem):
    listed = product.listed_unit_price_idr(max(quantity, item.min_quantity))
    if item.unit_price_idr is not None:
        unit = item.unit_price_idr
    else:
        unit = listed - Money(listed, "IDR").percent(price_list.discount_bp).amount
    return WholesalePrice(
        product=product,
        unit_price_idr=max(unit, 1),
        listed_price_idr=listed,
        case_pack=item.case_pack,
        min_quantity=item.min_quantity,
        source="organisation" if price_list.organisation_id else "group",
    )


def catalog(organisation: BuyerOrganisation | None) -> list[WholesalePrice]:
    """Every published product on the organisation's lists at its price for the minimum."""
    prices: dict[int, WholesalePrice] = {}
    for price_list in lists_for(organisation):
        items = db.session.scalars(
            select(PriceListItem)
            .join(Product, Product.id == PriceListItem.product_id)
            .where(
                PriceListItem.price_list_id == price_list.id,
                Product.status == ProductStatus.APPROVED,
            )
            .options(selectinload(PriceListItem.product).selectinload(Product.tiers))
        ).all()
        for item in items:
            if item.product_id not in prices:  # the organisation's own list came first
                prices[item.product_id] = _price(item.product, item.min_quantity, price_list, item)
    return sorted(prices.values(), key=lambda p: p.product.id)


def price_for(organisation: BuyerOrganisation, product: Product, quantity: int) -> WholesalePrice:
    """What ``quantity`` units cost the organisation each; NotFound when not on its lists."""
    for price_list in lists_for(organisation):
        item = db.session.scalar(
            select(PriceListItem).where(
                PriceListItem.price_list_id == price_list.id,
                PriceListItem.product_id == product.id,
            )
        )
        if item is not None and product.is_published:
            return _price(product, quantity, price_list, item)
    raise NotFound(_l("This product is not on your wholesale price list."))


def check_case_quantity(price: WholesalePrice, quantity: int, name: str) -> None:
    """Whole cases, and at least the minimum."""
    if quantity < price.min_quantity:
        raise DomainError(
            _l("%(name)s: order at least %(n)s units.", name=name, n=price.min_quantity)
        )
    if quantity % price.case_pack:
        raise DomainError(
            _l(
                "%(name)s is sold in cases of %(n)s units: order a multiple of %(n)s.",
                name=name,
                n=price.case_pack,
            )
        )


# --- the admin's price lists -------------------------------------------------------------------


@overload
def price_list_for(
    *,
    group_id: int | None = None,
    organisation_id: int | None = None,
    create: Literal[True],
    name: str = "",
) -> PriceList: ...
@overload
def price_list_for(
    *,
    group_id: int | None = None,
    organisation_id: int | None = None,
    create: bool = False,
    name: str = "",
) -> PriceList | None: ...
def price_list_for(
    *,
    group_id: int | None = None,
    organisation_id: int | None = None,
    create: bool = False,
    name: str = "",
) -> PriceList | None:
    """The list of a group or of an organisation (created empty when asked)."""
    column = PriceList.group_id if group_id else PriceList.organisation_id
    audience = group_id or organisation_id
    price_list = db.session.scalar(select(PriceList).where(column == audience))
    if price_list is None and create:
        price_list = PriceList(
            name=name[:120] or "Price list",
            group_id=group_id,
            organisation_id=None if group_id else organisation_id,
            discount_bp=0,
        )
        db.session.add(price_list)
        db.session.flush()
    return price_list


def set_discount(price_list: PriceList, *, actor, discount_bp: int, name: str) -> PriceList:
    policies.require_wholesale_admin(actor)
    if not 0 <= discount_bp <= 9000:
        raise DomainError(_l("A discount is between 0 and 90 percent."), field="discount")
    price_list.discount_bp = discount_bp
    if name.strip():
        price_list.name = name.strip()[:120]
    db.session.flush()
    return price_list


def set_item(
    price_list: PriceList,
    *,
    actor,
    product_id: int,
    unit_price_idr: int | None,
    case_pack: int,
    min_quantity: int,
) -> PriceListItem:
    """Put a product on the list (or change it): fixed price or the list's discount."""
    policies.require_wholesale_admin(actor)
    product = db.session.get(Product, product_id)
    if product is None or not product.is_published:
        raise DomainError(_l("Choose a published product."), field="product_id")
    if case_pack < 1:
        raise DomainError(_l("A case holds at least one unit."), field="case_pack")
    if min_quantity < case_pack or min_quantity % case_pack:
        raise DomainError(
            _l("The minimum is a whole number of cases (a multiple of the case pack)."),
            field="min_quantity",
        )
    if unit_price_idr is not None and unit_price_idr <= 0:
        raise DomainError(_l("A fixed price is above zero."), field="unit_price")
    item = next((i for i in price_list.items if i.product_id == product.id), None)
    if item is None:
        item = PriceListItem(product_id=product.id)
        price_list.items.append(item)
    item.unit_price_idr = unit_price_idr
    item.case_pack = case_pack
    item.min_quantity = min_quantity
    db.session.flush()
    return item


def remove_price_list_item(price_list: PriceList, *, actor, item_id: int) -> None:
    policies.require_wholesale_admin(actor)
    item = next((i for i in price_list.items if i.id == item_id), None)
    if item is None:
        raise NotFound(_l("No such line on this price list."))
    price_list.items.remove(item)
    db.session.flush()
