"""The division's plan records: examiners' capacity, the yearly plan and its entries,
complaints, the division's settings and the reminders already sent."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.clock import utcnow
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.cooperatives.models import Cooperative

#: An examiner carries this many cooperatives unless an admin sets otherwise (issue #13).
DEFAULT_CAPACITY = 25
MAX_CAPACITY = 200


class ExaminerCapacity(Model):
    """How many cooperatives an admin lets one examiner carry (no row: DEFAULT_CAPACITY)."""

    __tablename__ = "supervision_examiner_capacities"
    __table_args__ = (CheckConstraint("capacity >= 0", name="capacity_not_negative"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    capacity: Mapped[int] = mapped_column(default=DEFAULT_CAPACITY)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SupervisionPlan(TimestampMixin, Model):
    """The plan of one year: cooperatives ranked by risk, each with its examiner or uncovered."""

    __tablename__ = "supervision_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    built_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entries: Mapped[list["PlanEntry"]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PlanEntry.rank",
    )


class PlanEntry(Model):
    """One cooperative in a year's plan: its rank, risk score with reasons, its examiner."""

    __tablename__ = "supervision_plan_entries"
    __table_args__ = (
        UniqueConstraint("plan_id", "cooperative_id", name="one_entry_per_cooperative"),
        CheckConstraint("risk_score >= 0", name="risk_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_plans.id", ondelete="CASCADE"), index=True
    )
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int]
    risk_score: Mapped[int]
    #: [{"code": …, "points": …, "data": {…}}] — see ``risk.REASONS`` for the wording.
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    #: NULL = uncovered (no examiner had capacity left).
    examiner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    plan: Mapped[SupervisionPlan] = relationship(back_populates="entries")
    cooperative: Mapped["Cooperative"] = relationship()
    examiner: Mapped["User | None"] = relationship()


class Complaint(Model):
    """A complaint about a cooperative that staff logged (by members, buyers, a regency office)."""

    __tablename__ = "supervision_complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    received_on: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cooperative: Mapped["Cooperative"] = relationship()


class SupervisionSettings(Model):
    """Admin switches for supervision (a single row, id 1)."""

    __tablename__ = "supervision_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A cooperative's line may join a pooled export deal only at this predicate or better
    #: (``HealthPredicate`` value); NULL = no requirement.
    pool_min_predicate: Mapped[str | None] = mapped_column(String(32))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ReminderSent(Model):
    """A reminder already queued, so ``flask supervision remind`` never sends one twice."""

    __tablename__ = "supervision_reminders_sent"
    __table_args__ = (UniqueConstraint("key", name="reminder_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: e.g. ``rat:2026:12:user@example`` — what, for which period, to whom.
    key: Mapped[str] = mapped_column(String(255))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
