"""Invoices of orders on net terms: payment recorded by the trading house, reminders by a
scheduled command (``flask wholesale remind``), credit notes for refunds decided on such an
order (a dispute), and what the order pages say instead of "Paid" (:func:`terms_status`)."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from trading_house.core.clock import business_date, business_today
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.lifecycle import transition
from trading_house.core.mail import queue_email
from trading_house.core.money import Money
from trading_house.core.sql import rows_for_loaded
from trading_house.core.tx import changed_rows
from trading_house.core.urls import public_url
from trading_house.extensions import db
from trading_house.orders.status import OrderStatus
from trading_house.payments import ledger
from trading_house.payments.ledger import in_locale
from trading_house.wholesale import policies
from trading_house.wholesale.invoice_models import InvoiceCredit
from trading_house.wholesale.models import Invoice, InvoiceStatus, MemberRole
from trading_house.wholesale.ordering import NET_TERMS_METHOD, invoice_of, release_credit

#: Remind this many days before the due date, and again every so many days while it is open.
REMIND_BEFORE_DAYS = 3
REMIND_EVERY_DAYS = 3


def get_invoice(invoice_id: int) -> Invoice:
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound(_l("No such invoice."))
    return invoice


def mark_invoice_paid(invoice: Invoice, *, actor, reference: str) -> Invoice:
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
    # Credit notes gave their share of the credit back already.
    due = balance_idr(invoice)
    release_credit(invoice.organisation_id, due)
    # The house ledger: what was receivable on the invoice is now the buyers' money.
    ledger.record_part_received(invoice.order, due)
    return invoice


def credited_idr(invoice: Invoice) -> int:
    """What credit notes took off the invoice while it was open."""
    return credited_by_invoice([invoice.id]).get(invoice.id, 0)


def credited_by_invoice(invoice_ids: list[int]) -> dict[int, int]:
    """{invoice id: what credit notes took off it while it was open}, in one query; an
    invoice without credit notes is missing."""
    if not invoice_ids:
        return {}
    rows = db.session.execute(
        select(InvoiceCredit.invoice_id, func.sum(InvoiceCredit.amount_idr))
        .where(InvoiceCredit.invoice_id.in_(invoice_ids), InvoiceCredit.kind == "credited")
        .group_by(InvoiceCredit.invoice_id)
    )
    return {invoice_id: int(total or 0) for invoice_id, total in rows}


def balance_idr(invoice: Invoice) -> int:
    """What the organisation still owes on the invoice (its amount less credit notes)."""
    return invoice.amount_idr - credited_idr(invoice)


def credits_of(invoice: Invoice) -> list[InvoiceCredit]:
    return list(
        db.session.scalars(
            select(InvoiceCredit)
            .where(InvoiceCredit.invoice_id == invoice.id)
            .order_by(InvoiceCredit.id)
        )
    )


@dataclass(frozen=True)
class InvoiceAccount:
    """An invoice as its pages show it: the amount, each credit line, what is still due
    (``templates/wholesale/_invoice_amount.html``, the ``invoice_account`` filter)."""

    invoice: Invoice
    credits: list[InvoiceCredit]

    @property
    def credited_idr(self) -> int:
        return sum(credit.amount_idr for credit in self.credits if credit.kind == "credited")

    @property
    def balance_idr(self) -> int:
        return self.invoice.amount_idr - self.credited_idr

    @property
    def is_credited_in_full(self) -> bool:
        return self.invoice.status == InvoiceStatus.VOID


def account_of(invoice: Invoice) -> InvoiceAccount:
    return InvoiceAccount(invoice, credits_of(invoice))


def credit_for_refund(order, *, refund, actor, **_extra) -> InvoiceCredit | None:
    """A refund decided on an order on net terms (``payments.disputes.refund_on_terms``):
    while the invoice is open it gets a credit line (the balance due shrinks, the credit is
    given back; credited in full it is void); once paid, the money goes back to the buyer by
    transfer, the way it was paid (staff send it; the credit line records it)."""
    if order.payment_method != NET_TERMS_METHOD:
        return None
    invoice = invoice_of(order)
    if invoice is None or invoice.status == InvoiceStatus.VOID:
        raise DomainError(_l("This order's invoice is void: there is nothing to refund."))
    amount = refund.amount_minor  # orders on terms are in rupiah
    if _hold_open(invoice):
        balance = balance_idr(invoice)
        if amount > balance:
            raise DomainError(
                _l(
                    "Only %(balance)s is still open on invoice %(number)s.",
                    balance=in_locale(Money(balance, "IDR")),
                    number=invoice.number,
                )
            )
        credit = InvoiceCredit(
            invoice_id=invoice.id, refund_id=refund.id, amount_idr=amount, kind="credited"
        )
        db.session.add(credit)
        db.session.flush()
        release_credit(invoice.organisation_id, amount)
        if amount == balance:
            transition(invoice, InvoiceStatus.VOID, actor=actor, reason="credited in full")
        return credit
    credit = InvoiceCredit(
        invoice_id=invoice.id,
        refund_id=refund.id,
        amount_idr=amount,
        kind="returned",
        note=f"to return by transfer (paid with {invoice.payment_reference})"[:1000],
    )
    db.session.add(credit)
    db.session.flush()
    return credit


def _hold_open(invoice: Invoice) -> bool:
    """Lock the invoice while it is open, or see that it is paid: a payment recorded at the
    same moment waits for this credit note (and pays the balance after it), or came first
    (the refund is then money returned). False when the invoice is no longer open."""
    result = db.session.execute(
        update(Invoice)
        .where(Invoice.id == invoice.id, Invoice.status == InvoiceStatus.OPEN)
        .values(status=InvoiceStatus.OPEN)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(invoice)
    return changed_rows(result) == 1


def connect() -> None:
    from trading_house.payments.disputes import refund_on_terms

    refund_on_terms.connect(credit_for_refund, weak=False)


class TermsState(StrEnum):
    """Where an order's invoice stands for the reader (overdue is open past its due date)."""

    OPEN = "open"
    OVERDUE = "overdue"
    PAID = "paid"
    CREDITED = "void"


@dataclass(frozen=True)
class TermsStatus:
    """What an order on net terms shows instead of "Paid" (``templates/wholesale/_terms.html``)."""

    state: TermsState
    invoice: Invoice
    balance_idr: int
    paid_on: date | None
    #: The order is only "paid" because it was invoiced: show the invoice instead.
    replaces_status: bool

    @property
    def is_paid(self) -> bool:
        return self.state == TermsState.PAID

    @property
    def is_overdue(self) -> bool:
        return self.state == TermsState.OVERDUE

    @property
    def is_credited(self) -> bool:
        return self.state == TermsState.CREDITED


def _on_net_terms(order) -> bool:
    return order.payment_method == NET_TERMS_METHOD


def _invoices_by_order(order_ids: list[int]) -> dict[int, tuple[Invoice, int]]:
    """{order id: (its invoice, the balance due on it)}: two queries for any number of orders."""
    invoices = list(db.session.scalars(select(Invoice).where(Invoice.order_id.in_(order_ids))))
    credited = credited_by_invoice([invoice.id for invoice in invoices])
    return {
        invoice.order_id: (invoice, invoice.amount_idr - credited.get(invoice.id, 0))
        for invoice in invoices
    }


def terms_status(order) -> TermsStatus | None:
    """For the order pages (a template filter): the invoice state of an order on net terms,
    or None for any other order."""
    if getattr(order, "payment_method", None) != NET_TERMS_METHOD:
        return None
    found = rows_for_loaded(
        "net_terms_invoices", type(order), _on_net_terms, _invoices_by_order, order
    )
    if found is None:
        return None
    invoice, balance = found
    if invoice.is_paid:
        state = TermsState.PAID
    elif invoice.status == InvoiceStatus.VOID:
        state = TermsState.CREDITED
    elif invoice.is_overdue_on(business_today()):
        state = TermsState.OVERDUE
    else:
        state = TermsState.OPEN
    paid_on = business_date(invoice.paid_at) if invoice.paid_at else None
    invoiced_only = order.status == OrderStatus.PAID
    return TermsStatus(state, invoice, balance, paid_on, invoiced_only)


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
