"""Reminders before a quotation lapses: ``flask inquiries remind-expiring`` (daily, scheduled).

A quotation the buyer has not decided on (status ``sent``) whose validity ends within
``QUOTATION_REMINDER_DAYS`` (default 2; today counts) is announced to the thread's buyer once, on
the channel they chose for ``quotation.expiring`` (e-mail by default, or WhatsApp, both, none).
"Once" is a ``notification_reminders`` row claimed before anything is queued, in the same
transaction: a second run, on this node or another, finds it and skips the quotation.
"""

from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.extensions import db
from trading_house.inquiries.models import Quotation
from trading_house.inquiries.notify import thread_url
from trading_house.inquiries.status import QuotationStatus
from trading_house.inquiries.terms import trading_today
from trading_house.notifications.services import Email, claim_reminder, notify

EVENT = "quotation.expiring"


def remind_expiring_quotations(today: date | None = None) -> int:
    """Tell each buyer whose open quotation ends soon (once per quotation); returns how many."""
    days = int(current_app.config.get("QUOTATION_REMINDER_DAYS", 2))
    if days <= 0:
        return 0
    today = today or trading_today()
    due = db.session.scalars(
        select(Quotation)
        .where(
            Quotation.status == QuotationStatus.SENT,
            Quotation.valid_until >= today,
            Quotation.valid_until <= today + timedelta(days=days),
        )
        .order_by(Quotation.id)
    ).all()
    reminded = 0
    for quotation in due:
        inquiry = quotation.inquiry
        buyer = inquiry.buyer
        if buyer is None or not buyer.active:
            continue
        if not claim_reminder(EVENT, quotation.id, buyer):
            continue  # reminded before
        link = f"{thread_url(inquiry)}#q{quotation.id}"
        valid_until = quotation.valid_until.isoformat()
        notify(
            buyer,
            EVENT,
            email=Email(
                _l(
                    "Quotation %(number)s is valid until %(date)s",
                    number=quotation.number,
                    date=valid_until,
                ),
                "inquiry_quotation_expiring",
                reader=buyer,
                quotation=quotation,
                inquiry=inquiry,
                days_left=(quotation.valid_until - today).days,
                link=link,
            ),
            link=link,
            subject=inquiry.subject,
            date=valid_until,
        )
        reminded += 1
    return reminded
