"""A foreign buyer asks for a quotation from a product page, the producer quotes from their
phone, and the buyer accepts — in a real browser, on a phone and a desktop screen."""

from datetime import timedelta

from tests.factories import DEFAULT_PASSWORD
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.inquiries.terms import trading_today


def sign_in(page, user):
    page.goto("/login?lang=en")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def test_inquiry_to_accepted_quotation(page, browser, viewport, live_server, factory, screenshot):
    buyer = factory.user("buyer", email="kenji@example.jp", country="JP", preferred_language="en")
    owner = factory.user("sme", email="owner@kopi.id", preferred_language="id")
    enterprise = factory.enterprise(owner, name="Kopi Toraja Sejahtera")
    product = factory.product(
        enterprise,
        name_english="Toraja Arabica green beans",
        export_moq=100,
        export_unit="kg",
        hs_code="09011100",
    )

    set_rate("USD", "16250")  # the order is made in USD at the admin's rate
    db.session.commit()

    sign_in(page, buyer)
    page.goto(f"/p/{product.slug}?lang=en")
    page.click("[data-testid=ask-quotation]")
    page.fill("input[name=quantity]", "50")
    page.fill("input[name=target_price]", "12.50")
    page.select_option("select[name=destination]", "JP")
    page.select_option("select[name=incoterm]", "FOB")
    page.fill("input[name=date_needed]", (trading_today() + timedelta(days=60)).isoformat())
    page.fill("textarea[name=message]", "Please quote FOB Makassar. Spec: https://example.jp/spec")
    page.click("[data-testid=send-inquiry]")
    assert "minimum order quantity for this product is 100 kg" in page.inner_text(
        "[data-field-error=quantity]"
    )
    assert page.input_value("textarea[name=message]").startswith("Please quote FOB")
    page.fill("input[name=quantity]", "200")
    page.click("[data-testid=send-inquiry]")
    page.wait_for_url("**/inquiries/*")
    thread_url = page.url
    assert "https://example.jp/spec" in page.inner_text("[data-testid=messages]")
    assert page.locator("[data-testid=messages] a[href^='https://example.jp']").count() == 0

    seller_context = browser.new_context(viewport=viewport, base_url=live_server)
    seller = seller_context.new_page()
    sign_in(seller, owner)
    seller.goto(thread_url)
    seller.click("[data-testid=new-quotation]")
    seller.fill("input[name=unit_price]", "12.50")
    seller.select_option("[data-testid=quotation-form] select[name=currency]", "USD")
    seller.click("[data-testid=send-quotation]")
    assert "Enter the lead time in days." in seller.inner_text("[data-field-error=lead_time_days]")
    assert seller.input_value("input[name=unit_price]") == "12.50"  # what was typed stays
    seller.fill("input[name=lead_time_days]", "21")
    seller.click("[data-testid=send-quotation]")
    seller.wait_for_url("**/inquiries/*")
    assert seller.locator("[data-testid=quotation]").count() == 1
    seller_context.close()

    page.goto(thread_url)
    total = page.inner_text("[data-testid=quotation-total]")
    assert "2,500.00" in total
    screenshot("quotation")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Accept quotation")
    page.wait_for_load_state()
    assert "You accepted quotation" in page.inner_text("main")
    screenshot("accepted")
    # the deliberate MOQ mistake answered 422; anything else (a CSP refusal, a script error) fails
    assert [e for e in page.console_errors if "status of 422" not in e] == []
