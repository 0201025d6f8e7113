"""In a real browser: a remembered session types the password again before a role change and
comes back to it; an owner slowed down by wrong passwords gets in with the e-mailed link."""

import re

from sqlalchemy import select

from tests.factories import DEFAULT_PASSWORD
from trading_house.accounts.models import User
from trading_house.core.models import OutboxEmail
from trading_house.extensions import db


def _sign_in(page, email, password=DEFAULT_PASSWORD, remember=False):
    page.goto("/login?lang=en")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    if remember:
        page.check("input[name=remember]")
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def test_a_remembered_admin_confirms_the_password_before_changing_roles(
    page, browser, viewport, live_server, factory, screenshot
):
    width = viewport["width"]
    admin = factory.user("admin", email=f"admin-{width}@rumahdagang.id")
    buyer = factory.user("buyer", email=f"calon-kurator-{width}@example.id")
    _sign_in(page, admin.email, remember=True)
    remember = [c for c in page.context.cookies() if c["name"] == "remember_token"]
    assert remember and remember[0]["expires"] > 0, "a lasting cookie"

    # The browser is closed and opened again: only the remember-me cookie is left.
    later = browser.new_context(viewport=viewport, base_url=live_server, locale="en-US")
    later.add_cookies(remember)
    again = later.new_page()
    again.goto(f"/admin/users/{buyer.id}?lang=en")
    again.check("input[name=roles][value=curator]")
    again.click("[data-testid=roles-form] button[type=submit]")
    again.wait_for_url(re.compile(r"/reauthenticate"))
    assert "Please enter your password again to continue." in again.content()
    again.fill("input[name=password]", DEFAULT_PASSWORD)
    again.click("[data-testid=reauthenticate-submit]")
    again.wait_for_url(re.compile(rf"/admin/users/{buyer.id}(\?lang=en)?$"))
    again.check("input[name=roles][value=curator]")
    again.click("[data-testid=roles-form] button[type=submit]")
    again.wait_for_load_state()
    assert "have been saved" in again.locator(".alert-success").inner_text()
    db.session.expire_all()
    assert "curator" in db.session.get(User, buyer.id).role_names
    later.close()


def test_an_owner_slowed_down_by_wrong_passwords_signs_in_with_the_e_mailed_link(
    page, viewport, factory, screenshot
):
    owner = factory.user("buyer", email=f"pemilik-{viewport['width']}@example.id")
    for _ in range(5):
        _sign_in(page, owner.email, "Wrong-password-123")
    _sign_in(page, owner.email)  # even the right password waits now
    assert "Too many failed attempts" in page.locator("[data-testid=form-errors]").inner_text()
    screenshot("throttled")
    page.click("[data-testid=throttled-link-form] [data-testid=send-sign-in-link]")
    page.wait_for_url(re.compile(r"/login"))
    assert "we have sent it a sign-in link" in page.locator(".alert-info").inner_text()
    db.session.expire_all()
    mail = db.session.scalar(
        select(OutboxEmail).where(OutboxEmail.recipient == owner.email).order_by(OutboxEmail.id)
    )
    path = re.search(r"https?://[^/\s]+(/login/link/\S+)", mail.body_text).group(1)
    page.goto(path + "?lang=en")
    page.click("[data-testid=use-sign-in-link]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=user-menu]").count() == 1
    page.goto(path + "?lang=en")
    assert "already used or has expired" in page.content(), "the link works once"
