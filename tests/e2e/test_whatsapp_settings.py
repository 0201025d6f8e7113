"""A buyer adds a WhatsApp number, types the code it received, opts in and picks an event, on a
phone and on a desktop (WhatsApp on, against a fake Graph API)."""

from playwright.sync_api import expect

from tests.notifications.conftest import meta_fixture  # noqa: F401
from trading_house.notifications.outbox import send_due
from trading_house.notifications.services import preferences_of, whatsapp_number

PASSWORD = "Sulawesi-Selatan-2026"


def test_a_buyer_verifies_a_number_and_chooses_whatsapp(page, meta, factory, screenshot):
    user = factory.user("buyer")
    page.goto("/login?lang=en")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()

    page.goto("/account")
    page.click("[data-testid=notification-settings-link]")
    page.fill("input[name=phone]", "0411-362-1234")  # a landline
    page.click("[data-testid=phone-form] button")
    expect(page.locator("[data-field-error=phone]")).to_contain_text("Enter a mobile number")

    page.fill("input[name=phone]", "0812 3456 7890")
    page.click("[data-testid=phone-form] button")
    expect(page.locator("[data-testid=code-pending]")).to_contain_text("0812-3456-7890")
    send_due()
    code = meta.texts_to("+6281234567890")[-1][0]
    page.fill("input[name=code]", code)
    page.click("[data-testid=code-form] button")
    expect(page.locator("[data-testid=number-verified]")).to_be_visible()

    page.check("input[name=agree]")
    page.click("[data-testid=opt-in-form] button")
    expect(page.locator("[data-testid=opted-in]")).to_be_visible()
    page.select_option("select[name=event_order__paid]", "whatsapp")
    page.click("[data-testid=preferences-form] button")
    expect(page.locator(".alert")).to_contain_text("Your notification choices are saved.")
    screenshot("whatsapp-on")

    assert whatsapp_number(user).opted_in
    assert preferences_of(user)["order.paid"] == "whatsapp"
