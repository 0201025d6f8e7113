"""A foreign buyer's first visit and sign-up (issue #15): the browser's language, the country's
currency and time zone, and the page that asked for an account is where each step lands."""

import pytest
from sqlalchemy import select

from tests.accounts.conftest import link_path
from tests.accounts.test_register import buyer_form, sme_form
from trading_house.accounts.choices import TIME_ZONES
from trading_house.accounts.models import User
from trading_house.core.countries import COUNTRY_TIMEZONES, currency_for, timezone_for
from trading_house.extensions import db


def html_lang(response) -> str:
    text = response.get_data(as_text=True)
    return text.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ja-JP", "en"),
        ("nl-NL", "en"),
        ("ja-JP,ja;q=0.9", "en"),
        ("de-DE,de;q=0.9,en;q=0.5", "en"),
        ("id-ID,id;q=0.9,en;q=0.8", "id"),
        ("en-US,en;q=0.9,id;q=0.8", "en"),
        ("ms-MY,id;q=0.7", "id"),
    ],
)
def test_a_browser_that_does_not_ask_for_indonesian_gets_english(client, header, language):
    assert html_lang(client.get("/", headers={"Accept-Language": header})) == language


def test_without_the_header_the_site_speaks_its_default_language(app, client):
    # (the test client sends "en" unless told otherwise)
    response = client.get("/", environ_overrides={"HTTP_ACCEPT_LANGUAGE": ""})
    assert html_lang(response) == app.config["BABEL_DEFAULT_LOCALE"] == "id"


def test_the_persons_choice_beats_the_browser(client):
    client.get("/?lang=id", headers={"Accept-Language": "ja-JP"})
    assert html_lang(client.get("/", headers={"Accept-Language": "ja-JP"})) == "id"


def test_the_api_follows_the_same_rule(client):
    response = client.get("/api/v1/categories?lang=fr", headers={"Accept-Language": "nl-NL"})
    assert response.status_code == 400
    assert response.get_json()["errors"]["lang"] == "Use one of: id, en."


@pytest.mark.parametrize(
    ("country", "currency", "zone"),
    [
        ("JP", "JPY", "Asia/Tokyo"),
        ("NL", "EUR", "Europe/Amsterdam"),
        ("DE", "EUR", "Europe/Berlin"),
        ("SG", "SGD", "Asia/Singapore"),
        ("AU", "AUD", "Australia/Sydney"),
        ("SA", "SAR", "Asia/Riyadh"),
        ("US", "USD", "America/New_York"),
        ("KR", "USD", "Asia/Seoul"),  # no won on the list: dollars
        ("KE", "USD", "UTC"),  # no zone on the list: UTC until the buyer picks one
        ("ID", "IDR", "Asia/Makassar"),
    ],
)
def test_a_buyer_starts_with_the_currency_and_time_zone_of_its_country(
    client, ctx, country, currency, zone
):
    response = client.post("/register", data=buyer_form(country=country))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "kenji@sakura-trading.jp"))
    assert (user.preferred_currency, user.timezone) == (currency, zone)


def test_an_sme_stays_on_rupiah_and_makassar_time(client, ctx):
    assert client.post("/register", data=sme_form()).status_code == 302
    user = db.session.scalar(select(User).where(User.email == "rahman@kopi-enrekang.id"))
    assert (user.preferred_currency, user.timezone) == ("IDR", "Asia/Makassar")


def test_every_default_zone_is_one_the_settings_offer(app):
    assert set(COUNTRY_TIMEZONES.values()) <= set(TIME_ZONES)
    assert timezone_for(None) == "UTC"
    assert currency_for("JP", ("IDR", "USD")) == "USD"
    assert currency_for("JP", ("IDR",)) == "IDR"


# --- context kept through sign-in, sign-up and confirmation --------------------------------------

ASK = "/inquiries/ask/7"


def test_sign_in_page_sends_new_people_to_registration_with_the_page_to_return_to(client):
    page = client.get(f"/login?lang=en&next={ASK}").get_data(as_text=True)
    assert f'href="/register?next={ASK}"' in page


def test_the_registration_form_keeps_the_page_and_puts_it_in_the_emailed_link(client, ctx, outbox):
    page = client.get(f"/register?lang=en&next={ASK}").get_data(as_text=True)
    assert f'name="next" type="hidden" value="{ASK}"' in page
    response = client.post("/register", data=buyer_form(next=ASK))
    assert response.headers["Location"] == f"/login?next={ASK}"
    path = link_path(outbox("kenji@sakura-trading.jp")[-1], "/verify/")
    assert path.endswith(f"?next={ASK}")


def test_an_off_site_page_is_never_kept(client, ctx, outbox):
    response = client.post("/register", data=buyer_form(next="https://evil.example/x"))
    assert response.headers["Location"] == "/login"
    assert "next=" not in link_path(outbox("kenji@sakura-trading.jp")[-1], "/verify/")
    form = client.get("/register?next=//evil.example").get_data(as_text=True)
    assert 'name="next" type="hidden" value=""' in form


def _registered_link(client, outbox) -> str:
    client.post("/register", data=buyer_form(next=ASK))
    return link_path(outbox("kenji@sakura-trading.jp")[-1], "/verify/")


def test_confirming_in_the_browser_that_registered_signs_in_and_returns_to_the_page(
    client, ctx, outbox
):
    path = _registered_link(client, outbox)
    page = client.get(path).get_data(as_text=True)
    assert f'action="{path.replace("?next=", "?next=").split("?")[0]}?next=' in page
    response = client.post(path)
    assert response.headers["Location"] == ASK
    settings = client.get("/account?lang=en")
    assert settings.status_code == 200 and "Kenji Tanaka" in settings.get_data(as_text=True)


def test_confirming_in_another_browser_asks_to_sign_in_and_then_returns(app, client, ctx, outbox):
    path = _registered_link(client, outbox)
    other = app.test_client()
    response = other.post(path)
    assert response.headers["Location"] == f"/login?next={ASK}"
    assert other.get("/account").status_code == 302  # not signed in


def test_an_old_confirmation_link_signs_nobody_in(app, client, ctx, outbox):
    path = _registered_link(client, outbox)
    assert app.test_client().post(path).status_code == 302  # confirmed elsewhere first
    response = client.post(path)  # the browser that registered, but the link is spent
    assert response.headers["Location"].startswith("/login")
    assert client.get("/account").status_code == 302


def test_an_unsafe_next_on_the_confirmation_link_is_ignored(client, ctx, outbox):
    path = _registered_link(client, outbox).split("?")[0]
    response = client.post(path + "?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_the_inquiry_form_comes_pre_filled_for_the_buyer(client, ctx, factory, login):
    buyer = factory.user("buyer", email="kenji@example.jp", country="JP", preferred_currency="JPY")
    owner = factory.user("sme", email="owner@kopi.id")
    product = factory.product(
        factory.enterprise(owner),
        name_english="Toraja Arabica green beans",
        export_moq=100,
        export_unit="kg",
    )
    login(buyer)
    page = client.get(f"/inquiries/ask/{product.id}?lang=en").get_data(as_text=True)
    assert 'value="100"' in page
    assert '<option selected value="JPY">' in page
    assert "I would like a quotation for Toraja Arabica green beans" in page


def test_a_sign_in_link_by_email_also_leads_back_to_the_page(client, factory, outbox):
    factory.user("buyer", email="yuki@example.jp")
    login_page = client.get(f"/login?lang=en&next={ASK}").get_data(as_text=True)
    assert f'href="/login/link?next={ASK}"' in login_page
    form = client.get(f"/login/link?lang=en&next={ASK}").get_data(as_text=True)
    assert f'name="next" type="hidden" value="{ASK}"' in form
    response = client.post("/login/link", data={"email": "yuki@example.jp", "next": ASK})
    assert response.headers["Location"] == f"/login?next={ASK}"
    path = link_path(outbox("yuki@example.jp")[-1], "/login/link/")
    assert path.endswith(f"?next={ASK}")
    assert f"?next={ASK}" in client.get(path).get_data(as_text=True)  # the button's form
    assert client.post(path).headers["Location"] == ASK


def test_a_sign_in_link_with_an_off_site_next_goes_home(client, factory, outbox):
    factory.user("buyer", email="yuki@example.jp")
    client.post("/login/link", data={"email": "yuki@example.jp", "next": "//evil.example"})
    path = link_path(outbox("yuki@example.jp")[-1], "/login/link/")
    assert "next=" not in path
    assert client.post(path + "?next=https://evil.example").headers["Location"] == "/"


def test_a_link_sent_again_from_the_banner_leads_back_to_the_page(client, factory, login, outbox):
    user = factory.user("buyer", email="yuki@example.jp", verified=False)
    login(user)
    response = client.post("/verify/resend", data={"next": ASK})
    assert response.headers["Location"] == ASK
    assert link_path(outbox("yuki@example.jp")[-1], "/verify/").endswith(f"?next={ASK}")
    assert (
        client.post(link_path(outbox("yuki@example.jp")[-1], "/verify/")).headers["Location"] == ASK
    )
