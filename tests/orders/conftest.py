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
