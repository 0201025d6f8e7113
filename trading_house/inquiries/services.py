"""Thread use cases: the shared input checks, start an inquiry, write, read, join.

Plain arguments in, domain objects out; services flush, the caller commits once.
Elsewhere in the area: quotations (``quotations.py``), samples (``samples.py``), buying
requests (``rfq.py``), pooled quotations (``pools.py``), moderation (``moderation.py``).
"""

from datetime import date
from enum import StrEnum

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.catalog.models import EXPORT_UNITS
from trading_house.catalog.status import ProductStatus
from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, NotFound, PermissionDenied
from trading_house.core.lifecycle import record_creation
from trading_house.core.money import EXPONENTS
from trading_house.core.uploads import UploadRejected, store_document
from trading_house.extensions import db
from trading_house.inquiries import notify, policies
from trading_house.inquiries.models import (
    MAX_ATTACHMENTS,
    MAX_MESSAGE_LENGTH,
    Attachment,
    Inquiry,
    Message,
    Participant,
)
from trading_house.inquiries.status import InquiryStatus
from trading_house.inquiries.terms import INCOTERMS, is_country, trading_today

MAX_QUANTITY = 10**9
MAX_REASON_LENGTH = 2000


# --- shared checks (the forms and the JSON API end up here) ---------------------------------


def check_trade_quantity(quantity, unit: str | None = None, *, field: str = "quantity") -> int:
    """``quantity`` if it is a whole number from 1 to ``MAX_QUANTITY`` (else a DomainError)."""
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise DomainError(_l("Enter a whole number of at least 1."), field=field)
    if quantity > MAX_QUANTITY:
        raise DomainError(_l("This quantity is too large."), field=field)
    if unit is not None and unit not in EXPORT_UNITS:
        raise DomainError(_l("Choose a unit from the list."), field="unit")
    return quantity


def check_trade_terms(
    *, destination_country: str, incoterm: str | None, date_needed: date | None, required=True
) -> None:
    if not is_country(destination_country):
        raise DomainError(_l("Choose a destination country from the list."), field="destination")
    if incoterm is None and not required:
        pass
    elif incoterm not in INCOTERMS:
        raise DomainError(_l("Choose one of the Incoterms 2020 rules."), field="incoterm")
    if date_needed is None:
        if required:
            raise DomainError(_l("Enter the date you need the goods."), field="date_needed")
    elif date_needed < trading_today():
        raise DomainError(_l("The date needed cannot be in the past."), field="date_needed")


def check_target_price(amount: int | None, currency: str | None) -> None:
    if amount is None:
        return
    if currency not in EXPONENTS:
        raise DomainError(_l("Choose a currency from the list."), field="target_currency")
    if amount < 0:
        raise DomainError(_l("The price cannot be negative."), field="target_price")


def check_text(text: str, *, field: str, minimum=1, maximum=MAX_MESSAGE_LENGTH) -> str:
    text = (text or "").strip()
    if len(text) < minimum:
        raise DomainError(_l("Please write a message."), field=field)
    if len(text) > maximum:
        raise DomainError(
            _l("Please keep it under %(n)s characters.", n=f"{maximum:,}"), field=field
        )
    return text


# --- starting a thread -------------------------------------------------------------------------


def start_inquiry(
    buyer,
    product,
    *,
    quantity: int,
    unit: str,
    destination_country: str,
    incoterm: str,
    date_needed: date,
    message: str,
    target_price: int | None = None,
    target_currency: str | None = None,
    attachments=(),
    locale: str = "en",
    sample_quantity: int | None = None,
) -> Inquiry:
    """A buyer asks an enterprise for a quotation on one of its published products."""
    policies.require_can_send(buyer)
    if product is None or product.status != ProductStatus.APPROVED:
        raise DomainError(_l("This product is not available."))
    if product.enterprise_id in set(db.session.scalars(policies.member_enterprise_ids(buyer))):
        raise PermissionDenied(_l("You cannot send an inquiry to your own business."))
    check_trade_quantity(quantity, unit)
    if product.export_moq and unit != product.export_unit:
        raise DomainError(
            _l("Quantities for this product are in %(unit)s.", unit=product.export_unit),
            field="unit",
        )
    if product.export_moq and quantity < product.export_moq:
        raise DomainError(
            _l(
                "The minimum order quantity for this product is %(moq)s %(unit)s.",
                moq=product.export_moq,
                unit=product.export_unit,
            ),
            field="quantity",
        )
    check_trade_terms(
        destination_country=destination_country, incoterm=incoterm, date_needed=date_needed
    )
    check_target_price(target_price, target_currency)
    body = check_text(message, field="message")
    inquiry = Inquiry(
        kind="product",
        buyer_id=buyer.id,
        enterprise_id=product.enterprise_id,
        product_id=product.id,
        subject=product.name_for(locale)[:200],
        quantity=quantity,
        unit=unit,
        target_price=target_price,
        target_currency=target_currency if target_price is not None else None,
        destination_country=destination_country,
        incoterm=incoterm,
        date_needed=date_needed,
        status=InquiryStatus.OPEN,
    )
    db.session.add(inquiry)
    record_creation(inquiry, actor=buyer)
    first = add_message(inquiry, buyer, "buyer", body, attachments=attachments, locale=locale)
    if sample_quantity:
        from trading_house.inquiries.samples import request_sample

        request_sample(buyer, inquiry, quantity=sample_quantity, note="", notify_seller=False)
    notify.send(
        notify.enterprise_members(inquiry.enterprise_id),
        _l("New inquiry: %(subject)s", subject=inquiry.subject),
        "inquiry_new",
        inquiry=inquiry,
        message=first,
        link=notify.thread_url(inquiry),
    )
    return inquiry


def add_message(
    inquiry: Inquiry,
    sender,
    role: str,
    body: str,
    *,
    kind: str = "text",
    attachments=(),
    locale: str | None = None,
    quotation=None,
    sample=None,
) -> Message:
    """Append a message (the sender has read everything up to it); no e-mail is sent here."""
    attachments = [a for a in attachments if a and a[1]]
    if len(attachments) > MAX_ATTACHMENTS:
        raise DomainError(_l("Attach at most %(n)s files.", n=MAX_ATTACHMENTS), field="attachments")
    message = Message(
        inquiry=inquiry,
        sender_id=getattr(sender, "id", None),
        sender_role=role,
        kind=kind,
        body=body,
        language=locale,
        quotation_id=getattr(quotation, "id", None),
        sample_id=getattr(sample, "id", None),
        created_at=utcnow(),
    )
    db.session.add(message)
    for filename, data in attachments:
        try:
            document = store_document(data, filename, uploaded_by=sender, folder="inquiries")
        except UploadRejected as exc:
            exc.field = "attachments"
            raise
        message.attachments.append(Attachment(document_id=document.id))
    inquiry.last_message_at = message.created_at
    if role == "enterprise" and inquiry.first_response_at is None:
        inquiry.first_response_at = message.created_at
    db.session.flush()
    if sender is not None and role != "system":
        _mark(sender, inquiry, role, message.id)
    return message


def post_message(user, inquiry: Inquiry, body: str, *, attachments=(), locale="en") -> Message:
    """A party (or a curator, who joins by writing) adds a message and the others hear of it."""
    side = policies.side_of(user, inquiry)
    if side is None:
        raise NotFound(policies.THREAD_NOT_FOUND)
    policies.require_can_send(user)
    if inquiry.is_closed:
        raise DomainError(_l("This conversation is closed."))
    body = check_text(body, field="body")
    message = add_message(inquiry, user, side, body, attachments=attachments, locale=locale)
    notify.new_message(message)
    return message


class NoticeCode(StrEnum):
    """Codes of the notices a thread shows (not statuses: what happened)."""

    CLOSED = "closed"
    REOPENED = "reopened"
    QUOTATION_SENT = "quotation_sent"
    QUOTATION_ACCEPTED = "quotation_accepted"
    QUOTATION_DECLINED = "quotation_declined"
    SAMPLE_REQUESTED = "sample_requested"
    SAMPLE_OFFERED = "sample_offered"
    SAMPLE_ACCEPTED = "sample_accepted"
    SAMPLE_DECLINED = "sample_declined"
    SAMPLE_CANCELLED = "sample_cancelled"


#: The text of each notice (rendered in each reader's language).
NOTICES: dict[str, LazyString] = {
    NoticeCode.CLOSED: _l("The trading house closed this conversation."),
    NoticeCode.REOPENED: _l("The trading house reopened this conversation."),
    NoticeCode.QUOTATION_SENT: _l("A quotation was sent."),
    NoticeCode.QUOTATION_ACCEPTED: _l("The buyer accepted the quotation."),
    NoticeCode.QUOTATION_DECLINED: _l("The buyer declined the quotation."),
    NoticeCode.SAMPLE_REQUESTED: _l("The buyer asked for a sample."),
    NoticeCode.SAMPLE_OFFERED: _l("The seller offered a sample."),
    NoticeCode.SAMPLE_ACCEPTED: _l("The buyer accepted the sample offer."),
    NoticeCode.SAMPLE_DECLINED: _l("The sample request was declined."),
    NoticeCode.SAMPLE_CANCELLED: _l("The buyer cancelled the sample request."),
}


def notice_text(code: str) -> str:
    return str(NOTICES.get(code, code))


def system_notice(inquiry: Inquiry, actor, code: str, *, role: str, kind="event", **refs):
    """A line in the thread that records what happened (quotation sent, accepted, closed…)."""
    return add_message(inquiry, actor, role, str(code), kind=kind, **refs)


# --- reading and joining ---------------------------------------------------------------------


def _mark(user, inquiry: Inquiry, role: str, message_id: int) -> Participant:
    participant = db.session.scalar(
        select(Participant).where(
            Participant.inquiry_id == inquiry.id, Participant.user_id == user.id
        )
    )
    if participant is None:
        participant = Participant(inquiry_id=inquiry.id, user_id=user.id, role=role)
        db.session.add(participant)
    participant.last_read_message_id = max(participant.last_read_message_id or 0, message_id)
    db.session.flush()
    return participant


def mark_thread_read(user, inquiry: Inquiry) -> None:
    """The user has seen the thread up to its latest message (a POST from the thread page)."""
    side = policies.side_of(user, inquiry)
    if side is None:
        raise NotFound(policies.THREAD_NOT_FOUND)
    latest = db.session.scalar(select(func.max(Message.id)).where(Message.inquiry_id == inquiry.id))
    if side == "staff" and not is_participant(user, inquiry):
        return  # staff reading without joining leave no trace in the thread
    _mark(user, inquiry, side, latest or 0)


def is_participant(user, inquiry: Inquiry) -> bool:
    return (
        db.session.scalar(
            select(Participant.id).where(
                Participant.inquiry_id == inquiry.id, Participant.user_id == user.id
            )
        )
        is not None
    )


def join(user, inquiry: Inquiry) -> Participant:
    """A curator or admin joins a thread: they get its e-mails and an unread count."""
    policies.require_staff_or_not_found(user)
    latest = db.session.scalar(select(func.max(Message.id)).where(Message.inquiry_id == inquiry.id))
    return _mark(user, inquiry, "staff", latest or 0)
