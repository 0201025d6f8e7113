"""One country list: ISO 3166-1 codes named in the visitor's language, in every country select,
with no grouping or pseudo regions; stored codes that are no longer on it still show."""

import html
import re
from datetime import timedelta

import pytest

from tests.conftest import PASSWORD
from trading_house.core.countries import country_choices, country_codes, country_name, is_country
from trading_house.extensions import db
from trading_house.inquiries import services as inquiry_services
from trading_house.inquiries.terms import trading_today

NOT_COUNTRIES = {
    "EU": ("European Union", "Uni Eropa"),
    "EZ": ("Eurozone", "Zona Euro"),
    "UN": ("United Nations", "Perserikatan Bangsa-Bangsa"),
    "ZZ": ("Unknown Region", "Wilayah Tidak Dikenal"),
    "XA": ("Pseudo-Accents", "Aksen Asing"),
    "XB": ("Pseudo-Bidi", "Pseudo-Bidi"),
    "QO": ("Outlying Oceania", "Oseania Luar"),
}


def options(page: str, name: str) -> list[tuple[str, str]]:
    """(value, text) of the options of the select called ``name``."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select {name}"
    return [
        (value, html.unescape(text).strip())
        for value, text in re.findall(
            r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select[1]
        )
    ]


def assert_real_countries(pairs, lang):
    codes = [code for code, _name in pairs if code]
    assert len(codes) == 249 and set(codes) == country_codes()
    names = " ".join(name for _code, name in pairs)
    for english, indonesian in NOT_COUNTRIES.values():
        assert english not in names and indonesian not in names
    assert ("JP", "Japan" if lang == "en" else "Jepang") in pairs
    assert ("NL", "Netherlands" if lang == "en" else "Belanda") in pairs


def test_the_list_is_iso_3166_1(app):
    codes = country_codes()
    assert len(codes) == 249
    assert {"ID", "JP", "NL", "SA", "AX", "CI", "PS", "TW"} <= codes
    assert not codes & ({*NOT_COUNTRIES, "XK", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"})
    assert all(len(c) == 2 and c.isupper() for c in codes)
    assert is_country("JP") and not is_country("EU") and not is_country("jp")
    assert not is_country(None) and not is_country("")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_names_in_both_languages_sorted_for_their_readers(app, lang):
    with app.test_request_context(f"/?lang={lang}"):
        pairs = country_choices()
    assert_real_countries(pairs, lang)
    names = [name for _code, name in pairs]
    if lang == "en":
        # Åland sorts with the A's, Côte d’Ivoire between Costa Rica and Croatia
        assert names[:3] == ["Afghanistan", "Åland Islands", "Albania"]
        assert names.index("Costa Rica") < names.index("Côte d’Ivoire") < names.index("Croatia")
    else:
        assert names[0] == "Afganistan" and "Jepang" in names and "Amerika Serikat" in names
        assert names.index("Jepang") < names.index("Jerman") < names.index("Kamboja")


def test_a_stored_code_off_the_list_still_has_its_name(app):
    with app.test_request_context("/?lang=en"):
        assert country_name("EU") == "European Union"
        assert country_name("XK") == "Kosovo"
        assert country_name("Q9") == "Q9"
        assert country_choices(keep="EU")[0] == ("EU", "European Union")
        assert country_choices(keep="JP") == country_choices()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_registration_offers_real_countries(client, lang):
    assert_real_countries(
        options(client.get(f"/register?lang={lang}").get_data(as_text=True), "country"), lang
    )


@pytest.mark.parametrize("lang", ["en", "id"])
def test_inquiry_and_buying_request_offer_real_countries(client, factory, login, lang):
    buyer = factory.user("buyer", email="kenji@example.jp", country="JP")
    product = factory.product(factory.enterprise(factory.user("sme")))
    login(buyer)
    page = client.get(f"/inquiries/ask/{product.id}?lang={lang}").get_data(as_text=True)
    assert_real_countries(options(page, "destination"), lang)
    assert '<option selected value="JP">' in page
    page = client.get(f"/inquiries/requests/new?lang={lang}").get_data(as_text=True)
    assert_real_countries(options(page, "destination"), lang)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_checkout_offers_real_countries(client, factory, login, lang):
    login(factory.user("buyer", email="rina@example.id"))
    product = factory.product(factory.enterprise(factory.user("sme")), stock=5)
    client.post("/cart/add", data={"product_id": product.id, "quantity": "1"})
    page = client.get(f"/checkout?lang={lang}").get_data(as_text=True)
    assert_real_countries(options(page, "country"), lang)


def test_settings_show_a_stored_region_and_ask_for_a_country(client, factory, login):
    """An account saved with "EU" before the list was fixed: the page shows it, and saving asks
    for a real country instead of silently keeping or dropping it."""
    user = factory.user("buyer", email="sanne@example.nl", country="EU", preferred_language="en")
    login(user)
    page = client.get("/account?lang=en").get_data(as_text=True)
    pairs = options(page, "country")
    assert ("EU", "European Union") in pairs and '<option selected value="EU">' in page
    response = client.post(
        "/account?lang=en",
        data={
            "display_name": "Sanne",
            "country": "EU",
            "preferred_language": "en",
            "preferred_currency": "EUR",
            "timezone": "Europe/Amsterdam",
        },
    )
    assert response.status_code == 200  # the settings page, shown again with the message
    assert "Choose a country from the list." in response.get_data(as_text=True)
    db.session.expire_all()
    assert user.country == "EU"
    saved = client.post(
        "/account?lang=en",
        data={
            "display_name": "Sanne",
            "country": "NL",
            "preferred_language": "en",
            "preferred_currency": "EUR",
            "timezone": "Europe/Amsterdam",
        },
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert user.country == "NL"


def test_a_thread_with_an_old_destination_still_names_it(client, factory, login):
    buyer = factory.user("buyer", email="kenji@example.jp", preferred_language="en")
    product = factory.product(factory.enterprise(factory.user("sme")))
    inquiry = inquiry_services.start_inquiry(
        buyer,
        product,
        quantity=10,
        unit="pcs",
        destination_country="JP",
        incoterm="FOB",
        date_needed=trading_today() + timedelta(days=30),
        message="Please quote.",
        locale="en",
    )
    inquiry.destination_country = "XK"  # stored before the list was narrowed
    db.session.commit()
    login(buyer, password=PASSWORD)
    page = client.get(f"/inquiries/{inquiry.id}?lang=en").get_data(as_text=True)
    assert "Kosovo" in page
