"""Column helpers and cross-cutting tables: audit log, outbox, exchange rates, documents."""

from datetime import UTC, datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, String, Text, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

from trading_house.core.clock import utcnow
from trading_house.core.outbox import OutboxStatus
from trading_house.extensions import Model, db


class UTCDateTime(TypeDecorator):
    """Stores timezone-aware datetimes as UTC; always returns aware UTC values (SQLite too)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use core.clock.utcnow()")
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class TimestampMixin:
    #: When the row was created (UTC).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the row last changed (UTC).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AuditEntry(Model):
    """An append-only record of a security- or business-relevant event."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: User who acted; NULL for the system or an anonymous visitor.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: Dotted action name, e.g. ``auth.sign_in`` or ``user.roles_changed``.
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column()
    ip_address: Mapped[str | None] = mapped_column(String(45))
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class ClaimableMixin:
    """Columns of an outbox row that senders claim before sending (``core/outbox.py``).

    ``pending`` → ``sending`` (claimed: ``claim_token`` and ``claimed_at`` set, committed before
    anything is sent) → ``sent``, or back to ``pending`` with a later ``next_attempt_at`` after a
    failed attempt, or ``failed`` after the last one. A ``sending`` row whose claim is older than
    the claim timeout is due again (its sender died).
    """

    #: pending | sending | sent | failed (kept, never deleted).
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set while a sender holds the row; only that sender may record the result.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxEmail(ClaimableMixin, TimestampMixin, Model):
    """An e-mail waiting to be sent; written in the same transaction as the change it reports."""

    __tablename__ = "outbox_emails"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)


class ExchangeRate(TimestampMixin, Model):
    """How many minor units of ``currency`` one million IDR buys, as set by an admin."""

    __tablename__ = "exchange_rates"
    __table_args__ = (CheckConstraint("idr_per_unit_micro > 0", name="rate_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), unique=True)
    #: IDR for one major unit of ``currency``, times 1,000,000 (integer, never a float).
    idr_per_unit_micro: Mapped[int] = mapped_column(db.BigInteger)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Document(TimestampMixin, Model):
    """A private uploaded file (evidence, proof of payment, attachment); served only via views."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    storage_key: Mapped[str] = mapped_column(String(255), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The business whose storage quota the file counts against (evidence, certificates);
    #: NULL for files that count against nobody's (payment proofs, attachments, lot photos).
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)


class StatusEvent(Model):
    """One move of a lifecycle that keeps no event table of its own (``core/lifecycle.py``).

    Append-only: who moved which object from which status to which, when and why.
    """

    __tablename__ = "status_events"
    __table_args__ = (db.Index("ix_status_events_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The lifecycle's name ("product", "payment", "readiness_answer", …).
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column()
    #: NULL for the event that records an object's creation.
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    #: User who acted; NULL for the system (a job, a webhook).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class ScheduledJob(Model):
    """One periodic job (``core/schedule.py``): which run it last took, and how that run ended.

    Several nodes run the same schedule; a run is taken under the job's lock (a PostgreSQL
    advisory lock, on SQLite the ``locked_by``/``locked_until`` columns), and a slot already
    taken (``last_slot``) is never run again.
    """

    __tablename__ = "scheduled_jobs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The scheduled time (UTC) of the last run taken; a later slot is due, this one is done.
    last_slot: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: "ok", "failed: <error>" or NULL while running.
    last_result: Mapped[str | None] = mapped_column(Text)
    #: Which node (host:pid) ran it last.
    last_node: Mapped[str | None] = mapped_column(String(120))
    runs: Mapped[int] = mapped_column(default=0)
    #: The SQLite lock (PostgreSQL uses an advisory lock and leaves these empty).
    locked_by: Mapped[str | None] = mapped_column(String(120))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
