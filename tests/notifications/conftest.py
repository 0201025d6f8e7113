"""WhatsApp switched on against a fake Graph API; people with verified, opted-in numbers.

Other areas' tests use the ``meta`` fixture with
``from tests.notifications.conftest import meta_fixture  # noqa: F401``.
"""

import pytest
from sqlalchemy import select

from tests.notifications.fake_meta import FakeMeta, session_for
from trading_house.core.clock import utcnow
from trading_house.core.models import OutboxEmail
from trading_house.extensions import db
from trading_house.notifications.models import WhatsAppMessage, WhatsAppNumber

SECRET = "app-secret-for-tests"
VERIFY_TOKEN = "verify-token-for-tests"
SETTINGS = {
    "WHATSAPP_TOKEN": "token-for-tests",
    "WHATSAPP_PHONE_NUMBER_ID": "1234567890",
    "WHATSAPP_APP_SECRET": SECRET,
    "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
    "WHATSAPP_API_BASE": "https://graph.example.test/v21.0",
}


@pytest.fixture(name="meta")
def meta_fixture(app):
    """The channel on, talking to a fake Graph API (restored after the test)."""
    fake = FakeMeta()
    saved = {key: app.config.get(key) for key in SETTINGS}
    app.config.update(SETTINGS)
    app.extensions["whatsapp_session"] = session_for(fake)
    yield fake
    app.config.update(saved)
    app.extensions.pop("whatsapp_session", None)


def give_number(user, phone="+6281234567890", *, verified=True, opted_in=True, opted_out=False):
    now = utcnow()
    number = WhatsAppNumber(
        user_id=user.id,
        phone_e164=phone,
        verified_at=now if verified else None,
        opted_in_at=now if opted_in else None,
        consent_version="test" if opted_in else None,
        opted_out_at=now if opted_out else None,
        code_attempts=0,
    )
    db.session.add(number)
    db.session.commit()
    return number


def whatsapp_messages(**where) -> list[WhatsAppMessage]:
    db.session.expire_all()
    stmt = select(WhatsAppMessage).order_by(WhatsAppMessage.id)
    for key, value in where.items():
        stmt = stmt.where(getattr(WhatsAppMessage, key) == value)
    return list(db.session.scalars(stmt))


def emails_to(address: str) -> list[OutboxEmail]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(OutboxEmail).where(OutboxEmail.recipient == address).order_by(OutboxEmail.id)
        )
    )
