"""What Meta's webhook tells us: delivery statuses and the messages people send us.

The view has checked the signature before anything here runs. Each status and each incoming
message is stored under a unique key first, so a retried delivery is recognised and changes
nothing. Statuses may come out of order: a message only ever moves forward (sent → delivered →
read; a late "delivered" after "read" only fills in its time). A status for a message whose
sender has not yet saved Meta's id is kept and applied when the sender saves it.

An incoming text always lands somewhere: in the person's in-app inbox with a link to what our
message was about, or, from an unknown number, in the replies table for staff. "STOP" opts out
and is confirmed on WhatsApp.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import UTC, datetime

from flask import url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trading_house.core.lifecycle import can_transition, transition
from trading_house.core.phones import PhoneError, normalize_phone
from trading_house.extensions import db
from trading_house.notifications.models import (
    STATUS_RANK,
    MessageStatus,
    WhatsAppMessage,
    WhatsAppNumber,
    WhatsAppReply,
    WhatsAppWebhookEvent,
)
from trading_house.notifications.outbox import mark_failed, queue_whatsapp

log = logging.getLogger(__name__)

STOP_WORDS = {"STOP", "BERHENTI", "UNSUBSCRIBE", "STOP ALL"}
#: Statuses we record; others ("deleted", "warning") are acknowledged and ignored.
KNOWN_STATUSES = (
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
    MessageStatus.READ,
    MessageStatus.FAILED,
)


def signature_ok(raw_body: bytes, header: str | None, app_secret: str) -> bool:
    """``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>``."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256=") :].strip().lower())


def handle_payload(payload: dict) -> list[str]:
    """Apply every status and message of one webhook call; returns what happened to each."""
    outcomes = []
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            for status in value.get("statuses") or []:
                outcomes.append(_status(status))
            for message in value.get("messages") or []:
                outcomes.append(_incoming(message))
    return outcomes


def _first_time(key: str, outcome: str = "received") -> WhatsAppWebhookEvent | None:
    """Store the event's key; None when it was seen before (a retried delivery)."""
    if db.session.scalar(
        select(WhatsAppWebhookEvent.id).where(WhatsAppWebhookEvent.event_key == key)
    ):
        return None
    record = WhatsAppWebhookEvent(event_key=key[:200], outcome=outcome)
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:  # the same event, delivered twice at once
        return None
    return record


def _timestamp(value) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (TypeError, ValueError, OverflowError):
        return None


# --- statuses ------------------------------------------------------------------------------------


def _status(status: dict) -> str:
    wamid, name = str(status.get("id") or ""), str(status.get("status") or "")
    if not wamid or name not in KNOWN_STATUSES:
        return "ignored"
    record = _first_time(f"status:{wamid}:{name}")
    if record is None:
        return "duplicate"
    message = db.session.scalar(
        select(WhatsAppMessage).where(WhatsAppMessage.provider_message_id == wamid)
    )
    if message is None:
        # The sender may not have saved Meta's id yet: keep the status for it.
        record.outcome = "early"
        record.data = {
            "wamid": wamid,
            "status": name,
            "at": status.get("timestamp"),
            "error": _error_text(status),
        }
        return record.outcome
    record.outcome = apply_status(
        message, name, _timestamp(status.get("timestamp")), _error_text(status)
    )
    return record.outcome


def _error_text(status: dict) -> str | None:
    errors = status.get("errors") or []
    if not errors:
        return None
    first = errors[0] or {}
    return (
        f"{first.get('code')}: {first.get('title') or first.get('message') or MessageStatus.FAILED}"
    )


def apply_status(
    message: WhatsAppMessage, name: str, at: datetime | None, error: str | None
) -> str:
    """Move ``message`` forward to ``name``; never backwards (out-of-order deliveries)."""
    from trading_house.core.clock import utcnow

    at = at or utcnow()
    # The times are kept even when the status cannot move (a "delivered" after "read").
    if name == MessageStatus.DELIVERED and message.delivered_at is None:
        message.delivered_at = at
    if name == MessageStatus.READ:
        message.read_at = message.read_at or at
        message.delivered_at = message.delivered_at or at
    if not can_transition(message, name):
        if name == MessageStatus.FAILED:
            return "ignored: already " + message.status
        db.session.flush()
        return f"kept {message.status}"
    if name == MessageStatus.FAILED:
        mark_failed(message, error or "failed (webhook)")
        return MessageStatus.FAILED
    transition(message, name, reason="webhook")
    return name


def apply_early_statuses(message: WhatsAppMessage) -> None:
    """Statuses that arrived before the sender saved the message's id, applied now in order."""
    if not message.provider_message_id:
        return
    prefix = f"status:{message.provider_message_id}:"
    early = db.session.scalars(
        select(WhatsAppWebhookEvent).where(
            WhatsAppWebhookEvent.event_key.startswith(prefix, autoescape=True),
            WhatsAppWebhookEvent.outcome == "early",
        )
    ).all()
    for record in sorted(early, key=lambda r: STATUS_RANK.get(str(r.data.get("status")), 0)):
        data = record.data or {}
        record.outcome = apply_status(
            message, str(data.get("status")), _timestamp(data.get("at")), data.get("error")
        )


# --- incoming messages ---------------------------------------------------------------------------


def _incoming(incoming: dict) -> str:
    wamid = str(incoming.get("id") or "")
    if not wamid or _first_time(f"message:{wamid}") is None:
        return "duplicate" if wamid else "ignored"
    kind = str(incoming.get("type") or "unknown")[:16]
    text = ""
    if kind == "text":
        text = str((incoming.get("text") or {}).get("body") or "")
    elif kind == "button":
        text = str((incoming.get("button") or {}).get("text") or "")
    try:
        sender = normalize_phone("+" + str(incoming.get("from") or "").lstrip("+"))
    except PhoneError:
        sender = str(incoming.get("from") or "")[:16]
    # A number may be verified by more than one account (a family's or a shop's phone).
    people = [
        number.user
        for number in db.session.scalars(
            select(WhatsAppNumber)
            .where(WhatsAppNumber.phone_e164 == sender, WhatsAppNumber.verified_at.is_not(None))
            .order_by(WhatsAppNumber.id)
        )
    ]
    answered = _answered_message(incoming, sender)
    user = next(
        (p for p in people if answered is not None and p.id == answered.user_id),
        people[0] if people else None,
    )
    reply = WhatsAppReply(
        provider_message_id=wamid,
        sender=sender,
        user_id=user.id if user else None,
        in_reply_to_id=answered.id if answered else None,
        kind=kind,
        text=text[:4000],
    )
    db.session.add(reply)
    db.session.flush()
    if people and " ".join(text.split()).upper() in STOP_WORDS:
        from trading_house.notifications.services import opt_out

        stopped = [person for person in people if opt_out(person, source="reply")]
        if stopped:  # one confirmation for the number, however many accounts share it
            queue_whatsapp(stopped[0], "opt_out", "opt_out_confirmed", [])
        return "opted out"
    if user is None:
        log.warning("whatsapp message %s from an unknown number kept as reply %s", wamid, reply.id)
        return "kept (unknown sender)"
    _to_inbox(user, reply, answered)
    return "to inbox"


def _answered_message(incoming: dict, sender: str) -> WhatsAppMessage | None:
    context_id = (incoming.get("context") or {}).get("id")
    if context_id:
        message = db.session.scalar(
            select(WhatsAppMessage).where(WhatsAppMessage.provider_message_id == str(context_id))
        )
        if message is not None:
            return message
    # No quoted message: the last thing we sent to this number is what they answer.
    return db.session.scalar(
        select(WhatsAppMessage)
        .where(
            WhatsAppMessage.recipient == sender,
            WhatsAppMessage.provider_message_id.is_not(None),
            WhatsAppMessage.event != "verification",
        )
        .order_by(WhatsAppMessage.id.desc())
        .limit(1)
    )


def _to_inbox(user, reply: WhatsAppReply, answered: WhatsAppMessage | None) -> None:
    """The in-app inbox (``curation_notifications``) gets the reply with a link to its thread."""
    # The inbox lives in curation (an area above this one): imported here, at the one place
    # that writes to it, rather than at module level.
    from trading_house.curation.models import Notification

    db.session.add(
        Notification(
            user_id=user.id,
            kind="whatsapp_reply",
            data={
                "text": reply.text[:1000] or f"({reply.kind})",
                # Without a message of ours to point at: the person's conversations.
                "link": (answered.link_path if answered is not None else None)
                or url_for("inquiries.inbox"),
                "reply_id": reply.id,
            },
        )
    )
    db.session.flush()
