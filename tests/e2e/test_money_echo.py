"""The echo under a money input, in a real browser: the seller types "520.000" on a phone and
sees how the server reads it before sending; an implausible price asks for confirmation."""

from datetime import timedelta

from playwright.sync_api import expect

from tests.e2e.test_inquiry_flow import sign_in
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.inquiries import services
from trading_house.inquiries.terms import trading_today

CURRENCY = "[data-testid=quotation-form] select[name=currency]"  # not the header's switcher


def test_the_seller_sees_the_amount_read_back_while_typing(page, factory, screenshot):
    buyer = factory.user("buyer", email="kenji@example.jp", country="JP", preferred_language="en")
    owner = factory.user("sme", email="owner@kopi.id", preferred_language="id")
    product = factory.product(
        factory.enterprise(owner), export_unit="kg", retail_price_idr=550_000, export_moq=10
    )
    inquiry = services.start_inquiry(
        buyer,
        product,
        quantity=20,
        unit="kg",
        destination_country="JP",
        incoterm="FOB",
        date_needed=trading_today() + timedelta(days=60),
        message="Please quote.",
        locale="en",
    )
    set_rate("EUR", "17500")
    db.session.commit()

    sign_in(page, owner)
    page.goto(f"/inquiries/{inquiry.id}/quote?lang=id")
    page.select_option(CURRENCY, "IDR")
    echo = page.locator("#unit_price-echo")
    page.fill("input[name=unit_price]", "520.000")
    expect(echo).to_contain_text("Rp520.000")
    screenshot("echo-idr")

    page.select_option(CURRENCY, "EUR")  # the same text, read as euro
    expect(echo).to_contain_text("€")
    assert "€520.000,00" in echo.inner_text() and "≈ Rp9.100.000.000" in echo.inner_text()

    page.fill("input[name=unit_price]", "Rp 520.000")
    expect(echo).to_contain_text("bukan")
    assert "“Rp” bukan mata uang jumlah ini (EUR)" in echo.inner_text()

    page.select_option(CURRENCY, "IDR")
    page.fill("input[name=unit_price]", "520")  # three zeros short
    page.fill("input[name=lead_time_days]", "21")
    page.click("[data-testid=send-quotation]")
    warning = page.locator("[data-testid=price-warning]")
    assert "Rp520 per satuan kurang dari sepertiga" in warning.inner_text()
    assert "Rp550.000 per satuan" in warning.inner_text()
    assert "Rp520" in echo.inner_text()  # printed by the server after the submit
    screenshot("warning")
    page.fill("input[name=unit_price]", "520.000")
    page.click("[data-testid=send-quotation]")
    page.wait_for_url(f"**/inquiries/{inquiry.id}*")
    assert "Rp10.400.000" in page.inner_text("[data-testid=quotation-total]")  # 20 kg
    # the only console message is the browser noting the 422 of the form shown again
    assert [e for e in page.console_errors if "422" not in e] == []
