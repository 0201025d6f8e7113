"""Sharing a product or a business on WhatsApp, link previews, and contact without leakage:
no SME phone number on a public page, only the trading house's own WhatsApp number."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from trading_house.core.rates import set_rate
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db


@pytest.fixture
def published_coffee(factory, sme, categories, app):
    """A published coffee with a photo (and a draft) of the Kopi Sapan enterprise."""
    from trading_house.catalog.models import Category

    _, enterprise = sme
    with app.app_context():
        arabica = db.session.get(Category, categories["kopi-arabika"])
        coffee = factory.product(
            enterprise,
            category=arabica,
            slug="kopi-toraja-sapan",
            name_indonesian="Kopi Toraja Sapan",
            name_english="Toraja Sapan Coffee",
            description_indonesian="Kopi arabika dari Sapan.",
            retail_price_idr=85000,
        )
        factory.photo(coffee, position=0, alt_text="Kemasan kopi")
        draft = factory.product(enterprise, category=arabica, status="draft", slug="kopi-draf")
        return {
            "draft": draft.id,
            "enterprise": enterprise.id,
            "enterprise_slug": enterprise.slug,
        }


def share_text(page: str, testid: str = "share-whatsapp") -> str:
    """The text a wa.me share link of ``page`` puts into WhatsApp."""
    match = re.search(rf'<a [^>]*href="([^"]+)"[^>]*data-testid="{testid}"', page)
    assert match, f"no {testid} link on the page"
    url = html.unescape(match.group(1))
    assert url.startswith("https://wa.me/?text=")
    return parse_qs(urlsplit(url).query)["text"][0]


def test_product_share_carries_title_price_in_the_viewers_currency_and_canonical_link(
    client, published_coffee, app
):
    with app.app_context():
        set_rate("USD", "16000")
        db.session.commit()
    page = client.get("/p/kopi-toraja-sapan?lang=en&currency=USD").get_data(as_text=True)
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    title, price, link = share_text(page).split("\n")
    assert title == "Toraja Sapan Coffee"
    assert "$" in price and "5.31" in price  # 85,000 IDR at 16,000 per dollar
    assert link == f"{base}/p/kopi-toraja-sapan"
    assert "Share on WhatsApp" in page


def test_product_share_in_indonesian_and_rupiah(client, published_coffee, app):
    page = client.get("/p/kopi-toraja-sapan?lang=id&currency=IDR").get_data(as_text=True)
    title, price, _link = share_text(page).split("\n")
    assert title == "Kopi Toraja Sapan"
    assert price.replace("\xa0", " ") == "Rp 85.000" or price.replace("\xa0", "") == "Rp85.000"
    assert "Bagikan di WhatsApp" in page


def test_the_owners_preview_of_a_draft_offers_no_share(client, login, sme, published_coffee):
    login(sme[0])
    body = client.get(f"/business/products/{published_coffee['draft']}/preview?lang=en").get_data(
        as_text=True
    )
    assert 'data-testid="share-whatsapp"' not in body


def test_link_preview_shows_photo_name_and_price(client, published_coffee, app):
    page = client.get("/p/kopi-toraja-sapan?lang=en&currency=USD").get_data(as_text=True)
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    assert '<meta property="og:title" content="Toraja Sapan Coffee">' in page
    assert f'<meta property="og:image" content="{base}/media/p/te/' in page
    assert '<meta property="product:price:amount" content="85000">' in page
    assert '<meta property="product:price:currency" content="IDR">' in page
    description = re.search(r'<meta property="og:description" content="([^"]*)">', page).group(1)
    assert "85,000" in description and "Kopi Sapan" in description  # price and maker lead


def test_enterprise_page_shares_its_name_and_link(client, published_coffee, app):
    page = client.get(f"/e/{published_coffee['enterprise_slug']}?lang=en").get_data(as_text=True)
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    title, link = share_text(page).split("\n")
    assert title.startswith("Kopi Sapan")
    assert link == f"{base}/e/{published_coffee['enterprise_slug']}"
    assert '<meta property="og:description"' in page


@pytest.mark.parametrize("path", ["/p/kopi-toraja-sapan", "/e/{slug}", "/catalog", "/help"])
def test_no_sme_phone_number_on_a_public_page(client, published_coffee, app, path):
    """Buyers reach makers through inquiries: the stored number appears in no form at all."""
    with app.app_context():
        enterprise = db.session.get(Enterprise, published_coffee["enterprise"])
        enterprise.phone = "+6281234567890"
        db.session.commit()
    page = client.get(path.format(slug=published_coffee["enterprise_slug"]) + "?lang=en").get_data(
        as_text=True
    )
    digits = re.sub(r"\D", "", page)
    assert "81234567890" not in digits
    assert "tel:" not in page


def test_chat_with_the_trading_house_is_hidden_when_no_number_is_set(client, published_coffee):
    for path in ("/p/kopi-toraja-sapan?lang=en", "/help?lang=en"):
        page = client.get(path).get_data(as_text=True)
        assert 'data-testid="chat-trading-house"' not in page
        assert "wa.me/62" not in page


def test_chat_with_the_trading_house_on_product_and_help_pages(
    client, published_coffee, monkeypatch, app
):
    monkeypatch.setitem(app.config, "TRADING_HOUSE_WHATSAPP", "+628114000123")
    product = client.get("/p/kopi-toraja-sapan?lang=en").get_data(as_text=True)
    chat = re.search(r'href="([^"]+)"[^>]*data-testid="chat-trading-house"', product).group(1)
    url = urlsplit(html.unescape(chat))
    assert (url.netloc, url.path) == ("wa.me", "/628114000123")
    assert "Toraja Sapan Coffee" in parse_qs(url.query)["text"][0]
    assert "Chat with the trading house on WhatsApp" in product
    help_page = client.get("/help?lang=en").get_data(as_text=True)
    assert 'href="https://wa.me/628114000123' in help_page
    assert "0811-4000-123" in help_page  # the number itself, in the national format
    assert client.get("/help?lang=id").status_code == 200


def test_the_help_page_is_linked_from_every_page(client, published_coffee):
    page = client.get("/catalog?lang=en").get_data(as_text=True)
    assert 'href="/help"' in page and "Help and contact" in page
