"""Notification channels: WhatsApp numbers and consent, per-event preferences, the WhatsApp
outbox, and what the WhatsApp webhook told us."""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.clock import utcnow
from trading_house.core.lifecycle import Lifecycle, status_check
from trading_house.core.models import ClaimableMixin, TimestampMixin, UTCDateTime
from trading_house.core.sql import in_list
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.accounts.models import User

CHANNELS = ("email", "whatsapp", "both", "none")


class MessageStatus(StrEnum):
    """Where a WhatsApp message is. ``refused`` is never sent (opted out, unverified, unknown
    template, parameter too long); the row stays as the record of the refusal."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    REFUSED = "refused"


#: The moves a message may make. A sender claims it (pending → sending) and reports back
#: (sent, back to pending for a retry, failed, refused); the webhook only ever moves it forward,
#: so a late "delivered" never undoes "read" and nothing follows "failed".
MESSAGE_LIFECYCLE = Lifecycle(
    name="whatsapp_message",
    statuses=MessageStatus,
    table={
        "pending": ("sending", "refused"),
        "sending": ("sent", "pending", "failed", "refused"),
        "sent": ("delivered", "read", "failed"),
        "delivered": ("read",),
        "read": (),
        "failed": (),
        "refused": (),
    },
    stamps={"sent": "sent_at", "failed": "failed_at"},
)
#: How far a message got (early webhook statuses are applied in this order).
STATUS_RANK: dict[str, int] = {
    MessageStatus.PENDING: 0,
    MessageStatus.SENDING: 1,
    MessageStatus.SENT: 2,
    MessageStatus.DELIVERED: 3,
    MessageStatus.READ: 4,
    MessageStatus.FAILED: 5,
}


class WhatsAppNumber(TimestampMixin, Model):
    """A person's WhatsApp number, its verification by one-time code and its opt-in state."""

    __tablename__ = "whatsapp_numbers"
    __table_args__ = (CheckConstraint("code_attempts >= 0", name="attempts_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: E.164 (``+6281234567890``); always a mobile number.
    phone_e164: Mapped[str] = mapped_column(String(16), index=True)
    #: When the person typed back the code sent to ``phone_e164``; NULL until then.
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: SHA-256 (keyed with the app's secret) of the pending code; the code itself is never kept.
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Wrong codes typed for the pending code (it is void after the limit).
    code_attempts: Mapped[int] = mapped_column(default=0)
    code_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Codes sent since ``codes_window_started_at`` (resending is limited per hour).
    codes_in_window: Mapped[int] = mapped_column(default=0)
    codes_window_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Explicit opt-in to notifications on this number: when, and which consent text version.
    opted_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_version: Mapped[str | None] = mapped_column(String(32))
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped["User"] = relationship()

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    @property
    def opted_in(self) -> bool:
        return self.verified and self.opted_in_at is not None and self.opted_out_at is None


class WhatsAppConsent(Model):
    """Append-only record of every opt-in and opt-out: who, when, how, which text version."""

    __tablename__ = "whatsapp_consents"
    __table_args__ = (
        CheckConstraint("action IN ('opt_in', 'opt_out')", name="action_known"),
        CheckConstraint("source IN ('account', 'reply', 'admin')", name="source_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    phone_e164: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(8))
    #: account page, a "STOP" reply on WhatsApp, or staff.
    source: Mapped[str] = mapped_column(String(8))
    consent_version: Mapped[str | None] = mapped_column(String(32))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NotificationPreference(Model):
    """How one person wants to hear about one kind of event; no row means e-mail."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        UniqueConstraint("user_id", "event", name="one_per_event"),
        CheckConstraint(in_list("channel", CHANNELS), name="channel_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: An event key of ``notifications/events.py`` (``order.paid``).
    event: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(8))


class WhatsAppMessage(ClaimableMixin, TimestampMixin, Model):
    """One WhatsApp template message: written in the transaction of the change it reports, sent
    after commit by the outbox sender (claimed like e-mail, ``core/outbox.py``), its delivery
    followed through the webhook."""

    __tablename__ = "whatsapp_messages"
    LIFECYCLE = MESSAGE_LIFECYCLE
    __table_args__ = (
        CheckConstraint(status_check(MessageStatus), name="status_known"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_whatsapp_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: NULL only when the person was deleted (the row is kept as a record).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(16))
    #: The event that caused it (``order.paid``) or ``verification``.
    event: Mapped[str] = mapped_column(String(40))
    template: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(5))
    #: The template's body parameters, in order (strings).
    parameters: Mapped[list] = mapped_column(JSON, default=list)
    #: Path on the site the message points to (replies are linked to it in the inbox).
    link_path: Mapped[str | None] = mapped_column(String(500))
    #: Changed only through ``core.lifecycle.transition`` or the outbox claim
    #: (``core/outbox.py``); each move is a ``status_events`` row, so every attempt and its error
    #: are kept. (attempts, next_attempt_at, last_error, sent_at, claim_token, claimed_at: the
    #: claim's columns, ``ClaimableMixin``.)
    status: Mapped[str] = mapped_column(String(12), default=MessageStatus.PENDING)
    #: The ``wamid`` the Cloud API gave the message.
    provider_message_id: Mapped[str | None] = mapped_column(String(128), unique=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The e-mail sent instead when this message failed (at most one).
    fallback_email_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_emails.id"))
    #: The new message staff queued when they sent this failed one again (at most one).
    resent_as_id: Mapped[int | None] = mapped_column(ForeignKey("whatsapp_messages.id"))

    user: Mapped["User | None"] = relationship()

    @property
    def can_resend(self) -> bool:
        """Staff may send a failed message again, once (never a one-time code)."""
        from trading_house.notifications.outbox import UNGATED_EVENTS

        return (
            self.status == MessageStatus.FAILED
            and self.resent_as_id is None
            and (self.event not in UNGATED_EVENTS)
        )


class WhatsAppWebhookEvent(Model):
    """One status or message the webhook accepted, under a unique key: a retried delivery of
    the same event is recognised and changes nothing."""

    __tablename__ = "whatsapp_webhook_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``status:<wamid>:<status>`` or ``message:<wamid>``.
    event_key: Mapped[str] = mapped_column(String(200), unique=True)
    outcome: Mapped[str] = mapped_column(String(64))
    #: A status kept for a message whose id the sender has not saved yet (outcome "early").
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WhatsAppReply(Model):
    """A message a person sent us on WhatsApp; kept even when nobody is known by the number."""

    __tablename__ = "whatsapp_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_message_id: Mapped[str] = mapped_column(String(128), unique=True)
    sender: Mapped[str] = mapped_column(String(16), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: The message of ours it answers, when WhatsApp says so (or the last one we sent).
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("whatsapp_messages.id"))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderSent(Model):
    """A reminder that has gone out for one subject (``quotation.expiring`` for quotation 12):
    the unique key makes it once, however often and on however many nodes the job runs."""

    __tablename__ = "notification_reminders"
    __table_args__ = (UniqueConstraint("event", "subject_id", name="once_per_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column()
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
