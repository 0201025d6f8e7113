"""Invoices of orders on net terms: payment recorded by the trading house, reminders by a
scheduled command (``flask wholesale remind``)."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from trading_house.core.clock import business_today
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.lifecycle import transition
from trading_house.core.mail import queue_email
from trading_house.core.tx import changed_rows
from trading_house.core.urls import public_url
from trading_house.extensions import db
from trading_house.wholesale import policies
from trading_house.wholesale.models import Invoice, InvoiceStatus, MemberRole
from trading_house.wholesale.ordering import release_credit

#: Remind this many days before the due date, and again every so many days while it is open.
REMIND_BEFORE_DAYS = 3
REMIND_EVERY_DAYS = 3


def get_invoice(invoice_id: int) -> Invoice:
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound(_l("No such invoice."))
    return invoice


def mark_paid(invoice: Invoice, *, actor, reference: str) -> Invoice:
    """The trading house received the transfer: the invoice is paid and its credit is free."""
    policies.require_wholesale_admin(actor)
    reference = (reference or "").strip()
    if len(reference) < 3:
        raise DomainError(_l("Give the bank reference of the transfer."), field="reference")
    # The compare-and-set move makes a second click (or a second admin) a clear refusal, so
    # the credit is never released twice.
    transition(
        invoice,
        InvoiceStatus.PAID,
        actor=actor,
        reason=reference[:80],
        payment_reference=reference[:80],
    )
    release_credit(invoice.organisation_id, invoice.amount_idr)
    return invoice


def due_for_reminder(today=None) -> list[Invoice]:
    today = today or business_today()
    return list(
        db.session.scalars(
            select(Invoice)
            .where(
                Invoice.status == InvoiceStatus.OPEN,
                Invoice.due_on <= today + timedelta(days=REMIND_BEFORE_DAYS),
                or_(
                    Invoice.reminded_on.is_(None),
                    Invoice.reminded_on <= today - timedelta(days=REMIND_EVERY_DAYS),
                ),
            )
            .order_by(Invoice.due_on, Invoice.id)
        )
    )


def _claim(invoice: Invoice, today) -> bool:
    """Stamp today's reminder; False when another run stamped it first (one mail per run)."""
    result = db.session.execute(
        update(Invoice)
        .where(
            Invoice.id == invoice.id,
            or_(Invoice.reminded_on.is_(None), Invoice.reminded_on < today),
        )
        .values(reminded_on=today, reminder_count=Invoice.reminder_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(invoice, ["reminded_on", "reminder_count"])
    return changed_rows(result) == 1


def send_reminders(today=None) -> int:
    """E-mail owners and accountants of every invoice due soon or overdue; returns how many
    invoices were reminded. Safe to run twice a day: one reminder per invoice per period."""
    today = today or business_today()
    sent = 0
    for invoice in due_for_reminder(today):
        if not _claim(invoice, today):
            continue
        overdue = invoice.is_overdue_on(today)
        for member in invoice.organisation.members:
            if member.role not in (MemberRole.OWNER, MemberRole.ACCOUNTANT):
                continue
            user = member.user
            subject = (
                _l("Invoice %(number)s is overdue", number=invoice.number)
                if overdue
                else _l("Invoice %(number)s is due soon", number=invoice.number)
            )
            queue_email(
                user.email,
                subject,
                "wholesale_invoice_reminder",
                locale=user.preferred_language or "id",
                invoice=invoice,
                overdue=overdue,
                days_overdue=invoice.days_overdue(today),
                link=public_url("wholesale.invoices"),
            )
        sent += 1
    return sent
