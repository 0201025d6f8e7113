"""The cooperative registry: legal identity, organs, members, RAT records, financial statements
and audit reports of the cooperatives the provincial office supervises.

``Cooperative.health_predicate`` is written only by the supervision services (a finalised
examination); the registry shows it and never sets it.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.lifecycle import CanMove, Lifecycle, StatusIs, status_check
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.accounts.models import User
    from trading_house.enterprises.models import Enterprise

#: BPS province code of South Sulawesi: regency codes of the province start with it.
PROVINCE_CODE = "73"


class CooperativeKind(StrEnum):
    PRODUCER = "producer"
    CONSUMER = "consumer"
    MARKETING = "marketing"
    SERVICES = "services"
    SAVINGS_LOAN = "savings_loan"


class SavingsLoanScope(StrEnum):
    """Who a savings-and-loan cooperative serves; open to the public means OJK supervises it."""

    MEMBERS_ONLY = "members_only"
    OPEN_PUBLIC = "open_public"


class BusinessClass(StrEnum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class Authority(StrEnum):
    """Who supervises (Permenkop UKM 9/2020): it follows the membership area."""

    REGENCY = "regency"
    PROVINCE = "province"
    MINISTRY = "ministry"


class HealthPredicate(StrEnum):
    """Outcome of a health examination (KKPKK), best first."""

    SEHAT = "sehat"
    CUKUP_SEHAT = "cukup_sehat"
    DALAM_PENGAWASAN = "dalam_pengawasan"
    DALAM_PENGAWASAN_KHUSUS = "dalam_pengawasan_khusus"


#: Best first: a predicate "at least Cukup Sehat" has a rank <= PREDICATE_RANK["cukup_sehat"].
PREDICATE_RANK = {p.value: n for n, p in enumerate(HealthPredicate)}


class OfficerPosition(StrEnum):
    """The organs: board (chair, secretary, treasurer), manager, supervisory board."""

    CHAIR = "chair"
    SECRETARY = "secretary"
    TREASURER = "treasurer"
    MANAGER = "manager"
    SUPERVISOR = "supervisor"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class StatementStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


#: An officer keeps a statement as a draft, submits it; a submitted statement may be reopened
#: (a correction) and is submitted again. Every move is a status event.
STATEMENT_LIFECYCLE = Lifecycle(
    name="financial_statement",
    statuses=StatementStatus,
    table={"draft": ("submitted",), "submitted": ("draft",)},
    stamps={"submitted": "submitted_at"},
    labels={"draft": _l("Draft"), "submitted": _l("Submitted")},
)


class Cooperative(TimestampMixin, Model):
    __tablename__ = "cooperatives"
    __table_args__ = (
        CheckConstraint(status_check(CooperativeKind, "kind"), name="kind_known"),
        CheckConstraint(
            "savings_loan_scope IS NULL OR " + status_check(SavingsLoanScope, "savings_loan_scope"),
            name="savings_loan_scope_known",
        ),
        CheckConstraint(
            "business_class IS NULL OR " + status_check(BusinessClass, "business_class"),
            name="business_class_known",
        ),
        CheckConstraint(
            "health_predicate IS NULL OR " + status_check(HealthPredicate, "health_predicate"),
            name="health_predicate_known",
        ),
        CheckConstraint("members_male >= 0 AND members_female >= 0", name="members_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Its seller profile on the marketplace, if it sells there.
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="SET NULL"), unique=True
    )
    #: Number and date of the deed approving the legal entity (badan hukum).
    legal_entity_number: Mapped[str | None] = mapped_column(String(80))
    legal_entity_date: Mapped[date | None] = mapped_column(Date)
    #: Nomor Induk Koperasi (16 digits) and the end of its validity.
    nik: Mapped[str | None] = mapped_column(String(20), index=True)
    nik_issued_on: Mapped[date | None] = mapped_column(Date)
    nik_expires_on: Mapped[date | None] = mapped_column(Date)
    #: Nomor Induk Berusaha (OSS), 13 digits.
    nib: Mapped[str | None] = mapped_column(String(13))
    kind: Mapped[str] = mapped_column(String(16), index=True)
    #: Savings and loan only: members only, or open to the public (then supervised by OJK).
    savings_loan_scope: Mapped[str | None] = mapped_column(String(16))
    #: BPS code of its seat (``enterprises/regions.py``).
    regency: Mapped[str] = mapped_column(String(4), index=True)
    #: BPS regency codes where its members live (codes outside "73…" are other provinces).
    membership_regencies: Mapped[list] = mapped_column(JSON, default=list)
    business_class: Mapped[str | None] = mapped_column(String(8))
    founded_on: Mapped[date | None] = mapped_column(Date)
    members_male: Mapped[int] = mapped_column(default=0)
    members_female: Mapped[int] = mapped_column(default=0)
    address: Mapped[str | None] = mapped_column(Text)
    #: E.164 (``core/phones``).
    phone: Mapped[str | None] = mapped_column(String(32), info={"phone": {"region": "ID"}})
    email: Mapped[str | None] = mapped_column(String(254))
    #: The examiner currently responsible (set by the supervision plan).
    assigned_examiner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: Written only by the supervision services when an examination is finalised.
    health_predicate: Mapped[str | None] = mapped_column(String(32), index=True)
    predicate_rated_on: Mapped[date | None] = mapped_column(Date)

    enterprise: Mapped["Enterprise | None"] = relationship()
    assigned_examiner: Mapped["User | None"] = relationship()
    officers: Mapped[list["CooperativeOfficer"]] = relationship(
        back_populates="cooperative",
        cascade="all, delete-orphan",
        order_by="CooperativeOfficer.id",
    )
    rat_records: Mapped[list["RatRecord"]] = relationship(
        back_populates="cooperative", cascade="all, delete-orphan", order_by="RatRecord.year.desc()"
    )
    statements: Mapped[list["FinancialStatement"]] = relationship(
        back_populates="cooperative",
        cascade="all, delete-orphan",
        order_by="FinancialStatement.year.desc()",
    )

    @property
    def members_total(self) -> int:
        return (self.members_male or 0) + (self.members_female or 0)

    @property
    def membership_area(self) -> set[str]:
        """Regency codes of the membership area, its seat included."""
        return {str(code) for code in (self.membership_regencies or [])} | {self.regency}

    @property
    def authority(self) -> str:
        """Permenkop UKM 9/2020: members in one regency → the regency; across regencies of one
        province → the province; across provinces → the ministry."""
        area = self.membership_area
        if any(not code.startswith(PROVINCE_CODE) for code in area):
            return Authority.MINISTRY.value
        return Authority.PROVINCE.value if len(area) > 1 else Authority.REGENCY.value

    @property
    def is_savings_loan(self) -> bool:
        return self.kind == CooperativeKind.SAVINGS_LOAN

    @property
    def is_open_to_public(self) -> bool:
        return self.savings_loan_scope == SavingsLoanScope.OPEN_PUBLIC

    def __repr__(self) -> str:
        return f"<Cooperative {self.id} {self.name!r}>"


class CooperativeOfficer(TimestampMixin, Model):
    """A member of one of the cooperative's organs; with ``user_id`` that user is an officer
    with access to the cooperative's records."""

    __tablename__ = "cooperative_officers"
    __table_args__ = (
        CheckConstraint(status_check(OfficerPosition, "position"), name="position_known"),
        UniqueConstraint("cooperative_id", "user_id", name="uq_cooperative_officers_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(160))
    position: Mapped[str] = mapped_column(String(16))
    #: Start and end of the term of office (end NULL: serving).
    term_starts_on: Mapped[date | None] = mapped_column(Date)
    term_ends_on: Mapped[date | None] = mapped_column(Date)

    cooperative: Mapped[Cooperative] = relationship(back_populates="officers")
    user: Mapped["User | None"] = relationship()


class CooperativeMember(TimestampMixin, Model):
    """One member on the optional member register, maybe linked to an SME account."""

    __tablename__ = "cooperative_members"
    __table_args__ = (CheckConstraint(status_check(Sex, "sex"), name="sex_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(160))
    sex: Mapped[str] = mapped_column(String(8))
    #: The member's own SME on the marketplace, when it has one.
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="SET NULL"), index=True
    )
    joined_on: Mapped[date | None] = mapped_column(Date)

    enterprise: Mapped["Enterprise | None"] = relationship()


class RatRecord(TimestampMixin, Model):
    """The annual members' meeting (Rapat Anggota Tahunan) for one financial year."""

    __tablename__ = "rat_records"
    __table_args__ = (
        UniqueConstraint("cooperative_id", "year", name="uq_rat_records_cooperative_year"),
        CheckConstraint("attendance IS NULL OR attendance >= 0", name="attendance_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    #: The financial year the meeting closes (held in the following year).
    year: Mapped[int] = mapped_column()
    held_on: Mapped[date] = mapped_column(Date)
    #: When the result was reported to the supervising office (NULL: not yet).
    reported_on: Mapped[date | None] = mapped_column(Date)
    #: Members present.
    attendance: Mapped[int | None] = mapped_column()
    #: The minutes (PDF or image), a private ``Document`` (``core/uploads``).
    minutes_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    online: Mapped[bool] = mapped_column(default=False)

    cooperative: Mapped[Cooperative] = relationship(back_populates="rat_records")

    @property
    def deadline(self) -> date:
        """UU 25/1992 art. 26(2): the meeting approving the board's accountability is held at the
        latest six months after the financial year (calendar years: by 30 June)."""
        return date(self.year + 1, 6, 30)

    @property
    def is_late(self) -> bool:
        return self.held_on > self.deadline


class FinancialStatement(TimestampMixin, Model):
    """Balance sheet and income statement of one financial year, IDR in minor units (rupiah).

    Assets: cash + receivables + loans_to_members + other_current_assets + fixed_assets
    (``non_performing_loans`` is the part of ``loans_to_members`` in arrears, not an extra line).
    Equity: member_equity (simpanan pokok + wajib) + reserves + other_equity + surplus (SHU of
    the year). A submitted statement balances: assets = liabilities + equity.
    """

    __tablename__ = "financial_statements"
    __table_args__ = (
        UniqueConstraint("cooperative_id", "year", name="uq_financial_statements_cooperative_year"),
        CheckConstraint(status_check(StatementStatus), name="status_known"),
        CheckConstraint(
            "cash >= 0 AND receivables >= 0 AND loans_to_members >= 0 "
            "AND non_performing_loans >= 0 AND other_current_assets >= 0 AND fixed_assets >= 0 "
            "AND current_liabilities >= 0 AND long_term_liabilities >= 0 AND member_equity >= 0 "
            "AND reserves >= 0 AND revenue >= 0 AND operating_costs >= 0 AND interest_costs >= 0",
            name="amounts_not_negative",
        ),
        CheckConstraint("non_performing_loans <= loans_to_members", name="npl_within_loans"),
    )
    LIFECYCLE = STATEMENT_LIFECYCLE
    #: The lines, in the order of the form and the upload template.
    ASSET_LINES = (
        "cash",
        "receivables",
        "loans_to_members",
        "other_current_assets",
        "fixed_assets",
    )
    LIABILITY_LINES = ("current_liabilities", "long_term_liabilities")
    EQUITY_LINES = ("member_equity", "reserves", "other_equity", "surplus")
    INCOME_LINES = ("revenue", "operating_costs", "interest_costs")
    LINES = (
        ASSET_LINES[:3]
        + ("non_performing_loans",)
        + ASSET_LINES[3:]
        + LIABILITY_LINES
        + EQUITY_LINES
        + INCOME_LINES
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default=StatementStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: "form" or "upload": how the figures came in.
    source: Mapped[str] = mapped_column(String(8), default="form")
    cash: Mapped[int] = mapped_column(BigInteger, default=0)
    receivables: Mapped[int] = mapped_column(BigInteger, default=0)
    loans_to_members: Mapped[int] = mapped_column(BigInteger, default=0)
    non_performing_loans: Mapped[int] = mapped_column(BigInteger, default=0)
    other_current_assets: Mapped[int] = mapped_column(BigInteger, default=0)
    fixed_assets: Mapped[int] = mapped_column(BigInteger, default=0)
    current_liabilities: Mapped[int] = mapped_column(BigInteger, default=0)
    long_term_liabilities: Mapped[int] = mapped_column(BigInteger, default=0)
    member_equity: Mapped[int] = mapped_column(BigInteger, default=0)
    reserves: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Grants and other equity; may be negative (accumulated losses).
    other_equity: Mapped[int] = mapped_column(BigInteger, default=0)
    revenue: Mapped[int] = mapped_column(BigInteger, default=0)
    operating_costs: Mapped[int] = mapped_column(BigInteger, default=0)
    interest_costs: Mapped[int] = mapped_column(BigInteger, default=0)
    #: SHU (sisa hasil usaha) of the year; negative is a loss.
    surplus: Mapped[int] = mapped_column(BigInteger, default=0)

    cooperative: Mapped[Cooperative] = relationship(back_populates="statements")

    is_draft = StatusIs(StatementStatus.DRAFT)
    is_submitted = StatusIs(StatementStatus.SUBMITTED)
    can_submit = CanMove(StatementStatus.SUBMITTED)
    can_reopen = CanMove(StatementStatus.DRAFT)

    @property
    def current_assets(self) -> int:
        return self.cash + self.receivables + self.loans_to_members + self.other_current_assets

    @property
    def total_assets(self) -> int:
        return sum(getattr(self, line) or 0 for line in self.ASSET_LINES)

    @property
    def total_liabilities(self) -> int:
        return sum(getattr(self, line) or 0 for line in self.LIABILITY_LINES)

    @property
    def total_equity(self) -> int:
        return sum(getattr(self, line) or 0 for line in self.EQUITY_LINES)

    @property
    def balances(self) -> bool:
        return self.total_assets == self.total_liabilities + self.total_equity


class AuditReport(TimestampMixin, Model):
    """A public accountant's audit of one financial year (required above a loan volume)."""

    __tablename__ = "cooperative_audit_reports"
    __table_args__ = (
        UniqueConstraint("cooperative_id", "year", name="uq_cooperative_audit_reports_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column()
    auditor: Mapped[str] = mapped_column(String(160))
    #: unqualified / qualified / adverse / disclaimer (wajar tanpa pengecualian, …).
    opinion: Mapped[str | None] = mapped_column(String(16))
    issued_on: Mapped[date | None] = mapped_column(Date)
    #: The report (PDF or scan), a private ``Document`` (``core/uploads``).
    report_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
