"""A buyer in Indonesia puts a product in the cart, reaches a wholesale price, checks out to a
Makassar address, pays by bank transfer and uploads the receipt; an admin confirms the money;
the buyer sees the order paid — in a real browser, on a phone and a desktop screen."""

import io

from PIL import Image

from tests.factories import DEFAULT_PASSWORD
from trading_house.catalog.models import WholesaleTier
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.seed import seed_shipping

RETAIL = 85_000
WHOLESALE = 70_000  # from 10 packs on
QUANTITY = 11
WEIGHT = 250  # grams a pack: 11 packs = 2.75 kg (local courier up to 3 kg, JNE REG 1–5 kg)
JNE_REG = 25_000


def sign_in(page, user):
    page.goto("/login?lang=en")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def open_menu_link(page, text):
    """Click a header link; on the phone the navbar is collapsed behind the toggler first, and
    back-office links (curation, readiness, admin) sit in the staff menu."""
    link = page.locator("nav.navbar").get_by_role("link", name=text, exact=True).first
    if not link.is_visible() and page.locator(".navbar-toggler").is_visible():
        page.click(".navbar-toggler")
    if not link.is_visible() and page.locator("[data-testid=staff-menu]").count():
        page.click("[data-testid=staff-menu]")
    link.click()
    page.wait_for_load_state()


def idr(amount: int) -> str:
    return Money(amount, "IDR").format("en")


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def png_file(tmp_path):
    path = tmp_path / "bukti-transfer.png"
    buffer = io.BytesIO()
    Image.new("RGB", (60, 90), (240, 240, 240)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_buyer_checks_out_pays_by_transfer_and_admin_confirms(
    page, browser, viewport, live_server, factory, screenshot, tmp_path
):
    seed_shipping()
    db.session.commit()
    buyer = factory.user("buyer", email=f"andi-{viewport['width']}@example.id", country="ID")
    admin = factory.user("admin", email=f"admin-{viewport['width']}@rumahdagang.id")
    owner = factory.user("sme", email=f"owner-{viewport['width']}@kopi.id")
    enterprise = factory.enterprise(owner, name="Kopi Kalosi Enrekang")
    product = factory.product(
        enterprise,
        name_english="Kalosi Arabica ground coffee 250 g",
        sku="KAL-250",
        retail_price_idr=RETAIL,
        stock=40,
        weight_grams=WEIGHT,
    )
    db.session.add(WholesaleTier(product_id=product.id, min_quantity=10, unit_price_idr=WHOLESALE))
    db.session.commit()

    # The buyer finds the wholesale price on the product page and adds one pack.
    sign_in(page, buyer)
    page.goto(f"/p/{product.slug}?lang=en")
    tiers = page.inner_text("[data-testid=tiers]")
    assert "from 10" in tiers and idr(WHOLESALE) in tiers
    page.fill("#buy-quantity", "1")
    page.click("[data-testid=add-to-cart]")
    page.wait_for_url("**/cart")
    assert "Kalosi Arabica ground coffee 250 g is in your cart." in page.inner_text("main")
    line = page.locator("[data-testid=cart-line]")
    assert idr(RETAIL) in line.inner_text()
    assert line.locator("text=Wholesale price").count() == 0

    # Eleven packs reach the wholesale tier.
    line.locator("input[name=quantity]").fill(str(QUANTITY))
    line.locator("button", has_text="Update").click()
    page.wait_for_load_state()
    line = page.locator("[data-testid=cart-line]")
    assert line.locator("text=Wholesale price").is_visible()
    assert line.locator("[data-testid=line-total]").inner_text().strip() == idr(
        WHOLESALE * QUANTITY
    )
    assert page.inner_text("[data-testid=cart-subtotal]").strip() == idr(WHOLESALE * QUANTITY)
    assert no_horizontal_scroll(page)
    screenshot("cart")

    # Checkout: a Makassar address; a missing postal code is shown next to its field.
    page.click("[data-testid=to-checkout]")
    page.wait_for_url("**/checkout")
    form = page.locator("main form[action='/checkout']")
    country = form.locator("select[name=country]")
    assert country.input_value() == "ID"
    assert "form-select" in country.get_attribute("class")  # styled like the other fields
    assert form.locator("select[name=province]").is_visible()
    assert form.locator("input[name=region]").is_hidden()
    form.locator("select[name=currency]").select_option("IDR")
    form.locator("input[name=name]").fill("Andi Pembeli")
    form.locator("input[name=phone]").fill("+62 811 4000 123")
    form.locator("input[name=line1]").fill("Jl. Somba Opu No. 45")
    form.locator("input[name=city]").fill("Kota Makassar")
    form.locator("select[name=province]").select_option("73")
    form.locator("button[name=action][value=options]").click()
    page.wait_for_load_state()
    assert "Enter the postal code." in page.inner_text("[data-field-error=postal_code]")
    assert form.locator("input[name=line1]").input_value() == "Jl. Somba Opu No. 45"  # kept
    form.locator("input[name=postal_code]").fill("90111")
    form.locator("button[name=action][value=options]").click()
    page.wait_for_load_state()

    options = page.locator("[data-testid=shipping-options] .form-check")
    assert options.count() == 2  # the local courier (up to 3 kg) and JNE REG (1–5 kg)
    jne = options.filter(has_text="JNE REG")
    total = WHOLESALE * QUANTITY + JNE_REG
    assert f"Total: {idr(total)}" in jne.inner_text()
    jne.locator("input[type=radio]").check()
    form.locator("input[name=payment_method][value=bank_transfer]").check()
    assert no_horizontal_scroll(page)
    screenshot("checkout")
    page.click("[data-testid=place-order]")
    page.wait_for_url("**/orders/*")

    # The order page: the total in IDR, the transfer instructions with the unique reference.
    number = page.inner_text("[data-testid=order-number]").removeprefix("Order ").strip()
    assert f"Thank you! Your order {number} is placed." in page.inner_text("main")
    assert page.inner_text("[data-testid=order-status]").strip() == "Awaiting payment"
    assert page.inner_text("[data-testid=order-total]").strip() == idr(total)
    assert "JNE REG" in page.inner_text("[data-testid=order-totals]")
    transfer = page.inner_text("[data-testid=transfer-details]")
    assert idr(total) in transfer
    reference = page.inner_text("[data-testid=transfer-reference]").strip()
    assert reference == number.replace("-", "")
    assert "Write the reference in the transfer's description" in page.inner_text(
        "[data-testid=payment-panel]"
    )
    assert no_horizontal_scroll(page)
    screenshot("pay")

    # A file that is not an image or a PDF is refused next to the field; then the real PNG.
    fake = tmp_path / "bukti.png"
    fake.write_bytes(b"this is not a picture of a receipt")
    page.set_input_files("input[name=proof]", str(fake))
    page.click("[data-testid=upload-proof]")
    page.wait_for_load_state()
    assert "not a readable image or PDF" in page.inner_text("[data-field-error=proof]")
    page.set_input_files("input[name=proof]", str(png_file(tmp_path)))
    page.click("[data-testid=upload-proof]")
    page.wait_for_url(f"**/orders/{number}")
    assert "We will check your transfer and confirm it." in page.inner_text("main")
    assert page.is_visible("[data-testid=proof-received]")

    # The admin confirms the money from the bank-transfer screen.
    desk_context = browser.new_context(viewport=viewport, base_url=live_server, locale="en-US")
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    desk_errors = []
    desk.on("console", lambda m: desk_errors.append(m.text) if m.type == "error" else None)
    sign_in(desk, admin)
    desk.goto("/?lang=en")
    open_menu_link(desk, "Admin")
    desk.click("[data-testid=admin-payments-link]")
    desk.wait_for_url("**/payments/admin/transfers")
    waiting = desk.locator("[data-testid=proofs-waiting] .list-group-item", has_text=number)
    assert reference in waiting.inner_text() and idr(total) in waiting.inner_text()
    proof = desk.request.get(waiting.locator("a", has_text="View proof").get_attribute("href"))
    assert proof.status == 200 and proof.body().startswith(b"\x89PNG")
    assert no_horizontal_scroll(desk)
    desk.screenshot(path=str(tmp_path / "transfers.png"), full_page=True)
    waiting.locator("a", has_text="Money received: record it").click()
    desk.wait_for_url(f"**/payments/admin/orders/{number}/confirm")
    assert desk.is_visible("[data-testid=buyer-proof]")
    desk.fill("input[name=amount]", f"{total:,}".replace(",", "."))  # as on the bank statement
    desk.click("[data-testid=confirm-payment]")
    desk.wait_for_url(f"**/orders/admin/{number}")
    assert f"Transfer of {number} recorded." in desk.inner_text("main")
    assert desk.inner_text("[data-testid=money-state]").strip() == "Paid in full"
    desk.goto("/payments/admin/transfers")
    assert desk.locator("[data-testid=proofs-waiting] .list-group-item").count() == 0
    assert desk_errors == []
    desk_context.close()

    # The buyer sees the order paid, without the payment panel, in "My orders" too.
    page.goto(f"/orders/{number}?lang=en")
    assert page.inner_text("[data-testid=order-status]").strip() == "Paid"
    assert page.locator("[data-testid=payment-panel]").count() == 0
    assert page.inner_text("[data-testid=order-total]").strip() == idr(total)
    assert no_horizontal_scroll(page)
    screenshot("paid")
    open_menu_link(page, "My orders")
    assert number in page.inner_text("main") and "Paid" in page.inner_text("main")
    # the deliberate mistakes (postal code, fake receipt) answered 422; nothing else may fail
    assert [e for e in page.console_errors if "status of 422" not in e] == []


def test_the_indonesian_postal_code_hint_is_shown_only_for_indonesia(
    page, viewport, factory, screenshot
):
    """QA: an importer in Japan read "Indonesia: 5 digits" under the postal code at checkout."""
    seed_shipping()
    db.session.commit()
    buyer = factory.user("buyer", email=f"kenji-{viewport['width']}@example.jp", country="JP")
    owner = factory.user("sme", email=f"tenun-{viewport['width']}@sutra.id")
    product = factory.product(
        factory.enterprise(owner, name="Sutra Sengkang"), retail_price_idr=RETAIL, stock=40
    )
    sign_in(page, buyer)
    page.goto(f"/p/{product.slug}?lang=en")
    page.fill("#buy-quantity", "1")
    page.click("[data-testid=add-to-cart]")
    page.wait_for_url("**/cart")
    page.click("[data-testid=to-checkout]")
    page.wait_for_url("**/checkout")
    country = page.locator("main form select[name=country]")
    hint = page.locator("#postal_code-help")
    country.select_option("JP")
    assert hint.is_hidden()
    screenshot("japan")
    country.select_option("ID")
    assert hint.is_visible() and hint.inner_text() == "Indonesia: 5 digits"
    assert page.console_errors == []
