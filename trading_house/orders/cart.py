"""The cart: kept across visits (anonymous by a token in the signed session, or per account),
merged into the account on sign-in, with wholesale tiers applied and MOQ respected."""

import secrets
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload

from trading_house.catalog.models import Product
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.money import Money, convert_line
from trading_house.extensions import db
from trading_house.orders.models import Cart, CartItem

MAX_QUANTITY = 100_000


class QuantityError(DomainError):
    """A quantity the cart cannot take; ``message`` says why, ``field`` is ``quantity``."""


def unit_price_idr(product: Product, quantity: int) -> int:
    """The unit price for ``quantity``: the best wholesale tier reached, else the retail price."""
    price = product.retail_price_idr
    for tier in product.tiers:
        if quantity >= tier.min_quantity and tier.unit_price_idr < price:
            price = tier.unit_price_idr
    return price


def moq_applies(user=None, country: str | None = None) -> bool:
    """The export MOQ binds importers and anything shipped abroad; retail buyers at home buy
    single souvenirs."""
    if country is not None and country != "ID":
        return True
    return getattr(user, "buyer_type", None) == "importer"


def parse_quantity(raw) -> int:
    """A whole positive quantity from user input, or ``QuantityError``."""
    try:
        quantity = int(str(raw).strip())
    except (TypeError, ValueError):
        raise QuantityError(_l("Enter a whole number."), field="quantity") from None
    if quantity <= 0:
        raise QuantityError(
            _l("Enter a quantity of at least 1 (use Remove to take a product out)."),
            field="quantity",
        )
    if quantity > MAX_QUANTITY:
        raise QuantityError(_l("That quantity is too large."), field="quantity")
    return quantity


def check_quantity(product: Product, quantity: int, *, moq: bool) -> None:
    """Refuse quantities above stock or below the MOQ where it applies."""
    if quantity > product.stock:
        if product.stock <= 0:
            raise QuantityError(_l("This product is out of stock."), field="quantity")
        raise QuantityError(_l("Only %(n)s left in stock.", n=product.stock), field="quantity")
    if moq and product.export_moq and quantity < product.export_moq:
        raise QuantityError(
            _l(
                "The minimum order quantity is %(moq)s %(unit)s.",
                moq=product.export_moq,
                unit=product.export_unit,
            ),
            field="quantity",
        )


def new_token() -> str:
    return secrets.token_urlsafe(32)


def find_cart(*, user=None, token: str | None = None) -> Cart | None:
    """The visitor's cart, without creating one (safe on GET)."""
    if user is not None:
        return db.session.scalar(select(Cart).where(Cart.user_id == user.id))
    if token:
        return db.session.scalar(select(Cart).where(Cart.token == token, Cart.user_id.is_(None)))
    return None


def get_or_create_cart(*, user=None, token: str | None = None) -> Cart:
    """The visitor's cart, made on first use, inside the caller's transaction.

    A user's cart is made with ``INSERT … ON CONFLICT (user_id) DO NOTHING`` and read back:
    two tabs (or processes) of the same buyer making it at the same moment both end with the
    one row, and nothing is committed before the caller commits. (A savepoint used to catch the
    duplicate instead; on SQLite, whose driver opens a transaction only at the first write, the
    savepoint then became the transaction and its RELEASE committed the cart on its own, so a
    rolled-back request still left it behind.)
    """
    cart = find_cart(user=user, token=token)
    if cart is not None:
        return cart
    if user is None:
        cart = Cart(token=new_token(), user_id=None)
        db.session.add(cart)
        db.session.flush()
        return cart
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(Cart)
        .values(token=new_token(), user_id=user.id)
        .on_conflict_do_nothing(index_elements=["user_id"])
    )
    cart = find_cart(user=user)
    if cart is None:  # pragma: no cover - the row exists: inserted, or kept by the conflict
        raise RuntimeError("cart not created")
    return cart


def _published(product_id) -> Product:
    try:
        product_id = int(product_id)
    except (TypeError, ValueError):
        raise NotFound(_l("That product does not exist.")) from None
    product = db.session.get(Product, product_id)
    if product is None or not product.is_published:
        raise NotFound(_l("This product is not available any more."))
    return product


def add_item(cart: Cart, product_id, quantity, *, user=None) -> CartItem:
    """Add ``quantity`` units (on top of what the cart holds) of a published product."""
    product = _published(product_id)
    quantity = parse_quantity(quantity)
    item = next((i for i in cart.items if i.product_id == product.id), None)
    total = quantity + (item.quantity if item else 0)
    check_quantity(product, total, moq=moq_applies(user))
    if item is None:
        item = CartItem(product_id=product.id, quantity=total, unit_price_seen_idr=0)
        item.product = product
        cart.items.append(item)
    item.quantity = total
    item.unit_price_seen_idr = unit_price_idr(product, total)
    db.session.flush()
    return item


def set_quantity(cart: Cart, item_id, quantity, *, user=None) -> CartItem:
    item = _item(cart, item_id)
    quantity = parse_quantity(quantity)
    product = item.product
    if not product.is_published:
        raise QuantityError(_l("This product is not available any more."), field="quantity")
    check_quantity(product, quantity, moq=moq_applies(user))
    item.quantity = quantity
    item.unit_price_seen_idr = unit_price_idr(product, quantity)
    db.session.flush()
    return item


def remove_item(cart: Cart, item_id) -> None:
    item = _item(cart, item_id)
    cart.items.remove(item)
    db.session.flush()


def _item(cart: Cart, item_id) -> CartItem:
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        raise NotFound(_l("That item is not in your cart.")) from None
    item = next((i for i in cart.items if i.id == item_id), None)
    if item is None:
        raise NotFound(_l("That item is not in your cart."))
    return item


def merge_into_user(token: str | None, user) -> Cart | None:
    """On sign-in: move the anonymous cart's items into the account's cart (quantities add up,
    capped at the stock), then drop the anonymous cart."""
    anonymous = find_cart(token=token) if token else None
    if anonymous is None:
        return find_cart(user=user)
    mine = find_cart(user=user)
    if mine is None:
        anonymous.user_id = user.id
        anonymous.token = new_token()
        db.session.flush()
        return anonymous
    by_product = {i.product_id: i for i in mine.items}
    for item in list(anonymous.items):
        existing = by_product.get(item.product_id)
        if existing is None:
            mine.items.append(
                CartItem(
                    product_id=item.product_id,
                    quantity=item.quantity,
                    unit_price_seen_idr=item.unit_price_seen_idr,
                )
            )
        else:
            wanted = existing.quantity + item.quantity
            existing.quantity = max(existing.quantity, min(wanted, item.product.stock))
    db.session.delete(anonymous)
    db.session.flush()
    return mine


@dataclass
class CartLine:
    item: CartItem
    product: Product
    quantity: int
    unit_price_idr: int
    available: bool
    notices: list = field(default_factory=list)

    @property
    def line_total_idr(self) -> int:
        return self.unit_price_idr * self.quantity

    @property
    def tier_applied(self) -> bool:
        return self.unit_price_idr < self.product.retail_price_idr


@dataclass
class CartReview:
    """The cart as it stands now, and everything that changed since the buyer last saw it."""

    lines: list[CartLine]
    changes: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def purchasable(self) -> list[CartLine]:
        return [line for line in self.lines if line.available]

    @property
    def subtotal_idr(self) -> int:
        return sum(line.line_total_idr for line in self.purchasable)

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.purchasable


@dataclass
class PricedLine:
    """A cart line in the currency it is shown or ordered in; ``unit`` and ``total`` come from
    ``core.money.convert_line``, the one rounding rule."""

    line: CartLine
    unit: Money
    total: Money


@dataclass
class PricedCart:
    currency: str
    lines: list[PricedLine]

    @property
    def purchasable(self) -> list[PricedLine]:
        return [p for p in self.lines if p.line.available]

    @property
    def subtotal(self) -> Money:
        return sum((p.total for p in self.purchasable), Money(0, self.currency))


def priced(review: CartReview, currency: str, idr_per_unit_micro: int | None) -> PricedCart:
    """Every line of ``review`` in ``currency`` at the given rate (None for IDR)."""
    return PricedCart(
        currency,
        [
            PricedLine(
                line,
                *convert_line(line.unit_price_idr, line.quantity, currency, idr_per_unit_micro),
            )
            for line in review.lines
        ],
    )


def load_items(cart: Cart | None) -> list[CartItem]:
    if cart is None:
        return []
    return list(
        db.session.scalars(
            select(CartItem)
            .where(CartItem.cart_id == cart.id)
            .options(selectinload(CartItem.product).selectinload(Product.tiers))
            .order_by(CartItem.id)
        )
    )


def review(cart: Cart | None, *, locale: str = "id", moq: bool = False) -> CartReview:
    """Compare each item with the product as it is now: unpublished, repriced, short of stock,
    below MOQ. ``changes`` are things the buyer must see before paying; ``problems`` need the
    buyer to act (change a quantity)."""
    result = CartReview(lines=[])
    for item in load_items(cart):
        product = item.product
        name = product.name_for(locale)
        line = CartLine(item, product, item.quantity, unit_price_idr(product, item.quantity), True)
        if not product.is_published:
            line.available = False
            result.changes.append(
                _l("%(name)s is no longer on sale and will be removed.", name=name)
            )
        elif product.stock < item.quantity:
            if product.stock <= 0:
                line.available = False
                result.changes.append(_l("%(name)s is sold out and will be removed.", name=name))
            else:
                result.changes.append(
                    _l(
                        "Only %(n)s of %(name)s are left; your quantity becomes %(n)s.",
                        n=product.stock,
                        name=name,
                    )
                )
                line.quantity = product.stock
                line.unit_price_idr = unit_price_idr(product, line.quantity)
        if line.available and line.unit_price_idr != item.unit_price_seen_idr:
            result.changes.append(
                _l(
                    "The price of %(name)s changed from %(old)s to %(new)s per unit.",
                    name=name,
                    old=Money(item.unit_price_seen_idr, "IDR").format(locale),
                    new=Money(line.unit_price_idr, "IDR").format(locale),
                )
            )
        if line.available and moq and product.export_moq and line.quantity < product.export_moq:
            result.problems.append(
                _l(
                    "%(name)s: the minimum order quantity is %(moq)s %(unit)s.",
                    name=name,
                    moq=product.export_moq,
                    unit=product.export_unit,
                )
            )
        result.lines.append(line)
    return result


def accept_changes(cart: Cart, *, locale: str = "id") -> CartReview:
    """The buyer has been shown the changes: apply them (drop unavailable items, lower
    quantities to the stock, remember the current prices)."""
    current = review(cart, locale=locale)
    for line in current.lines:
        if not line.available:
            cart.items.remove(line.item)
            continue
        line.item.quantity = line.quantity
        line.item.unit_price_seen_idr = line.unit_price_idr
    db.session.flush()
    return current


def clear_products(cart: Cart, product_ids) -> None:
    """Remove bought products from the cart after an order is placed."""
    ids = set(product_ids)
    for item in list(cart.items):
        if item.product_id in ids:
            cart.items.remove(item)
    db.session.flush()


def item_count(cart: Cart | None) -> int:
    if cart is None:
        return 0
    return sum(i.quantity for i in cart.items)
