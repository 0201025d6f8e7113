"""Quotations: the seller offers, the buyer accepts (once) or declines; validity expires.

Accepting is the one place where money starts to move, so it is written to be safe against
double clicks, two tabs and concurrent workers: the status moves with a compare-and-set UPDATE
(``status.transition``) and only the request that wins sends ``quotation_accepted`` (samples:
``samples.py``, same pattern), whose receiver (the orders area) creates the order in the SAME
transaction. A losing request sees the quotation already accepted and answers "done".
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.catalog.models import Product
from trading_house.catalog.status import ProductStatus
from trading_house.core import audit
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, InvalidTransition
from trading_house.core.lifecycle import StaleTransition, record_creation, transition
from trading_house.core.money import EXPONENTS, MAX_AMOUNT, Money
from trading_house.extensions import db
from trading_house.inquiries import notify, policies
from trading_house.inquiries.models import Inquiry
from trading_house.inquiries.price_check import require_plausible
from trading_house.inquiries.quotation_models import (
    PAYMENT_TERM_CODES,
    Quotation,
    QuotationLine,
)
from trading_house.inquiries.services import (
    MAX_REASON_LENGTH,
    NoticeCode,
    check_text,
    check_trade_quantity,
    system_notice,
)
from trading_house.inquiries.signals import order_number_from, quotation_accepted
from trading_house.inquiries.status import InquiryStatus, QuotationStatus
from trading_house.inquiries.terms import INCOTERMS, trading_today

MAX_LEAD_TIME_DAYS = 730
MAX_SAMPLE_QUANTITY = 1000


class QuotationExpired(InvalidTransition):
    """The buyer tried to accept after the validity date; the quotation is now marked expired
    (``keep_changes``: the unit of work commits that mark before showing the message)."""

    keep_changes = True


@dataclass
class Acceptance:
    subject: object  # the Quotation or SampleRequest
    order_number: str | None
    already: bool = False


# --- issuing ---------------------------------------------------------------------------------


def check_quotation_terms(
    *,
    unit_price: int | None,
    currency: str,
    quantity: int,
    moq: int | None,
    incoterm: str | None,
    named_place: str | None,
    lead_time_days: int | None,
    valid_until: date | None,
    payment_terms: str | None,
) -> int:
    """Refuse missing or bad terms (typed input: any of them may be missing), field by field;
    the checked unit price."""
    if currency not in EXPONENTS:
        raise DomainError(_l("Choose a currency from the list."), field="currency")
    if not isinstance(unit_price, int) or unit_price <= 0 or unit_price > MAX_AMOUNT:
        raise DomainError(_l("Enter a unit price above zero."), field="unit_price")
    check_trade_quantity(quantity)
    if moq is not None and (moq < 1 or moq > quantity):
        raise DomainError(
            _l("The MOQ must be at least 1 and not above the quoted quantity."), field="moq"
        )
    if incoterm not in INCOTERMS:
        raise DomainError(_l("Choose one of the Incoterms 2020 rules."), field="incoterm")
    named_place = named_place or ""
    if not named_place.strip() or len(named_place) > 120:
        raise DomainError(
            _l("Name the place for the Incoterm, e.g. Makassar for FOB Makassar."),
            field="named_place",
        )
    if not isinstance(lead_time_days, int) or not 0 <= lead_time_days <= MAX_LEAD_TIME_DAYS:
        raise DomainError(
            _l("Enter a lead time between 0 and %(n)s days.", n=MAX_LEAD_TIME_DAYS),
            field="lead_time_days",
        )
    if valid_until is None or valid_until < trading_today():
        raise DomainError(_l("The validity date cannot be in the past."), field="valid_until")
    if payment_terms not in PAYMENT_TERM_CODES:
        raise DomainError(_l("Choose payment terms from the list."), field="payment_terms")
    return unit_price


def issue_quotation(
    user,
    inquiry: Inquiry,
    *,
    unit_price: int | None,
    currency: str,
    quantity: int,
    moq: int | None,
    incoterm: str,
    named_place: str,
    lead_time_days: int,
    valid_until: date,
    payment_terms: str,
    notes: str = "",
    product_id: int | None = None,
    price_confirmed: bool = False,
) -> Quotation:
    """The enterprise quotes; an open quotation in the thread is superseded by this one.

    A unit price far from the product's listed price is refused with
    :class:`~trading_house.inquiries.price_check.PriceNeedsConfirmation` unless
    ``price_confirmed`` (the seller ticked "Yes, send this price" for this amount)."""
    if inquiry.is_pooled:
        raise DomainError(_l("Pooled quotations are composed from the buying request."))
    # Not pooled: a check constraint guarantees the inquiry's enterprise.
    assert inquiry.enterprise_id is not None
    policies.require_seller(user, inquiry)
    policies.require_can_send(user)
    _require_quotable(inquiry)
    unit_price = check_quotation_terms(
        unit_price=unit_price,
        currency=currency,
        quantity=quantity,
        moq=moq,
        incoterm=incoterm,
        named_place=named_place,
        lead_time_days=lead_time_days,
        valid_until=valid_until,
        payment_terms=payment_terms,
    )
    product = inquiry.product or _enterprise_product(inquiry.enterprise_id, product_id)
    require_plausible(
        product,
        quantity,
        Money(unit_price, currency),
        confirmed=price_confirmed,
        field="unit_price",
    )
    origin_regency_code = product.origin_regency_code
    if not origin_regency_code:
        assert inquiry.enterprise is not None
        origin_regency_code = inquiry.enterprise.regency_code
    line = QuotationLine(
        position=0,
        product_id=product.id,
        enterprise_id=inquiry.enterprise_id,
        description=product.name_english or product.name_indonesian,
        hs_code=product.hs_code,
        origin_regency_code=origin_regency_code,
        quantity=quantity,
        unit=product.export_unit or inquiry.unit,
        unit_price=unit_price,
        unit_cost=unit_price,
    )
    return create_quotation(
        user,
        inquiry,
        kind="enterprise",
        enterprise_id=inquiry.enterprise_id,
        lines=[line],
        currency=currency,
        moq=moq,
        incoterm=incoterm,
        named_place=named_place.strip(),
        lead_time_days=lead_time_days,
        valid_until=valid_until,
        payment_terms=payment_terms,
        notes=(notes or "").strip()[:5000],
        role="enterprise",
    )


def _require_quotable(inquiry: Inquiry) -> None:
    if inquiry.is_closed:
        raise DomainError(_l("This conversation is closed."))
    if inquiry.is_accepted:
        raise DomainError(_l("The buyer already accepted a quotation in this conversation."))


def _enterprise_product(enterprise_id: int, product_id) -> Product:
    product = db.session.scalar(
        select(Product).where(
            Product.id == (product_id or 0),
            Product.enterprise_id == enterprise_id,
            Product.status == ProductStatus.APPROVED,
        )
    )
    if product is None:
        raise DomainError(_l("Choose one of your published products."), field="product_id")
    return product


def create_quotation(user, inquiry: Inquiry, *, lines, role: str, **fields) -> Quotation:
    """Write a quotation with its lines, supersede the previous one, tell the buyer."""
    previous = db.session.scalars(
        select(Quotation).where(Quotation.inquiry_id == inquiry.id).order_by(Quotation.id)
    ).all()
    for old in previous:
        if old.is_sent:
            transition(old, QuotationStatus.SUPERSEDED, actor=user)
    quotation = Quotation(
        inquiry_id=inquiry.id, revision=len(previous) + 1, issued_by_id=user.id, **fields
    )
    quotation.lines = list(lines)
    db.session.add(quotation)
    db.session.flush()
    quotation.number = f"Q-{quotation.created_at.year}-{quotation.id:06d}"
    record_creation(quotation, actor=user)
    if inquiry.status in (InquiryStatus.OPEN, InquiryStatus.DECLINED):
        transition(inquiry, InquiryStatus.QUOTED, actor=user)
    system_notice(
        inquiry, user, NoticeCode.QUOTATION_SENT, role=role, kind="quotation", quotation=quotation
    )
    notify.send(
        [inquiry.buyer],
        _l("Quotation %(number)s: %(subject)s", number=quotation.number, subject=inquiry.subject),
        "inquiry_quotation",
        inquiry=inquiry,
        quotation=quotation,
        link=notify.thread_url(inquiry),
    )
    return quotation


# --- the buyer answers ---------------------------------------------------------------------


def is_past_validity(quotation: Quotation) -> bool:
    return quotation.valid_until < trading_today()


def accept_quotation(quotation: Quotation, buyer) -> Acceptance:
    """The buyer accepts. Exactly one acceptance (and one order) however often this runs."""
    inquiry = quotation.inquiry
    policies.require_buyer(buyer, inquiry)
    if quotation.is_accepted:
        return Acceptance(quotation, quotation.order_number, already=True)
    if quotation.is_sent and is_past_validity(quotation):
        transition(quotation, QuotationStatus.EXPIRED, actor=None, reason="validity date passed")
        raise QuotationExpired(
            _l(
                "This quotation expired on %(date)s and can no longer be accepted.",
                date=quotation.valid_until.isoformat(),
            )
        )
    if quotation.is_sent and not inquiry.is_quoted:
        raise DomainError(_l("This conversation is closed."))
    try:
        transition(
            quotation,
            QuotationStatus.ACCEPTED,
            actor=buyer,
            decided_at=utcnow(),
            decided_by_id=buyer.id,
        )
    except StaleTransition:
        if quotation.is_accepted:  # the other click won: same outcome, one order
            return Acceptance(quotation, quotation.order_number, already=True)
        raise
    transition(inquiry, InquiryStatus.ACCEPTED, actor=buyer)
    system_notice(inquiry, buyer, NoticeCode.QUOTATION_ACCEPTED, role="buyer", quotation=quotation)
    audit.record("quotation.accepted", actor=buyer, subject=quotation)
    number = order_number_from(quotation_accepted.send(quotation, buyer=buyer))
    if number:
        quotation.order_number = number
        db.session.flush()
    notify.send(
        notify.enterprise_members(inquiry.enterprise_id) + notify.curators(),
        _l("Quotation %(number)s accepted", number=quotation.number),
        "inquiry_quotation_accepted",
        inquiry=inquiry,
        quotation=quotation,
        link=notify.thread_url(inquiry),
    )
    return Acceptance(quotation, number)


def decline_quotation(quotation: Quotation, buyer, reason: str) -> Quotation:
    """The buyer declines with a reason; the seller may send a new quotation afterwards."""
    inquiry = quotation.inquiry
    policies.require_buyer(buyer, inquiry)
    reason = check_text(reason, field="reason", maximum=MAX_REASON_LENGTH)
    transition(
        quotation,
        QuotationStatus.DECLINED,
        actor=buyer,
        reason=reason,
        decided_at=utcnow(),
        decided_by_id=buyer.id,
        decline_reason=reason,
    )
    if inquiry.is_quoted:
        transition(inquiry, InquiryStatus.DECLINED, actor=buyer, reason=reason)
    system_notice(inquiry, buyer, NoticeCode.QUOTATION_DECLINED, role="buyer", quotation=quotation)
    notify.send(
        notify.enterprise_members(inquiry.enterprise_id) + notify.curators(),
        _l("Quotation %(number)s declined", number=quotation.number),
        "inquiry_quotation_declined",
        inquiry=inquiry,
        quotation=quotation,
        link=notify.thread_url(inquiry),
    )
    return quotation


def expire_due_quotations() -> int:
    """Mark sent quotations past their validity date as expired (a daily job or CLI)."""
    due = db.session.scalars(
        select(Quotation).where(
            Quotation.status == QuotationStatus.SENT, Quotation.valid_until < trading_today()
        )
    ).all()
    expired = 0
    for quotation in due:
        try:
            transition(quotation, QuotationStatus.EXPIRED, reason="validity date passed")
            expired += 1
        except InvalidTransition:
            continue  # changed meanwhile
    return expired
