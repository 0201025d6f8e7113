"""Special inspection cases (*bedah koperasi*) with their team, findings, recommendations,
visits and sanctions, and the sanction ladder an admin configures. The yearly plan, capacities,
complaints, settings and sent reminders are in ``plan_models.py``."""

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
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
from trading_house.core.lifecycle import CanMove, Lifecycle, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.cooperatives.models import Cooperative
    from trading_house.core.models import Document
    from trading_house.supervision.plan_models import Complaint


class CaseTrigger(StrEnum):
    """Why a special inspection opens (issue #13)."""

    COMPLAINT = "complaint"
    MISSED_RAT = "missed_rat"
    SPECIAL_SUPERVISION = "special_supervision"  # predicate Dalam Pengawasan Khusus
    REFERRAL = "referral"


TRIGGER_LABELS = {
    "complaint": _l("Complaint"),
    "missed_rat": _l("Annual members' meeting (RAT) missed two years running"),
    "special_supervision": _l("Rated Dalam Pengawasan Khusus"),
    "referral": _l("Referral"),
}


class CaseStatus(StrEnum):
    DIAGNOSIS = "diagnosis"  # the team dissects organisation, business and finance
    RECOVERY = "recovery"  # a recovery plan is agreed and followed up
    CLOSED = "closed"


CASE_LIFECYCLE = Lifecycle(
    name="special_case",
    statuses=CaseStatus,
    table={"diagnosis": ("recovery", "closed"), "recovery": ("closed",), "closed": ()},
    stamps={"closed": "closed_at"},
    labels={
        "diagnosis": _l("Diagnosis"),
        "recovery": _l("Recovery"),
        "closed": _l("Closed"),
    },
)


class Track(StrEnum):
    """The three tracks of the diagnosis."""

    ORGANISATION = "organisation"
    BUSINESS = "business"
    FINANCE = "finance"


TRACK_LABELS = {
    "organisation": _l("Organisation"),
    "business": _l("Business"),
    "finance": _l("Finance"),
}


class TeamRole(StrEnum):
    EXAMINER = "examiner"  # a certified Pengawas Koperasi: signs
    EXPERT = "expert"  # a clinic expert (curator): advises, never signs


class RecommendationStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


RECOMMENDATION_LIFECYCLE = Lifecycle(
    name="case_recommendation",
    statuses=RecommendationStatus,
    table={
        "open": ("in_progress", "done", "dropped"),
        "in_progress": ("done", "dropped", "open"),
        "done": ("in_progress",),
        "dropped": ("open",),
    },
    stamps={"done": "done_at"},
    labels={
        "open": _l("Open"),
        "in_progress": _l("In progress"),
        "done": _l("Done"),
        "dropped": _l("Dropped"),
    },
)


class SanctionKind(StrEnum):
    WRITTEN_WARNING = "written_warning"
    RESTRICTION = "restriction"
    DISSOLUTION = "dissolution"  # recommendation to dissolve


SANCTION_KIND_LABELS = {
    "written_warning": _l("Written warning"),
    "restriction": _l("Restriction of activities"),
    "dissolution": _l("Recommendation to dissolve"),
}


class SpecialCase(TimestampMixin, Model):
    """A special inspection (*pemeriksaan khusus*, done as *bedah koperasi*)."""

    __tablename__ = "special_cases"
    LIFECYCLE = CASE_LIFECYCLE
    __table_args__ = (
        CheckConstraint(status_check(CaseStatus), name="status_known"),
        CheckConstraint(status_check(CaseTrigger, "trigger"), name="trigger_known"),
        Index("ix_special_cases_open", "cooperative_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id", ondelete="CASCADE"))
    trigger: Mapped[str] = mapped_column(String(24))
    trigger_note: Mapped[str] = mapped_column(Text, default="")
    complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervision_complaints.id", ondelete="SET NULL")
    )
    #: Changed only through ``core.lifecycle.transition``.
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.DIAGNOSIS)
    opened_on: Mapped[date] = mapped_column(Date)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The recovery plan agreed with the cooperative's board, and when.
    recovery_plan: Mapped[str] = mapped_column(Text, default="")
    recovery_agreed_on: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closing_note: Mapped[str] = mapped_column(Text, default="")

    cooperative: Mapped["Cooperative"] = relationship()
    complaint: Mapped["Complaint | None"] = relationship()
    members: Mapped[list["CaseMember"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseMember.id"
    )
    findings: Mapped[list["CaseFinding"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseFinding.id"
    )
    recommendations: Mapped[list["CaseRecommendation"]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        order_by="(CaseRecommendation.due_on, CaseRecommendation.id)",
    )
    visits: Mapped[list["CaseVisit"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseVisit.planned_on"
    )
    sanctions: Mapped[list["CaseSanction"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseSanction.position"
    )

    is_open = StatusIs(CaseStatus.DIAGNOSIS, CaseStatus.RECOVERY)
    is_closed = StatusIs(CaseStatus.CLOSED)
    can_agree_recovery = CanMove(CaseStatus.RECOVERY)
    can_close = CanMove(CaseStatus.CLOSED)

    @property
    def status_label(self) -> str:
        return CASE_LIFECYCLE.label(self.status)

    @property
    def trigger_label(self) -> str:
        return str(TRIGGER_LABELS.get(self.trigger, self.trigger))


class CaseMember(Model):
    """Someone on a case's team: examiners sign, clinic experts (curators) advise only."""

    __tablename__ = "special_case_members"
    __table_args__ = (
        UniqueConstraint("case_id", "user_id", name="one_seat_per_person"),
        CheckConstraint(status_check(TeamRole, "role"), name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("special_cases.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[SpecialCase] = relationship(back_populates="members")
    user: Mapped["User"] = relationship()

    @property
    def signs(self) -> bool:
        return self.role == TeamRole.EXAMINER


class CaseFinding(Model):
    """A finding of the diagnosis in one track, with an optional evidence document."""

    __tablename__ = "special_case_findings"
    __table_args__ = (CheckConstraint(status_check(Track, "track"), name="track_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("special_cases.id", ondelete="CASCADE"), index=True
    )
    track: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    #: The evidence, a private document (``core/uploads``), served only to the case's readers.
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[SpecialCase] = relationship(back_populates="findings")
    created_by: Mapped["User | None"] = relationship()
    evidence: Mapped["Document | None"] = relationship()

    @property
    def track_label(self) -> str:
        return str(TRACK_LABELS.get(self.track, self.track))


class CaseRecommendation(TimestampMixin, Model):
    """What the cooperative must do, by whom and by when; followed up to done."""

    __tablename__ = "special_case_recommendations"
    LIFECYCLE = RECOMMENDATION_LIFECYCLE
    __table_args__ = (
        CheckConstraint(status_check(RecommendationStatus), name="status_known"),
        CheckConstraint(status_check(Track, "track"), name="track_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("special_cases.id", ondelete="CASCADE"), index=True
    )
    track: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    #: Who must carry it out (a person or organ of the cooperative: "Ketua", "Pengurus").
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    #: Changed only through ``core.lifecycle.transition``.
    status: Mapped[str] = mapped_column(String(16), default=RecommendationStatus.OPEN)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The clinic session opened from it (the cooperative's seller profile was coached).
    clinic_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("readiness_clinic_sessions.id", ondelete="SET NULL")
    )
    #: The examiner was e-mailed that it is overdue (once).
    overdue_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[SpecialCase] = relationship(back_populates="recommendations")

    is_done = StatusIs(RecommendationStatus.DONE)
    is_settled = StatusIs(RecommendationStatus.DONE, RecommendationStatus.DROPPED)
    can_start = CanMove(RecommendationStatus.IN_PROGRESS)
    can_finish = CanMove(RecommendationStatus.DONE)
    can_drop = CanMove(RecommendationStatus.DROPPED)
    can_reopen = CanMove(RecommendationStatus.OPEN)

    @property
    def status_label(self) -> str:
        return RECOMMENDATION_LIFECYCLE.label(self.status)

    @property
    def track_label(self) -> str:
        return str(TRACK_LABELS.get(self.track, self.track))


class CaseVisit(Model):
    """A follow-up visit: planned, then recorded with what was seen."""

    __tablename__ = "special_case_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("special_cases.id", ondelete="CASCADE"), index=True
    )
    planned_on: Mapped[date] = mapped_column(Date, index=True)
    visited_on: Mapped[date | None] = mapped_column(Date)
    examiner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    overdue_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[SpecialCase] = relationship(back_populates="visits")
    examiner: Mapped["User | None"] = relationship()


class SanctionStep(Model):
    """One rung of the sanction ladder an admin configures (applied in ``position`` order)."""

    __tablename__ = "supervision_sanction_steps"
    __table_args__ = (
        UniqueConstraint("position", name="one_step_per_position"),
        CheckConstraint(status_check(SanctionKind, "kind"), name="kind_known"),
        CheckConstraint("position >= 1", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    #: The name shown and printed ("Peringatan tertulis I").
    title: Mapped[str] = mapped_column(String(200))
    #: Days the cooperative has to respond before the next step may be applied.
    response_days: Mapped[int] = mapped_column(default=30)

    @property
    def kind_label(self) -> str:
        return str(SANCTION_KIND_LABELS.get(self.kind, self.kind))


class CaseSanction(Model):
    """A step of the ladder applied to a case (append-only, one position at a time)."""

    __tablename__ = "special_case_sanctions"
    __table_args__ = (UniqueConstraint("case_id", "position", name="one_per_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("special_cases.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    applied_on: Mapped[date] = mapped_column(Date)
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[SpecialCase] = relationship(back_populates="sanctions")
    applied_by: Mapped["User | None"] = relationship()
