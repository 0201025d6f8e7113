"""A buyer whose coffee was delivered confirms it arrived, reviews it (stars, text, photo) from
the order page, sees the review on the product page, then reorders the same order at today's
(higher) price and finds it in the cart — in a real browser, on a phone and a desktop screen."""

import io

from PIL import Image, ImageDraw

from tests.e2e.test_checkout_flow import no_horizontal_scroll, sign_in
from tests.reviews.helpers import Shop
from trading_house.core.tx import commit


def photo_file(tmp_path):
    path = tmp_path / "kopi.jpg"
    image = Image.new("RGB", (1200, 900), (122, 46, 29))
    draw = ImageDraw.Draw(image)
    for i in range(0, 1200, 60):
        draw.line([(i, 0), (1200 - i, 900)], fill=(224, 165, 38), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_buyer_reviews_a_delivered_order_and_reorders_it(
    page, viewport, factory, screenshot, tmp_path
):
    shop = Shop(factory)
    buyer = factory.user("buyer", email=f"toko-{viewport['width']}@example.id", country="ID")
    order = shop.order(buyer)
    shop.coffee.retail_price_idr = 90_000
    commit()

    sign_in(page, buyer)
    page.goto(f"/orders/{order.number}")
    # Reviews come after the buyer says the goods arrived (payment protection's hold).
    assert page.locator("[data-testid=write-review]").count() == 0
    assert "Confirm you received it first" in page.inner_text("body")
    page.click("[data-testid=confirm-receipt]")
    page.click("[data-testid=write-review]")
    for aspect, stars in (("quality", 5), ("accuracy", 4), ("packaging", 5), ("communication", 4)):
        page.check(f"input[name={aspect}][value='{stars}']")
    page.fill("textarea[name=text]", "Harum, sangrai pas, kemasan kuat.")
    page.set_input_files("input[name=photos]", str(photo_file(tmp_path)))
    assert no_horizontal_scroll(page)
    screenshot("review-form")
    page.click("button[type=submit]:has-text('Publish review')")
    page.wait_for_load_state()
    assert "your review is published" in page.inner_text("body")
    assert page.locator("[data-testid=my-review-stars]").count() == 1

    page.goto(f"/p/{shop.coffee.slug}")
    reviews = page.locator("[data-testid=product-reviews]")
    assert "Harum, sangrai pas, kemasan kuat." in reviews.inner_text()
    assert "1 review" in reviews.inner_text() and "4.5" in reviews.inner_text()
    assert reviews.locator("img").count() == 1
    assert no_horizontal_scroll(page)
    screenshot("product-reviews")

    page.goto(f"/orders/{order.number}")
    page.click("[data-testid=reorder-link]")
    line = page.locator("[data-testid=reorder-line]").first
    assert line.get_attribute("data-change") == "up"
    assert "Price up by" in line.inner_text()
    assert no_horizontal_scroll(page)
    screenshot("reorder")
    page.click("[data-testid=reorder-submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/cart")
    assert "in your cart at today's price" in page.inner_text("body")
    assert not page.console_errors
