"""The WhatsApp outbox: messages written in the transaction of the change, sent after commit.

Queueing checks everything that can be checked before anything leaves: the template is
registered, every parameter fits, the person has a verified number and has not opted out. A
message that fails a check is written anyway with status ``refused`` and the reason, and logged:
the outbox keeps every attempt, including the ones that never went out.

Sending (:func:`send_due`, run by the job queue after commit and by ``flask outbox send`` from
cron) claims messages before it calls the API, so two senders never send the same message: on
PostgreSQL the candidates are locked with ``FOR UPDATE SKIP LOCKED`` (a second sender takes the
next ones instead of waiting); on both databases the claim itself is the lifecycle's
compare-and-set ``pending → sending`` (``core/lifecycle.py``), which only one sender wins. Every
move is a ``status_events`` row: each attempt, its error and its retry are kept. The claim is
committed before the network call, and it lapses after ``CLAIM_SECONDS`` so a sender that died
mid-way does not strand a message.

A message that fails for good (refused by Meta, too many attempts, or reported ``failed`` by the
webhook) is sent once by e-mail instead, unless the person already gets that event by e-mail.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from trading_house.core.clock import utcnow
from trading_house.core.lifecycle import StaleTransition, transition
from trading_house.core.mail import queue_email
from trading_house.core.tx import after_commit, commit
from trading_house.extensions import db
from trading_house.notifications.client import WhatsAppClient, WhatsAppError, is_configured
from trading_house.notifications.models import WhatsAppMessage, WhatsAppNumber
from trading_house.notifications.templates import TEMPLATES

log = logging.getLogger(__name__)

CLAIM_SECONDS = 300
#: Events that may reach a number that is not verified or has opted out: the code that verifies
#: it, and the confirmation of a "STOP".
UNGATED_EVENTS = ("verification", "opt_out")
SCRUBBED = "••••••"


def _language(user) -> str:
    return "en" if getattr(user, "preferred_language", None) == "en" else "id"


def queue_whatsapp(
    user, event: str, template_name: str, values: list[str], *, link: str | None = None
) -> WhatsAppMessage:
    """Write one message for ``user`` to the outbox (refused, with the reason, if it may not go)."""
    number = db.session.scalar(select(WhatsAppNumber).where(WhatsAppNumber.user_id == user.id))
    message = WhatsAppMessage(
        user_id=user.id,
        recipient=number.phone_e164 if number else "",
        event=event,
        template=template_name,
        language=_language(user),
        parameters=[str(value) for value in values],
        link_path=urlsplit(link).path[:500] if link else None,
        status="pending",
    )
    problem = _refusal(message, number)
    template = TEMPLATES.get(template_name)
    if problem:
        message.status = "refused"
        message.last_error = problem
        if template is not None and template.has_secret:
            message.parameters = [SCRUBBED] * len(message.parameters)
        log.warning("whatsapp %s to user %s refused: %s", template_name, user.id, problem)
    db.session.add(message)
    db.session.flush()
    if message.status == "pending":
        _send_after_commit()
    return message


def _refusal(message: WhatsAppMessage, number: WhatsAppNumber | None) -> str | None:
    if not is_configured():
        return "channel off: WhatsApp is not configured"
    template = TEMPLATES.get(message.template)
    if template is None:
        return f"unknown template {message.template!r}"
    if len(message.parameters) != len(template.params):
        return f"template {template.name} takes {len(template.params)} parameters"
    for param, value in zip(template.params, message.parameters, strict=True):
        if not value.strip():
            return f"parameter {param.name} is empty"
        if len(value) > param.max_length:
            return f"parameter {param.name} is {len(value)} characters (at most {param.max_length})"
    if number is None or not message.recipient:
        return "no WhatsApp number"
    if message.event not in UNGATED_EVENTS:
        if not number.verified:
            return "number not verified"
        if number.opted_out_at is not None:
            return "opted out"
        if number.opted_in_at is None:
            return "not opted in"
    return None


def _send_after_commit() -> None:
    """With a job queue, a worker sends right after commit. Without one, ``flask outbox send``
    (cron, every minute) does: a request never waits for Meta's API."""
    config = current_app.config
    if config.get("REDIS_URL") and not config.get("JOBS_INLINE"):
        after_commit(send_due)


# --- sending -----------------------------------------------------------------------------------


def _claim(limit: int) -> list[int]:
    now = utcnow()
    due = or_(
        (WhatsAppMessage.status == "pending") & (WhatsAppMessage.next_attempt_at <= now),
        # A sender that died after claiming: its claim has lapsed.
        (WhatsAppMessage.status == "sending") & (WhatsAppMessage.claimed_until < now),
    )
    candidates = select(WhatsAppMessage).where(due).order_by(WhatsAppMessage.id).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        # Rows another sender has locked are skipped, not waited for.
        candidates = candidates.with_for_update(skip_locked=True)
    claimed = []
    for message in db.session.scalars(candidates).all():
        try:
            if message.status == "sending":
                transition(message, "pending", reason="claim lapsed", claimed_until=None)
            # Compare-and-set: of two senders that saw the same row (SQLite), one moves it.
            transition(message, "sending", claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
        except StaleTransition:
            continue
        claimed.append(message.id)
    # The claim is committed before any network call, so other senders see it.
    commit()
    return claimed


def send_due(limit: int = 50, client: WhatsAppClient | None = None) -> int:
    """Send due messages; returns how many the API accepted. Safe to run from many processes."""
    if not is_configured():
        return 0
    sent = 0
    for message_id in _claim(limit):
        message = db.session.get(WhatsAppMessage, message_id)
        if message is None or message.status != "sending":
            continue
        if _send_one(message, client or WhatsAppClient.from_config()):
            sent += 1
        commit()
    return sent


def _send_one(message: WhatsAppMessage, client: WhatsAppClient) -> bool:
    template = TEMPLATES[message.template]
    number = db.session.scalar(
        select(WhatsAppNumber).where(WhatsAppNumber.user_id == message.user_id)
    )
    # Checked again at sending time: an opt-out between queueing and sending wins.
    problem = _refusal(message, number)
    if problem is None and number is not None and number.phone_e164 != message.recipient:
        problem = "number changed since the message was queued"
    if problem:
        _scrub(message)
        transition(message, "refused", reason=problem, last_error=problem, claimed_until=None)
        log.warning("whatsapp message %s refused at sending: %s", message.id, problem)
        return False
    message.attempts += 1
    try:
        wamid = client.send_template(
            message.recipient, template, message.language, list(message.parameters)
        )
    except WhatsAppError as exc:
        error = str(exc)[:2000]
        log.warning("whatsapp message %s failed: %s", message.id, exc)
        if exc.retryable and message.attempts < current_app.config["WHATSAPP_MAX_ATTEMPTS"]:
            transition(
                message,
                "pending",
                reason=error,
                last_error=error,
                claimed_until=None,
                next_attempt_at=utcnow() + timedelta(minutes=2**message.attempts),
            )
        else:
            mark_failed(message, error)
        return False
    _scrub(message)
    transition(message, "sent", provider_message_id=wamid, claimed_until=None)
    from trading_house.notifications.webhook import apply_early_statuses

    apply_early_statuses(message)
    return True


def _scrub(message: WhatsAppMessage) -> None:
    """A one-time code is not kept in clear once it left (or never will)."""
    if TEMPLATES[message.template].has_secret:
        message.parameters = [SCRUBBED] * len(message.parameters)


def mark_failed(message: WhatsAppMessage, error: str) -> None:
    """The message will not arrive: record it and tell the person by e-mail instead (once)."""
    _scrub(message)
    transition(message, "failed", reason=error[:2000], last_error=error[:2000], claimed_until=None)
    fall_back_to_email(message)


FALLBACK_SUBJECT = _l("A message from Rumah Dagang")


def fall_back_to_email(message: WhatsAppMessage) -> bool:
    """Send the failed message's text by e-mail, at most once, unless it went by e-mail anyway."""
    from trading_house.notifications.services import channel_for

    user = message.user
    if message.fallback_email_id is not None or user is None or not user.active:
        return False
    if message.event in UNGATED_EVENTS:
        return False  # a code or a confirmation means nothing by e-mail
    if channel_for(user, message.event) in ("email", "both"):
        return False  # the e-mail went out with the WhatsApp message
    template = TEMPLATES[message.template]
    email = queue_email(
        user.email,
        FALLBACK_SUBJECT,
        "whatsapp_fallback",
        message.language,
        reader=user,
        text=template.render(message.language, list(message.parameters)),
    )
    # Compare-and-set: the sender and the webhook may both see the failure; one e-mail goes.
    won = db.session.execute(
        update(WhatsAppMessage)
        .where(WhatsAppMessage.id == message.id, WhatsAppMessage.fallback_email_id.is_(None))
        .values(fallback_email_id=email.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        db.session.delete(email)
        db.session.flush()
        return False
    message.fallback_email_id = email.id
    return True
