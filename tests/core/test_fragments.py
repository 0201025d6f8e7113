"""The home page showcase is rendered once and shared, and a change to the catalog refreshes it."""

import pytest
from sqlalchemy import event

from config import TestingConfig
from tests.clients import FreshContextClient
from trading_house import create_app
from trading_house.core.tx import commit
from trading_house.extensions import db


@pytest.fixture
def cached_app(app):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        INSTANCE_PATH = app.config["INSTANCE_PATH"]
        MEDIA_ROOT = app.config["MEDIA_ROOT"]
        PRIVATE_ROOT = app.config["PRIVATE_ROOT"]
        CACHE_BACKEND = "local"

    cached = create_app(Config)
    cached.test_client_class = FreshContextClient
    yield cached
    with cached.app_context():
        db.engine.dispose()


def _queries(app, client, url):
    count = 0

    def _count(*args):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", _count)
    try:
        body = client.get(url).get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", _count)
    return count, body


def test_the_showcase_is_shared_and_refreshed_by_a_catalog_change(cached_app, factory):
    product = factory.product(name_english="Toraja Coffee", featured=True)
    client = cached_app.test_client()
    first, body = _queries(cached_app, client, "/?lang=en")
    assert "Toraja Coffee" in body
    second, body = _queries(cached_app, client, "/?lang=en")
    assert "Toraja Coffee" in body
    assert second < first  # the showcase came from the cache

    with cached_app.test_request_context():
        db.session.get(type(product), product.id).name_english = "Kalosi Coffee"
        commit()
    _, body = _queries(cached_app, client, "/?lang=en")
    assert "Kalosi Coffee" in body and "Toraja Coffee" not in body
