"""The WhatsApp outbox: messages written in the transaction of the change, sent after commit.

Queueing checks everything that can be checked before anything leaves: the template is
registered, every parameter fits, the person has a verified number and has not opted out. A
message that fails a check is written anyway with status ``refused`` and the reason, and logged:
the outbox keeps every attempt, including the ones that never went out.

Sending (:func:`send_due`) is the e-mail outbox's: woken after commit (``core/jobs.dispatch``:
an RQ job with Redis, else a background thread; never inside the request) and run by the
scheduled ``flask outbox send``, which finds it registered as the ``whatsapp`` outbox
(``notifications.register``). Messages are claimed with ``core/outbox.claim_due`` before the API
is called (PostgreSQL: ``FOR UPDATE SKIP LOCKED``), so two senders never send the same message;
the claim is committed before the network call and lapses after ``OUTBOX_CLAIM_TIMEOUT``. Every
move is a ``status_events`` row: each claim, attempt, error and retry is kept.

A message that fails for good (refused by Meta, too many attempts, or reported ``failed`` by the
webhook) is sent once by e-mail instead, unless the person already gets that event by e-mail.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from trading_house.core.mail import queue_email
from trading_house.core.outbox import claim_due, finish, mark_sent, release_failed
from trading_house.core.tx import after_commit, changed_rows, commit
from trading_house.extensions import db
from trading_house.notifications.client import WhatsAppClient, WhatsAppError, is_configured
from trading_house.notifications.models import MessageStatus, WhatsAppMessage, WhatsAppNumber
from trading_house.notifications.templates import TEMPLATES

log = logging.getLogger(__name__)

#: Messages claimed at a time (each API call has a 20 s timeout: well within the claim timeout).
CLAIM_BATCH = 10
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
        status=MessageStatus.PENDING,
    )
    problem = _refusal(message, number)
    template = TEMPLATES.get(template_name)
    if problem:
        message.status = MessageStatus.REFUSED
        message.last_error = problem
        if template is not None and template.has_secret:
            message.parameters = [SCRUBBED] * len(message.parameters)
        log.warning("whatsapp %s to user %s refused: %s", template_name, user.id, problem)
    db.session.add(message)
    db.session.flush()
    if message.status == MessageStatus.PENDING:
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
    """Like e-mail: a sender is woken after the commit (an RQ job, or a background thread of
    this process), so a request never waits for Meta's API; ``flask outbox send`` catches up."""
    after_commit(send_due, background=True)


# --- sending -----------------------------------------------------------------------------------


def send_due(limit: int = 50, client: WhatsAppClient | None = None) -> int:
    """Send due messages; returns how many the API accepted. Safe to run from many processes."""
    if not is_configured():
        return 0
    sent = 0
    remaining = limit
    while remaining > 0:
        batch = claim_due(WhatsAppMessage, min(CLAIM_BATCH, remaining))
        if not batch:
            break
        remaining -= len(batch)
        for claimed in batch:
            if _send_one(claimed, client or WhatsAppClient.from_config()):
                sent += 1
            commit()
    return sent


def _send_one(claimed: WhatsAppMessage, client: WhatsAppClient) -> bool:
    """Send one claimed message (a detached copy holding the claim) and record the result."""
    template = TEMPLATES[claimed.template]
    number = db.session.scalar(
        select(WhatsAppNumber).where(WhatsAppNumber.user_id == claimed.user_id)
    )
    # Checked again at sending time: an opt-out between queueing and sending wins.
    problem = _refusal(claimed, number)
    if problem is None and number is not None and number.phone_e164 != claimed.recipient:
        problem = "number changed since the message was queued"
    scrubbed = _scrubbed(claimed)
    if problem:
        finish(
            WhatsAppMessage,
            claimed,
            MessageStatus.REFUSED,
            session=db.session,
            reason=problem,
            last_error=problem,
            **scrubbed,
        )
        log.warning("whatsapp message %s refused at sending: %s", claimed.id, problem)
        return False
    try:
        wamid = client.send_template(
            claimed.recipient, template, claimed.language, list(claimed.parameters)
        )
    except WhatsAppError as exc:
        error = str(exc)[:2000]
        log.warning("whatsapp message %s failed: %s", claimed.id, exc)
        max_attempts = current_app.config["WHATSAPP_MAX_ATTEMPTS"]
        gives_up = not exc.retryable or claimed.attempts + 1 >= max_attempts
        if not release_failed(
            WhatsAppMessage,
            claimed,
            error,
            max_attempts=max_attempts,
            retry=exc.retryable,
            session=db.session,
            **(scrubbed if gives_up else {}),
        ):
            return False
        message = db.session.get(WhatsAppMessage, claimed.id, populate_existing=True)
        if gives_up and message is not None:
            fall_back_to_email(message)
        return False
    if not mark_sent(
        WhatsAppMessage,
        claimed,
        session=db.session,
        provider_message_id=wamid,
        attempts=claimed.attempts + 1,
        **scrubbed,
    ):
        log.warning("whatsapp message %s: the claim was lost while sending", claimed.id)
        return False
    from trading_house.notifications.webhook import apply_early_statuses

    message = db.session.get(WhatsAppMessage, claimed.id, populate_existing=True)
    if message is not None:
        apply_early_statuses(message)
    return True


def _scrubbed(message: WhatsAppMessage) -> dict:
    """A one-time code is not kept in clear once it left (or never will)."""
    if TEMPLATES[message.template].has_secret:
        return {"parameters": [SCRUBBED] * len(message.parameters)}
    return {}


def _scrub(message: WhatsAppMessage) -> None:
    """A one-time code is not kept in clear once it left (or never will)."""
    if TEMPLATES[message.template].has_secret:
        message.parameters = [SCRUBBED] * len(message.parameters)


def mark_failed(message: WhatsAppMessage, error: str) -> None:
    """The message will not arrive (the webhook said so): record it, and tell the person by
    e-mail instead (once)."""
    from trading_house.core.lifecycle import transition

    _scrub(message)
    transition(message, MessageStatus.FAILED, reason=error[:2000], last_error=error[:2000])
    fall_back_to_email(message)


def resend(message: WhatsAppMessage, *, actor) -> WhatsAppMessage:
    """Staff send a failed message again: a new row (checked like any other, so it may be
    refused), linked from the old one, audited. Once per failed message; never a code."""
    from trading_house.core import audit
    from trading_house.core.errors import DomainError

    if not message.can_resend:
        raise DomainError(_l("Only a failed message can be sent again, once."))
    if message.user is None or not message.user.active:
        raise DomainError(_l("This person's account no longer exists or is closed."))
    if any(value == SCRUBBED for value in message.parameters):
        raise DomainError(_l("This message held a one-time code; it is not sent again."))
    new = queue_whatsapp(
        message.user,
        message.event,
        message.template,
        list(message.parameters),
        link=message.link_path,
    )
    # Compare-and-set: two staff members clicking at once queue one message.
    won = changed_rows(
        db.session.execute(
            update(WhatsAppMessage)
            .where(WhatsAppMessage.id == message.id, WhatsAppMessage.resent_as_id.is_(None))
            .values(resent_as_id=new.id)
            .execution_options(synchronize_session=False)
        )
    )
    if won != 1:
        raise DomainError(_l("Someone else sent this message again a moment ago."))
    message.resent_as_id = new.id
    audit.record(
        "whatsapp.resent",
        actor=actor,
        subject=message,
        new_message_id=new.id,
        new_status=new.status,
        reason=new.last_error,
    )
    return new


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
    won = changed_rows(
        db.session.execute(
            update(WhatsAppMessage)
            .where(WhatsAppMessage.id == message.id, WhatsAppMessage.fallback_email_id.is_(None))
            .values(fallback_email_id=email.id)
            .execution_options(synchronize_session=False)
        )
    )
    if won != 1:
        db.session.delete(email)
        db.session.flush()
        return False
    message.fallback_email_id = email.id
    return True
