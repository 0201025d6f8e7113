"""Inquiry threads, their messages and readers, buying requests, moderation and settings.

Quotations, samples and pooled quotations live in ``quotation_models.py`` (imported at the end
so that every table of the area is registered when the app imports this module).
"""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.clock import utcnow
from trading_house.core.lifecycle import CanMove, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.core.sql import in_list
from trading_house.extensions import Model
from trading_house.inquiries.status import (
    BUYING_REQUEST_LIFECYCLE,
    INQUIRY_LIFECYCLE,
    InquiryStatus,
    RequestStatus,
)

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.catalog.models import Category, Product
    from trading_house.core.models import Document
    from trading_house.enterprises.models import Enterprise


INQUIRY_KINDS = ("product", "request", "pooled")
INQUIRY_STATUSES = tuple(s.value for s in InquiryStatus)
SENDER_ROLES = ("buyer", "enterprise", "staff", "system")
MESSAGE_KINDS = ("text", "quotation", "sample", "event")
MAX_MESSAGE_LENGTH = 5000
MAX_ATTACHMENTS = 3


class Inquiry(TimestampMixin, Model):
    """A thread between a buyer and an enterprise (or the trading house, for a pooled quotation)."""

    __tablename__ = "inquiries"
    __table_args__ = (
        CheckConstraint(status_check(InquiryStatus), name="status_known"),
        CheckConstraint(in_list("kind", INQUIRY_KINDS), name="kind_known"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("target_price IS NULL OR target_price >= 0", name="target_price_positive"),
        CheckConstraint(
            "(kind = 'pooled' AND enterprise_id IS NULL) "
            "OR (kind <> 'pooled' AND enterprise_id IS NOT NULL)",
            name="party_matches_kind",
        ),
        Index("ix_inquiries_enterprise_status", "enterprise_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: product (from a product page), request (a routed buying request), pooled (trading house).
    kind: Mapped[str] = mapped_column(String(16), default="product")
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: The selling enterprise; NULL when the trading house itself answers (pooled quotation).
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), index=True)
    buying_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("buying_requests.id"), index=True
    )
    subject: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column()
    unit: Mapped[str] = mapped_column(String(16))
    #: Optional target unit price in minor units of ``target_currency``.
    target_price: Mapped[int | None] = mapped_column(BigInteger)
    target_currency: Mapped[str | None] = mapped_column(String(3))
    #: ISO 3166-1 alpha-2.
    destination_country: Mapped[str] = mapped_column(String(2))
    #: Incoterms 2020 code (see terms.INCOTERMS); optional for buying requests.
    incoterm: Mapped[str | None] = mapped_column(String(3))
    date_needed: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=InquiryStatus.OPEN, index=True)
    #: First message or quotation from the seller's side (response-time statistics).
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    buyer: Mapped["User"] = relationship()  # noqa: F821
    enterprise: Mapped["Enterprise | None"] = relationship()  # noqa: F821
    product: Mapped["Product | None"] = relationship()  # noqa: F821
    buying_request: Mapped["BuyingRequest | None"] = relationship(back_populates="inquiries")
    messages: Mapped[list["Message"]] = relationship(
        back_populates="inquiry", order_by="Message.id", cascade="all, delete-orphan"
    )
    participants: Mapped[list["Participant"]] = relationship(
        back_populates="inquiry", cascade="all, delete-orphan"
    )

    LIFECYCLE = INQUIRY_LIFECYCLE
    is_open = StatusIs(InquiryStatus.OPEN)
    is_quoted = StatusIs(InquiryStatus.QUOTED)
    is_accepted = StatusIs(InquiryStatus.ACCEPTED)
    is_closed = StatusIs(InquiryStatus.CLOSED)
    can_close = CanMove(InquiryStatus.CLOSED)
    can_reopen = CanMove(InquiryStatus.OPEN)
    #: A new quotation may be sent (the thread is neither closed nor accepted).
    can_quote = StatusIs(InquiryStatus.OPEN, InquiryStatus.QUOTED, InquiryStatus.DECLINED)

    @property
    def is_pooled(self) -> bool:
        return self.kind == "pooled"

    def __repr__(self) -> str:
        return f"<Inquiry {self.id} {self.status}>"


class Message(Model):
    """One entry of a thread: a text, or a notice about a quotation, a sample or a state change."""

    __tablename__ = "inquiry_messages"
    __table_args__ = (
        CheckConstraint(in_list("sender_role", SENDER_ROLES), name="sender_role_known"),
        CheckConstraint(in_list("kind", MESSAGE_KINDS), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        ForeignKey("inquiries.id", ondelete="CASCADE"), index=True
    )
    #: NULL for system notices.
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: Which side wrote it, fixed when written (membership may change later).
    sender_role: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="text")
    #: Plain text, always shown escaped (links stay text).
    body: Mapped[str] = mapped_column(Text, default="")
    #: The writer's interface language (each side writes in its own).
    language: Mapped[str | None] = mapped_column(String(5))
    quotation_id: Mapped[int | None] = mapped_column(ForeignKey("quotations.id"))
    sample_id: Mapped[int | None] = mapped_column(ForeignKey("sample_requests.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    inquiry: Mapped[Inquiry] = relationship(back_populates="messages")
    sender: Mapped["User | None"] = relationship()  # noqa: F821
    quotation: Mapped["Quotation | None"] = relationship()  # noqa: F821
    sample: Mapped["SampleRequest | None"] = relationship()  # noqa: F821
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="Attachment.id"
    )


class Attachment(Model):
    """A private document attached to a message; served only to those who see the thread."""

    __tablename__ = "inquiry_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("inquiry_messages.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)

    message: Mapped[Message] = relationship(back_populates="attachments")
    document: Mapped["Document"] = relationship()  # noqa: F821


class Participant(Model):
    """A reader of a thread: read position, and for staff the fact that they joined it."""

    __tablename__ = "inquiry_participants"
    __table_args__ = (
        UniqueConstraint("inquiry_id", "user_id", name="uq_inquiry_participants_inquiry_user"),
        CheckConstraint(in_list("role", ("buyer", "enterprise", "staff")), name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    #: Highest message id this user has seen (messages are numbered in order).
    last_read_message_id: Mapped[int] = mapped_column(default=0)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    inquiry: Mapped[Inquiry] = relationship(back_populates="participants")
    user: Mapped["User"] = relationship()  # noqa: F821


class InquiryEvent(Model):
    """Append-only history of every status change in this area (threads, quotations, samples…)."""

    __tablename__ = "inquiry_events"
    __table_args__ = (Index("ix_inquiry_events_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: inquiry, quotation, sample, buying_request, pool or pool_line.
    subject_type: Mapped[str] = mapped_column(String(24))
    subject_id: Mapped[int] = mapped_column()
    #: The thread the subject belongs to, when it has one (the thread's timeline).
    inquiry_id: Mapped[int | None] = mapped_column(
        ForeignKey("inquiries.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: NULL when the subject was created.
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BuyingRequest(TimestampMixin, Model):
    """A buyer's request for quotations that is not tied to one product (an RFQ)."""

    __tablename__ = "buying_requests"
    __table_args__ = (
        CheckConstraint(status_check(RequestStatus), name="status_known"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("target_price IS NULL OR target_price >= 0", name="target_price_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column()
    unit: Mapped[str] = mapped_column(String(16))
    #: Optional target unit price in minor units of ``target_currency``.
    target_price: Mapped[int | None] = mapped_column(BigInteger)
    target_currency: Mapped[str | None] = mapped_column(String(3))
    destination_country: Mapped[str] = mapped_column(String(2))
    incoterm: Mapped[str | None] = mapped_column(String(3))
    date_needed: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.OPEN, index=True)

    buyer: Mapped["User"] = relationship()  # noqa: F821
    category: Mapped["Category"] = relationship()  # noqa: F821
    routes: Mapped[list["RequestRoute"]] = relationship(
        back_populates="buying_request", order_by="RequestRoute.id"
    )
    inquiries: Mapped[list[Inquiry]] = relationship(back_populates="buying_request")

    LIFECYCLE = BUYING_REQUEST_LIFECYCLE
    is_closed = StatusIs(RequestStatus.CLOSED)
    is_open = StatusIs(RequestStatus.OPEN)
    can_close = CanMove(RequestStatus.CLOSED)


class RequestRoute(Model):
    """A buying request shown to one enterprise: routed by a curator, or taken up by the
    enterprise itself when requests are open to the enterprises of their category."""

    __tablename__ = "buying_request_routes"
    __table_args__ = (
        UniqueConstraint(
            "buying_request_id", "enterprise_id", name="uq_buying_request_routes_request_enterprise"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    buying_request_id: Mapped[int] = mapped_column(
        ForeignKey("buying_requests.id", ondelete="CASCADE")
    )
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    #: The thread opened for this enterprise.
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"), unique=True)
    #: The curator who routed it; NULL when the enterprise took it up itself.
    routed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    buying_request: Mapped[BuyingRequest] = relationship(back_populates="routes")
    enterprise: Mapped["Enterprise"] = relationship()  # noqa: F821
    inquiry: Mapped[Inquiry] = relationship()


class Report(Model):
    """A participant's report of an abusive thread, until a curator resolves it."""

    __tablename__ = "inquiry_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        ForeignKey("inquiries.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    inquiry: Mapped[Inquiry] = relationship()
    reporter: Mapped["User"] = relationship(foreign_keys=[reporter_id])  # noqa: F821


class Block(Model):
    """A user a curator blocked from sending inquiries, requests and messages."""

    __tablename__ = "inquiry_blocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    blocked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The thread that led to the block, for the record.
    inquiry_id: Mapped[int | None] = mapped_column(ForeignKey("inquiries.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped["User"] = relationship(foreign_keys=[user_id])  # noqa: F821


class InquirySettings(Model):
    """Admin switches for this area (a single row, id 1)."""

    __tablename__ = "inquiry_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When on, every enterprise with published products in a request's category sees it.
    open_requests_to_category: Mapped[bool] = mapped_column(default=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


from trading_house.inquiries.quotation_models import (  # noqa: E402, F401
    Pool,
    PoolLine,
    Quotation,
    QuotationLine,
    SampleRequest,
)
