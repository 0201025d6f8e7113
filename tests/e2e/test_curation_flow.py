"""An SME sends a listing for review, a curator asks for changes with the keyboard, the SME fixes
them next to the field, the curator approves, and a buyer finds it — in a real browser."""

from tests.factories import DEFAULT_PASSWORD
from trading_house.catalog.models import Category
from trading_house.catalog.seed import seed_categories
from trading_house.curation.settings import ensure_default_reasons
from trading_house.extensions import db

LONG_ID = (
    "Kopi arabika dari lereng Sapan, Toraja Utara, dipetik merah, diproses madu dan disangrai "
    "medium oleh anggota koperasi."
)
LONG_EN = (
    "Arabica coffee from the Sapan slopes of North Toraja, red-cherry picked, honey processed "
    "and medium roasted by members of the cooperative."
)


def sign_in(page, user):
    page.goto("/login?lang=en")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def test_submit_request_changes_fix_approve_buyer_sees_it(
    page, browser, viewport, live_server, factory, screenshot
):
    seed_categories()
    ensure_default_reasons()
    db.session.commit()
    coffee = db.session.scalar(db.select(Category).where(Category.slug == "kopi-arabika"))
    owner = factory.user("sme", email=f"owner-{viewport['width']}@kopi.id")
    curator = factory.user("curator", email=f"kurator-{viewport['width']}@rumahdagang.id")
    enterprise = factory.enterprise(owner, name="Kopi Sapan")
    product = factory.product(
        enterprise,
        category=coffee,
        status="draft",
        name_english="Sapan Honey Arabica",
        description_indonesian=LONG_ID,
        description_english=LONG_EN,
        hs_code="09011190",
        weight_grams=250,
        materials="Arabica",
        lead_time_days=7,
    )
    for n in range(3):
        factory.photo(product, position=n, alt_text=f"Foto {n + 1}")

    # The SME sends the listing for review from its edit page.
    sign_in(page, owner)
    page.goto(f"/business/products/{product.id}/edit?lang=en")
    assert page.is_visible("[data-testid=prechecks-ok]")
    page.click("[data-testid=submit-product]")
    page.wait_for_url("**/business/products")

    # The curator takes the oldest item with "n" and asks for changes with "c".
    desk_context = browser.new_context(viewport=viewport, base_url=live_server, locale="en-US")
    desk = desk_context.new_page()
    sign_in(desk, curator)
    desk.goto("/curation/?lang=en")
    desk.keyboard.press("n")
    desk.wait_for_url(f"**/curation/review/{product.id}")
    assert LONG_EN in desk.inner_text("[data-testid=texts]")
    desk.keyboard.press("c")
    assert desk.is_checked("#decision-changes_requested")
    desk.keyboard.type("Please add brewing advice.")
    desk.check("#reason-english_text")
    screenshot("review")
    desk.click("[data-testid=decide]")
    desk.wait_for_url("**/curation/")

    # The SME sees the note next to the English description, fixes it and sends it again.
    page.goto(f"/business/products/{product.id}/edit?lang=en")
    note = page.locator("[data-field-note-copy=description_english]").first
    assert "needs work" in note.inner_text()
    assert page.locator("#description_english ~ [data-field-note-copy]").count() >= 1 or (
        page.locator(".mb-3:has(#description_english) [data-field-note-copy]").count() >= 1
    )
    page.fill("#description_english", LONG_EN + " Brew at 92 °C, 15 g per cup.")
    page.click("[data-testid=save-product]")
    page.wait_for_load_state()
    page.click("[data-testid=submit-product]")
    page.wait_for_url("**/business/products")

    # The curator approves with "a" and Ctrl+Enter.
    desk.goto(f"/curation/review/{product.id}?lang=en")
    desk.click("[data-testid=claim]")
    desk.wait_for_load_state()
    desk.keyboard.press("a")
    with desk.expect_navigation():
        desk.keyboard.press("Control+Enter")
    assert "Approved: the listing is published." in desk.inner_text("main")
    desk_context.close()

    # A buyer (signed out) finds the published listing with the fixed text.
    buyer_context = browser.new_context(viewport=viewport, base_url=live_server, locale="en-US")
    buyer = buyer_context.new_page()
    buyer.goto(f"/p/{product.slug}?lang=en")
    assert "Brew at 92" in buyer.inner_text("[data-testid=description]")
    buyer_context.close()
