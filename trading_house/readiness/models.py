"""Checklist templates and items, answers with their events, grade cache, rules and the clinic."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from trading_house.core.clock import utcnow
from trading_house.core.lifecycle import CanMove, StatusIs
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.core.sql import in_list
from trading_house.extensions import Model, db
from trading_house.readiness.status import (
    ANSWER_LIFECYCLE,
    TEMPLATE_LIFECYCLE,
    AnswerStatus,
    DocumentState,
    TemplateStatus,
)

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.catalog.models import Category, Product
    from trading_house.core.models import Document
    from trading_house.enterprises.models import Enterprise


SCOPES = ("enterprise", "product")
#: The four weighted sub-scores.
PILLARS = ("legal", "capacity", "product", "commercial")
TEMPLATE_STATES = tuple(TemplateStatus)
ANSWER_STATES = tuple(AnswerStatus)
GRADES = ("A", "B", "C", "D")
EXPORT_READY_GRADES = ("A", "B")
#: Destination markets (single countries or groups) that rules are written for.
MARKETS = (
    "all",
    "asean",
    "china",
    "korea",
    "japan",
    "india",
    "australia",
    "eu",
    "uk",
    "usa",
    "middle_east",
)
#: A verified document's life: valid until its expiry date (then expired) or until a newer
#: verification of the same document replaces it (superseded).
VERIFIED_DOCUMENT_STATES = tuple(DocumentState)
#: Where the one verification was made: the identity page or a checklist answer.
VERIFIED_DOCUMENT_SOURCES = ("identity", "checklist")
CLINIC_TOPICS = (
    "legal",
    "certification",
    "production",
    "packaging",
    "labelling",
    "pricing",
    "export_documents",
    "marketing",
    "finance_access",
)


def _pick(english: str | None, indonesian: str | None, locale: str) -> tuple[str, str]:
    """The text in ``locale``'s language, else the other one, and the language shown."""
    english, indonesian = english or "", indonesian or ""
    if locale == "en":
        return (english, "en") if english or not indonesian else (indonesian, "id")
    return (indonesian, "id") if indonesian or not english else (english, "en")


class ChecklistTemplate(TimestampMixin, Model):
    """One version of the checklist. Exactly one is ``published`` (current) at a time."""

    __tablename__ = "readiness_templates"
    LIFECYCLE = TEMPLATE_LIFECYCLE
    __table_args__ = (CheckConstraint(in_list("status", TEMPLATE_STATES), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    #: Changed only through ``core.lifecycle.transition`` (``checklist.publish_checklist``).
    status: Mapped[str] = mapped_column(String(16), default=TemplateStatus.DRAFT)
    #: What changed in this version, for admins.
    notes: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    items: Mapped[list["ChecklistItem"]] = relationship(
        back_populates="template",
        cascade="all, delete-orphan",
        order_by="(ChecklistItem.scope, ChecklistItem.position, ChecklistItem.id)",
    )

    is_draft = StatusIs(TemplateStatus.DRAFT)
    is_published = StatusIs(TemplateStatus.PUBLISHED)
    is_retired = StatusIs(TemplateStatus.RETIRED)
    can_publish = CanMove(TemplateStatus.PUBLISHED)


item_categories = Table(
    "readiness_item_categories",
    db.metadata,
    Column("item_id", ForeignKey("readiness_items.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True),
)

#: An answer's evidence files (at most ``services.MAX_FILES_PER_ANSWER``). A document may be
#: shared (the demo data attaches one certificate to several products' answers).
evidence_files = Table(
    "readiness_evidence_files",
    db.metadata,
    Column("answer_id", ForeignKey("readiness_answers.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", ForeignKey("documents.id"), primary_key=True, index=True),
)


class ChecklistItem(TimestampMixin, Model):
    """One thing an enterprise or product needs, with guidance and the evidence it asks for."""

    __tablename__ = "readiness_items"
    __table_args__ = (
        UniqueConstraint("template_id", "code", name="uq_readiness_items_template_code"),
        CheckConstraint(in_list("scope", SCOPES), name="scope_known"),
        CheckConstraint(in_list("pillar", PILLARS), name="pillar_known"),
        CheckConstraint("weight BETWEEN 1 AND 10", name="weight_range"),
        CheckConstraint("typical_cost_idr IS NULL OR typical_cost_idr >= 0", name="cost_positive"),
        CheckConstraint("typical_days IS NULL OR typical_days >= 0", name="days_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("readiness_templates.id", ondelete="CASCADE"), index=True
    )
    #: Stable across versions (e.g. ``ent.nib``): answers follow an unchanged item by its code.
    code: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(16))
    pillar: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    title_english: Mapped[str] = mapped_column(String(200))
    title_indonesian: Mapped[str] = mapped_column(String(200))
    #: What it is, why buyers need it, where to get it, typical time and cost.
    guidance_english: Mapped[str] = mapped_column(Text, default="")
    guidance_indonesian: Mapped[str] = mapped_column(Text, default="")
    #: The one next step shown in the gap report.
    next_step_english: Mapped[str] = mapped_column(Text, default="")
    next_step_indonesian: Mapped[str] = mapped_column(Text, default="")
    #: Indonesian (or the original text); ``issuing_body_english`` for English readers.
    issuing_body: Mapped[str] = mapped_column(String(200), default="")
    issuing_body_english: Mapped[str] = mapped_column(String(200), default="")
    weight: Mapped[int] = mapped_column(default=1)
    #: Must be verified for grades A and B.
    mandatory: Mapped[bool] = mapped_column(default=False)
    needs_document: Mapped[bool] = mapped_column(default=False)
    needs_number: Mapped[bool] = mapped_column(default=False)
    needs_expiry: Mapped[bool] = mapped_column(default=False)
    #: Key of ``formats.NUMBER_FORMATS`` checking the certificate number; NULL: any text.
    number_format: Mapped[str | None] = mapped_column(String(20))
    #: "Ease" in the gap report: fewer days and less cost come first.
    typical_days: Mapped[int | None] = mapped_column()
    typical_cost_idr: Mapped[int | None] = mapped_column(BigInteger)

    template: Mapped[ChecklistTemplate] = relationship(back_populates="items")
    #: Empty: applies to every product (and every enterprise).
    categories: Mapped[list["Category"]] = relationship(  # noqa: F821
        secondary=item_categories, lazy="selectin", order_by="Category.id"
    )

    def title_for(self, locale: str) -> str:
        return _pick(self.title_english, self.title_indonesian, locale)[0]

    def guidance_for(self, locale: str) -> str:
        return _pick(self.guidance_english, self.guidance_indonesian, locale)[0]

    def next_step_for(self, locale: str) -> str:
        return _pick(self.next_step_english, self.next_step_indonesian, locale)[0]

    def issuing_body_for(self, locale: str) -> str:
        return _pick(self.issuing_body_english, self.issuing_body, locale)[0]

    def issuing_body_language(self, locale: str) -> str:
        """The language ``issuing_body_for`` actually shows (for a language label)."""
        return _pick(self.issuing_body_english, self.issuing_body, locale)[1]

    @property
    def needs_evidence(self) -> bool:
        return self.needs_document or self.needs_number or self.needs_expiry

    def substance(self) -> tuple:
        """What an answer depends on; an item whose substance is unchanged keeps its answers."""
        return (
            self.scope,
            self.needs_document,
            self.needs_number,
            self.needs_expiry,
            self.number_format,
            tuple(sorted(c.id for c in self.categories)),
        )


class ReadinessAnswer(TimestampMixin, Model):
    """An enterprise's answer to one item, for itself or for one of its products."""

    __tablename__ = "readiness_answers"
    LIFECYCLE = ANSWER_LIFECYCLE
    __table_args__ = (
        CheckConstraint(in_list("state", ANSWER_STATES), name="state_known"),
        Index(
            "uq_readiness_answers_enterprise_item",
            "item_id",
            "enterprise_id",
            unique=True,
            sqlite_where=text("product_id IS NULL"),
            postgresql_where=text("product_id IS NULL"),
        ),
        Index(
            "uq_readiness_answers_product_item",
            "item_id",
            "product_id",
            unique=True,
            sqlite_where=text("product_id IS NOT NULL"),
            postgresql_where=text("product_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("readiness_items.id", ondelete="CASCADE"), index=True
    )
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    #: NULL for an enterprise-level item.
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    #: The column is named ``state``; changed only through ``lifecycle.move_answer``.
    status: Mapped[str] = mapped_column(
        "state", String(16), default=AnswerStatus.MISSING, index=True
    )
    #: The name the readiness code has always used.
    state: Mapped[str] = synonym("status")
    #: The SME's own statement (e.g. the English-speaking contact, the export price).
    note: Mapped[str] = mapped_column(Text, default="")
    certificate_number: Mapped[str | None] = mapped_column(String(60))
    #: Last day the certificate is valid.
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    curator_note: Mapped[str | None] = mapped_column(Text)
    #: When it last entered the verification queue.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Expiry reminders already sent (each once; cleared when a new expiry date is entered).
    reminded_60_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_30_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The one record of the verification this answer shows (shared with the identity badge
    #: and destination rules); NULL until a curator verified it.
    verified_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("readiness_verified_documents.id", ondelete="SET NULL"), index=True
    )

    item: Mapped[ChecklistItem] = relationship(lazy="joined")
    #: Evidence files, oldest first.
    documents: Mapped[list["Document"]] = relationship(  # noqa: F821
        secondary=evidence_files, order_by="Document.id"
    )
    enterprise: Mapped["Enterprise"] = relationship()  # noqa: F821
    product: Mapped["Product | None"] = relationship()  # noqa: F821
    reviewed_by: Mapped["User | None"] = relationship()  # noqa: F821
    verified_document: Mapped["VerifiedDocument | None"] = relationship()
    events: Mapped[list["ReadinessAnswerEvent"]] = relationship(
        back_populates="answer",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReadinessAnswerEvent.id",
    )

    is_submitted = StatusIs(AnswerStatus.SUBMITTED)
    is_verified = StatusIs(AnswerStatus.VERIFIED)
    can_verify = CanMove(AnswerStatus.VERIFIED)


class VerifiedDocument(TimestampMixin, Model):
    """One verification of one document (NIB, NPWP, halal, P-IRT/BPOM, SVLK…) of a business.

    Verify once: the identity badge, the checklist answer and every destination rule read this
    one record, and it ends (expires) in all of them at once. ``item_code`` is the stable code of
    the checklist item the document answers (``ent.nib``, ``prod.halal``…).
    """

    __tablename__ = "readiness_verified_documents"
    __table_args__ = (
        CheckConstraint(in_list("state", VERIFIED_DOCUMENT_STATES), name="state_known"),
        CheckConstraint(in_list("source", VERIFIED_DOCUMENT_SOURCES), name="source_known"),
        Index(
            "ix_readiness_verified_documents_subject",
            "enterprise_id",
            "item_code",
            "product_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    #: NULL for a document of the business itself.
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    item_code: Mapped[str] = mapped_column(String(64))
    #: The certificate or registration number as verified (normalised).
    number: Mapped[str | None] = mapped_column(String(60))
    #: Last day it is valid; NULL: does not lapse (NIB, NPWP, halal while the recipe holds).
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(16), default=DocumentState.VALID, index=True)
    source: Mapped[str] = mapped_column(String(16), default="checklist")
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: When it stopped being valid (expired or superseded).
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    verified_by: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def is_valid(self) -> bool:
        return self.state == DocumentState.VALID


class ReadinessAnswerEvent(Model):
    """Append-only: one state change of an answer (who, when, from, to, why)."""

    __tablename__ = "readiness_answer_events"
    __table_args__ = (CheckConstraint(in_list("to_state", ANSWER_STATES), name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("readiness_answers.id", ondelete="CASCADE"), index=True
    )
    #: NULL for the system (expiry).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    answer: Mapped[ReadinessAnswer] = relationship(back_populates="events")
    actor: Mapped["User | None"] = relationship()  # noqa: F821


class ReadinessSettings(Model):
    """Admin-set grade thresholds (percent) and sub-score weights. A single row (id 1)."""

    __tablename__ = "readiness_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint(
            "grade_c_min >= 0 AND grade_c_min < grade_b_min AND grade_b_min < grade_a_min "
            "AND grade_a_min <= 100",
            name="thresholds_ordered",
        ),
        CheckConstraint(
            "weight_legal >= 0 AND weight_capacity >= 0 AND weight_product >= 0 "
            "AND weight_commercial >= 0 "
            "AND weight_legal + weight_capacity + weight_product + weight_commercial > 0",
            name="weights_positive",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    grade_a_min: Mapped[int] = mapped_column(default=80)
    grade_b_min: Mapped[int] = mapped_column(default=60)
    grade_c_min: Mapped[int] = mapped_column(default=35)
    weight_legal: Mapped[int] = mapped_column(default=30)
    weight_capacity: Mapped[int] = mapped_column(default=20)
    weight_product: Mapped[int] = mapped_column(default=30)
    weight_commercial: Mapped[int] = mapped_column(default=20)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def pillar_weight(self, pillar: str) -> int:
        return getattr(self, f"weight_{pillar}")


class EnterpriseGrade(Model):
    """Cache of the derived grade (recomputed from answers; never the source of truth)."""

    __tablename__ = "readiness_enterprise_grades"
    __table_args__ = (CheckConstraint(in_list("grade", GRADES), name="grade_known"),)

    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True
    )
    grade: Mapped[str] = mapped_column(String(1))
    score: Mapped[int] = mapped_column()
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProductGrade(Model):
    """Cache of a product's derived grade; the catalog's ``export_ready`` filter reads it."""

    __tablename__ = "readiness_product_grades"
    __table_args__ = (CheckConstraint(in_list("grade", GRADES), name="grade_known"),)

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    grade: Mapped[str] = mapped_column(String(1), index=True)
    score: Mapped[int] = mapped_column()
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GradeChange(Model):
    """Append-only history of derived grades (change over time, time to export-ready)."""

    __tablename__ = "readiness_grade_changes"
    __table_args__ = (CheckConstraint(in_list("to_grade", GRADES), name="grade_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    #: NULL: the enterprise's own grade.
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    from_grade: Mapped[str | None] = mapped_column(String(1))
    to_grade: Mapped[str] = mapped_column(String(1))
    score: Mapped[int] = mapped_column()
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class DestinationRule(TimestampMixin, Model):
    """Extra documents a shipment to ``market`` needs, for a category or an HS-code prefix.

    With neither a category nor an HS prefix, the rule applies to every product.
    """

    __tablename__ = "readiness_destination_rules"
    __table_args__ = (CheckConstraint(in_list("market", MARKETS), name="market_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    market: Mapped[str] = mapped_column(String(16), index=True)
    #: Matches the product's category and its children.
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    #: Digits only; matches product HS codes starting with it.
    hs_prefix: Mapped[str | None] = mapped_column(String(10))
    #: Same document under several rules is listed once (e.g. ``phyto``).
    document_code: Mapped[str] = mapped_column(String(40))
    title_english: Mapped[str] = mapped_column(String(200))
    title_indonesian: Mapped[str] = mapped_column(String(200))
    note_english: Mapped[str] = mapped_column(Text, default="")
    note_indonesian: Mapped[str] = mapped_column(Text, default="")
    #: Indonesian (or the original text); ``issuing_body_english`` for English readers.
    issuing_body: Mapped[str] = mapped_column(String(200), default="")
    issuing_body_english: Mapped[str] = mapped_column(String(200), default="")
    #: Checklist item code whose verified answer means the SME already holds it.
    item_code: Mapped[str | None] = mapped_column(String(64))
    #: Issued for each shipment (the SME cannot hold it in advance).
    per_shipment: Mapped[bool] = mapped_column(default=False)
    #: Comma-separated words; when set, the rule applies only to products whose materials or
    #: names mention one of them (CITES: "python, crocodile, biawak…", never cowhide).
    keywords: Mapped[str | None] = mapped_column(String(300))
    #: The short legal source shown to the SME (regulation, article, annex).
    legal_source: Mapped[str] = mapped_column(String(300), default="")

    category: Mapped["Category | None"] = relationship()  # noqa: F821

    def title_for(self, locale: str) -> str:
        return _pick(self.title_english, self.title_indonesian, locale)[0]

    def note_for(self, locale: str) -> str:
        return _pick(self.note_english, self.note_indonesian, locale)[0]

    def issuing_body_for(self, locale: str) -> str:
        return _pick(self.issuing_body_english, self.issuing_body, locale)[0]

    def issuing_body_language(self, locale: str) -> str:
        """The language ``issuing_body_for`` actually shows (for a language label)."""
        return _pick(self.issuing_body_english, self.issuing_body, locale)[1]


class ClinicSession(TimestampMixin, Model):
    """A coaching session of the cooperative clinic (advice, curation, market access; no cash)."""

    __tablename__ = "readiness_clinic_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    curator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    #: Codes from CLINIC_TOPICS.
    topics: Mapped[list] = mapped_column(JSON, default=list)
    advice: Mapped[str] = mapped_column(Text)

    enterprise: Mapped["Enterprise"] = relationship()  # noqa: F821
    curator: Mapped["User"] = relationship()  # noqa: F821
    follow_ups: Mapped[list["ClinicFollowUp"]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(ClinicFollowUp.due_on, ClinicFollowUp.id)",
    )


class ClinicFollowUp(TimestampMixin, Model):
    """An agreed next step with a due date; overdue ones are flagged to the curator."""

    __tablename__ = "readiness_clinic_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("readiness_clinic_sessions.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(String(500))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The curator was e-mailed about it being overdue (once).
    overdue_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The checklist item (stable code) this follow-up is about: it closes itself when the
    #: item is verified. NULL: free text, closed by hand.
    item_code: Mapped[str | None] = mapped_column(String(64))
    #: For a product-level item, the product.
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    #: Closed by the verification it waited for (not by a person).
    closed_by_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("readiness_verified_documents.id", ondelete="SET NULL")
    )

    session: Mapped[ClinicSession] = relationship(back_populates="follow_ups")
    product: Mapped["Product | None"] = relationship()  # noqa: F821

    def is_overdue(self, today: date) -> bool:
        return self.done_at is None and self.due_on < today
