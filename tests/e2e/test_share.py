"""Sharing a product on WhatsApp from a phone: the buyer taps "Share on WhatsApp" and WhatsApp is
asked to open with the product's title, its price in the buyer's currency and its canonical link.
There is no network here: wa.me is answered by a stub, and the URL the browser asked for is read."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.test_inquiry_flow import sign_in
from trading_house.core.rates import set_rate
from trading_house.extensions import db


@pytest.fixture
def viewport():
    return PHONE  # this journey is about phones only


def test_a_buyer_shares_a_product_on_whatsapp_from_a_phone(page, factory, app, screenshot):
    buyer = factory.user("buyer", email="sanne@example.nl", country="NL", preferred_language="en")
    owner = factory.user("sme", email="owner@kopi.id")
    enterprise = factory.enterprise(owner, name="Kopi Toraja Sejahtera", phone="+6281234567890")
    factory.product(
        enterprise,
        slug="kopi-toraja-sapan",
        name_english="Toraja Sapan Coffee & Beans",  # "&" must stay inside the shared text
        retail_price_idr=175_000,
    )
    set_rate("EUR", "17500")
    db.session.commit()

    asked = []

    def whatsapp_stub(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>WhatsApp</p>")

    page.context.route("https://wa.me/**", whatsapp_stub)
    sign_in(page, buyer)
    page.goto("/p/kopi-toraja-sapan?lang=en&currency=EUR")
    share = page.get_by_test_id("share-whatsapp")
    expect(share).to_be_visible()
    share.scroll_into_view_if_needed()
    box = share.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # not cut off on a phone
    assert box["height"] >= 30  # big enough to tap
    shot = screenshot("product-share")

    with page.expect_popup() as popup:
        share.click()
    whatsapp = popup.value
    whatsapp.wait_for_load_state()
    assert asked, "the browser never asked wa.me"
    url = urlsplit(asked[0])
    assert (url.scheme, url.netloc, url.path) == ("https", "wa.me", "/")
    title, price, link = parse_qs(url.query)["text"][0].split("\n")
    assert title == "Toraja Sapan Coffee & Beans"
    assert price == "€10.00"  # 175,000 IDR at 17,500 per euro, in the buyer's currency
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    assert link == f"{base}/p/kopi-toraja-sapan"
    # The maker's own number is nowhere on the page: buyers reach makers through inquiries.
    assert "81234567890" not in "".join(ch for ch in page.content() if ch.isdigit())
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
