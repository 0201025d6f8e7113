"""E-mail through the outbox: queue inside the transaction, deliver after commit."""

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from trading_house.core.clock import utcnow
from trading_house.core.models import OutboxEmail
from trading_house.core.tx import after_commit
from trading_house.extensions import db

log = logging.getLogger(__name__)


def queue_email(recipient: str, subject: str, template: str, locale: str = "id", **context):
    """Render ``templates/email/<template>.txt`` (and .html if present) in ``locale`` and queue it.

    ``subject`` is a lazy-translatable string or plain text; it is rendered in ``locale`` too.
    """
    with force_locale(locale):
        body_text = render_template(f"email/{template}.txt", **context)
        subject_text = str(subject)
    message = OutboxEmail(recipient=recipient, subject=subject_text, body_text=body_text)
    db.session.add(message)
    db.session.flush()
    after_commit(deliver_pending)
    return message


def deliver_pending(limit: int = 50) -> int:
    """Send due messages; a failure is retried later with back-off and the message is kept."""
    now = utcnow()
    due = db.session.scalars(
        select(OutboxEmail)
        .where(OutboxEmail.status == "pending", OutboxEmail.next_attempt_at <= now)
        .order_by(OutboxEmail.id)
        .limit(limit)
    ).all()
    sent = 0
    for message in due:
        try:
            _send(message)
        except Exception as exc:  # any transport error: keep the message and retry
            _schedule_retry(message, exc)
        else:
            message.status = "sent"
            message.sent_at = utcnow()
            sent += 1
    db.session.flush()
    return sent


def _schedule_retry(message: OutboxEmail, exc: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.status = "failed"
    message.next_attempt_at = utcnow() + timedelta(minutes=2**message.attempts)
    log.warning("e-mail %s to %s failed: %s", message.id, message.recipient, exc)


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
