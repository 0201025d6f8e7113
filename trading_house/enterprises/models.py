"""Enterprises (SMEs and cooperatives), their members and invitations."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.enterprises.status import VerificationStatus
from trading_house.extensions import Model

if TYPE_CHECKING:
    from trading_house.accounts.models import User


LEGAL_FORMS = ("koperasi", "pt", "cv", "ud", "perorangan")
MEMBER_ROLES = ("owner", "staff")


class Enterprise(TimestampMixin, Model):
    __tablename__ = "enterprises"
    __table_args__ = (
        CheckConstraint(
            "legal_form IN ('koperasi', 'pt', 'cv', 'ud', 'perorangan')", name="legal_form_known"
        ),
        CheckConstraint(
            "verification_status IN ('unverified', 'pending', 'verified', 'rejected')",
            name="verification_status_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    slug: Mapped[str] = mapped_column(String(180), unique=True)
    legal_form: Mapped[str] = mapped_column(String(16), default="perorangan")
    #: Nomor Induk Berusaha: 13 digits.
    nib: Mapped[str | None] = mapped_column(String(13))
    #: NPWP: 15 or 16 digits, stored without punctuation.
    npwp: Mapped[str | None] = mapped_column(String(16))
    #: BPS code of one of South Sulawesi's 24 regencies/cities (see regions.py).
    regency_code: Mapped[str] = mapped_column(String(4), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    #: E.164 (``core/phones``); ``flask phones check`` lists old values that are not.
    phone: Mapped[str | None] = mapped_column(String(32), info={"phone": {"region": "ID"}})
    contact_email: Mapped[str | None] = mapped_column(String(254))
    story_indonesian: Mapped[str | None] = mapped_column(Text)
    story_english: Mapped[str | None] = mapped_column(Text)
    #: Public storage key prefix of the logo variants; NULL when there is no logo.
    logo_key: Mapped[str | None] = mapped_column(String(255))
    #: Monthly output in its own words and units (e.g. "2 t green coffee").
    monthly_capacity: Mapped[str | None] = mapped_column(String(255))
    export_experience: Mapped[str | None] = mapped_column(Text)
    founded_year: Mapped[int | None] = mapped_column()
    employees: Mapped[int | None] = mapped_column()
    verification_status: Mapped[str] = mapped_column(
        String(16), default=VerificationStatus.UNVERIFIED
    )
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    members: Mapped[list["Membership"]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan"
    )

    @property
    def is_pending(self) -> bool:
        return self.verification_status == VerificationStatus.PENDING

    @property
    def is_rejected(self) -> bool:
        return self.verification_status == VerificationStatus.REJECTED

    @property
    def is_cooperative(self) -> bool:
        return self.legal_form == "koperasi"

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    def __repr__(self) -> str:
        return f"<Enterprise {self.id} {self.slug}>"


class Membership(TimestampMixin, Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "user_id", name="uq_memberships_enterprise_user"),
        CheckConstraint("role IN ('owner', 'staff')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="staff")

    enterprise: Mapped[Enterprise] = relationship(back_populates="members")
    user: Mapped["User"] = relationship()  # noqa: F821


class Invitation(TimestampMixin, Model):
    """An owner's invitation for a staff member, accepted through a signed link."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    enterprise: Mapped[Enterprise] = relationship()
