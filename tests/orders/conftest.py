"""Fixtures of the orders tests: a shop with zones, an enterprise, products and a buyer."""

import pytest

from tests.orders.helpers import shipping_zones
from tests.orders.stripe_fake import WEBHOOK_SECRET, FakeStripe


@pytest.fixture
def shop(factory):
    """Shipping zones, one enterprise (with its owner) and two products."""
    shipping_zones()
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner)
    category = factory.category("Kopi")
    coffee = factory.product(
        enterprise,
        category=category,
        name_english="Toraja Coffee",
        sku="KT-250",
        hs_code="09011100",
        retail_price_idr=85000,
        stock=20,
        weight_grams=300,
        sample_available=True,
    )
    silk = factory.product(
        enterprise,
        category=category,
        name_english="Sengkang Silk",
        sku="SS-01",
        retail_price_idr=450000,
        stock=5,
        weight_grams=400,
    )

    class Shop:
        pass

    shop = Shop()
    shop.owner, shop.enterprise, shop.category = owner, enterprise, category
    shop.coffee, shop.silk = coffee, silk
    return shop


@pytest.fixture
def buyer(factory):
    return factory.user("buyer", email="pembeli@example.com")


@pytest.fixture
def admin(factory):
    return factory.user("admin", email="admin@example.com")


@pytest.fixture
def fake_stripe(app):
    """The real stripe library with a fake HTTP client; webhook secret configured."""
    fake = FakeStripe()
    app.extensions["stripe_http_client"] = fake
    app.config.update(STRIPE_SECRET_KEY="sk_test_fake", STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET)
    yield fake
    app.extensions.pop("stripe_http_client", None)
    app.config.update(STRIPE_SECRET_KEY=None, STRIPE_WEBHOOK_SECRET=None)


@pytest.fixture(scope="session")
def limited_app(app):
    """The app with rate limits on and small checkout limits (same database)."""
    from config import TestingConfig
    from trading_house import create_app
    from trading_house.extensions import db

    attrs = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "INSTANCE_PATH", "MEDIA_ROOT", "PRIVATE_ROOT")
    }
    attrs.update(
        REDIS_URL=None,
        RATELIMIT_ENABLED=True,
        ACCOUNTS_LOGIN_LIMIT_IP="100 per minute",
        ORDER_CHECKOUT_LIMIT_USER="2 per minute",
        ORDER_CHECKOUT_LIMIT_IP="3 per minute",
    )
    limited = create_app(type("LimitedConfig", (TestingConfig,), attrs))
    from tests.clients import FreshContextClient

    limited.test_client_class = FreshContextClient
    yield limited
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def limits_on(limited_app):
    """The Limiter object is shared by every app: switch it on for this test only."""
    from trading_house.extensions import limiter

    was_enabled = limiter.enabled
    limiter.enabled = True
    limiter.reset()
    yield limited_app
    limiter.reset()
    limiter.enabled = was_enabled
