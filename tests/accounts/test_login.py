"""Sign-in and -out: safe redirects, clear refusals, server-side sessions, upgraded hashes."""

import pytest
from argon2 import PasswordHasher
from werkzeug.security import generate_password_hash

from tests.accounts.conftest import reload
from tests.factories import DEFAULT_PASSWORD
from trading_house.accounts import services
from trading_house.extensions import db


def sign_in(client, email, password=DEFAULT_PASSWORD, **extra):
    return client.post("/login?lang=en", data={"email": email, "password": password, **extra})


def test_sign_in_goes_to_next_and_is_audited(client, factory, audit_actions):
    user = factory.user("buyer", email="rina@example.id")
    response = sign_in(client, "rina@example.id", next="/account?tab=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account?tab=1"
    assert client.get("/account").status_code == 200
    assert "auth.sign_in" in audit_actions()
    assert reload(user).last_sign_in_at is not None


def test_next_from_the_query_string_is_carried_through_the_form(client, factory):
    page = client.get("/login?lang=en&next=/account").get_data(as_text=True)
    assert 'name="next" type="hidden" value="/account"' in page


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "\\\\evil"]
)
def test_next_never_leaves_the_site(client, factory, target):
    factory.user(email="rina@example.id")
    response = sign_in(client, "rina@example.id", next=target)
    assert response.headers["Location"] == "/"


def test_email_letter_case_does_not_matter(client, factory):
    factory.user(email="rina@example.id")
    assert sign_in(client, "  RINA@Example.ID ").status_code == 302


@pytest.mark.parametrize("email", ["rina@example.id", "nobody@example.id"])
def test_wrong_password_or_unknown_email_get_the_same_answer(client, factory, audit_actions, email):
    factory.user(email="rina@example.id")
    response = sign_in(client, email, "Wrong-password-123")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The e-mail address or password is not correct." in page
    assert f'value="{email}"' in page, "the typed e-mail is kept"
    assert client.get("/account").status_code == 302
    assert audit_actions() == ["auth.sign_in_failed"]


def test_deactivated_user_cannot_sign_in(client, ctx, factory):
    user = factory.user(email="rina@example.id")
    services.deactivate_user(user, actor=None)
    db.session.commit()
    page = sign_in(client, "rina@example.id").get_data(as_text=True)
    assert "This account has been deactivated." in page
    assert client.get("/account").status_code == 302


def test_deactivation_ends_open_sessions(client, ctx, factory, login):
    user = factory.user(email="rina@example.id")
    login(user)
    assert client.get("/account").status_code == 200
    services.deactivate_user(user, actor=None)
    db.session.commit()
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_legacy_werkzeug_hash_is_upgraded_at_sign_in(client, factory):
    user = factory.user(email="old@example.id")
    user.password_hash = generate_password_hash(DEFAULT_PASSWORD, method="pbkdf2:sha256:1000")
    db.session.commit()
    assert sign_in(client, "old@example.id").status_code == 302
    assert reload(user).password_hash.startswith("$argon2id$")
    # and the new hash works
    other = client.application.test_client()
    assert sign_in(other, "old@example.id").status_code == 302


def test_an_argon2_hash_with_old_parameters_is_upgraded(client, factory):
    user = factory.user(email="old@example.id")
    weak = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1)
    user.password_hash = weak.hash(DEFAULT_PASSWORD)
    db.session.commit()
    old_hash = user.password_hash
    assert sign_in(client, "old@example.id").status_code == 302
    new_hash = reload(user).password_hash
    assert new_hash != old_hash and "m=512" not in new_hash


def test_sign_in_brings_the_preferred_language_when_none_was_chosen(app, factory):
    factory.user(email="kenji@example.jp", preferred_language="en")
    fresh = app.test_client()
    fresh.post("/login", data={"email": "kenji@example.jp", "password": DEFAULT_PASSWORD})
    fresh.post("/logout")
    assert 'lang="en"' in fresh.get("/").get_data(as_text=True), "kept in this browser"


def test_sign_in_keeps_a_language_the_visitor_chose(app, factory):
    factory.user(email="kenji@example.jp", preferred_language="en")
    browser = app.test_client()
    browser.get("/?lang=id")
    browser.post("/login", data={"email": "kenji@example.jp", "password": DEFAULT_PASSWORD})
    assert 'lang="id"' in browser.get("/").get_data(as_text=True)


def test_remember_me_sets_a_lasting_cookie_only_when_asked(app, factory):
    factory.user(email="rina@example.id")
    plain = app.test_client()
    sign_in(plain, "rina@example.id")
    assert plain.get_cookie("remember_token") is None
    remembered = app.test_client()
    sign_in(remembered, "rina@example.id", remember="y")
    assert remembered.get_cookie("remember_token") is not None


def test_logout_is_post_only(client, factory, login):
    login(factory.user())
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200


def test_logout_ends_the_session_on_the_server(app, client, factory, login, audit_actions):
    """A copy of the session cookie stops working once its owner signs out."""
    login(factory.user())
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get("/account").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert thief.get("/account").status_code == 302
    assert client.get("/account").status_code == 302
    assert "auth.sign_out" in audit_actions()


def test_logout_also_kills_a_copied_remember_cookie(app, factory):
    factory.user(email="rina@example.id")
    owner = app.test_client()
    sign_in(owner, "rina@example.id", remember="y")
    thief = app.test_client()
    thief.set_cookie("remember_token", owner.get_cookie("remember_token").value)
    assert thief.get("/account").status_code == 200
    owner.post("/logout")
    assert app.test_client().get("/account").status_code == 302
    fresh_thief = app.test_client()
    fresh_thief.set_cookie("remember_token", thief.get_cookie("remember_token").value)
    assert fresh_thief.get("/account").status_code == 302


def test_signing_in_as_someone_else_ends_the_previous_session(app, client, factory, login):
    first = factory.user(email="first@example.id")
    factory.user(email="second@example.id")
    login(first)
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    sign_in(client, "second@example.id")
    assert copy.get("/account").status_code == 302
    assert "second@example.id" in client.get("/account?lang=en").get_data(as_text=True)


def test_pages_that_need_an_account_send_visitors_to_sign_in(client, factory):
    response = client.get("/account?lang=en")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount%3Flang%3Den"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Please sign in to see this page." in page


def test_a_post_without_csrf_token_is_refused_with_the_error_page(csrf_app, factory):
    factory.user(email="rina@example.id")
    browser = csrf_app.test_client()
    response = browser.post(
        "/login?lang=en", data={"email": "rina@example.id", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 400
    assert "We could not understand that request." in response.get_data(as_text=True)
    indonesian = browser.post(
        "/login?lang=id", data={"email": "rina@example.id", "password": DEFAULT_PASSWORD}
    )
    assert indonesian.status_code == 400 and 'lang="id"' in indonesian.get_data(as_text=True)


def test_the_sign_in_form_carries_a_csrf_token_that_works(csrf_app, factory):
    import re

    factory.user(email="rina@example.id")
    browser = csrf_app.test_client()
    page = browser.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = browser.post(
        "/login",
        data={"email": "rina@example.id", "password": DEFAULT_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
