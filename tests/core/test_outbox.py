"""The e-mail outbox: each message claimed and sent once, retried with back-off, and never sent
inside a request. Deliveries are counted by a real SMTP server on 127.0.0.1
(``tests/production/smtp_sink.py``) that ``smtplib`` talks to."""

import os
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.production.smtp_sink import SmtpSink
from trading_house.core import clock
from trading_house.core.jobs import background
from trading_house.core.mail import deliver_pending
from trading_house.core.models import OutboxEmail
from trading_house.core.outbox import claim_due, mark_sent
from trading_house.extensions import db

REDIS_URL = os.environ.get("REDIS_URL")


@pytest.fixture
def sink(app, monkeypatch):
    with SmtpSink(delay=0.01) as server:
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
        monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
        yield server


def _queue(app, count: int) -> None:
    with app.app_context():
        db.session.add_all(
            OutboxEmail(recipient=f"buyer{n}@example.id", subject=f"Order {n}", body_text="Hi")
            for n in range(count)
        )
        db.session.commit()


def _statuses(app) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)
        )
        return dict(rows.all())


def test_two_concurrent_senders_send_each_message_exactly_once(app, sink):
    _queue(app, 50)
    sink.delay = 0.05  # one sender alone would need 2.5 s: the other surely joins in
    start = threading.Barrier(2)
    sent_by: dict[str, int] = {}
    errors: list[BaseException] = []

    def sender(name: str) -> None:
        try:
            with app.app_context():  # its own session and connections
                start.wait()
                total = 0
                while batch := deliver_pending(limit=5):
                    total += batch
                sent_by[name] = total
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=sender, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    subjects = Counter(message["Subject"] for message in sink.messages)
    assert len(sink.messages) == 50
    assert subjects == Counter(f"Order {n}" for n in range(50)), "each message exactly once"
    assert sent_by["a"] + sent_by["b"] == 50
    assert sent_by["a"] > 0 and sent_by["b"] > 0, f"the senders did not overlap: {sent_by}"
    assert _statuses(app) == {"sent": 50}


def test_a_refused_message_is_kept_and_retried_with_back_off(app, sink):
    _queue(app, 1)
    sink.refuse = True
    with app.app_context():
        assert deliver_pending() == 0
        message = db.session.scalar(select(OutboxEmail))
        assert (message.status, message.attempts, message.claim_token) == ("pending", 1, None)
        assert "451" in message.last_error
        assert message.next_attempt_at > clock.utcnow() + timedelta(seconds=90)
        assert deliver_pending() == 0, "not due yet: nothing is tried"

        sink.refuse = False
        clock.freeze(clock.utcnow() + timedelta(minutes=3))
        assert deliver_pending() == 1
        db.session.expire_all()
        assert db.session.scalar(select(OutboxEmail.status)) == "sent"
    assert [m["To"] for m in sink.messages] == ["buyer0@example.id"]


def test_a_message_fails_for_good_after_the_last_attempt(app, sink, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    _queue(app, 1)
    sink.refuse = True
    with app.app_context():
        deliver_pending()
        clock.freeze(clock.utcnow() + timedelta(minutes=3))
        deliver_pending()
    assert _statuses(app) == {"failed": 1}
    assert sink.messages == []


def test_an_abandoned_claim_is_taken_again_and_the_old_holder_cannot_finish(app):
    _queue(app, 3)
    with app.app_context():
        first = claim_due(OutboxEmail, 10)
        assert len(first) == 3 and len({row.claim_token for row in first}) == 1
        assert claim_due(OutboxEmail, 10) == [], "claimed rows are not handed out twice"
        assert _statuses(app) == {"sending": 3}

        clock.freeze(clock.utcnow() + timedelta(minutes=16))  # the first sender died
        again = claim_due(OutboxEmail, 10)
        assert [row.id for row in again] == [row.id for row in first]
        assert again[0].claim_token != first[0].claim_token
        assert mark_sent(OutboxEmail, first[0]) is False, "the stale holder records nothing"
        assert mark_sent(OutboxEmail, again[0]) is True
    assert _statuses(app) == {"sent": 1, "sending": 2}


def test_a_request_that_queues_mail_never_waits_for_smtp(app, client, factory, monkeypatch):
    """No Redis: the request commits and returns; a background thread of the process sends."""
    user = factory.user(email="lambat@example.id")
    db.session.commit()
    with SmtpSink(delay=1.5) as slow:
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", slow.port)
        monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
        monkeypatch.setitem(app.config, "BACKGROUND_DISPATCH", "auto")
        started = time.monotonic()
        response = client.post("/reset-password", data={"email": user.email})
        took = time.monotonic() - started
        assert response.status_code in (302, 303)
        assert took < 1.5, f"the request waited for SMTP ({took:.2f} s)"
        assert slow.messages == [], "nothing was sent inside the request"
        assert background.wait_idle(timeout=20)
        assert [m["To"] for m in slow.messages] == [user.email]
    assert _statuses(app) == {"sent": 1}


@pytest.mark.skipif(not REDIS_URL, reason="needs Redis: set REDIS_URL to run")
def test_with_redis_the_request_only_queues_a_job(app, client, factory, monkeypatch):
    from redis import Redis
    from rq import Queue

    queue_name = f"rdtest-outbox-{os.getpid()}"
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "RQ_QUEUE", queue_name)
    monkeypatch.setitem(app.config, "BACKGROUND_DISPATCH", "auto")
    user = factory.user(email="antri@example.id")
    db.session.commit()
    queue = Queue(queue_name, connection=Redis.from_url(REDIS_URL))
    try:
        assert client.post("/reset-password", data={"email": user.email}).status_code in (302, 303)
        jobs = queue.get_jobs()
        assert [job.args[0] for job in jobs] == ["trading_house.core.mail:deliver_pending"]
        assert background.wait_idle(timeout=5)
        assert _statuses(app) == {"pending": 1}, "the worker sends it, not the web process"
    finally:
        queue.empty()


def test_with_redis_away_the_mail_goes_to_the_thread_not_the_request(
    app, client, factory, sink, monkeypatch
):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{closed}/0")
    monkeypatch.setitem(app.config, "BACKGROUND_DISPATCH", "auto")
    user = factory.user(email="redis-mati@example.id")
    db.session.commit()
    sink.delay = 1.5
    started = time.monotonic()
    assert client.post("/reset-password", data={"email": user.email}).status_code in (302, 303)
    assert time.monotonic() - started < 1.5, "the request waited for SMTP"
    assert background.wait_idle(timeout=20)
    assert [m["To"] for m in sink.messages] == [user.email]
