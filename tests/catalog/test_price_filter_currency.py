"""The catalog's price filter in the buyer's currency (issue #15): a buyer who shops in yen types
yen, and the catalog compares in rupiah at the admin-set rate."""

import pytest

from trading_house.core.rates import set_rate
from trading_house.core.tx import commit


@pytest.fixture
def three_prices(factory):
    owner = factory.user("sme", email="owner@kopi.id")
    enterprise = factory.enterprise(owner)
    category = factory.category("Kopi")
    for name, price in (
        ("Cheap drip bags", 52_500),
        ("Middle beans", 210_000),
        ("Dear gift", 840_000),
    ):
        factory.product(enterprise, category=category, name_english=name, retail_price_idr=price)
    set_rate("JPY", "105")
    commit()


def _names(page: str) -> set[str]:
    return {name for name in ("Cheap drip bags", "Middle beans", "Dear gift") if name in page}


def test_the_filter_speaks_the_buyers_currency(client, three_prices):
    page = client.get("/catalog?lang=en&currency=JPY").get_data(as_text=True)
    assert "Price (JPY)" in page
    assert '<input type="hidden" name="price_currency" value="JPY">' in page


def test_yen_bounds_select_by_their_rupiah_value(client, three_prices):
    # ¥1,000 = Rp 105.000 and ¥3,000 = Rp 315.000: only the Rp 210.000 beans are between.
    page = client.get(
        "/catalog?lang=en&currency=JPY&price_currency=JPY&min_price=1,000&max_price=3000"
    ).get_data(as_text=True)
    assert _names(page) == {"Middle beans"}
    # What the buyer typed comes back in yen, not in rupiah.
    assert 'name="min_price" value="1,000"' in page
    assert 'name="max_price" value="3,000"' in page


def test_rupiah_bounds_still_work_for_links_and_the_api(client, three_prices):
    page = client.get("/catalog?lang=en&min_price=100000&max_price=300000").get_data(as_text=True)
    assert _names(page) == {"Middle beans"}
    assert "Price (IDR)" in page
    api = client.get("/api/v1/products?min_price=100000&max_price=300000").get_json()
    assert len(api["items"]) == 1


@pytest.mark.parametrize("typed", ["abc", "-5", "1e400"])
def test_a_bad_amount_in_yen_is_explained(client, three_prices, typed):
    response = client.get(f"/catalog?lang=en&currency=JPY&price_currency=JPY&min_price={typed}")
    assert response.status_code == 200
    assert "Enter a price in JPY, e.g. 25." in response.get_data(as_text=True)


def test_a_currency_without_a_rate_is_explained(client, three_prices):
    response = client.get("/catalog?lang=en&price_currency=EUR&min_price=10")
    assert "Enter a price in EUR, e.g. 25." in response.get_data(as_text=True)
    assert _names(response.get_data(as_text=True)) == {
        "Cheap drip bags",
        "Middle beans",
        "Dear gift",
    }


@pytest.mark.parametrize(
    ("typed_min", "typed_max"),
    [
        ("52.500", "210.000"),
        ("Rp 52.500", "Rp 210.000,-"),
        ("52.499,50", "210.000,49"),  # rounded half up to whole rupiah, as every price field
    ],
)
def test_rupiah_bounds_typed_the_indonesian_way(client, three_prices, typed_min, typed_max):
    """``210.000,49`` was read as Rp 21.000.049: the separators were dropped, decimals too.
    (The page in English for the products' English names; rupiah reads the same in both.)"""
    page = client.get(f"/catalog?lang=en&min_price={typed_min}&max_price={typed_max}").get_data(
        as_text=True
    )
    assert _names(page) == {"Cheap drip bags", "Middle beans"}
    assert 'data-testid="filter-errors"' not in page


def test_a_bad_bound_is_explained_and_kept_in_its_field(client, three_prices):
    page = client.get("/catalog?lang=en&min_price=lima+ribu&max_price=300.000").get_data(
        as_text=True
    )
    assert "Enter a price in rupiah, e.g. 250000." in page
    # What the buyer typed stays where they typed it, to be corrected.
    assert 'name="min_price" value="lima ribu"' in page
    assert 'name="max_price" value="300.000"' in page


def test_a_bad_bound_is_explained_in_indonesian_with_an_indonesian_example(client, three_prices):
    """The example is typed as an Indonesian reader types it (and reads it back)."""
    page = client.get("/catalog?lang=id&min_price=lima+ribu").get_data(as_text=True)
    assert "Masukkan harga dalam rupiah, misalnya 250.000." in page
    example = client.get("/catalog?lang=id&min_price=250.000").get_data(as_text=True)
    assert 'data-testid="filter-errors"' not in example
    assert 'name="min_price" value="250.000"' in example
