"""Trust filters of the catalog and the API (identity verified, halal, lead time, rating), the
card badges, and the enterprise page's trust panel."""

import re
from datetime import date, timedelta

import pytest

from tests.reviews.helpers import Shop
from trading_house.core.clock import business_today
from trading_house.core.tx import commit
from trading_house.extensions import db
from trading_house.readiness.models import VerifiedDocument
from trading_house.reviews import services


@pytest.fixture
def shop(app, factory, monkeypatch):
    # Pages and trust, not when a buyer may review: no hold after delivery here (the hold is
    # tested in test_review_after_receipt.py).
    monkeypatch.setitem(app.config, "PAYOUT_HOLD_DAYS", 0)
    return Shop(factory)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _names(client, query: str) -> set[str]:
    response = client.get(f"/api/v1/products?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return {item["name_english"] for item in response.get_json()["items"]}


def _halal(enterprise, product, expires_on=None, state="valid"):
    db.session.add(
        VerifiedDocument(
            enterprise_id=enterprise.id,
            product_id=product.id,
            item_code="prod.halal",
            number="ID73110000000001",
            expires_on=expires_on,
            state=state,
        )
    )
    commit()


@pytest.fixture
def three(shop, factory):
    other = factory.enterprise(name="Sutra Sengkang", verification_status="verified")
    silk = factory.product(
        other, category=shop.category, name_english="Sengkang silk", lead_time_days=30
    )
    syrup = factory.product(
        shop.enterprise, category=shop.category, name_english="Markisa syrup", lead_time_days=None
    )
    return shop.coffee, silk, syrup


def test_identity_verified_filter(three, client):
    assert _names(client, "verified=true") == {"Sengkang silk"}


def test_halal_filter_needs_a_valid_unexpired_certificate(shop, three, client):
    coffee, silk, syrup = three
    _halal(shop.enterprise, syrup)
    _halal(shop.enterprise, coffee, expires_on=business_today() - timedelta(days=1))
    _halal(silk.enterprise, silk, state="expired")
    assert _names(client, "halal=true") == {"Markisa syrup"}


def test_lead_time_filter(three, client):
    assert _names(client, "max_lead_time=10") == {"Toraja Arabica"}
    assert _names(client, "max_lead_time=30") == {"Toraja Arabica", "Sengkang silk"}


def test_rating_filter_counts_only_published_reviews(shop, three, factory, client):
    buyer = factory.user("buyer")
    review = services.write_review(
        buyer, shop.order(buyer).lines[0], services.Stars(5, 4, 4, 5), "Great"
    )
    commit()
    assert _names(client, "min_rating=4") == {"Toraja Arabica"}
    assert _names(client, "min_rating=5") == set()
    services.decide_report(
        shop.curator, services.report_review(shop.owner, review, "offensive", ""), uphold=True
    )
    commit()
    assert _names(client, "min_rating=4") == set()


def test_bad_filter_values_are_explained_on_the_catalog_page(three, client):
    page = _text(client.get("/catalog?max_lead_time=soon&min_rating=9&halal=maybe"))
    assert "Enter the longest lead time as a whole number of days." in page
    assert "Choose a rating from 1 to 5 stars." in page
    assert "Choose yes or no." in page
    assert client.get("/api/v1/products?min_rating=0").status_code in (200, 400, 422)


def test_catalog_page_offers_the_trust_filters_and_card_badges(three, client):
    page = _text(client.get("/catalog?verified=1"))
    assert 'data-testid="trust-filters"' in page and "Halal certified" in page
    assert "Sengkang silk" in page and "Toraja Arabica" not in page
    page = _text(client.get("/catalog"))
    assert "Ships in 7 days" in page and "Sample" in page


def test_openapi_documents_the_trust_filters(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    names = {
        p["$ref"].rsplit("/", 1)[1] for p in document["paths"]["/products"]["get"]["parameters"]
    }
    assert {"verified", "halal", "max_lead_time", "min_rating"} <= names


def test_trust_panel_on_the_enterprise_page(shop, factory, client):
    buyer = factory.user("buyer")
    services.write_review(buyer, shop.order(buyer).lines[0], services.Stars(4, 5, 4, 5), "Good")
    db.session.add(
        VerifiedDocument(
            enterprise_id=shop.enterprise.id,
            item_code="ent.nib",
            number="1234567890123",
            expires_on=date(2030, 6, 30),
        )
    )
    commit()
    page = _text(client.get(f"/e/{shop.enterprise.slug}"))
    assert 'data-testid="trust-panel"' in page
    assert "1 review" in page and "4.5" in page
    assert "100% of 1 shipments in the last year" in page
    assert re.search(r'data-testid="trust-completed">\s*1\s*<', page)
    assert "valid until" in page and "2030" in page
    assert "Good" in page  # latest reviews


def test_cooperative_health_filter_waits_for_the_cooperatives_area(app, client):
    """The filter's argument is checked; its condition (on the ``cooperatives`` table of issue
    #13) is registered only when that area is installed, and asks "at least" the predicate."""
    from trading_house import AREAS
    from trading_house.catalog.queries import has_trust_condition, parse_filters
    from trading_house.reviews.trust import coop_health_condition

    filters, errors = parse_filters({"coop_health": "bagus"})
    assert filters.coop_health is None and "coop_health" in errors
    filters, errors = parse_filters({"coop_health": "cukup_sehat"})
    assert filters.coop_health == "cukup_sehat" and not errors
    assert has_trust_condition("coop_health") == ("cooperatives" in AREAS)
    sql = str(coop_health_condition("cukup_sehat").compile(compile_kwargs={"literal_binds": True}))
    assert "'sehat', 'cukup_sehat'" in sql and "dalam_pengawasan" not in sql
