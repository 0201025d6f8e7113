"""Placing orders: from the cart at checkout, or from an accepted quotation or sample.

The risky parts, and why they are safe:
- Overselling: stock is taken with a conditional ``UPDATE … SET stock = stock - n WHERE stock
  >= n`` per product, in product-id order (so two checkouts never wait on each other in a
  cycle), and the row count is checked. The database decides, on SQLite and PostgreSQL alike.
- Double submission: the checkout form carries a random key; ``(buyer, key)`` is unique, so
  a second submission finds (or, racing, collides with) the first order and returns it.
- Two tabs (two keys) submitting the same cart: the form also carries the cart's
  ``checkout_version``; placing an order moves it on with a compare-and-set UPDATE (the
  transaction's first write, so the database queues the second tab behind the first), and
  ``(cart_id, cart_checkout_version)`` is unique on orders. The second tab gets the first order.
- Stock held by buyers who cannot pay for it: only confirmed e-mail addresses reserve stock,
  and a buyer holds a limited number and value of unpaid orders (checked after the cart lock,
  so two submissions cannot both pass).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from trading_house.catalog.models import Product
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import record_creation
from trading_house.core.money import Money, convert_idr, to_idr
from trading_house.core.rates import rate_table
from trading_house.core.tx import changed_rows
from trading_house.extensions import db
from trading_house.orders import cart as carts
from trading_house.orders import policies
from trading_house.orders.models import (
    Cart,
    Fulfilment,
    NumberCounter,
    Order,
    OrderLine,
)
from trading_house.orders.notifications import order_placed
from trading_house.orders.shipping import (
    Address,
    find_option,
    options_for,
    parcel_weight,
    validate_address,
)
from trading_house.orders.status import FulfilmentStatus, OrderKind, OrderStatus

PAYMENT_METHODS = ("bank_transfer", "stripe")


class CheckoutError(DomainError):
    """The checkout cannot go ahead; ``message`` says why (``field`` names the input)."""


class AddressInvalid(CheckoutError):
    def __init__(self, errors: dict):
        super().__init__(_l("Please check the shipping address."))
        self.errors = errors


class CartChanged(CheckoutError):
    """The cart changed since the buyer saw it; they must see ``changes`` before paying."""

    def __init__(self, changes: list):
        super().__init__(_l("Your cart changed since you last saw it. Please check it again."))
        self.changes = changes


class InsufficientStock(CheckoutError):
    """Not enough stock for one or more lines; ``shortages`` names every one of them."""

    def __init__(self, shortages: list[tuple[str, int, int]]):
        lines = LazyString(
            lambda: "; ".join(
                str(_l("%(name)s (wanted %(wanted)s, %(left)s left)", name=n, wanted=w, left=a))
                for n, w, a in shortages
            )
        )
        super().__init__(_l("Not enough stock: %(lines)s.", lines=lines))
        self.shortages = shortages


class EmailNotConfirmed(CheckoutError):
    """Only buyers with a confirmed e-mail address may reserve stock."""

    def __init__(self):
        super().__init__(
            _l(
                "Please confirm your e-mail address before you order: we hold stock only for "
                "confirmed accounts."
            )
        )


class UnpaidLimit(CheckoutError):
    """The buyer already holds as many unpaid orders (or as much value) as allowed."""


@dataclass
class Totals:
    currency: str
    subtotal: Money
    shipping: Money | None
    total: Money
    #: The purchasable lines in ``currency`` (``carts.PricedLine``), as the order stores them.
    lines: list = field(default_factory=list)
    #: Quoted shipping: the (lowest, highest) expected cost in ``currency``, when known.
    shipping_estimate: tuple[Money, Money] | None = None

    @property
    def total_estimate(self) -> tuple[Money, Money] | None:
        """The total with the estimated shipping, lowest and highest."""
        if self.shipping_estimate is None:
            return None
        low, high = self.shipping_estimate
        return self.total + low, self.total + high

    @property
    def shipping_quoted(self) -> bool:
        return self.shipping is None


def order_currencies() -> list[str]:
    """IDR and every currency with an admin-set exchange rate."""
    allowed = current_app.config["CURRENCIES"]
    return ["IDR"] + sorted(c for c in rate_table() if c in allowed and c != "IDR")


def order_rate(currency: str) -> int | None:
    """The admin-set rate an order in ``currency`` is placed at (None for IDR)."""
    if currency == "IDR":
        return None
    micro = rate_table().get(currency)
    if not micro:
        raise CheckoutError(
            _l("Orders in %(c)s are not possible right now.", c=currency), field="currency"
        )
    return micro


def rupiah_in_order_currency(amount_idr: int, currency: str) -> Money:
    """Whole rupiah (shipping) in the currency of an order placed now, at its rate."""
    return convert_idr(amount_idr, currency, order_rate(currency))


def quote_totals(
    review: carts.CartReview,
    currency: str,
    shipping_idr: int | None,
    estimate_idr: tuple[int, int] | None = None,
) -> Totals:
    """Totals in the order currency exactly as the order will store them: each line by the one
    rounding rule (``core.money.convert_line``: the unit price converted, then multiplied)."""
    priced = carts.priced(review, currency, order_rate(currency))
    shipping = None if shipping_idr is None else rupiah_in_order_currency(shipping_idr, currency)
    total = priced.subtotal + (shipping or Money(0, currency))
    estimate = None
    if shipping is None and estimate_idr is not None:
        estimate = (
            rupiah_in_order_currency(estimate_idr[0], currency),
            rupiah_in_order_currency(estimate_idr[1], currency),
        )
    return Totals(currency, priced.subtotal, shipping, total, priced.purchasable, estimate)


def check_unpaid_limits(buyer, total: Money, idr_per_unit_micro: int | None, locale: str) -> None:
    """Refuse a new order past the configured number or rupiah value of unpaid orders."""
    config = current_app.config
    unpaid = db.session.scalars(
        select(Order).where(Order.buyer_id == buyer.id, Order.status == OrderStatus.PENDING_PAYMENT)
    ).all()
    most = config["ORDER_MAX_UNPAID"]
    if len(unpaid) >= most:
        raise UnpaidLimit(
            _l(
                "You already have %(n)s unpaid orders. Please pay or cancel one of them "
                "before you place another.",
                n=len(unpaid),
            )
        )
    value = to_idr(total, idr_per_unit_micro) + sum(_value_idr(order) for order in unpaid)
    limit = config["ORDER_MAX_UNPAID_IDR"]
    if value > limit:
        raise UnpaidLimit(
            _l(
                "Together with your unpaid orders this comes to %(value)s, above the limit of "
                "%(limit)s. Please pay or cancel an unpaid order first, or ask the trading "
                "house for a quotation.",
                value=Money(value, "IDR").format(locale),
                limit=Money(limit, "IDR").format(locale),
            )
        )


def _value_idr(order: Order) -> int:
    micro = order.idr_per_unit_micro or rate_table().get(order.currency)
    if order.currency != "IDR" and not micro:
        return 0  # no rate to value it at (a quotation in a currency whose rate was removed)
    return to_idr(Money(order.total_minor, order.currency), micro)


def next_number(scope: str, prefix: str, width: int) -> str:
    """The next readable number of ``scope`` this year, e.g. RD-2026-000123.

    An atomic ``UPDATE … RETURNING`` on the counter row: concurrent transactions queue on the
    row (PostgreSQL) or on the write lock (SQLite) and never get the same value.
    """
    year = utcnow().year
    increment = (
        update(NumberCounter)
        .where(NumberCounter.scope == scope, NumberCounter.year == year)
        .values(last_value=NumberCounter.last_value + 1)
        .returning(NumberCounter.last_value)
    )
    value = db.session.execute(increment).scalar_one_or_none()
    if value is None:  # the first number of the year: create the row (racing creators agree)
        dialect = db.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        db.session.execute(
            insert(NumberCounter)
            .values(scope=scope, year=year, last_value=0)
            .on_conflict_do_nothing(index_elements=["scope", "year"])
        )
        value = db.session.execute(increment).scalar_one()
    return f"{prefix}-{year}-{value:0{width}d}"


def reserve_stock(wanted: dict[int, int], names: dict[int, str]) -> None:
    """Take ``wanted[product_id]`` units from each product, all or nothing for the caller.

    Every short line is collected before raising, so the buyer learns about all of them.
    The caller's transaction is rolled back on ``InsufficientStock``.
    """
    short = []
    for product_id in sorted(wanted):
        quantity = wanted[product_id]
        result = db.session.execute(
            update(Product)
            .where(Product.id == product_id, Product.stock >= quantity)
            .values(stock=Product.stock - quantity)
            .execution_options(synchronize_session=False)
        )
        if changed_rows(result) != 1:
            left = db.session.scalar(select(Product.stock).where(Product.id == product_id))
            short.append((names[product_id], quantity, max(left or 0, 0)))
    for product_id in wanted:
        product = db.session.identity_map.get((Product, (product_id,), None))
        if product is not None:
            db.session.expire(product, ["stock"])
    if short:
        raise InsufficientStock(short)


def release_stock(line: OrderLine, quantity: int) -> None:
    """Return ``quantity`` units of a line that never left to the product's stock."""
    if not line.stock_reserved or not line.product_id or quantity <= 0:
        return
    db.session.execute(
        update(Product)
        .where(Product.id == line.product_id)
        .values(stock=Product.stock + quantity)
        .execution_options(synchronize_session=False)
    )
    product = db.session.identity_map.get((Product, (line.product_id,), None))
    if product is not None:
        db.session.expire(product, ["stock"])


def find_by_key(buyer, key: str) -> Order | None:
    return db.session.scalar(
        select(Order).where(Order.buyer_id == buyer.id, Order.idempotency_key == key)
    )


def find_by_cart(buyer, cart, version: int) -> Order | None:
    """The order placed from ``cart`` when it was at ``version``, if any."""
    return db.session.scalar(
        select(Order).where(
            Order.buyer_id == buyer.id,
            Order.cart_id == cart.id,
            Order.cart_checkout_version == version,
        )
    )


def claim_cart(cart, version: int) -> bool:
    """Move the cart's checkout version on from ``version``; False if another checkout did.

    A conditional UPDATE with its row count checked: on PostgreSQL the second transaction waits
    for the first one's row lock and then finds the version moved; on SQLite it waits for the
    write lock. Either way exactly one checkout of a cart state goes ahead.
    """
    result = db.session.execute(
        update(Cart)
        .where(Cart.id == cart.id, Cart.checkout_version == version)
        .values(checkout_version=Cart.checkout_version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(cart, ["checkout_version"])
    return changed_rows(result) == 1


def ordered_from(buyer, cart, version: int) -> Order:
    """The order another tab placed from this cart state (else the form is stale)."""
    existing = find_by_cart(buyer, cart, version)
    if existing is None:
        raise CheckoutError(_l("The checkout form expired. Please try again."))
    return existing


def _check_choices(buyer, address: Address, currency: str, payment_method: str) -> None:
    """Who orders and what they chose, before the cart is looked at."""
    if not policies.can_reserve_stock(buyer):
        raise EmailNotConfirmed()
    errors = validate_address(address)
    if errors:
        raise AddressInvalid(errors)
    if currency not in order_currencies():
        raise CheckoutError(_l("Choose a currency from the list."), field="currency")
    if payment_method not in available_payment_methods():
        raise CheckoutError(_l("Choose a payment method from the list."), field="payment_method")


def _review_with_option(buyer, cart, address: Address, shipping_key: str, locale: str):
    """The cart as it is now (every change shown before paying) and the chosen shipping."""
    review = carts.review(cart, locale=locale, moq=carts.moq_applies(buyer, address.country))
    if review.changes:
        raise CartChanged(review.changes)
    if review.is_empty:
        raise CheckoutError(_l("Your cart is empty."))
    if review.problems:
        raise CheckoutError(review.problems[0])
    weight = parcel_weight((line.product, line.quantity) for line in review.purchasable)
    option = find_option(options_for(address.country, address.region, weight, locale), shipping_key)
    if option is None:
        raise CheckoutError(_l("Choose a shipping option."), field="shipping")
    return review, option


def payment_deadline():
    return utcnow() + timedelta(hours=current_app.config["ORDER_PAYMENT_HOURS"])


def place_order(
    *,
    buyer,
    cart,
    address: Address,
    shipping_key: str,
    currency: str,
    payment_method: str,
    idempotency_key: str,
    cart_version: int | None = None,
    note: str = "",
    locale: str = "id",
) -> tuple[Order, bool]:
    """Turn the cart into an order awaiting payment; returns (order, created).

    Submitting the same form twice, or the same cart from two tabs (``cart_version`` is the
    cart's ``checkout_version`` the form was shown with), returns the first order with
    ``created`` False. Nothing is written unless the whole order is.
    """
    key = (idempotency_key or "").strip()[:64]
    if len(key) < 16:
        raise CheckoutError(_l("The checkout form expired. Please try again."))
    existing = find_by_key(buyer, key)
    if existing is not None:
        return existing, False
    if cart is None:
        raise CheckoutError(_l("Your cart is empty."))
    version = cart.checkout_version if cart_version is None else cart_version
    if version != cart.checkout_version:  # another tab already ordered this cart state
        return ordered_from(buyer, cart, version), False
    _check_choices(buyer, address, currency, payment_method)

    # Claiming the cart is the transaction's first write, before the cart is read: a second
    # tab's checkout waits here until this one commits (then finds its order) or rolls back,
    # and never sees a cart half-emptied by it. On SQLite it also opens the real transaction,
    # so the savepoint below nests inside it instead of committing on release.
    if not claim_cart(cart, version):
        return ordered_from(buyer, cart, version), False
    review, option = _review_with_option(buyer, cart, address, shipping_key, locale)
    totals = quote_totals(review, currency, option.price_idr)
    check_unpaid_limits(buyer, totals.total, order_rate(currency), locale)
    number = next_number("order", "RD", 6)
    try:
        with db.session.begin_nested():
            reserve_stock(
                {line.product.id: line.quantity for line in review.purchasable},
                {line.product.id: line.product.name_for(locale) for line in review.purchasable},
            )
            order = new_order(buyer, number, currency, address, note)
            order.kind = OrderKind.RETAIL
            order.idempotency_key = key
            order.cart_id = cart.id
            order.cart_checkout_version = version
            order.payment_method = payment_method
            order.shipping_service = option.label
            order.shipping_quote_pending = option.quoted
            order.shipping_minor = totals.shipping.amount if totals.shipping else 0
            for priced in totals.lines:
                line = priced.line
                add_line(
                    order, line.product, line.quantity, priced.unit, line.unit_price_idr, locale
                )
                order.lines[-1].stock_reserved = True
            finish_order(order, actor=buyer)
    except IntegrityError:
        # The same form, submitted twice at once: the other submission won the unique key.
        existing = find_by_key(buyer, key) or find_by_cart(buyer, cart, version)
        if existing is None:
            raise
        return existing, False
    carts.clear_products(cart, [line.product.id for line in review.purchasable])
    order_placed(order)
    return order, True


def available_payment_methods() -> tuple[str, ...]:
    if current_app.config.get("STRIPE_SECRET_KEY"):
        return PAYMENT_METHODS
    return ("bank_transfer",)


def new_order(buyer, number: str, currency: str, address: Address | None, note: str) -> Order:
    order = Order(
        number=number,
        buyer_id=buyer.id,
        currency=currency,
        status=OrderStatus.PENDING_PAYMENT,
        subtotal_minor=0,
        shipping_minor=0,
        total_minor=0,
        refunded_minor=0,
        expires_at=payment_deadline(),
        idr_per_unit_micro=None if currency == "IDR" else rate_table().get(currency),
        buyer_note=(note or "")[:2000],
    )
    order.buyer = buyer
    if address is not None:
        order.ship_name = address.name.strip()
        order.ship_phone = address.stored_phone()
        order.ship_line1 = address.line1.strip()
        order.ship_line2 = address.line2.strip()
        order.ship_city = address.city.strip()
        order.ship_region = address.region.strip()
        order.ship_postal_code = address.postal_code.strip().upper()
        order.ship_country = address.country
    db.session.add(order)
    return order


def _fulfilment_of(order: Order, enterprise_id: int) -> Fulfilment:
    for fulfilment in order.fulfilments:
        if fulfilment.enterprise_id == enterprise_id:
            return fulfilment
    fulfilment = Fulfilment(enterprise_id=enterprise_id, status=FulfilmentStatus.PENDING)
    order.fulfilments.append(fulfilment)
    return fulfilment


def add_line(
    order: Order,
    product: Product,
    quantity: int,
    unit: Money,
    settlement_unit_idr: int,
    locale: str,
    *,
    name: str | None = None,
    enterprise_id: int | None = None,
) -> OrderLine:
    """Snapshot the product into a line; one fulfilment per enterprise."""
    enterprise_id = enterprise_id or product.enterprise_id
    line = OrderLine(
        enterprise_id=enterprise_id,
        product_id=product.id,
        category_id=product.category_id,
        name=name or product.name_for(locale),
        sku=product.sku,
        hs_code=product.hs_code,
        origin_regency_code=product.origin_regency_code or None,
        unit=product.export_unit or "pcs",
        weight_grams=product.weight_grams,
        quantity=quantity,
        currency=unit.currency,
        unit_price_minor=unit.amount,
        line_total_minor=(unit * quantity).amount,  # the unit, then the quantity: one rule
        settlement_unit_idr=settlement_unit_idr,
    )
    order.lines.append(line)
    with db.session.no_autoflush:
        line.fulfilment = _fulfilment_of(order, enterprise_id)
    return line


def finish_order(order: Order, *, actor=None, note: str = "") -> None:
    order.subtotal_minor = sum(line.line_total_minor for line in order.lines)
    order.total_minor = order.subtotal_minor + order.shipping_minor
    record_creation(order, actor=actor, reason=note)
