"""Account fixtures: outbox reading, and apps with rate limits or CSRF switched on."""

import re
import threading

import pytest
from sqlalchemy import select

from config import TestingConfig
from trading_house import create_app
from trading_house.core.models import AuditEntry, OutboxEmail
from trading_house.extensions import db, limiter

STRONG = "Kopi-Toraja-Arabika-9"


def _config_like(app, **overrides):
    """A TestingConfig on the same migrated database as the main ``app`` fixture."""
    attrs = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "MEDIA_ROOT", "PRIVATE_ROOT")
    }
    attrs["REDIS_URL"] = None
    attrs.update(overrides)
    return type("DerivedConfig", (TestingConfig,), attrs)


def _dispose(app):
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def limited_app(app):
    """Rate limits on, with small numbers so tests reach them quickly."""
    limited = create_app(
        _config_like(
            app,
            RATELIMIT_ENABLED=True,
            ACCOUNTS_LOGIN_LIMIT_IP="6 per minute",
            ACCOUNTS_REGISTER_LIMIT_IP="4 per minute",
            ACCOUNTS_REGISTER_LIMIT_EMAIL="2 per minute",
            ACCOUNTS_LINK_LIMIT_IP="2 per minute",
            ACCOUNTS_RESET_LIMIT_IP="4 per minute",
            ACCOUNTS_RESET_LIMIT_EMAIL="2 per minute",
            ACCOUNTS_RESEND_LIMIT="2 per minute",
        )
    )
    yield limited
    _dispose(limited)


@pytest.fixture
def limited_client(limited_app):
    """A client of the rate-limited app, with empty counters.

    The Limiter object is shared by every app in the process; the last app initialised decides
    ``limiter.enabled``, so it is switched on here and put back afterwards.
    """
    was_enabled = limiter.enabled
    limiter.enabled = True
    limiter.reset()
    yield limited_app.test_client()
    limiter.reset()
    limiter.enabled = was_enabled


@pytest.fixture(scope="session")
def csrf_app(app):
    protected = create_app(_config_like(app, WTF_CSRF_ENABLED=True))
    yield protected
    _dispose(protected)


@pytest.fixture
def outbox(app):
    """``outbox()`` lists the queued e-mails, oldest first (optionally for one recipient)."""

    def _read(recipient=None):
        with app.app_context():
            query = select(OutboxEmail).order_by(OutboxEmail.id)
            if recipient:
                query = query.where(OutboxEmail.recipient == recipient)
            mails = list(db.session.scalars(query))
            db.session.expunge_all()
            return mails

    return _read


@pytest.fixture
def audit_actions(app):
    """``audit_actions()`` lists the audit log's action names, oldest first."""

    def _read():
        with app.app_context():
            return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))

    return _read


def link_path(mail, part: str) -> str:
    """The path of the first link in ``mail`` that contains ``part`` (e.g. "/verify/")."""
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(part) + r"\S*)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def reload(obj):
    """Fresh column values of ``obj`` (a request may have changed the row)."""
    db.session.refresh(obj)
    return obj


def run_in_threads(work, count: int) -> list:
    """Run ``work()`` in ``count`` threads released at the same moment (each request gets its
    own application context and database session); their results in order."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(n):
        barrier.wait()
        results[n] = work()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(t.is_alive() for t in threads)
    return results
