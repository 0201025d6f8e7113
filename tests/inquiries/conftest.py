"""Fixtures for the inquiries area: a cast of users, a product, signed-in browsers, the outbox,
and the acceptance signals isolated from the orders area."""

import hashlib
import io
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import pytest
from PIL import Image
from sqlalchemy import select

from config import TestingConfig
from tests.clients import FreshContextClient
from trading_house import create_app
from trading_house.accounts.models import UserSession
from trading_house.core.i18n import LANG_SESSION_KEY
from trading_house.core.models import OutboxEmail
from trading_house.extensions import db, limiter
from trading_house.inquiries import quotations, services, signals
from trading_house.inquiries.terms import trading_today


@pytest.fixture
def browser_for(app, login):
    """``browser_for(user)``: a new signed-in browser (through /login when accounts serves it)."""

    def _browser(user, target_app=None, lang="en"):
        """Pages in ``lang`` (remembered as ``?lang=`` would), so assertions read English."""
        target_app = target_app or app
        browser = FreshContextClient(target_app, target_app.response_class, use_cookies=True)
        if "accounts.login" in target_app.view_functions:
            login(user, target=browser)
        else:
            token = secrets.token_urlsafe(32)
            with target_app.app_context():
                db.session.add(
                    UserSession(
                        user_id=user.id, token_hash=hashlib.sha256(token.encode()).hexdigest()
                    )
                )
                db.session.commit()
            with browser.session_transaction() as session:
                session["_user_id"] = token
                session["_fresh"] = True
        with browser.session_transaction() as session:
            session[LANG_SESSION_KEY] = lang
        return browser

    return _browser


@dataclass
class Cast:
    buyer: object
    other_buyer: object
    owner: object
    staff: object
    enterprise: object
    other_owner: object
    other_enterprise: object
    curator: object
    admin: object
    category: object
    product: object


#: The cast reads its e-mails in English so that tests can assert on them; the tests about
#: languages switch someone to Indonesian explicitly.
EN = {"preferred_language": "en"}


@pytest.fixture
def cast(factory) -> Cast:
    """Everyone a thread involves, and a published export product (MOQ 100 kg, samples)."""
    buyer = factory.user(
        "buyer",
        email="kenji@example.jp",
        display_name="Kenji Tanaka",
        company="Sakura Trading",
        country="JP",
        preferred_language="en",
    )
    other_buyer = factory.user(
        "buyer", email="sanne@example.nl", display_name="Sanne de Vries", **EN
    )
    owner = factory.user("sme", email="owner@kopi.id", display_name="Pak Yusuf", **EN)
    staff = factory.user("sme", email="staff@kopi.id", display_name="Bu Ani", **EN)
    enterprise = factory.enterprise(
        owner, staff=[staff], name="Kopi Toraja Sejahtera", monthly_capacity="2 t green coffee"
    )
    other_owner = factory.user("sme", email="owner@sutra.id", display_name="Ibu Sitti", **EN)
    other_enterprise = factory.enterprise(other_owner, name="Sutra Sengkang")
    curator = factory.user("curator", email="kurator@example.id", display_name="Nurhayati", **EN)
    admin = factory.user("admin", email="admin@example.id", display_name="Andi", **EN)
    category = factory.category("Kopi")
    product = factory.product(
        enterprise,
        category=category,
        name_english="Toraja Arabica green beans",
        name_indonesian="Biji kopi arabika Toraja",
        export_moq=100,
        export_unit="kg",
        hs_code="09011100",
        origin_regency_code="7318",
        sample_available=True,
        lead_time_days=21,
    )
    return Cast(
        buyer,
        other_buyer,
        owner,
        staff,
        enterprise,
        other_owner,
        other_enterprise,
        curator,
        admin,
        category,
        product,
    )


def inquiry_form(product=None, **overrides) -> dict:
    """A valid "ask for a quotation" form."""
    data = {
        "quantity": "200",
        "unit": "kg",
        "target_price": "12.50",
        "target_currency": "USD",
        "destination": "JP",
        "incoterm": "FOB",
        "date_needed": (trading_today() + timedelta(days=60)).isoformat(),
        "message": "Please quote FOB Makassar for 200 kg, grade 1.",
    }
    data.update(overrides)
    return data


def quotation_form(**overrides) -> dict:
    data = {
        "unit_price": "12.50",
        "currency": "USD",
        "quantity": "200",
        "moq": "100",
        "incoterm": "FOB",
        "named_place": "Makassar",
        "lead_time_days": "21",
        "valid_until": (trading_today() + timedelta(days=30)).isoformat(),
        "payment_terms": "bank_transfer",
        "notes": "Jute bags of 60 kg.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def start_thread(factory, cast):
    """``start_thread(**changes)``: an inquiry from the cast's buyer on the cast's product."""

    def _start(buyer=None, product=None, **changes):
        fields = dict(
            quantity=200,
            unit="kg",
            destination_country="JP",
            incoterm="FOB",
            date_needed=trading_today() + timedelta(days=60),
            message="Please quote FOB Makassar.",
            locale="en",
        )
        fields.update(changes)
        inquiry = services.start_inquiry(buyer or cast.buyer, product or cast.product, **fields)
        db.session.commit()
        return inquiry

    return _start


@pytest.fixture
def send_quotation(factory, cast):
    """``send_quotation(inquiry, **changes)``: the enterprise owner quotes (USD 12.50/kg)."""

    def _send(inquiry, seller=None, **changes):
        fields = dict(
            unit_price=1250,
            currency="USD",
            quantity=200,
            moq=100,
            incoterm="FOB",
            named_place="Makassar",
            lead_time_days=21,
            valid_until=trading_today() + timedelta(days=30),
            payment_terms="bank_transfer",
            notes="",
        )
        fields.update(changes)
        quotation = quotations.issue_quotation(seller or cast.owner, inquiry, **fields)
        db.session.commit()
        return quotation

    return _send


@pytest.fixture
def orders_stub():
    """Stand in for the orders area: its receivers of the acceptance signals are disconnected
    for the test (public blinker API), and ours records each call and returns an order-like
    object."""
    from trading_house.orders.quotations import on_quotation_accepted, on_sample_accepted

    real = (
        (signals.quotation_accepted, on_quotation_accepted),
        (signals.sample_accepted, on_sample_accepted),
    )
    for signal, receiver in real:
        signal.disconnect(receiver)
    calls = []

    def _quotation(sender, **kwargs):
        calls.append(("quotation", sender.id, kwargs["buyer"].id, [ln.id for ln in sender.lines]))
        return SimpleNamespace(number=f"RD-TEST-{len(calls):06d}")

    def _sample(sender, **kwargs):
        calls.append(("sample", sender.id, kwargs["buyer"].id, sender.price))
        return SimpleNamespace(number=f"RD-SAMPLE-{len(calls):06d}")

    signals.quotation_accepted.connect(_quotation, weak=False)
    signals.sample_accepted.connect(_sample, weak=False)
    yield calls
    signals.quotation_accepted.disconnect(_quotation)
    signals.sample_accepted.disconnect(_sample)
    for signal, receiver in real:
        signal.connect(receiver, weak=False)


@pytest.fixture
def outbox(app):
    """``outbox(recipient=None)``: queued e-mails, oldest first."""

    def _read(recipient=None):
        with app.app_context():
            query = select(OutboxEmail).order_by(OutboxEmail.id)
            if recipient:
                query = query.where(OutboxEmail.recipient == recipient)
            mails = list(db.session.scalars(query))
            db.session.expunge_all()
            return mails

    return _read


def link_path(mail, part: str) -> str:
    """The path of the first link in ``mail`` containing ``part``."""
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(part) + r"\S*)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A plain one-page PDF (fpdf2 output always carries an /OpenAction, which uploads refuse)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def refresh(obj):
    db.session.refresh(obj)
    return obj


@pytest.fixture(scope="session")
def limited_app(app):
    """The app with rate limits switched on and small numbers (same database)."""
    attrs = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "MEDIA_ROOT", "PRIVATE_ROOT")
    }
    attrs.update(
        REDIS_URL=None,
        RATELIMIT_ENABLED=True,
        INQUIRY_SEND_LIMIT_USER="3 per minute",
        INQUIRY_SEND_LIMIT_IP="5 per minute",
        ACCOUNTS_LOGIN_LIMIT_IP="100 per minute",
    )
    limited = create_app(type("LimitedConfig", (TestingConfig,), attrs))
    yield limited
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def limits_on(limited_app):
    """The Limiter object is shared by every app: switch it on for this test only."""
    was_enabled = limiter.enabled
    limiter.enabled = True
    limiter.reset()
    yield limited_app
    limiter.reset()
    limiter.enabled = was_enabled
