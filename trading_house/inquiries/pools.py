"""Pooled quotations: a curator combines lines from several enterprises for one buying request;
each enterprise confirms its quantity and its net price in rupiah; the buyer receives ONE
quotation from the trading house as exporter, in the pool's currency, with the trading house's
margin on top of the suppliers' prices.

Settlement rule (shown to the enterprise before it confirms): the enterprise is paid exactly
its confirmed net rupiah price × quantity. The trading house's margin *replaces* the category
commission on pooled lines, and exchange-rate differences are the trading house's
(``payments/ledger.py`` records both in its own accounts)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.catalog.models import Product
from trading_house.catalog.status import ProductStatus
from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import record_creation, transition
from trading_house.core.money import EXPONENTS, MAX_AMOUNT, Money, convert_idr
from trading_house.core.rates import rate_table
from trading_house.core.urls import public_url
from trading_house.extensions import db
from trading_house.inquiries import notify, policies
from trading_house.inquiries.models import BuyingRequest, Inquiry
from trading_house.inquiries.price_check import require_plausible
from trading_house.inquiries.quotation_models import (
    MAX_MARGIN_BP,
    PAYMENT_TERM_CODES,
    Pool,
    PoolLine,
    QuotationLine,
)
from trading_house.inquiries.quotations import check_quotation_terms, create_quotation
from trading_house.inquiries.rfq import open_request_thread
from trading_house.inquiries.services import MAX_REASON_LENGTH, check_trade_quantity
from trading_house.inquiries.signals import pool_line_joining
from trading_house.inquiries.status import PoolLineStatus, PoolStatus
from trading_house.inquiries.terms import INCOTERMS, trading_today


def start_pool(curator, request: BuyingRequest, *, currency: str, margin_bp: int) -> Pool:
    policies.require_staff_or_not_found(curator)
    if request.is_closed:
        raise DomainError(_l("This buying request is closed."))
    if currency not in EXPONENTS:
        raise DomainError(_l("Choose a currency from the list."), field="currency")
    _check_margin(margin_bp)
    pool = Pool(
        buying_request_id=request.id,
        created_by_id=curator.id,
        currency=currency,
        margin_bp=margin_bp,
        incoterm=request.incoterm,
        status=PoolStatus.DRAFT,
    )
    db.session.add(pool)
    record_creation(pool, actor=curator)
    return pool


def _check_margin(margin_bp) -> None:
    if not isinstance(margin_bp, int) or not 0 <= margin_bp <= MAX_MARGIN_BP:
        raise DomainError(_l("Enter a margin between 0 and 100 %."), field="margin")


def _require_draft_pool(pool: Pool) -> None:
    if not pool.is_draft:
        raise DomainError(_l("This pooled quotation was already sent or cancelled."))


def update_pool_terms(
    curator,
    pool: Pool,
    *,
    margin_bp: int,
    incoterm: str | None,
    named_place: str | None,
    lead_time_days: int | None,
    valid_until: date | None,
    payment_terms: str | None,
    notes: str = "",
) -> Pool:
    policies.require_staff_or_not_found(curator)
    _require_draft_pool(pool)
    _check_margin(margin_bp)
    if incoterm is not None and incoterm not in INCOTERMS:
        raise DomainError(_l("Choose one of the Incoterms 2020 rules."), field="incoterm")
    if payment_terms is not None and payment_terms not in PAYMENT_TERM_CODES:
        raise DomainError(_l("Choose payment terms from the list."), field="payment_terms")
    if valid_until is not None and valid_until < trading_today():
        raise DomainError(_l("The validity date cannot be in the past."), field="valid_until")
    pool.margin_bp = margin_bp
    pool.incoterm = incoterm
    pool.named_place = (named_place or "").strip()[:120] or None
    pool.lead_time_days = lead_time_days
    pool.valid_until = valid_until
    pool.payment_terms = payment_terms
    pool.notes = (notes or "").strip()[:5000]
    db.session.flush()
    return pool


def add_pool_line(
    curator,
    pool: Pool,
    *,
    product_id: int,
    quantity: int,
    unit_cost: int | None,
    price_confirmed: bool = False,
):
    """Ask an enterprise for a quantity of one of its published products at a proposed net
    price per unit in whole rupiah (a price far from the listed one needs ``price_confirmed``,
    as for quotations)."""
    policies.require_staff_or_not_found(curator)
    _require_draft_pool(pool)
    product = db.session.scalar(
        select(Product).where(
            Product.id == (product_id or 0), Product.status == ProductStatus.APPROVED
        )
    )
    if product is None:
        raise DomainError(_l("Choose a published product."), field="product_id")
    check_trade_quantity(quantity)
    unit_cost = _check_unit_cost(unit_cost)
    require_plausible(
        product,
        quantity,
        Money(unit_cost, "IDR"),
        confirmed=price_confirmed,
        field="unit_cost",
    )
    # Other areas may refuse the enterprise (supervision: a cooperative below the minimum).
    pool_line_joining.send(pool, enterprise_id=product.enterprise_id, field="product_id")
    line = PoolLine(
        pool=pool,
        enterprise_id=product.enterprise_id,
        product_id=product.id,
        quantity=quantity,
        unit=product.export_unit,
        unit_cost=unit_cost,
        status=PoolLineStatus.REQUESTED,
    )
    db.session.add(line)
    record_creation(line, actor=curator)
    notify.send(
        notify.enterprise_members(product.enterprise_id),
        _l("Can you supply %(quantity)s %(unit)s?", quantity=quantity, unit=line.unit),
        "inquiry_pool_line",
        line=line,
        pool=pool,
        product=product,
        link=public_url("inquiries.pool_lines"),
    )
    return line


def _check_unit_cost(unit_cost) -> int:
    if not isinstance(unit_cost, int) or unit_cost <= 0 or unit_cost > MAX_AMOUNT:
        raise DomainError(_l("Enter a unit price above zero."), field="unit_cost")
    return unit_cost


def withdraw_pool_line(curator, line: PoolLine) -> PoolLine:
    policies.require_staff_or_not_found(curator)
    _require_draft_pool(line.pool)
    transition(line, PoolLineStatus.WITHDRAWN, actor=curator)
    return line


def answer_pool_line(
    user,
    line: PoolLine,
    *,
    confirm: bool,
    quantity: int | None = None,
    unit_cost: int | None = None,
    note: str = "",
    price_confirmed: bool = False,
) -> PoolLine:
    """The enterprise confirms the quantity it can deliver and its net price per unit in whole
    rupiah (what it is paid: no commission is deducted from pooled lines), or declines (a price
    far from its listed one needs ``price_confirmed``)."""
    policies.get_pool_line(user, line.id)  # NotFound unless it is one of the user's lines
    _require_draft_pool(line.pool)
    note = (note or "").strip()[:MAX_REASON_LENGTH]
    if not confirm:
        transition(
            line,
            PoolLineStatus.DECLINED,
            actor=user,
            reason=note or None,
            answer_note=note,
            answered_by_id=user.id,
            answered_at=utcnow(),
        )
    else:
        quantity = check_trade_quantity(quantity)
        unit_cost = _check_unit_cost(unit_cost)
        # The rating may have dropped since the line was asked for.
        pool_line_joining.send(line.pool, enterprise_id=line.enterprise_id, field="quantity")
        require_plausible(
            line.product,
            quantity,
            Money(unit_cost, "IDR"),
            confirmed=price_confirmed,
            field="unit_cost",
        )
        transition(
            line,
            PoolLineStatus.CONFIRMED,
            actor=user,
            confirmed_quantity=quantity,
            confirmed_unit_cost=unit_cost,
            answer_note=note,
            answered_by_id=user.id,
            answered_at=utcnow(),
        )
    notify.send(
        [db.session.get(User, line.pool.created_by_id)],
        _l("An enterprise answered your pooled quotation request"),
        "inquiry_pool_answer",
        line=line,
        link=public_url("inquiries.pool_detail", pool_id=line.pool_id),
    )
    return line


def price_with_margin(unit_cost: int, margin_bp: int) -> int:
    """The buyer's unit price: cost plus margin, rounded half up to the minor unit."""
    value = Decimal(unit_cost) * (10_000 + margin_bp) / 10_000
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def buyer_prices(net_idr: int, currency: str, margin_bp: int) -> tuple[int, int]:
    """``(cost, price)`` per unit in minor units of ``currency``: the supplier's net rupiah at
    the admin-set rate (the one rounding rule of ``core.money.convert_idr``), then the margin."""
    micro = None if currency == "IDR" else rate_table().get(currency)
    if currency != "IDR" and not micro:
        raise DomainError(
            _l(
                "The trading house has not set an exchange rate for %(c)s yet: set it before "
                "the quotation is priced.",
                c=currency,
            )
        )
    cost = convert_idr(net_idr, currency, micro).amount
    return cost, price_with_margin(cost, margin_bp)


def send_pool(curator, pool: Pool):
    """Send the buyer ONE quotation from the trading house, built from the confirmed lines."""
    policies.require_staff_or_not_found(curator)
    _require_draft_pool(pool)
    active = pool.active_lines
    if not active:
        raise DomainError(_l("Add at least one confirmed line first."))
    if any(not line.is_confirmed for line in active):
        raise DomainError(
            _l("Every enterprise must confirm its line before the quotation is sent.")
        )
    missing = [
        name
        for name, value in (
            ("incoterm", pool.incoterm),
            ("named_place", pool.named_place),
            ("lead_time_days", pool.lead_time_days),
            ("valid_until", pool.valid_until),
            ("payment_terms", pool.payment_terms),
        )
        if value is None
    ]
    if missing:
        raise DomainError(
            _l("Complete the terms first: Incoterm, place, lead time, validity and payment."),
            field=missing[0],
        )
    request = pool.buying_request
    if request.is_closed:
        raise DomainError(_l("This buying request is closed."))
    lines = []
    for i, line in enumerate(active):
        # Every active line is confirmed (checked above), with its unit cost.
        assert line.confirmed_unit_cost is not None
        cost, price = buyer_prices(line.confirmed_unit_cost, pool.currency, pool.margin_bp)
        lines.append(
            QuotationLine(
                position=i,
                product_id=line.product_id,
                enterprise_id=line.enterprise_id,
                description=line.product.name_english or line.product.name_indonesian,
                hs_code=line.product.hs_code,
                origin_regency_code=(
                    line.product.origin_regency_code or line.enterprise.regency_code
                ),
                quantity=line.confirmed_quantity,
                unit=line.unit,
                unit_price=price,
                unit_cost=cost,
                net_idr=line.confirmed_unit_cost,
            )
        )
    total_quantity = sum(line.quantity for line in lines)
    check_quotation_terms(
        unit_price=max(line.unit_price for line in lines) or 1,
        currency=pool.currency,
        quantity=total_quantity,
        moq=None,
        incoterm=pool.incoterm,
        named_place=pool.named_place,
        lead_time_days=pool.lead_time_days,
        valid_until=pool.valid_until,
        payment_terms=pool.payment_terms,
    )
    inquiry = pooled_thread(request)
    if inquiry.is_closed:
        raise DomainError(_l("This conversation is closed."))
    if inquiry.is_accepted:
        raise DomainError(_l("The buyer already accepted a quotation in this conversation."))
    quotation = create_quotation(
        curator,
        inquiry,
        kind="pooled",
        enterprise_id=None,
        lines=lines,
        currency=pool.currency,
        moq=None,
        incoterm=pool.incoterm,
        named_place=pool.named_place,
        lead_time_days=pool.lead_time_days,
        valid_until=pool.valid_until,
        payment_terms=pool.payment_terms,
        notes=pool.notes,
        margin_bp=pool.margin_bp,
        role="staff",
    )
    transition(pool, PoolStatus.SENT, actor=curator, quotation_id=quotation.id)
    audit.record("pool.sent", actor=curator, subject=pool, quotation=quotation.number)
    return quotation


def pooled_thread(request: BuyingRequest) -> Inquiry:
    """The thread between the buyer and the trading house for this request (made once)."""
    inquiry = db.session.scalar(
        select(Inquiry).where(Inquiry.buying_request_id == request.id, Inquiry.kind == "pooled")
    )
    if inquiry is not None:
        return inquiry
    inquiry, _first = open_request_thread(request, kind="pooled", enterprise_id=None, actor=None)
    db.session.flush()
    return inquiry


def cancel_pool(curator, pool: Pool) -> Pool:
    policies.require_staff_or_not_found(curator)
    transition(pool, PoolStatus.CANCELLED, actor=curator)
    return pool
