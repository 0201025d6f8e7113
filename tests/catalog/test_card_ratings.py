"""Ratings on catalog cards and the product page header (issue #17): "4,6 ★ (12)" only when
there are published reviews, read with the card keys (no query per card), and a new, hidden or
restored review seen on the very next request with the caches on and warm."""

import re

import pytest

from tests.catalog.test_statement_counts import real_cache, statements  # noqa: F401 - fixture
from tests.reviews.helpers import Shop
from trading_house.catalog.cards import rating, rating_tenths
from trading_house.core.tx import commit
from trading_house.reviews import services


@pytest.fixture
def shop(app, factory, monkeypatch):
    # What cards show, not when a buyer may review: no hold after delivery here.
    monkeypatch.setitem(app.config, "PAYOUT_HOLD_DAYS", 0)
    return Shop(factory)


def review(shop, factory, stars, email=None):
    buyer = factory.user("buyer", email=email) if email else factory.user("buyer")
    written = services.write_review(
        buyer, shop.order(buyer).lines[0], services.Stars(*stars), "Mantap"
    )
    commit()
    return written


def shown_ratings(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return re.findall(r'data-testid="product-rating"><span aria-hidden="true">([^<]*)<', html)


def spoken(client, url: str) -> list[str]:
    html = client.get(url).get_data(as_text=True)
    return re.findall(
        r'data-testid="product-rating">.*?class="visually-hidden">([^<]*)<', html, re.S
    )


def test_average_rounds_half_up_in_tenths():
    assert rating_tenths(0, 0) is None
    assert rating_tenths(1, 20) == 50
    assert rating_tenths(2, 4 * 4 + 4 * 5) == 45  # 4.5 exactly
    assert rating_tenths(3, 55) == 46  # 55 / 12 = 4.583…
    assert rating_tenths(1, 18) == 45  # 4.5


def test_no_reviews_no_rating(shop, client, real_cache):  # noqa: F811
    assert shown_ratings(client, "/catalog") == []
    assert shown_ratings(client, f"/p/{shop.coffee.slug}") == []


def test_card_and_header_show_average_and_count_and_follow_reviews(
    shop,
    factory,
    client,
    app,
    real_cache,  # noqa: F811
):
    catalog, page = "/catalog?lang=en", f"/p/{shop.coffee.slug}?lang=en"
    # Warm every cache first: the next requests must still see each change.
    assert shown_ratings(client, catalog) == []
    assert shown_ratings(client, page) == []

    first = review(shop, factory, (5, 4, 4, 5), "satu@example.id")  # 4.5
    assert shown_ratings(client, catalog) == ["4.5 ★ (1)"]
    assert shown_ratings(client, page) == ["4.5 ★ (1)"]
    assert spoken(client, catalog) == ["4.5 of 5 stars, 1 review"]

    review(shop, factory, (5, 5, 5, 5), "dua@example.id")  # (18 + 20) / 8 = 4.75
    assert shown_ratings(client, catalog) == ["4.8 ★ (2)"]
    assert shown_ratings(client, page) == ["4.8 ★ (2)"]
    # Indonesian writes a decimal comma.
    assert shown_ratings(client, "/catalog?lang=id") == ["4,8 ★ (2)"]

    # A curator upholds a report: the hidden review no longer counts, on the next request.
    reporter = factory.user("buyer", email="pelapor@example.id")
    report = services.report_review(reporter, first, "offensive", "")
    commit()
    services.decide_report(shop.curator, report, uphold=True, reason="kasar")
    commit()
    assert shown_ratings(client, "/catalog?lang=en") == ["5.0 ★ (1)"]
    assert shown_ratings(client, page) == ["5.0 ★ (1)"]

    services.restore_review(shop.curator, first)
    commit()
    assert shown_ratings(client, "/catalog?lang=en") == ["4.8 ★ (2)"]
    assert shown_ratings(client, page) == ["4.8 ★ (2)"]


def test_ratings_cost_no_statement_per_card(shop, factory, client, app):
    # No cache (the tests' default): every card is loaded and rendered on each request.
    for n in range(3):
        factory.product(shop.enterprise, category=shop.category, name_english=f"Kopi {n}")
    review(shop, factory, (4, 4, 4, 4))
    few = statements(client, app, "/catalog")
    for n in range(3, 12):
        factory.product(shop.enterprise, category=shop.category, name_english=f"Kopi {n}")
    many = statements(client, app, "/catalog")
    assert len(many) == len(few)
    assert not any("FROM reviews" in sql and "GROUP BY" in sql for sql in many)


def test_rating_text_in_both_languages(app):
    with app.test_request_context("/?lang=id"):
        assert rating(12, 12 * 18, "id").short == "4,5 ★ (12)"
        assert rating(0, 0, "id") is None
    with app.test_request_context("/?lang=en"):
        assert rating(12, 12 * 18, "en").short == "4.5 ★ (12)"
