"""Telling people about events on the channels they chose; opt-in, opt-out and preferences.

Call sites use :func:`notify` where they used ``queue_email``::

    notify(user, "order.paid", email=Email(subject, "order_paid", order=order, url=url),
           number=order.number, link=url)

It sends the e-mail exactly as before to everyone who keeps the default (e-mail), a WhatsApp
template message to those who chose WhatsApp (and have a verified, opted-in number), both, or
nothing. Someone who chose WhatsApp but cannot receive it (channel off, number not verified,
opted out) gets the e-mail instead: an event is never lost to a setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError
from trading_house.core.mail import queue_email
from trading_house.core.pagination import count_rows, page_count
from trading_house.extensions import db
from trading_house.notifications.client import is_configured
from trading_house.notifications.events import DEFAULT_CHANNEL, EVENTS
from trading_house.notifications.models import (
    CHANNELS,
    MessageStatus,
    NotificationPreference,
    ReminderSent,
    WhatsAppConsent,
    WhatsAppNumber,
)
from trading_house.notifications.outbox import queue_whatsapp
from trading_house.notifications.templates import TEMPLATES, shorten


class Email:
    """The e-mail of an event, as ``queue_email`` takes it (rendered in the reader's language)."""

    def __init__(self, subject, template: str, **context):
        self.subject, self.template, self.context = subject, template, context


@dataclass
class Sent:
    """What :func:`notify` did for one person."""

    email: bool = False
    whatsapp: bool = False


def channel_for(user, event: str) -> str:
    """The channel ``user`` chose for ``event``; e-mail when they never chose."""
    return (
        db.session.scalar(
            select(NotificationPreference.channel).where(
                NotificationPreference.user_id == user.id, NotificationPreference.event == event
            )
        )
        or DEFAULT_CHANNEL
    )


def preferences_of(user) -> dict[str, str]:
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.event, NotificationPreference.channel).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    return {key: chosen.get(key, DEFAULT_CHANNEL) for key in EVENTS}


def set_preferences(user, choices: dict[str, str]) -> None:
    """Record the channel per event (unknown events or channels are a programming error)."""
    existing = {
        pref.event: pref
        for pref in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    for event, channel in choices.items():
        if event not in EVENTS or channel not in CHANNELS:
            raise ValueError(f"unknown event or channel: {event}={channel}")
        if event in existing:
            existing[event].channel = channel
        else:
            db.session.add(NotificationPreference(user_id=user.id, event=event, channel=channel))
    db.session.flush()


def whatsapp_number(user) -> WhatsAppNumber | None:
    return db.session.scalar(select(WhatsAppNumber).where(WhatsAppNumber.user_id == user.id))


def has_replies(user) -> bool:
    """Whether ``user`` ever wrote to us on WhatsApp (their replies are in the inbox)."""
    from trading_house.notifications.models import WhatsAppReply

    return (
        db.session.scalar(select(WhatsAppReply.id).where(WhatsAppReply.user_id == user.id).limit(1))
        is not None
    )


def notify(user, event: str, *, email: Email | None = None, link: str | None = None, **params):
    """Tell ``user`` about ``event`` on the channels they chose (see the module doc).

    ``params`` are the WhatsApp template's parameters by name (``link`` is one of them where the
    template has it); free text is shortened to fit, anything else that does not fit is refused
    by the outbox (and the e-mail goes instead).
    """
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    sent = Sent()
    if user is None:  # callers choose who hears (active members etc.), as they did for e-mail
        return sent
    channel = channel_for(user, event)
    wants_email = channel in ("email", "both")
    if channel in ("whatsapp", "both"):
        number = whatsapp_number(user)
        if is_configured() and number is not None and number.verified:
            # Opted out (by "STOP") or never opted in: the outbox records the refusal.
            message = queue_whatsapp(
                user, event, EVENTS[event].template, _values(event, link, params), link=link
            )
            sent.whatsapp = message.status == MessageStatus.PENDING
        if not sent.whatsapp:
            wants_email = True  # WhatsApp cannot carry it: e-mail instead of nothing
    if wants_email and email is not None:
        queue_email(
            user.email,
            email.subject,
            email.template,
            user.preferred_language or "id",
            **email.context,
        )
        sent.email = True
    return sent


def _values(event: str, link: str | None, params: dict[str, Any]) -> list[str]:
    template = TEMPLATES[EVENTS[event].template]
    values = []
    for param in template.params:
        value = link if param.name == "link" else params.get(param.name)
        value = "" if value is None else str(value)
        values.append(shorten(value, param.max_length) if param.free_text else value)
    return values


# --- opt-in and opt-out --------------------------------------------------------------------------


def opt_in(user, *, ip_address: str | None = None) -> WhatsAppNumber:
    """Record an explicit opt-in (who, when, which consent text) on a verified number."""
    number = whatsapp_number(user)
    if number is None or not number.verified:
        raise DomainError(_l("Verify your WhatsApp number first."))
    version = current_app.config["WHATSAPP_CONSENT_VERSION"]
    number.opted_in_at = utcnow()
    number.opted_out_at = None
    number.consent_version = version
    db.session.add(
        WhatsAppConsent(
            user_id=user.id,
            phone_e164=number.phone_e164,
            action="opt_in",
            source="account",
            consent_version=version,
            ip_address=ip_address,
        )
    )
    db.session.flush()
    return number


def opt_out(user, *, source: str = "account", ip_address: str | None = None) -> bool:
    """Stop WhatsApp notifications; True when the person was opted in until now."""
    number = whatsapp_number(user)
    if number is None or number.opted_out_at is not None or number.opted_in_at is None:
        return False
    number.opted_out_at = utcnow()
    db.session.add(
        WhatsAppConsent(
            user_id=user.id,
            phone_e164=number.phone_e164,
            action="opt_out",
            source=source,
            consent_version=number.consent_version,
            ip_address=ip_address,
        )
    )
    db.session.flush()
    return True


# --- the staff view of the channel ---------------------------------------------------------------

OUTBOX_PER_PAGE = 50


def outbox_page(status: str | None, page: int):
    """WhatsApp messages, newest first, optionally of one status (staff screen)."""

    from trading_house.core.pagination import Page
    from trading_house.notifications.models import WhatsAppMessage

    stmt = select(WhatsAppMessage)
    if status:
        stmt = stmt.where(WhatsAppMessage.status == status)
    total = count_rows(stmt)
    pages = page_count(total, OUTBOX_PER_PAGE)
    page = min(page, pages)
    items = list(
        db.session.scalars(
            stmt.order_by(WhatsAppMessage.id.desc())
            .limit(OUTBOX_PER_PAGE)
            .offset((page - 1) * OUTBOX_PER_PAGE)
        )
    )
    return Page(items=items, page=page, per_page=OUTBOX_PER_PAGE, total=total)


def recent_replies(limit: int = 50):
    """What people wrote to us on WhatsApp, newest first; from unknown numbers too."""
    from trading_house.notifications.models import WhatsAppReply

    return list(
        db.session.scalars(select(WhatsAppReply).order_by(WhatsAppReply.id.desc()).limit(limit))
    )


# --- reminders, once -----------------------------------------------------------------------------


def claim_reminder(event: str, subject_id: int, user=None) -> bool:
    """True the first time a reminder ``event`` is claimed for ``subject_id``, False after.

    The row is written in a savepoint of the caller's transaction: a second run (or another node
    at the same moment, which waits for the first one's commit) hits the unique key and skips.
    """
    try:
        with db.session.begin_nested():
            db.session.add(
                ReminderSent(event=event, subject_id=subject_id, user_id=getattr(user, "id", None))
            )
    except IntegrityError:
        return False
    return True
