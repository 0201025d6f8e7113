"""E-mail through the outbox: queued in the transaction, sent after commit, never in a request."""

import logging
import smtplib
from email.message import EmailMessage
from typing import Protocol

from flask import current_app, render_template
from flask_babel import force_locale

from trading_house.core.models import OutboxEmail
from trading_house.core.outbox import claim_due, mark_sent, release_failed
from trading_house.core.tx import after_commit
from trading_house.extensions import db

log = logging.getLogger(__name__)

#: Messages claimed at a time: with the 20 s SMTP timeout a batch ends well within the claim
#: timeout (OUTBOX_CLAIM_TIMEOUT, 15 min).
CLAIM_BATCH = 10


class SubjectText(Protocol):
    """Plain text, a lazy string (``_l``) or an ``orders.notifications.Subject``: anything that
    renders itself with ``str()`` in the locale forced by ``queue_email``."""

    def __str__(self) -> str: ...


def queue_email(recipient: str, subject: SubjectText, template: str, locale: str = "id", **context):
    """Render ``templates/email/<template>.txt`` in ``locale`` and queue it in the outbox.

    ``subject`` is a lazy-translatable string or plain text; it is rendered in ``locale`` too.
    Nothing is sent here: after the commit a sender is woken (``core/jobs.dispatch``: an RQ job
    with Redis, else a background thread), so SMTP never runs inside the request.
    """
    with force_locale(locale):
        body_text = render_template(f"email/{template}.txt", **context)
        subject_text = str(subject)
    message = OutboxEmail(recipient=recipient, subject=subject_text, body_text=body_text)
    db.session.add(message)
    db.session.flush()
    after_commit(deliver_pending, background=True)
    return message


def deliver_pending(limit: int = 50) -> int:
    """Send up to ``limit`` due messages, claimed in small batches (``core/outbox.py``).

    Each result is recorded at once; a failure is retried later with back-off and the message
    is kept. Safe to run in several processes at once: a message is sent by one of them.
    """
    sent = 0
    remaining = limit
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    while remaining > 0:
        batch = claim_due(OutboxEmail, min(CLAIM_BATCH, remaining))
        if not batch:
            break
        remaining -= len(batch)
        for message in batch:
            try:
                _send(message)
            except Exception as exc:  # any transport error: keep the message and retry
                log.warning("e-mail %s to %s failed: %s", message.id, message.recipient, exc)
                release_failed(OutboxEmail, message, exc, max_attempts=max_attempts)
            else:
                if mark_sent(OutboxEmail, message):
                    sent += 1
    return sent


def _send(message: OutboxEmail) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        log.info("e-mail to %s: %s\n%s", message.recipient, message.subject, message.body_text)
        return
    email = EmailMessage()
    email["From"] = config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body_text)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
