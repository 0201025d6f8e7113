"""Health examinations of cooperatives: versioned worksheet templates and their items,
examinations with their answers, field saves (idempotent offline sync) and health certificates.

Special inspection cases (*bedah koperasi*) live in ``case_models.py``.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.cooperatives.models import HealthPredicate
from trading_house.cooperatives.ratios import RATIO_KEYS
from trading_house.core.clock import business_today, utcnow
from trading_house.core.lifecycle import CanMove, Lifecycle, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.core.sql import in_list
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.cooperatives.models import Cooperative
    from trading_house.core.models import Document


class WorksheetKind(StrEnum):
    """KKPKK (technical guideline 15/2021, four aspects) or the older savings-and-loan model
    (seven aspects, cut-offs 80/66/51) still seen in reports."""

    KKPKK = "kkpkk"
    KSP_LEGACY = "ksp_legacy"


class TemplateStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class ItemKind(StrEnum):
    YES_NO = "yes_no"
    RATIO = "ratio"


class ExaminationKind(StrEnum):
    ROUTINE = "routine"
    SPECIAL = "special"


class CertificateState(StrEnum):
    """Whether a health certificate holds today (computed, not a stored status)."""

    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


class ExaminationStatus(StrEnum):
    SELF_ASSESSMENT = "self_assessment"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    FINALISED = "finalised"


#: The four aspects of the KKPKK worksheet.
KKPKK_ASPECTS = ("tata_kelola", "profil_risiko", "kinerja_keuangan", "permodalan")
#: The seven aspects of the older savings-and-loan model.
LEGACY_ASPECTS = (
    "permodalan",
    "kualitas_aktiva_produktif",
    "manajemen",
    "efisiensi",
    "likuiditas",
    "kemandirian_pertumbuhan",
    "jatidiri",
)
ASPECTS = tuple(dict.fromkeys(KKPKK_ASPECTS + LEGACY_ASPECTS))
#: Predicates from best to worst.
PREDICATES = tuple(str(p) for p in HealthPredicate)
YES_NO_ANSWERS = ("yes", "no")


TEMPLATE_LIFECYCLE = Lifecycle(
    name="worksheet_template",
    statuses=TemplateStatus,
    table={
        "draft": ("published",),
        # Publishing a newer version of the same kind retires the one it replaces.
        "published": ("retired",),
        "retired": (),
    },
    stamps={"published": "published_at", "retired": "retired_at"},
    labels={
        "draft": _l("Draft"),
        "published": _l("Published"),
        "retired": _l("Retired"),
    },
)

EXAMINATION_LIFECYCLE = Lifecycle(
    name="examination",
    statuses=ExaminationStatus,
    table={
        "self_assessment": ("submitted", "in_review"),
        # The examiner takes it up, or sends it back to the cooperative to complete.
        "submitted": ("in_review", "self_assessment"),
        "in_review": ("finalised", "self_assessment"),
        "finalised": (),
    },
    stamps={"submitted": "submitted_at", "finalised": "finalised_at"},
    labels={
        "self_assessment": _l("Self-assessment"),
        "submitted": _l("Submitted"),
        "in_review": _l("In review"),
        "finalised": _l("Finalised"),
    },
)


class WorksheetTemplate(TimestampMixin, Model):
    """One version of a worksheet. At most one version of each kind is published at a time."""

    __tablename__ = "worksheet_templates"
    LIFECYCLE = TEMPLATE_LIFECYCLE
    __table_args__ = (
        UniqueConstraint("kind", "version", name="uq_worksheet_templates_kind_version"),
        CheckConstraint(status_check(TemplateStatus), name="status_known"),
        CheckConstraint(in_list("kind", WorksheetKind), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column()
    #: Changed only through ``core.lifecycle.transition``.
    status: Mapped[str] = mapped_column(String(16), default=TemplateStatus.DRAFT)
    #: What changed in this version, and where the numbers come from.
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Minimum total score (0–100) of each predicate better than the worst, e.g.
    #: ``{"sehat": 80, "cukup_sehat": 66, "dalam_pengawasan": 51}``; below the last cut-off the
    #: predicate is "dalam_pengawasan_khusus".
    cutoffs: Mapped[dict] = mapped_column(JSON, default=dict)
    #: The version this one was copied from.
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("worksheet_templates.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: An admin checked the weights, bands and sources against the regulations; NULL: the
    #: template is shown "to confirm".
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    items: Mapped[list["WorksheetItem"]] = relationship(
        back_populates="template",
        cascade="all, delete-orphan",
        order_by="(WorksheetItem.position, WorksheetItem.id)",
    )
    confirmed_by: Mapped["User | None"] = relationship(foreign_keys=[confirmed_by_id])

    is_draft = StatusIs(TemplateStatus.DRAFT)
    is_published = StatusIs(TemplateStatus.PUBLISHED)
    is_retired = StatusIs(TemplateStatus.RETIRED)
    can_publish = CanMove(TemplateStatus.PUBLISHED)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def aspects(self) -> tuple[str, ...]:
        return KKPKK_ASPECTS if self.kind == WorksheetKind.KKPKK else LEGACY_ASPECTS


class WorksheetItem(Model):
    """One indicator: a yes/no question or a ratio from the statements, scored 1–4."""

    __tablename__ = "worksheet_items"
    __table_args__ = (
        UniqueConstraint("template_id", "code", name="uq_worksheet_items_template_code"),
        CheckConstraint(in_list("aspect", ASPECTS), name="aspect_known"),
        CheckConstraint(in_list("kind", ItemKind), name="kind_known"),
        CheckConstraint(
            f"ratio_key IS NULL OR {in_list('ratio_key', RATIO_KEYS)}", name="ratio_key_known"
        ),
        CheckConstraint("(kind = 'ratio') = (ratio_key IS NOT NULL)", name="ratio_has_key"),
        CheckConstraint("weight BETWEEN 0 AND 100", name="weight_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("worksheet_templates.id", ondelete="CASCADE"), index=True
    )
    aspect: Mapped[str] = mapped_column(String(32))
    #: Stable across versions (``tk.rat``): a copied template keeps its codes.
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    text_id: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(8))
    #: For ratio items: the key of ``cooperatives.ratios.ratios_for``.
    ratio_key: Mapped[str | None] = mapped_column(String(32))
    #: For ratio items: ``{"better": "higher"|"lower", "limits": ["2", "1.5", "1.25"]}`` — the
    #: value reaching limits[0] scores 4, limits[1] 3, limits[2] 2, otherwise 1 (decimal strings).
    bands: Mapped[dict | None] = mapped_column(JSON)
    #: Share of the total score (the weights of a template add up to 100).
    weight: Mapped[int] = mapped_column(default=1)
    #: Article or chapter the indicator is taken from.
    legal_source: Mapped[str] = mapped_column(String(300), default="")
    #: The cooperative answers it in its self-assessment (the examiner verifies).
    self_assessable: Mapped[bool] = mapped_column(default=True)

    template: Mapped[WorksheetTemplate] = relationship(back_populates="items")

    @property
    def is_ratio(self) -> bool:
        return self.kind == ItemKind.RATIO

    def text_for(self, locale: str) -> str:
        return self.text_en if locale == "en" else self.text_id


class Examination(TimestampMixin, Model):
    """A health examination of one cooperative with one template version."""

    __tablename__ = "examinations"
    LIFECYCLE = EXAMINATION_LIFECYCLE
    __table_args__ = (
        CheckConstraint(status_check(ExaminationStatus), name="status_known"),
        CheckConstraint(in_list("kind", ExaminationKind), name="kind_known"),
        CheckConstraint(
            f"predicate IS NULL OR {in_list('predicate', PREDICATES)}", name="predicate_known"
        ),
        CheckConstraint(
            "total_score IS NULL OR (total_score >= 0 AND total_score <= 100)", name="score_range"
        ),
        # One routine examination per cooperative and year; special ones as the cases need.
        Index(
            "uq_examinations_routine_year",
            "cooperative_id",
            "year",
            unique=True,
            sqlite_where=text("kind = 'routine'"),
            postgresql_where=text("kind = 'routine'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("worksheet_templates.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default=ExaminationKind.ROUTINE)
    #: The financial year examined (its statement feeds the ratio items).
    year: Mapped[int] = mapped_column()
    #: Changed only through ``core.lifecycle.transition``.
    status: Mapped[str] = mapped_column(String(16), default=ExaminationStatus.SELF_ASSESSMENT)
    examiner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: The special inspection (*bedah koperasi*) this examination belongs to (h13c's cases).
    special_case_id: Mapped[int | None] = mapped_column(
        ForeignKey("special_cases.id", ondelete="SET NULL"), index=True
    )
    #: Derived by ``scoring.score_examination``, never typed (0–100).
    total_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    predicate: Mapped[str | None] = mapped_column(String(32))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Field visit for the minutes (berita acara): date, place, who was present.
    visited_on: Mapped[date | None] = mapped_column(Date)
    visit_place: Mapped[str] = mapped_column(String(300), default="")
    present: Mapped[str] = mapped_column(Text, default="")
    #: The examiner's conclusions and recommendations for the report.
    conclusions: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")

    cooperative: Mapped["Cooperative"] = relationship()
    template: Mapped[WorksheetTemplate] = relationship()
    examiner: Mapped["User | None"] = relationship(foreign_keys=[examiner_id])
    answers: Mapped[list["ExaminationAnswer"]] = relationship(
        back_populates="examination", cascade="all, delete-orphan"
    )
    certificate: Mapped["HealthCertificate | None"] = relationship(
        back_populates="examination", uselist=False
    )

    is_self_assessment = StatusIs(ExaminationStatus.SELF_ASSESSMENT)
    is_submitted = StatusIs(ExaminationStatus.SUBMITTED)
    is_in_review = StatusIs(ExaminationStatus.IN_REVIEW)
    is_finalised = StatusIs(ExaminationStatus.FINALISED)
    can_submit = CanMove(ExaminationStatus.SUBMITTED)
    can_review = CanMove(ExaminationStatus.IN_REVIEW)
    can_finalise = CanMove(ExaminationStatus.FINALISED)
    can_return = CanMove(ExaminationStatus.SELF_ASSESSMENT)


class ExaminationAnswer(TimestampMixin, Model):
    """The answer to one item: the cooperative's own, then the examiner's verified one."""

    __tablename__ = "examination_answers"
    __table_args__ = (
        UniqueConstraint("examination_id", "item_id", name="uq_examination_answers_item"),
        CheckConstraint(
            f"answer IS NULL OR {in_list('answer', YES_NO_ANSWERS)}", name="answer_known"
        ),
        CheckConstraint(
            f"self_answer IS NULL OR {in_list('self_answer', YES_NO_ANSWERS)}",
            name="self_answer_known",
        ),
        CheckConstraint("score IS NULL OR score BETWEEN 1 AND 4", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    examination_id: Mapped[int] = mapped_column(
        ForeignKey("examinations.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("worksheet_items.id"))
    #: Yes/no items: the answer that counts (the examiner's once verified).
    answer: Mapped[str | None] = mapped_column(String(3))
    #: What the cooperative declared in its self-assessment (kept when the examiner differs).
    self_answer: Mapped[str | None] = mapped_column(String(3))
    #: Ratio items: the value computed from the statement (NULL: zero denominator or none).
    value: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    #: The cooperative's explanation.
    note: Mapped[str] = mapped_column(Text, default="")
    #: The examiner's finding on this item.
    examiner_note: Mapped[str] = mapped_column(Text, default="")
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: 1–4, derived by ``scoring``; NULL while unanswered or not computable.
    score: Mapped[int | None] = mapped_column()

    examination: Mapped[Examination] = relationship(back_populates="answers")
    item: Mapped[WorksheetItem] = relationship()
    evidence: Mapped["Document | None"] = relationship()

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class FieldSave(Model):
    """One save the examiner's phone sent for a worksheet draft kept in the browser.

    ``(examination_id, draft_id, revision)`` is unique: a resend after a dropped connection
    finds its row and changes nothing, so a save is applied once.
    """

    __tablename__ = "examination_field_saves"
    __table_args__ = (
        UniqueConstraint(
            "examination_id", "draft_id", "revision", name="uq_examination_field_saves_revision"
        ),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    examination_id: Mapped[int] = mapped_column(
        ForeignKey("examinations.id", ondelete="CASCADE"), index=True
    )
    #: Random id the browser gave its draft.
    draft_id: Mapped[str] = mapped_column(String(64))
    #: The draft's revision counter in the browser (grows with every change).
    revision: Mapped[int] = mapped_column()
    examiner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: How many answers the save changed (0 for a stale revision).
    changed: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HealthCertificate(Model):
    """A health certificate for an examination rated at least Cukup Sehat."""

    __tablename__ = "health_certificates"
    __table_args__ = (
        CheckConstraint("valid_until >= issued_on", name="valid_after_issue"),
        CheckConstraint(in_list("predicate", PREDICATES[:2]), name="predicate_certifiable"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id"), index=True)
    examination_id: Mapped[int] = mapped_column(ForeignKey("examinations.id"), unique=True)
    #: Printed number, e.g. ``SK-PK/7371/2026/0001``.
    number: Mapped[str] = mapped_column(String(40), unique=True)
    #: Random code in the QR link of the public verification page.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    predicate: Mapped[str] = mapped_column(String(32))
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cooperative: Mapped["Cooperative"] = relationship()
    examination: Mapped[Examination] = relationship(back_populates="certificate")

    @property
    def state(self) -> "CertificateState":
        """Revocation wins over expiry."""
        if self.revoked_at is not None:
            return CertificateState.REVOKED
        if self.valid_until < business_today():
            return CertificateState.EXPIRED
        return CertificateState.VALID

    @property
    def is_valid(self) -> bool:
        return self.state == CertificateState.VALID

    @property
    def is_expired(self) -> bool:
        return self.state == CertificateState.EXPIRED

    @property
    def is_revoked(self) -> bool:
        return self.state == CertificateState.REVOKED


from trading_house.supervision.case_models import (  # noqa: E402, F401 - special cases
    CaseFinding,
    CaseMember,
    CaseRecommendation,
    CaseSanction,
    CaseVisit,
    SanctionStep,
    SpecialCase,
)
from trading_house.supervision.plan_models import (  # noqa: E402, F401 - the yearly plan
    Complaint,
    ExaminerCapacity,
    PlanEntry,
    ReminderSent,
    SupervisionPlan,
    SupervisionSettings,
)
