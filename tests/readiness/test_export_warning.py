"""The export warning: a product below grade B bought for a destination outside Indonesia tells
the buyer what is missing and offers a quotation through the trading house (product page and
checkout), in the buyer's language; a domestic sale or an export-ready product shows nothing."""

import pytest

from tests.catalog.test_statement_counts import real_cache  # noqa: F401 - fixture
from tests.orders.helpers import CHECKOUT_FORM, shipping_zones
from trading_house.extensions import db
from trading_house.readiness.services import load_default

SWEDEN = {"country": "SE", "city": "Stockholm", "postal_code": "111 22", "region": ""}


@pytest.fixture
def products(factory, rd):
    """A grade-D sarong (nothing verified) and a grade-A one, with the default rules."""
    cats = rd.categories()
    rd.template()
    load_default()  # destination rules only: a template exists already
    db.session.commit()
    weak = factory.enterprise()
    sarong = factory.product(
        weak,
        category=cats["textile"],
        slug="sarung-belum-siap",
        name_english="Silk sarong",
        hs_code="50072090",
    )
    ready = factory.enterprise()
    good = factory.product(ready, category=cats["textile"], slug="sarung-siap", hs_code="62114200")
    for code in ("ent.nib", "ent.capacity", "ent.bank"):
        rd.answer(ready, code)
    rd.answer(ready, "prod.hs", product=good, certificate_number="62114200")
    return sarong, good


def test_the_product_page_warns_a_buyer_shipping_abroad(client, products):
    sarong, _good = products
    body = client.get("/p/sarung-belum-siap?lang=en&destination=SE").get_data(as_text=True)
    assert 'data-testid="export-warning"' in body and 'data-grade="D"' in body
    assert "Silk sarong is not export-ready yet (grade D) for a shipment to Sweden." in body
    missing = body.split('data-testid="export-warning-missing"')[1].split("</ul>")[0]
    # the mandatory items not verified, and the EU statement on origin it cannot give yet
    for title in ("Title ent.nib", "Title ent.capacity", "Title prod.hs"):
        assert title in missing
    assert "Statement on origin (REX)" in missing
    assert (
        f'href="/inquiries/requests/new?product={sarong.id}&amp;destination=SE"' in body
    ) and "Ask the trading house for a quotation" in body


def test_the_warning_is_in_indonesian_for_an_indonesian_reader(client, products):
    body = client.get("/p/sarung-belum-siap?lang=id&destination=SE").get_data(as_text=True)
    assert 'data-testid="export-warning"' in body
    assert "Minta penawaran melalui rumah dagang" in body


def test_no_warning_for_a_domestic_sale_or_an_export_ready_product(client, products):
    assert 'data-testid="export-warning"' not in client.get(
        "/p/sarung-belum-siap?lang=en&destination=ID"
    ).get_data(as_text=True)
    assert 'data-testid="export-warning"' not in client.get(
        "/p/sarung-belum-siap?lang=en"
    ).get_data(as_text=True)
    assert 'data-testid="export-warning"' not in client.get(
        "/p/sarung-siap?lang=en&destination=SE"
    ).get_data(as_text=True)


def test_a_signed_in_buyer_abroad_is_warned_without_choosing_a_destination(
    client, login, factory, products
):
    login(factory.user("buyer", country="US"))
    body = client.get("/p/sarung-belum-siap?lang=en").get_data(as_text=True)
    assert "for a shipment to United States" in body
    # Their country is already chosen in "Shipping to", with the documents it needs listed.
    chosen = body.split('id="readiness-destination"')[1].split("</select>")[0]
    assert '<option value="US" selected>United States</option>' in chosen
    assert chosen.count(" selected>") == 1
    assert "A shipment to United States needs these documents" in body
    assert 'data-testid="required-documents"' in body


def test_a_buyer_at_home_chooses_a_destination_as_a_visitor_does(client, login, factory, products):
    login(factory.user("buyer", country="ID"))
    body = client.get("/p/sarung-belum-siap?lang=en").get_data(as_text=True)
    chosen = body.split('id="readiness-destination"')[1].split("</select>")[0]
    assert '<option value="" selected' not in chosen and " selected>" not in chosen
    assert 'data-testid="export-warning"' not in body
    assert 'data-testid="required-documents"' not in body


def test_checkout_to_an_address_abroad_warns_and_offers_a_quotation(
    client, login, factory, products
):
    sarong, good = products
    shipping_zones()
    login(factory.user("buyer"))
    client.post("/cart/add", data={"product_id": sarong.id, "quantity": "1"})
    client.post("/cart/add", data={"product_id": good.id, "quantity": "1"})
    domestic = client.get("/checkout?lang=en").get_data(as_text=True)
    assert 'data-testid="export-warning"' not in domestic  # Indonesia by default
    response = client.post(
        "/checkout?lang=en",
        data={**CHECKOUT_FORM, **SWEDEN, "idempotency_key": "k" * 24, "action": "options"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    warnings = body.count('data-testid="export-warning"')
    assert warnings == 1 and f'data-product="{sarong.id}"' in body  # not the grade-A one
    assert f"/inquiries/requests/new?product={sarong.id}&amp;destination=SE" in body


def test_the_quotation_request_is_filled_in_from_the_warning(client, login, factory, products):
    sarong, _good = products
    login(factory.user("buyer"))
    body = client.get(
        f"/inquiries/requests/new?product={sarong.id}&destination=SE&lang=en"
    ).get_data(as_text=True)
    assert 'value="Silk sarong"' in body
    assert '<option selected value="SE">' in body or 'value="SE" selected' in body
    assert "Please quote through the trading house" in body


@pytest.mark.usefixtures("real_cache")
@pytest.mark.parametrize("first", ["buyer abroad", "visitor"])
def test_a_buyers_warning_is_theirs_alone(app, login, factory, products, first):
    """The readiness panel is kept in the cache for everyone: the warning a buyer from Sweden
    is shown (their country) must not reach a visitor, nor a visitor's panel hide it from the
    buyer, whoever comes first."""
    buyer = factory.user("buyer", country="SE", preferred_language="en")
    signed_in, visitor = app.test_client(), app.test_client()
    login(buyer, target=signed_in)
    pages = {}
    for who in (first, ({"buyer abroad", "visitor"} - {first}).pop()):
        browser = signed_in if who == "buyer abroad" else visitor
        pages[who] = browser.get("/p/sarung-belum-siap").get_data(as_text=True)
    assert 'data-testid="export-warning"' in pages["buyer abroad"]
    assert "for a shipment to Sweden" in pages["buyer abroad"]
    assert 'data-testid="export-warning"' not in pages["visitor"]
    assert 'data-testid="product-readiness"' in pages["visitor"]
