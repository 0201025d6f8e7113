"""Sensitive actions need a fresh sign-in: a session rebuilt from the remember-me cookie alone
types the password again and comes back to the action; remember-me lasts 30 days."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import DEFAULT_PASSWORD
from trading_house.accounts.models import User
from trading_house.core import clock
from trading_house.extensions import db

ASKED = "Please enter your password again to continue."


def remembered_only(app, user):
    """A browser that signed in with "keep me signed in", closed, and came back: only the
    remember-me cookie is left (the session cookie died with the browser)."""
    first = app.test_client()
    response = first.post(
        "/login", data={"email": user.email, "password": DEFAULT_PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    browser = app.test_client()
    browser.set_cookie("remember_token", first.get_cookie("remember_token").value)
    return browser


@pytest.fixture
def admin(factory):
    return factory.user("admin", email="admin@rumahdagang.id")


@pytest.fixture
def buyer(factory):
    return factory.user("buyer", email="kenji@example.jp")


def roles_of(user_id):
    db.session.expire_all()
    return db.session.get(User, user_id).role_names


def test_a_normal_sign_in_is_fresh(client, login, admin, buyer):
    login(admin)
    response = client.post(f"/admin/users/{buyer.id}/roles", data={"roles": ["curator"]})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{buyer.id}"
    assert roles_of(buyer.id) == {"curator"}


def test_a_remembered_session_types_the_password_and_comes_back_to_the_action(
    app, admin, buyer, audit_actions
):
    browser = remembered_only(app, admin)
    detail = f"/admin/users/{buyer.id}"
    assert browser.get(detail + "?lang=en").status_code == 200, "looking is fine"
    response = browser.post(
        f"{detail}/roles",
        data={"roles": ["curator"]},
        headers={"Referer": f"http://localhost{detail}"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/reauthenticate?next={detail}"
    assert roles_of(buyer.id) == {"buyer"}, "nothing changed"
    page = browser.get(response.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert ASKED in page and "admin@rumahdagang.id" in page
    assert f'name="next" type="hidden" value="{detail}"' in page

    wrong = browser.post(
        "/reauthenticate?lang=en", data={"password": "Wrong-1234567", "next": detail}
    )
    assert wrong.status_code == 200
    assert "The password is not correct." in wrong.get_data(as_text=True)
    assert browser.post(f"{detail}/roles", data={"roles": ["curator"]}).status_code == 302
    assert roles_of(buyer.id) == {"buyer"}, "still not fresh"

    back = browser.post("/reauthenticate", data={"password": DEFAULT_PASSWORD, "next": detail})
    assert back.status_code == 302 and back.headers["Location"] == detail
    done = browser.post(f"{detail}/roles", data={"roles": ["curator"]})
    assert done.status_code == 302 and done.headers["Location"] == detail
    assert roles_of(buyer.id) == {"curator"}
    actions = audit_actions()
    assert "auth.reauthentication_failed" in actions and "auth.reauthenticated" in actions


@pytest.mark.parametrize("action", ["deactivate", "reactivate"])
def test_activation_needs_a_fresh_sign_in(app, admin, buyer, action):
    if action == "reactivate":
        buyer.active = False
        db.session.commit()
    browser = remembered_only(app, admin)
    response = browser.post(f"/admin/users/{buyer.id}/{action}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/reauthenticate")
    db.session.expire_all()
    assert db.session.get(User, buyer.id).active is (action == "deactivate"), "unchanged"


def test_a_password_change_needs_a_fresh_sign_in(app, buyer):
    browser = remembered_only(app, buyer)
    assert browser.get("/account").status_code == 200
    response = browser.post(
        "/account/password",
        data={
            "current_password": DEFAULT_PASSWORD,
            "new_password": "Kopi-Toraja-Arabika-9",
            "new_password_confirm": "Kopi-Toraja-Arabika-9",
        },
        headers={"Referer": "http://localhost/account"},
    )
    assert response.headers["Location"] == "/reauthenticate?next=/account"
    db.session.expire_all()
    assert db.session.get(User, buyer.id).password_hash == buyer.password_hash


def test_a_post_from_another_site_comes_back_home(app, buyer):
    browser = remembered_only(app, buyer)
    response = browser.post("/account/password", headers={"Referer": "https://evil.example/x"})
    assert response.headers["Location"] == "/reauthenticate?next=/"


def test_the_next_address_never_leaves_the_site(app, buyer):
    browser = remembered_only(app, buyer)
    response = browser.post(
        "/reauthenticate", data={"password": DEFAULT_PASSWORD, "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/"


def test_the_request_is_in_the_visitors_language(app, buyer):
    browser = remembered_only(app, buyer)
    browser.get("/?lang=id")
    location = browser.post("/account/password").headers["Location"]
    page = browser.get(location).get_data(as_text=True)
    assert "Masukkan kata sandi Anda sekali lagi untuk melanjutkan." in page


def test_re_authentication_is_throttled_per_source(app, buyer):
    browser = remembered_only(app, buyer)
    for _ in range(5):
        browser.post("/reauthenticate", data={"password": "Wrong-1234567"})
    blocked = browser.post("/reauthenticate?lang=en", data={"password": DEFAULT_PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.get_data(as_text=True)


def test_visitors_are_sent_to_sign_in_not_to_re_authenticate(client):
    response = client.get("/reauthenticate")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_remember_me_lasts_30_days(app, buyer):
    browser = app.test_client()
    browser.post(
        "/login", data={"email": buyer.email, "password": DEFAULT_PASSWORD, "remember": "y"}
    )
    cookie = browser.get_cookie("remember_token")
    lifetime = cookie.expires - clock.utcnow()
    assert timedelta(days=29, hours=23) < lifetime <= timedelta(days=30)


def test_no_session_outlives_30_days_whatever_the_browser_keeps(app, buyer):
    browser = remembered_only(app, buyer)
    assert browser.get("/account").status_code == 200
    clock.freeze(clock.utcnow() + timedelta(days=30, minutes=1))
    assert browser.get("/account").status_code == 302
    stale = app.test_client()
    stale.set_cookie("remember_token", browser.get_cookie("remember_token").value)
    assert stale.get("/account").status_code == 302


def test_a_remembered_session_is_fresh_after_re_authentication_only_in_its_browser(
    app, admin, buyer
):
    browser = remembered_only(app, admin)
    other = remembered_only(app, admin)
    browser.post("/reauthenticate", data={"password": DEFAULT_PASSWORD})
    assert (
        other.post(f"/admin/users/{buyer.id}/deactivate")
        .headers["Location"]
        .startswith("/reauthenticate")
    )
    assert browser.post(f"/admin/users/{buyer.id}/deactivate").status_code == 302
    assert db.session.scalar(select(User.active).where(User.id == buyer.id)) is False


def test_the_daily_cleanup_deletes_sessions_older_than_30_days(app, buyer):
    old = remembered_only(app, buyer)
    clock.freeze(clock.utcnow() + timedelta(days=20))
    recent = remembered_only(app, buyer)
    clock.freeze(clock.utcnow() + timedelta(days=11))
    result = app.test_cli_runner().invoke(args=["users", "prune-sign-ins"])
    assert "expired sessions: 1." in result.output, result.output
    assert old.get("/account").status_code == 302
    assert recent.get("/account").status_code == 200
