"""Samples: the buyer asks, the seller offers (a price for the lot or free, who pays shipping),
the buyer accepts once — and the sample becomes a small order through ``sample_accepted`` —
or declines."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, PermissionDenied
from trading_house.core.lifecycle import StaleTransition, record_creation, transition
from trading_house.core.money import EXPONENTS, MAX_AMOUNT
from trading_house.extensions import db
from trading_house.inquiries import notify, policies
from trading_house.inquiries.models import Inquiry
from trading_house.inquiries.quotation_models import SHIPPING_PAYER_CODES, SampleRequest
from trading_house.inquiries.quotations import Acceptance
from trading_house.inquiries.services import (
    MAX_REASON_LENGTH,
    NoticeCode,
    check_text,
    system_notice,
)
from trading_house.inquiries.signals import order_number_from, sample_accepted
from trading_house.inquiries.status import SampleStatus

MAX_SAMPLE_QUANTITY = 1000


def request_sample(buyer, inquiry: Inquiry, *, quantity: int, note: str = "", notify_seller=True):
    """The buyer asks for a sample of the thread's product."""
    policies.require_buyer(buyer, inquiry)
    policies.require_can_send(buyer)
    product = inquiry.product
    if product is None or not product.sample_available:
        raise DomainError(_l("This product has no samples."))
    if inquiry.is_closed:
        raise DomainError(_l("This conversation is closed."))
    if not isinstance(quantity, int) or not 1 <= quantity <= MAX_SAMPLE_QUANTITY:
        raise DomainError(
            _l("A sample is between 1 and %(n)s units.", n=MAX_SAMPLE_QUANTITY),
            field="sample_quantity",
        )
    pending = db.session.scalar(
        select(SampleRequest.id).where(
            SampleRequest.inquiry_id == inquiry.id,
            SampleRequest.status.in_((SampleStatus.REQUESTED, SampleStatus.OFFERED)),
        )
    )
    if pending:
        raise DomainError(_l("A sample request is already open in this conversation."))
    sample = SampleRequest(
        inquiry_id=inquiry.id,
        product_id=product.id,
        requested_by_id=buyer.id,
        quantity=quantity,
        unit=product.export_unit,
        note=(note or "").strip()[:MAX_REASON_LENGTH],
    )
    db.session.add(sample)
    record_creation(sample, actor=buyer)
    message = system_notice(
        inquiry, buyer, NoticeCode.SAMPLE_REQUESTED, role="buyer", kind="sample", sample=sample
    )
    if notify_seller:
        notify.new_message(message)
    return sample


def offer_sample(
    user, sample: SampleRequest, *, price: int | None, currency: str, shipping_paid_by: str
) -> SampleRequest:
    """The seller answers a sample request: a price for the lot (0 = free) and who pays shipping."""
    inquiry = sample.inquiry
    policies.require_seller(user, inquiry)
    policies.require_can_send(user)
    if currency not in EXPONENTS:
        raise DomainError(_l("Choose a currency from the list."), field="currency")
    if not isinstance(price, int) or price < 0 or price > MAX_AMOUNT:
        raise DomainError(_l("Enter a price of 0 or more (0 means free)."), field="price")
    if shipping_paid_by not in SHIPPING_PAYER_CODES:
        raise DomainError(_l("Choose who pays shipping."), field="shipping_paid_by")
    transition(
        sample,
        SampleStatus.OFFERED,
        actor=user,
        price=price,
        currency=currency,
        shipping_paid_by=shipping_paid_by,
        offered_by_id=user.id,
        offered_at=utcnow(),
    )
    if inquiry.first_response_at is None:
        inquiry.first_response_at = utcnow()
    message = system_notice(
        inquiry, user, NoticeCode.SAMPLE_OFFERED, role="enterprise", kind="sample", sample=sample
    )
    notify.new_message(message)
    return sample


def accept_sample(sample: SampleRequest, buyer) -> Acceptance:
    """The buyer accepts the sample offer; it becomes a small order (once)."""
    inquiry = sample.inquiry
    policies.require_buyer(buyer, inquiry)
    if sample.is_accepted:
        return Acceptance(sample, sample.order_number, already=True)
    try:
        transition(sample, SampleStatus.ACCEPTED, actor=buyer, decided_at=utcnow())
    except StaleTransition:
        if sample.is_accepted:
            return Acceptance(sample, sample.order_number, already=True)
        raise
    message = system_notice(
        inquiry, buyer, NoticeCode.SAMPLE_ACCEPTED, role="buyer", kind="sample", sample=sample
    )
    number = order_number_from(sample_accepted.send(sample, buyer=buyer))
    if number:
        sample.order_number = number
        db.session.flush()
    notify.new_message(message)
    return Acceptance(sample, number)


def decline_sample(user, sample: SampleRequest, reason: str) -> SampleRequest:
    """The seller declines a request, or the buyer declines an offer; a reason is required."""
    side = policies.side_of(user, sample.inquiry)
    seller_declines = side == "enterprise" and sample.is_requested
    buyer_declines = side == "buyer" and sample.is_offered
    if side is None or not (seller_declines or buyer_declines):
        raise PermissionDenied(_l("You cannot decline this sample request."))
    reason = check_text(reason, field="reason", maximum=MAX_REASON_LENGTH)
    transition(
        sample,
        SampleStatus.DECLINED,
        actor=user,
        reason=reason,
        decline_reason=reason,
        decided_at=utcnow(),
    )
    message = system_notice(
        sample.inquiry, user, NoticeCode.SAMPLE_DECLINED, role=side, kind="sample", sample=sample
    )
    notify.new_message(message)
    return sample


def cancel_sample(buyer, sample: SampleRequest) -> SampleRequest:
    policies.require_buyer(buyer, sample.inquiry)
    transition(sample, SampleStatus.CANCELLED, actor=buyer, decided_at=utcnow())
    system_notice(
        sample.inquiry,
        buyer,
        NoticeCode.SAMPLE_CANCELLED,
        role="buyer",
        kind="sample",
        sample=sample,
    )
    return sample
