"""The trading house's legal identity as printed on every document (a single row, id 1)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from trading_house.core.clock import utcnow
from trading_house.core.models import UTCDateTime
from trading_house.extensions import Model


class TradingHouseIdentity(Model):
    """Who the exporter of record is: name, address, registrations and the bank for T/T.

    One row (id 1), edited by an admin; every PDF reads it through
    :func:`trading_house.trade_documents.identity.current_identity`.
    """

    __tablename__ = "trading_house_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Legal name as registered (e.g. "Koperasi Rumah Dagang Sulawesi Selatan").
    legal_name: Mapped[str] = mapped_column(String(200))
    #: Postal address, several lines.
    address: Mapped[str] = mapped_column(Text)
    #: Nomor Induk Berusaha (13 digits).
    nib: Mapped[str] = mapped_column(String(20), default="")
    npwp: Mapped[str] = mapped_column(String(25), default="")
    #: Export registration (e.g. the exporter number or registered exporter code).
    export_registration: Mapped[str] = mapped_column(String(80), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(120), default="")
    bank_name: Mapped[str] = mapped_column(String(120), default="")
    bank_branch_address: Mapped[str] = mapped_column(Text, default="")
    bank_account_name: Mapped[str] = mapped_column(String(200), default="")
    bank_account_number: Mapped[str] = mapped_column(String(40), default="")
    #: SWIFT/BIC for telegraphic transfers from abroad.
    bank_swift: Mapped[str] = mapped_column(String(11), default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
