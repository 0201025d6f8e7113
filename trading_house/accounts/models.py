"""Users, their roles and their server-side sessions."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_house.core.clock import utcnow
from trading_house.core.models import TimestampMixin, UTCDateTime
from trading_house.extensions import Model

#: ``examiner``: a certified cooperative examiner (Pengawas Koperasi) of the office;
#: ``coop_officer``: an officer of one cooperative (``cooperatives.CooperativeOfficer``).
ROLES = ("buyer", "sme", "curator", "admin", "examiner", "coop_officer")
BUYER_TYPES = ("retail", "wholesale", "importer")


class User(TimestampMixin, Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "buyer_type IS NULL OR buyer_type IN ('retail', 'wholesale', 'importer')",
            name="buyer_type_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Always stored lower-case, so uniqueness holds whatever letter case was typed.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120))
    company: Mapped[str | None] = mapped_column(String(160))
    #: ISO 3166-1 alpha-2.
    country: Mapped[str | None] = mapped_column(String(2))
    buyer_type: Mapped[str | None] = mapped_column(String(16))
    preferred_language: Mapped[str] = mapped_column(String(5), default="id")
    preferred_currency: Mapped[str] = mapped_column(String(3), default="IDR")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Makassar")
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    roles: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # Flask-Login protocol. ``get_id`` returns the server-side session token, so signing out
    # (deleting that session row) makes a copied cookie useless.
    session_token = None

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}

    def has_role(self, *names: str) -> bool:
        return bool(self.role_names.intersection(names))

    @property
    def is_staff(self) -> bool:
        """Trading-house staff: curators and admins."""
        return self.has_role("curator", "admin")

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(Model):
    __tablename__ = "user_roles"
    __table_args__ = (
        CheckConstraint(
            "role IN ('buyer', 'sme', 'curator', 'admin', 'examiner', 'coop_officer')",
            name="role_known",
        ),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)

    user: Mapped[User] = relationship(back_populates="roles")


class UserSession(Model):
    """A signed-in browser. Deleting the row signs that browser out everywhere it was copied."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the random token kept in the signed cookie (the token itself is never stored).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str | None] = mapped_column(String(255))
    ip_address: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship()


class SignInThrottle(Model):
    """Failed sign-ins counted for one e-mail address, or one address from one source.

    Kept in the database so every worker and machine shares the count, with or without Redis.
    """

    __tablename__ = "sign_in_throttles"
    __table_args__ = (CheckConstraint("failures >= 0", name="failures_not_negative"),)

    #: SHA-256 of ``account:<e-mail>`` or ``source:<e-mail>|<network>`` (no address in clear).
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class SignInLink(Model):
    """A one-time sign-in link sent by e-mail: works once, for a short time."""

    __tablename__ = "sign_in_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the random token in the link (the token itself is never stored).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Where the link was asked for (shown to nobody; for the audit of an attack).
    requested_from: Mapped[str | None] = mapped_column(String(45))
