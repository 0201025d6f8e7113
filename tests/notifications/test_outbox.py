"""The WhatsApp outbox: refusals recorded, sending after commit, retries, e-mail fallback once,
and two senders never sending the same message twice."""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.notifications.conftest import emails_to, give_number, whatsapp_messages
from trading_house.core import clock
from trading_house.core.clock import utcnow
from trading_house.core.models import StatusEvent
from trading_house.extensions import db
from trading_house.notifications.models import WhatsAppMessage
from trading_house.notifications.outbox import queue_whatsapp, send_due
from trading_house.notifications.services import notify, opt_out, set_preferences

LINK = "https://rumahdagang.test/orders/RD-1"


def _queue(user, template="order_paid", values=("RD-2026-000001", LINK), event="order.paid"):
    message = queue_whatsapp(user, event, template, list(values), link=LINK)
    db.session.commit()
    return message


def test_an_unknown_template_is_refused_and_logged(meta, factory, caplog):
    user = factory.user()
    give_number(user)
    message = _queue(user, template="order_teleported")
    assert message.status == "refused"
    assert message.last_error == "unknown template 'order_teleported'"
    assert "refused" in caplog.text
    assert send_due() == 0
    assert meta.requests == []


def test_a_parameter_that_is_too_long_is_refused(meta, factory):
    user = factory.user()
    give_number(user)
    message = _queue(user, values=("RD-" + "9" * 40, LINK))
    assert message.status == "refused"
    assert "parameter number is 43 characters (at most 32)" in message.last_error
    send_due()
    assert meta.requests == []


def test_free_text_is_shortened_to_fit_rather_than_refused(meta, factory):
    user = factory.user()
    give_number(user)
    set_preferences(user, {"listing.approved": "whatsapp"})
    notify(user, "listing.approved", link=LINK, product="Kopi Arabika Toraja " * 10)
    db.session.commit()
    [message] = whatsapp_messages()
    assert message.status == "pending"
    assert len(message.parameters[0]) == 60 and message.parameters[0].endswith("…")


def test_a_message_is_sent_after_commit_and_marked_sent(meta, factory):
    user = factory.user()
    give_number(user)
    _queue(user)
    assert send_due() == 1
    [message] = whatsapp_messages()
    assert message.status == "sent"
    assert message.provider_message_id.startswith("wamid.")
    assert message.attempts == 1 and message.sent_at is not None
    assert meta.texts_to("+6281234567890") == [["RD-2026-000001", LINK]]
    assert send_due() == 0  # nothing is sent twice
    assert len(meta.requests) == 1


def test_opting_out_after_queueing_wins(meta, factory):
    user = factory.user()
    give_number(user)
    _queue(user)
    opt_out(user, source="account")
    db.session.commit()
    send_due()
    [message] = whatsapp_messages()
    assert (message.status, message.last_error) == ("refused", "opted out")
    assert meta.requests == []


def test_meta_trouble_is_retried_later_with_back_off(meta, factory):
    user = factory.user()
    give_number(user)
    _queue(user)
    meta.answers.append((503, {"error": {"message": "Service unavailable", "code": 2}}))
    start = utcnow()
    clock.freeze(start)
    assert send_due() == 0
    [message] = whatsapp_messages()
    assert message.status == "pending" and message.attempts == 1
    assert "503" in message.last_error
    assert send_due() == 0  # not due yet
    clock.freeze(start + timedelta(minutes=3))
    assert send_due() == 1
    [message] = whatsapp_messages()
    assert message.status == "sent" and message.attempts == 2
    assert emails_to(user.email) == []
    # Every attempt is on record, with its error.
    events = db.session.scalars(
        select(StatusEvent)
        .where(StatusEvent.subject_type == "whatsapp_message", StatusEvent.subject_id == message.id)
        .order_by(StatusEvent.id)
    ).all()
    assert [(e.from_status, e.to_status) for e in events] == [
        ("pending", "sending"),
        ("sending", "pending"),
        ("pending", "sending"),
        ("sending", "sent"),
    ]
    assert "503" in events[1].reason


def test_a_refused_send_fails_and_falls_back_to_e_mail_once(meta, factory):
    user = factory.user(display_name="Daeng Tompo")
    give_number(user)
    set_preferences(user, {"order.paid": "whatsapp"})
    db.session.commit()
    _queue(user)
    meta.answers.append((400, {"error": {"message": "Recipient not on WhatsApp", "code": 131026}}))
    send_due()
    [message] = whatsapp_messages()
    assert message.status == "failed" and message.failed_at is not None
    [email] = emails_to(user.email)
    assert message.fallback_email_id == email.id
    assert "We could not reach you on WhatsApp" in email.body_text
    assert "We received the payment for order RD-2026-000001" in email.body_text
    assert LINK in email.body_text
    send_due()
    assert len(emails_to(user.email)) == 1


def test_after_the_last_attempt_the_message_fails_and_e_mail_goes(meta, factory, app):
    user = factory.user()
    give_number(user)
    set_preferences(user, {"order.paid": "whatsapp"})
    db.session.commit()
    _queue(user)
    start = utcnow()
    for attempt in range(app.config["WHATSAPP_MAX_ATTEMPTS"]):
        meta.answers.append((500, {"error": {"message": "down", "code": 1}}))
        clock.freeze(start + timedelta(hours=attempt * 3))
        send_due()
    [message] = whatsapp_messages()
    assert message.status == "failed"
    assert message.attempts == app.config["WHATSAPP_MAX_ATTEMPTS"]
    assert len(emails_to(user.email)) == 1


def test_no_fallback_when_the_e_mail_already_went_with_it(meta, factory):
    user = factory.user()
    give_number(user)
    set_preferences(user, {"order.paid": "both"})
    db.session.commit()
    _queue(user)
    meta.answers.append((400, {"error": {"message": "bad", "code": 100}}))
    send_due()
    assert whatsapp_messages()[0].status == "failed"
    assert emails_to(user.email) == []


def test_a_claimed_message_is_not_claimed_again_until_its_claim_lapses(meta, factory):
    user = factory.user()
    give_number(user)
    message = _queue(user)
    start = utcnow()
    clock.freeze(start)
    db.session.execute(
        db.update(WhatsAppMessage)
        .where(WhatsAppMessage.id == message.id)
        .values(status="sending", claim_token="another-sender", claimed_at=start)
    )
    db.session.commit()
    assert send_due() == 0  # another sender holds it
    clock.freeze(start + timedelta(minutes=14))
    assert send_due() == 0  # still within OUTBOX_CLAIM_TIMEOUT (15 min)
    clock.freeze(start + timedelta(minutes=16))  # that sender died
    assert send_due() == 1
    assert len(meta.requests) == 1
    trail = db.session.scalars(
        select(StatusEvent)
        .where(StatusEvent.subject_type == "whatsapp_message", StatusEvent.subject_id == message.id)
        .order_by(StatusEvent.id)
    ).all()
    assert [(e.from_status, e.to_status, e.reason) for e in trail][-3:] == [
        ("sending", "pending", "claim lapsed"),
        ("pending", "sending", None),
        ("sending", "sent", None),
    ]


def test_two_senders_on_postgresql_send_each_message_once(meta, factory, app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; run with TEST_DATABASE_URL")
    user = factory.user()
    give_number(user)
    for n in range(12):
        _queue(user, values=(f"RD-2026-{n:06d}", LINK))
    db.session.remove()

    original = meta.send

    def slow_send(request, **kwargs):
        time.sleep(0.02)  # both senders are inside the network call at once
        return original(request, **kwargs)

    meta.send = slow_send
    barrier = threading.Barrier(2)
    counts, errors = [], []

    def sender():
        try:
            with app.app_context():
                barrier.wait()
                while sent := send_due(limit=3):
                    counts.append(sent)
                db.session.remove()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(counts) == 12
    numbers = [params[0] for params in meta.texts_to("+6281234567890")]
    assert sorted(numbers) == [f"RD-2026-{n:06d}" for n in range(12)]
    assert {m.status for m in whatsapp_messages()} == {"sent"}
