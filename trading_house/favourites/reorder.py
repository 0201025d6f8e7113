"""Reorder a past order at today's prices, and monthly repeat orders that wait for a yes.

"Today's price" is the listed price for the quantity (the best wholesale tier reached), as the
cart charges it; the preview shows each line's change against what was paid then (in rupiah at
the order's rate for orders in another currency) before anything goes into the cart.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.catalog.models import Product
from trading_house.core.clock import business_today
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.lifecycle import record_creation, transition
from trading_house.core.mail import queue_email
from trading_house.core.money import Money, MoneyError, to_idr
from trading_house.core.urls import public_url
from trading_house.extensions import db
from trading_house.favourites.models import DraftStatus, RepeatDraft, RepeatOrder
from trading_house.orders import cart as carts
from trading_house.orders.models import Order

#: Price moves smaller than this (per unit, in rupiah) are shown as "same price".
SAME_PRICE_TOLERANCE_IDR = 1


class ReorderRefused(DomainError):
    """Nothing can be reordered, or a repeat order the rules do not allow."""


@dataclass(frozen=True)
class ReorderLine:
    product_id: int | None
    name: str
    quantity: int
    then_unit_idr: int | None
    now_unit_idr: int | None
    #: same, up, down, unavailable, short (less stock than the quantity), unlisted (not on the
    #: wholesale buyer's price list)
    change: str
    stock: int = 0

    @property
    def available(self) -> bool:
        return self.change in ("same", "up", "down")

    @property
    def difference_idr(self) -> int | None:
        if self.then_unit_idr is None or self.now_unit_idr is None:
            return None
        return self.now_unit_idr - self.then_unit_idr


def _then_idr(order: Order, unit_price_minor: int) -> int | None:
    try:
        return to_idr(Money(unit_price_minor, order.currency), order.idr_per_unit_micro)
    except MoneyError:
        return None


def _priced_line(
    product: Product | None, name: str, quantity: int, then_idr: int | None, terms=None
) -> ReorderLine:
    if product is None or not product.is_published:
        return ReorderLine(
            product.id if product else None, name, quantity, then_idr, None, "unavailable"
        )
    now = (
        terms.unit_price_idr(product, quantity)
        if terms
        else carts.unit_price_idr(product, quantity)
    )
    if now is None:
        return ReorderLine(product.id, name, quantity, then_idr, None, "unlisted", product.stock)
    if product.stock < quantity:
        return ReorderLine(product.id, name, quantity, then_idr, now, "short", product.stock)
    if then_idr is None or abs(now - then_idr) < SAME_PRICE_TOLERANCE_IDR:
        change = "same"
    else:
        change = "up" if now > then_idr else "down"
    return ReorderLine(product.id, name, quantity, then_idr, now, change, product.stock)


def preview(order: Order, terms=None) -> list[ReorderLine]:
    """Each line of ``order`` at today's price (``terms``: the buyer's price list, if any), with
    what changed."""
    lines = [line for line in order.lines if line.remaining_quantity > 0]
    products = _products_by_id([line.product_id for line in lines])
    return [
        _priced_line(
            products.get(line.product_id) if line.product_id is not None else None,
            line.name,
            line.remaining_quantity,
            _then_idr(order, line.unit_price_minor),
            terms,
        )
        for line in lines
    ]


def quotation_preview(quotation) -> list[ReorderLine]:
    """Each line of a quotation at today's listed price (the quoted price converted to rupiah
    at today's rate, to show the change; the listed price is what the cart charges)."""
    from trading_house.core.rates import rate_table

    rate = rate_table().get(quotation.currency)
    products = _products_by_id([line.product_id for line in quotation.lines])
    lines = []
    for line in quotation.lines:
        try:
            then = to_idr(Money(line.unit_price, quotation.currency), rate)
        except MoneyError:
            then = None
        lines.append(
            _priced_line(products.get(line.product_id), line.description, line.quantity, then)
        )
    return lines


def reorder_quotation_into_cart(buyer, quotation):
    """The quotation's products and quantities into the cart at today's listed prices."""
    return _fill_cart(buyer, quotation_preview(quotation))


def _products_by_id(ids) -> dict[int, Product]:
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    return {p.id: p for p in db.session.scalars(select(Product).where(Product.id.in_(ids)))}


def reorder_into_cart(buyer, order: Order) -> tuple[list[ReorderLine], list[ReorderLine]]:
    """Put the available lines of ``order`` into the buyer's cart at today's prices.

    Returns ``(added, left out)``; nothing available at all is refused with a message.
    """
    lines = preview(order)
    return _fill_cart(buyer, lines)


def _fill_cart(buyer, lines: list[ReorderLine]):
    added = [line for line in lines if line.available]
    if not added:
        raise ReorderRefused(
            _l("None of these products can be ordered today (sold out or no longer listed).")
        )
    cart = carts.get_or_create_cart(user=buyer)
    for line in added:
        existing = next((i for i in cart.items if i.product_id == line.product_id), None)
        if existing is not None:
            # Reordering twice must not double the quantity: the cart holds the order's quantity.
            carts.set_quantity(cart, existing.id, max(existing.quantity, line.quantity), user=buyer)
        else:
            carts.add_item(cart, line.product_id, line.quantity, user=buyer)
    return added, [line for line in lines if not line.available]


# --- repeat orders ------------------------------------------------------------------------------


def next_date(day: int, after: date) -> date:
    """The first date on ``day`` of a month strictly after ``after``."""
    year, month = after.year, after.month
    if after.day >= day:
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def start_repeat(buyer, order: Order, day: int) -> RepeatOrder:
    """Repeat ``order`` every month on ``day`` (1–28) as a draft waiting for confirmation."""
    if order.buyer_id != buyer.id:
        raise NotFound(_l("Order not found."))
    if not isinstance(day, int) or not 1 <= day <= 28:
        raise ReorderRefused(_l("Choose a day from 1 to 28."), field="day_of_month")
    lines = [
        {"product_id": line.product_id, "quantity": line.remaining_quantity}
        for line in order.lines
        if line.product_id is not None and line.remaining_quantity > 0
    ]
    if not lines:
        raise ReorderRefused(_l("This order has no products that can be repeated."))
    existing = db.session.scalar(
        select(RepeatOrder).where(
            RepeatOrder.buyer_id == buyer.id, RepeatOrder.source_order_id == order.id
        )
    )
    if existing is None:
        existing = RepeatOrder(buyer_id=buyer.id, source_order_id=order.id, lines=lines)
        db.session.add(existing)
    existing.day_of_month = day
    existing.active = True
    existing.lines = lines
    existing.next_run_on = next_date(day, business_today())
    db.session.flush()
    return existing


def stop_repeat(buyer, repeat: RepeatOrder) -> None:
    if repeat.buyer_id != buyer.id:
        raise NotFound(_l("Repeat order not found."))
    repeat.active = False
    db.session.flush()


def make_draft(repeat: RepeatOrder, today: date | None = None) -> RepeatDraft | None:
    """This month's draft of ``repeat`` at today's prices (once per due date), and the next
    due date; None when it is not due or already made (a rerun of the command is harmless)."""
    today = today or business_today()
    if not repeat.active or repeat.next_run_on > today:
        return None
    due = repeat.next_run_on
    from trading_house.favourites.placing import terms_for

    terms = terms_for(repeat.buyer)
    products = _products_by_id([line["product_id"] for line in repeat.lines])
    then = {line.product_id: line for line in repeat.source_order.lines}
    snapshot = []
    for entry in repeat.lines:
        product = products.get(entry["product_id"])
        old = then.get(entry["product_id"])
        then_idr = _then_idr(repeat.source_order, old.unit_price_minor) if old else None
        name = product.name_indonesian if product else (old.name if old else "")
        line = _priced_line(product, name, entry["quantity"], then_idr, terms)
        snapshot.append(
            {
                "product_id": line.product_id,
                "name": old.name if old else name,
                "quantity": line.quantity,
                "unit_price_idr": line.now_unit_idr or 0,
                "then_unit_price_idr": line.then_unit_idr,
                "change": line.change,
                "available": line.available,
            }
        )
    made = db.session.scalar(
        select(RepeatDraft.id).where(
            RepeatDraft.repeat_order_id == repeat.id, RepeatDraft.due_on == due
        )
    )
    draft = None
    if made is None:  # (the scheduler runs one job at a time; the unique key backs this up)
        draft = RepeatDraft(repeat_order_id=repeat.id, due_on=due, lines=snapshot)
        db.session.add(draft)
        db.session.flush()
        record_creation(draft)
        draft_ready(draft)
    repeat.next_run_on = next_date(repeat.day_of_month, max(due, today))
    db.session.flush()
    return draft


def draft_ready(draft: RepeatDraft) -> None:
    """E-mail the buyer that this month's order waits for a yes (the orders page shows it too)."""
    buyer = draft.repeat_order.buyer
    queue_email(
        buyer.email,
        _l("Your monthly order is ready"),
        "repeat_draft_ready",
        locale=getattr(buyer, "preferred_language", None) or "id",
        user=buyer,
        draft=draft,
        link=public_url("favourites.draft_page", draft_id=draft.id),
    )


def draft_lines(draft: RepeatDraft, terms=None) -> list[ReorderLine]:
    """The draft's lines at today's prices for this buyer, against what was paid last time."""
    products = _products_by_id([entry["product_id"] for entry in draft.lines])
    return [
        _priced_line(
            products.get(entry["product_id"]),
            entry["name"],
            entry["quantity"],
            entry["then_unit_price_idr"],
            terms,
        )
        for entry in draft.lines
    ]


def waiting_drafts(buyer) -> list[RepeatDraft]:
    return list(
        db.session.scalars(
            select(RepeatDraft)
            .join(RepeatOrder, RepeatOrder.id == RepeatDraft.repeat_order_id)
            .where(RepeatOrder.buyer_id == buyer.id, RepeatDraft.status == DraftStatus.WAITING)
            .order_by(RepeatDraft.due_on.desc())
        )
    )


def due_repeats(today: date | None = None, limit: int = 500) -> list[int]:
    today = today or business_today()
    return list(
        db.session.scalars(
            select(RepeatOrder.id)
            .where(RepeatOrder.active.is_(True), RepeatOrder.next_run_on <= today)
            .order_by(RepeatOrder.id)
            .limit(limit)
        )
    )


def skip_draft(buyer, draft: RepeatDraft) -> None:
    if draft.repeat_order.buyer_id != buyer.id:
        raise NotFound(_l("Draft not found."))
    transition(draft, DraftStatus.SKIPPED, actor=buyer)


def own_draft(buyer, draft_id) -> RepeatDraft:
    draft = db.session.get(RepeatDraft, draft_id)
    if draft is None or draft.repeat_order.buyer_id != buyer.id:
        raise NotFound(_l("Draft not found."))
    return draft


def repeats_of(buyer) -> list[RepeatOrder]:
    return list(
        db.session.scalars(
            select(RepeatOrder)
            .where(RepeatOrder.buyer_id == buyer.id)
            .order_by(RepeatOrder.active.desc(), RepeatOrder.id.desc())
        )
    )
