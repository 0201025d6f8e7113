"""Absolute links built around a marker once a request (``core/urls.public_url_builder``) are
the links ``public_url`` builds, quoting included (issue #18: an API page has ~200 of them)."""

import pytest

from trading_house.core.storage import media_url
from trading_house.core.urls import public_url, public_url_of


@pytest.mark.parametrize(
    "slug", ["kopi-toraja-200g", "sutra.sengkang_2", "kopi toraja", "kopi/toraja", "kopi%20", "é"]
)
def test_a_product_link_is_public_urls(app, slug):
    with app.test_request_context("/", base_url="http://forged.example"):
        built = public_url_of("catalog.product_detail", "slug", slug)
        assert built == public_url("catalog.product_detail", slug=slug)
        assert built.startswith(app.config["PUBLIC_BASE_URL"].rstrip("/") + "/p/")


@pytest.mark.parametrize(
    "key", ["p/ab/12-0-800.webp", "logos/x/a b.png", "p/ab/%41.webp", "p/ab/ü.webp"]
)
def test_an_absolute_media_link_is_public_urls(app, key):
    with app.test_request_context("/"):
        first = media_url(key, absolute=True)
        assert media_url(key, absolute=True) == first  # the builder kept for the request
        assert first == public_url("core.media", key=key)
    with app.app_context():  # a job or a command: built the full way
        assert media_url(key, absolute=True) == first
