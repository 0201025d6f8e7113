"""The product form reads its retail price and wholesale prices with the one money parser, the
Indonesian and the English way, and shows back how it read them."""

import re

import pytest
from sqlalchemy import select

from tests.catalog.test_product_management import valid_form
from trading_house.catalog.models import Product
from trading_house.extensions import db


def _prices(app):
    with app.app_context():
        product = db.session.scalar(select(Product))
        return product.retail_price_idr, [(t.min_quantity, t.unit_price_idr) for t in product.tiers]


@pytest.mark.parametrize(
    ("lang", "retail", "tier_10", "tier_50"),
    [
        ("id", "Rp 650.000", "600.000", "Rp550.000,-"),
        ("id", "650000", "600.000,00", "550 000"),
        ("en", "650,000", "IDR 600,000", "550000"),
        ("en", "Rp 650.000", "600,000.00", "550.000"),  # "550.000" rupiah can only be thousands
    ],
)
def test_prices_typed_either_way_are_saved_in_whole_rupiah(
    client, login, sme, categories, app, lang, retail, tier_10, tier_50
):
    login(sme[0])
    form = valid_form(
        categories["kopi-arabika"],
        retail_price_idr=retail,
        **{"tiers-0-unit_price_idr": tier_10, "tiers-1-unit_price_idr": tier_50},
    )
    response = client.post(f"/business/products/new?lang={lang}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _prices(app) == (650_000, [(10, 600_000), (50, 550_000)])


def test_the_edit_form_shows_prices_and_their_echo_the_local_way(
    client, login, sme, categories, app
):
    login(sme[0])
    client.post("/business/products/new", data=valid_form(categories["kopi-arabika"]))
    with app.app_context():
        product_id = db.session.scalar(select(Product.id))
    page = client.get(f"/business/products/{product_id}/edit?lang=id").get_data(as_text=True)
    assert 'name="retail_price_idr"' in page and 'value="85.000"' in page
    echo = page.split('id="retail_price_idr-echo"', 1)[1].split("</div>", 1)[0]
    assert "Rp85.000" in echo
    tier_echo = page.split('id="tiers-0-unit_price_idr-echo"', 1)[1].split("</div>", 1)[0]
    assert "Rp80.000" in tier_echo
    tier_input = re.search(r'<input[^>]*name="tiers-0-unit_price_idr"[^>]*>', page)[0]
    assert 'aria-describedby="tiers-0-unit_price_idr-echo"' in tier_input
    assert 'data-money-input="IDR"' in tier_input
    page = client.get(f"/business/products/{product_id}/edit?lang=en").get_data(as_text=True)
    assert 'value="85,000"' in page


def test_a_refused_tier_price_is_explained_and_nothing_is_saved(
    client, login, sme, categories, app
):
    login(sme[0])
    form = valid_form(categories["kopi-arabika"], **{"tiers-1-unit_price_idr": "US$ 5"})
    response = client.post("/business/products/new?lang=en", data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "“US$” is not the currency of this amount (IDR)" in page
    assert 'value="US$ 5"' in page
    with app.app_context():
        assert db.session.scalar(select(Product)) is None
