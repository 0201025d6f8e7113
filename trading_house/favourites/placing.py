"""Placing a reorder or a monthly repeat draft as an order, at once, with the checkout's rules.

Who pays what:
- A purchaser of an approved wholesale organisation orders at the organisation's price list,
  in whole cases, on net terms when the organisation has them (credit limit taken atomically),
  through ``wholesale.ordering.place_wholesale_order`` — the same service as the wholesale
  order form.
- Any other buyer orders at the listed price for the quantity (the cart's price), shipped to the
  last order's address by the same service, paid the same way; the order waits for payment and
  the order page (the payment page) comes next. Stock, MOQ, unpaid-order limits, numbering and
  the order rows are the checkout's own functions (``orders.checkout``).

Twice: the draft's idempotency key is fixed (``repeat-draft-<id>``), and confirming moves the
draft WAITING → CONFIRMED with a compare-and-set as the transaction's first write, so two tabs
confirming the same draft queue on its row; the second finds the first's order.
"""

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trading_house.catalog.models import Product
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import InvalidTransition, transition
from trading_house.core.money import Money, convert_line
from trading_house.extensions import db
from trading_house.favourites.models import DraftStatus, RepeatDraft
from trading_house.orders import cart as carts
from trading_house.orders import checkout
from trading_house.orders import policies as order_policies
from trading_house.orders.models import Order
from trading_house.orders.notifications import order_placed
from trading_house.orders.shipping import Address, options_for, parcel_weight, validate_address
from trading_house.wholesale import ordering, pricing
from trading_house.wholesale import policies as wholesale_policies
from trading_house.wholesale.models import BuyerOrganisation

MAX_QUANTITY = carts.MAX_QUANTITY
NET_TERMS_METHOD = ordering.NET_TERMS_METHOD


class QuantityRefused(DomainError):
    """A typed quantity that is not a whole number of units."""


@dataclass(frozen=True)
class Terms:
    """How this buyer's reorders are priced and paid."""

    organisation: "BuyerOrganisation | None" = None

    @property
    def wholesale(self) -> bool:
        return self.organisation is not None

    @property
    def net_terms(self) -> bool:
        return bool(self.organisation is not None and self.organisation.has_net_terms)

    @property
    def net_terms_days(self) -> int:
        return self.organisation.net_terms_days if self.organisation is not None else 0

    def unit_price_idr(self, product: Product, quantity: int) -> int | None:
        """Today's unit price for ``quantity``; None when the product is not on the price list."""
        if self.organisation is None:
            return carts.unit_price_idr(product, quantity)
        try:
            return pricing.price_for(self.organisation, product, quantity).unit_price_idr
        except DomainError:
            return None


def terms_for(buyer) -> Terms:
    """Wholesale terms for an owner or purchaser of an approved organisation, else retail."""
    member = wholesale_policies.organisation_membership(buyer)
    if wholesale_policies.can_order(member) and member.organisation.is_approved:
        return Terms(member.organisation)
    return Terms()


def parse_units(raw, locale: str = "id") -> int:
    """A whole number of units as people type it: ``1.200`` in Indonesian, ``1,200`` in English."""
    text = str(raw or "").strip().replace(" ", "").replace("\u00a0", "")
    grouping = "," if locale == "en" else "."
    grouped = r"\d{1,3}(" + re.escape(grouping) + r"\d{3})+"
    if not re.fullmatch(r"\d+|" + grouped, text):
        raise QuantityRefused(_l("Enter a whole number of units."))
    text = text.replace(grouping, "")
    quantity = int(text)
    if quantity > MAX_QUANTITY:
        raise QuantityRefused(_l("That quantity is too large."))
    return quantity


def typed_quantities(form, product_ids, locale: str) -> tuple[dict[int, int], dict[int, str], list]:
    """The quantities typed as ``qty-<product id>``; (parsed, as typed, problems). 0 leaves a
    line out."""
    parsed, typed, problems = {}, {}, []
    for product_id in product_ids:
        raw = form.get(f"qty-{product_id}")
        if raw is None:
            continue
        typed[product_id] = raw
        try:
            parsed[product_id] = parse_units(raw, locale)
        except QuantityRefused as error:
            problems.append(error.message)
    return parsed, typed, problems


def _address_of(order: Order) -> Address:
    return Address(
        name=order.ship_name or "",
        phone=order.ship_phone or "",
        line1=order.ship_line1 or "",
        line2=order.ship_line2 or "",
        city=order.ship_city or "",
        region=order.ship_region or "",
        postal_code=order.ship_postal_code or "",
        country=order.ship_country or "ID",
    )


def place(
    buyer, source: Order, quantities: dict[int, int], *, key: str, on_terms: bool, locale: str
) -> tuple[Order, bool]:
    """Order ``quantities`` (product id → units) again; returns (order, created)."""
    quantities = {pid: q for pid, q in quantities.items() if q > 0}
    if not quantities:
        raise DomainError(_l("Enter a quantity for at least one product."))
    terms = terms_for(buyer)
    if terms.wholesale:
        return ordering.place_wholesale_order(
            buyer,
            quantities=quantities,
            on_terms=on_terms and terms.net_terms,
            idempotency_key=key,
            locale=locale,
        )
    return _place_retail(buyer, source, quantities, key=key, locale=locale)


def _checked_products(buyer, quantities: dict[int, int], country: str, locale: str):
    products = {
        p.id: p
        for p in db.session.scalars(select(Product).where(Product.id.in_(list(quantities))))
        if p.is_published
    }
    problems = []
    for product_id, quantity in quantities.items():
        product = products.get(product_id)
        if product is None:
            problems.append(_l("A product is no longer on sale: set its quantity to 0."))
            continue
        try:
            carts.check_quantity(product, quantity, moq=carts.moq_applies(buyer, country))
        except DomainError as error:
            problems.append(f"{product.name_for(locale)}: {error.message}")
    if problems:
        raise DomainError(" ".join(str(p) for p in problems))
    return [(products[pid], quantities[pid]) for pid in sorted(quantities)]


def _place_retail(
    buyer, source: Order, quantities: dict[int, int], *, key: str, locale: str
) -> tuple[Order, bool]:
    existing = checkout.find_by_key(buyer, key)
    if existing is not None:
        return existing, False
    if not order_policies.can_reserve_stock(buyer):
        raise checkout.EmailNotConfirmed()
    address = _address_of(source)
    if validate_address(address):
        raise DomainError(
            _l("The address of your last order is incomplete: use the cart and checkout.")
        )
    lines = _checked_products(buyer, quantities, address.country, locale)
    currency = source.currency if source.currency in checkout.order_currencies() else "IDR"
    methods = checkout.available_payment_methods()
    method = source.payment_method if source.payment_method in methods else "bank_transfer"
    options = options_for(address.country, address.region, parcel_weight(lines), locale)
    option = next((o for o in options if o.label == source.shipping_service), None)
    option = option or (options[0] if options else None)
    if option is None:
        raise DomainError(
            _l("We cannot ship to your last address any more: use the cart and checkout.")
        )
    rate = checkout.order_rate(currency)
    priced = []
    for product, quantity in lines:
        unit_idr = carts.unit_price_idr(product, quantity)
        unit, _total = convert_line(unit_idr, quantity, currency, rate)
        priced.append((product, quantity, unit, unit_idr))
    shipping = (
        Money(0, currency)
        if option.price_idr is None
        else checkout.rupiah_in_order_currency(option.price_idr, currency)
    )
    total = sum((unit * q for _p, q, unit, _i in priced), shipping)
    checkout.check_unpaid_limits(buyer, total, rate, locale)
    number = checkout.next_number("order", "RD", 6)
    try:
        with db.session.begin_nested():
            checkout.reserve_stock(
                {product.id: quantity for product, quantity, *_ in priced},
                {product.id: product.name_for(locale) for product, *_ in priced},
            )
            order = checkout.new_order(buyer, number, currency, address, "")
            order.kind = "retail"
            order.idempotency_key = key
            order.payment_method = method
            order.shipping_service = option.label
            order.shipping_quote_pending = option.quoted
            order.shipping_minor = shipping.amount
            for product, quantity, unit, unit_idr in priced:
                line = checkout.add_line(order, product, quantity, unit, unit_idr, locale)
                line.stock_reserved = True
            checkout.finish_order(order, actor=buyer)
    except IntegrityError:
        existing = checkout.find_by_key(buyer, key)
        if existing is None:
            raise
        return existing, False
    order_placed(order)
    return order, True


def draft_key(draft: RepeatDraft) -> str:
    return f"repeat-draft-{draft.id:08d}"


def order_of_draft(draft: RepeatDraft) -> Order | None:
    return checkout.find_by_key(draft.repeat_order.buyer, draft_key(draft))


def confirm_draft(
    buyer, draft: RepeatDraft, quantities: dict[int, int], *, on_terms: bool, locale: str
) -> tuple[Order, bool]:
    """The buyer's one "Confirm order": the draft becomes an order (see the module doc)."""
    try:
        transition(draft, DraftStatus.CONFIRMED, actor=buyer)
    except InvalidTransition:  # confirmed already (maybe in another tab), or skipped
        existing = order_of_draft(draft)
        if existing is None:
            raise
        return existing, False
    return place(
        buyer,
        draft.repeat_order.source_order,
        quantities,
        key=draft_key(draft),
        on_terms=on_terms,
        locale=locale,
    )
