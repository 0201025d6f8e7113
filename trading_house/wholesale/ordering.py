"""Wholesale orders: an approved organisation orders at its price list, in whole cases, and
pays up front (bank transfer, the usual payment pages) or on net terms against its credit.

The risky parts, and why they are safe:
- Credit limit: taken with one conditional ``UPDATE … SET credit_used_idr = credit_used_idr + n
  WHERE credit_used_idr + n <= credit_limit_idr``, row count checked. Two purchasers of the same
  organisation ordering at the same moment queue on the organisation's row (PostgreSQL) or the
  write lock (SQLite); the second sees the first's credit and is refused if the sum would pass
  the limit. Never read-modify-write in Python.
- Stock: ``orders.checkout.reserve_stock`` (conditional UPDATE per product, in id order).
- Double submission: the form's random key is unique per buyer on orders; a second submission
  returns the first order.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from trading_house.catalog.models import Product
from trading_house.core.clock import business_today
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.money import Money
from trading_house.core.tx import changed_rows
from trading_house.extensions import db
from trading_house.orders import checkout
from trading_house.orders.models import Order
from trading_house.orders.notifications import order_placed
from trading_house.orders.status import OrderStatus, transition_order
from trading_house.payments import ledger
from trading_house.wholesale import policies, pricing
from trading_house.wholesale.models import (
    BuyerOrganisation,
    Invoice,
    InvoiceStatus,
    OrganisationStatus,
)

NET_TERMS_METHOD = "net_terms"


class CreditLimitExceeded(DomainError):
    """The order would take the organisation past its credit limit."""


def reserve_credit(organisation: BuyerOrganisation, amount_idr: int, locale: str = "id") -> None:
    """Take ``amount_idr`` of the organisation's credit, or refuse (see the module doc)."""
    result = db.session.execute(
        update(BuyerOrganisation)
        .where(
            BuyerOrganisation.id == organisation.id,
            BuyerOrganisation.status == OrganisationStatus.APPROVED,
            BuyerOrganisation.credit_used_idr + amount_idr <= BuyerOrganisation.credit_limit_idr,
        )
        .values(credit_used_idr=BuyerOrganisation.credit_used_idr + amount_idr)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(organisation, ["credit_used_idr", "credit_limit_idr", "status"])
    if changed_rows(result) != 1:
        raise CreditLimitExceeded(
            _l(
                "This order (%(amount)s) is more than the credit still available to your "
                "organisation (%(available)s). Pay an open invoice first, order less, or pay "
                "this order up front.",
                amount=Money(amount_idr, "IDR").format(locale),
                available=Money(organisation.credit_available_idr, "IDR").format(locale),
            )
        )


def release_credit(organisation_id: int, amount_idr: int) -> None:
    """Give back credit when an invoice is paid (never below zero: the CHECK backs this)."""
    db.session.execute(
        update(BuyerOrganisation)
        .where(
            BuyerOrganisation.id == organisation_id,
            BuyerOrganisation.credit_used_idr >= amount_idr,
        )
        .values(credit_used_idr=BuyerOrganisation.credit_used_idr - amount_idr)
        .execution_options(synchronize_session=False)
    )
    organisation = db.session.identity_map.get((BuyerOrganisation, (organisation_id,), None))
    if organisation is not None:
        db.session.expire(organisation, ["credit_used_idr"])


def _priced_lines(organisation, quantities: dict[int, int], locale: str):
    lines, problems = [], []
    for product_id in sorted(quantities):
        quantity = quantities[product_id]
        if quantity <= 0:
            continue
        product = db.session.get(Product, product_id)
        if product is None:
            continue
        try:
            price = pricing.price_for(organisation, product, quantity)
            pricing.check_case_quantity(price, quantity, product.name_for(locale))
        except NotFound as error:  # not on the list (a reorder of an older order)
            problems.append(f"{product.name_for(locale)}: {error.message}")
            continue
        except DomainError as error:  # below the minimum, half a case
            problems.append(str(error.message))
            continue
        lines.append((price, quantity))
    if problems:
        raise DomainError(" ".join(problems))
    if not lines:
        raise DomainError(_l("Enter a quantity for at least one product."))
    return lines


def place_wholesale_order(
    user,
    *,
    quantities: dict[int, int],
    on_terms: bool,
    idempotency_key: str,
    note: str = "",
    locale: str = "id",
) -> tuple[Order, bool]:
    """An organisation's order at its prices; on net terms it is invoiced and goes straight to
    the enterprises for shipping. Returns (order, created)."""
    member = policies.organisation_membership(user)
    organisation = policies.approved_organisation_of(user)
    if organisation is None:
        raise DomainError(_l("Your organisation is not approved for wholesale (yet)."))
    policies.require_order_right(member)
    key = (idempotency_key or "").strip()[:64]
    if len(key) < 16:
        raise DomainError(_l("The order form expired. Please try again."))
    existing = checkout.find_by_key(user, key)
    if existing is not None:
        return existing, False
    if on_terms and not organisation.has_net_terms:
        raise DomainError(_l("Your organisation has no net terms: pay this order up front."))
    lines = _priced_lines(organisation, quantities, locale)
    total_idr = sum(price.unit_price_idr * quantity for price, quantity in lines)
    if on_terms:
        reserve_credit(organisation, total_idr, locale)
    number = checkout.next_number("order", "RD", 6)
    try:
        with db.session.begin_nested():
            checkout.reserve_stock(
                {price.product.id: quantity for price, quantity in lines},
                {price.product.id: price.product.name_for(locale) for price, _q in lines},
            )
            order = checkout.new_order(user, number, "IDR", None, note)
            order.idempotency_key = key
            order.payment_method = NET_TERMS_METHOD if on_terms else "bank_transfer"
            order.shipping_service = str(_l("Freight arranged by the trading house"))
            order.ship_name = organisation.name
            order.ship_line1 = (
                organisation.address.splitlines()[0][:200] if organisation.address else ""
            )
            order.ship_city = organisation.city
            order.ship_country = organisation.country
            for price, quantity in lines:
                line = checkout.add_line(
                    order,
                    price.product,
                    quantity,
                    Money(price.unit_price_idr, "IDR"),
                    price.unit_price_idr,
                    locale,
                )
                line.stock_reserved = True
            checkout.finish_order(order, actor=user)
    except IntegrityError:
        existing = checkout.find_by_key(user, key)
        if existing is None:
            raise
        return existing, False
    if on_terms:
        issue_invoice(organisation, order, actor=user)  # mails "paid, please ship" as usual
    else:
        order_placed(order)  # how to pay, as for any order
    return order, True


def issue_invoice(organisation: BuyerOrganisation, order: Order, *, actor) -> Invoice:
    """Invoice an order on terms, due in the organisation's net days, and release it to the
    enterprises for shipping (the trading house carries the credit)."""
    today = business_today()
    invoice = Invoice(
        number=checkout.next_number("winvoice", "WI", 5),
        organisation_id=organisation.id,
        order_id=order.id,
        amount_idr=order.total_minor,
        issued_on=today,
        due_on=today + timedelta(days=organisation.net_terms_days),
        status=InvoiceStatus.OPEN,
    )
    db.session.add(invoice)
    db.session.flush()
    order.expires_at = None  # nothing to pay before shipping: the invoice is due instead
    transition_order(
        order,
        OrderStatus.PAID,
        actor=actor,
        note=f"net terms: invoice {invoice.number}",
        invoice=invoice.number,
    )
    ledger.record_sale(order)
    return invoice


def invoice_of(order: Order) -> Invoice | None:
    return db.session.scalar(select(Invoice).where(Invoice.order_id == order.id))
