"""Credit notes of net-terms invoices: a refund decided on an order on terms (a dispute) is a
credit line on its invoice. While the invoice is open the balance due shrinks by it and the
organisation's credit is given back; once paid, the money goes back by the method used."""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from trading_house.core.clock import utcnow
from trading_house.core.models import UTCDateTime
from trading_house.extensions import Model


class InvoiceCredit(Model):
    __tablename__ = "wholesale_invoice_credits"
    __table_args__ = (CheckConstraint("amount_idr > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("wholesale_invoices.id"), index=True)
    refund_id: Mapped[int] = mapped_column(ForeignKey("refunds.id"), unique=True)
    amount_idr: Mapped[int] = mapped_column(BigInteger)
    #: credited (the open invoice shrank) or returned (paid already: money back to the buyer).
    kind: Mapped[str] = mapped_column(String(10), default="credited")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
