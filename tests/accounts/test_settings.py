"""Account settings: profile and preferences, and a password change that ends other sessions."""

import pytest

from tests.accounts.conftest import STRONG, reload
from tests.factories import DEFAULT_PASSWORD


def profile(**changes):
    data = {
        "display_name": "Kenji Tanaka",
        "company": "Sakura Trading",
        "country": "JP",
        "preferred_language": "en",
        "preferred_currency": "JPY",
        "timezone": "Asia/Tokyo",
    }
    data.update(changes)
    return data


def test_settings_need_a_signed_in_user(client, factory):
    assert client.get("/account").headers["Location"].startswith("/login?next=")


def test_the_page_shows_the_current_values_and_the_time_zones(client, factory, login):
    login(factory.user(email="rina@example.id", display_name="Rina", timezone="Asia/Jakarta"))
    page = client.get("/account?lang=en").get_data(as_text=True)
    assert 'value="Rina"' in page
    for zone in ("Asia/Makassar", "Asia/Jayapura", "Asia/Singapore", "Europe/Amsterdam"):
        assert f'value="{zone}"' in page
    assert '<option selected value="Asia/Jakarta">' in page
    assert "Indonesia (Makassar) Time (Asia/Makassar)" in page


def test_saving_the_profile_takes_effect_at_once(client, factory, login):
    user = factory.user(email="kenji@example.jp")
    login(user)
    response = client.post("/account", data=profile())
    assert response.status_code == 302
    reload(user)
    assert (user.display_name, user.company, user.country) == (
        "Kenji Tanaka",
        "Sakura Trading",
        "JP",
    )
    assert (user.preferred_language, user.preferred_currency, user.timezone) == (
        "en",
        "JPY",
        "Asia/Tokyo",
    )
    page = client.get("/account").get_data(as_text=True)
    assert 'lang="en"' in page and "Your settings are saved." in page
    assert '<option value="JPY" selected>JPY</option>' in page, "the header currency follows"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "Choose a time zone from the list."),
        ({"preferred_currency": "XYZ"}, "Choose a currency from the list."),
        ({"preferred_language": "fr"}, "Choose a language from the list."),
        ({"country": "QQ"}, "Choose a country from the list."),
        ({"display_name": ""}, "Enter your name."),
        ({"company": "x" * 161}, "Use at most 160 characters."),
    ],
)
def test_bad_profile_values_are_refused_and_kept(client, factory, login, changes, message):
    user = factory.user(email="kenji@example.jp", display_name="Before")
    login(user)
    response = client.post("/account?lang=en", data=profile(**{"display_name": "Typed", **changes}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    if changes.get("display_name") is None:
        assert 'value="Typed"' in page
    assert reload(user).display_name == "Before"


def test_country_may_be_left_empty(client, factory, login):
    user = factory.user(email="kenji@example.jp", country="JP")
    login(user)
    assert client.post("/account", data=profile(country="")).status_code == 302
    assert reload(user).country is None


def test_password_change_needs_the_current_password(client, factory, login):
    user = factory.user(email="kenji@example.jp")
    old_hash = user.password_hash
    login(user)
    response = client.post(
        "/account/password?lang=en",
        data={
            "current_password": "not-my-password",
            "new_password": STRONG,
            "new_password_confirm": STRONG,
        },
    )
    assert response.status_code == 200
    assert "Your current password is not correct." in response.get_data(as_text=True)
    assert reload(user).password_hash == old_hash


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("short", "short", "Use at least 10 characters."),
        ("kenji-rocks-2026", "kenji-rocks-2026", "must not contain your e-mail address"),
        (STRONG, STRONG + "!", "The two passwords do not match."),
        (DEFAULT_PASSWORD, DEFAULT_PASSWORD, "different from your current one"),
    ],
)
def test_a_bad_new_password_is_refused(client, factory, login, new, confirm, message):
    login(factory.user(email="kenji@example.jp"))
    response = client.post(
        "/account/password?lang=en",
        data={
            "current_password": DEFAULT_PASSWORD,
            "new_password": new,
            "new_password_confirm": confirm,
        },
    )
    assert message in response.get_data(as_text=True)


def test_password_change_ends_the_other_sessions_only(
    app, client, factory, login, outbox, audit_actions
):
    user = factory.user(email="kenji@example.jp")
    login(user)
    phone = login(user, target=app.test_client())
    response = client.post(
        "/account/password",
        data={
            "current_password": DEFAULT_PASSWORD,
            "new_password": STRONG,
            "new_password_confirm": STRONG,
        },
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200, "this browser stays signed in"
    assert phone.get("/account").status_code == 302, "the other device is signed out"
    assert "auth.password_changed" in audit_actions()
    assert outbox("kenji@example.jp")[-1].subject == "Your Rumah Dagang password was changed"
    fresh = app.test_client()
    assert (
        fresh.post("/login", data={"email": "kenji@example.jp", "password": STRONG}).status_code
        == 302
    )
