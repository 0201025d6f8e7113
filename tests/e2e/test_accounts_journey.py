"""A person signs up (as a buyer or an SME), signs in, out and in again, on phone and desktop."""

import itertools
import re

from playwright.sync_api import expect
from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db

PASSWORD = "Kopi-Kalosi-Enrekang-77"
_seq = itertools.count(1)


def _open_user_menu(page):
    menu = page.locator("[data-testid=user-menu]")
    if not menu.is_visible():
        page.click(".navbar-toggler")
        menu.wait_for(state="visible")  # the collapsed navbar slides open first
    menu.click()
    page.locator("[data-testid=logout]").wait_for(state="visible")


def _sign_out(page):
    _open_user_menu(page)
    page.click("[data-testid=logout]")
    page.wait_for_load_state()


def test_buyer_signs_up_signs_out_and_signs_in(page, app, screenshot, viewport):
    email = f"Importer{next(_seq)}-{viewport['width']}@Example.com"
    page.goto("/register?lang=en")
    page.check("input[name=account_type][value=buyer]")
    assert page.is_hidden("[data-account-type=sme]")
    page.fill("input[name=display_name]", "Yuki Tanaka")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password_confirm]", PASSWORD)
    page.select_option("select[name=country]", "JP")
    page.select_option("select[name=buyer_type]", "importer")
    screenshot("register-filled")
    page.click("[data-testid=register-submit]")
    page.wait_for_url(re.compile(r"/login"))
    # The same answer as for a taken address: check your inbox, then sign in.
    assert "We sent an e-mail to" in page.locator(".alert-success").inner_text()
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=user-menu]").inner_text().strip() == "Yuki Tanaka"
    assert page.is_visible("[data-testid=verify-banner]")  # the e-mail is not confirmed yet
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email.lower()))
        assert user is not None and user.country == "JP" and user.has_role("buyer")

    _sign_out(page)
    assert page.locator("[data-testid=user-menu]").count() == 0
    assert page.locator("a[href^='/login']").count() == 1

    page.goto("/login?lang=en&next=/account")
    page.fill("input[name=email]", email.upper())  # letter case does not matter
    page.fill("input[name=password]", "wrong-password-123")
    page.click("[data-testid=login-submit]")
    # is_visible() does not wait for the answer to the POST; expect() does.
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()
    assert page.input_value("input[name=email]") == email.upper()  # what was typed is kept
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(re.compile(r"/account"))
    assert page.console_errors == []
    screenshot("signed-in-settings")


def test_sme_signs_up_in_indonesian_and_gets_an_enterprise(page, app, screenshot, viewport):
    email = f"umkm-e2e-{next(_seq)}-{viewport['width']}@example.com"
    page.goto("/register?lang=id")
    assert page.locator("html").get_attribute("lang") == "id"
    page.check("input[name=account_type][value=sme]")
    assert page.is_hidden("[data-account-type=buyer]")
    page.fill("input[name=display_name]", "Daeng Rahman")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "short")  # too weak: a field error, nothing lost
    page.fill("input[name=password_confirm]", "short")
    page.fill("input[name=enterprise_name]", "Kopi Kalosi Sejahtera")
    page.select_option("select[name=legal_form]", "koperasi")
    page.select_option("select[name=regency_code]", "7316")
    page.click("[data-testid=register-submit]")
    expect(page.locator("[data-field-error=password]")).to_be_visible()
    assert page.input_value("input[name=enterprise_name]") == "Kopi Kalosi Sejahtera"
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password_confirm]", PASSWORD)
    page.click("[data-testid=register-submit]")
    page.wait_for_load_state()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None and user.has_role("sme")
        enterprise = db.session.scalar(
            select(Enterprise).where(Enterprise.name == "Kopi Kalosi Sejahtera")
        )
        assert enterprise is not None and enterprise.regency_code == "7316"
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.console_errors == []
    screenshot("sme-registered")
