"""An SME answers a checklist item with a certificate number, an expiry date and a PDF, saves it
and sends it; a curator verifies it from the queue; the SME sees it verified and its score
move — in a real browser, on a phone and a desktop screen."""

from datetime import timedelta

from babel.dates import format_date
from fpdf import FPDF

from tests.factories import DEFAULT_PASSWORD
from trading_house.catalog.models import Category
from trading_house.catalog.seed import seed_categories
from trading_house.extensions import db
from trading_house.readiness import services
from trading_house.readiness.formats import local_today
from trading_house.readiness.scoring import ScoringContext, assess_enterprise_all, load_products

ITEM = "prod.food_registration"  # BPOM MD / P-IRT: a number, an expiry date and a document


def sign_in(page, user):
    page.goto("/login?lang=en")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def pdf_bytes(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def expected_product(enterprise, product):
    """The product's assessment, recomputed here from the answers in the database."""
    db.session.expire_all()
    ctx = ScoringContext.load()
    return assess_enterprise_all(enterprise, ctx, load_products(enterprise.id)).products[product.id]


def test_sme_answers_an_item_and_a_curator_verifies_it(
    page, browser, viewport, live_server, factory, screenshot, tmp_path
):
    seed_categories()
    db.session.commit()
    services.load_default()  # the default checklist a fresh install publishes
    db.session.commit()
    snacks = db.session.scalar(db.select(Category).where(Category.slug == "kue-camilan"))
    owner = factory.user("sme", email=f"owner-{viewport['width']}@bagea.id")
    curator = factory.user("curator", email=f"kurator-{viewport['width']}@rumahdagang.id")
    enterprise = factory.enterprise(owner, name="Bagea Kenari Sejahtera", regency_code="7371")
    product = factory.product(
        enterprise, category=snacks, name_english="Bagea sago cookies with kenari nuts"
    )
    evidence = tmp_path / "bpom-md-bagea.pdf"
    evidence.write_bytes(pdf_bytes("BPOM RI MD 224713001234 - Bagea Kenari"))
    expires = local_today() + timedelta(days=400)
    expires_text = format_date(expires, "medium", locale="en")

    # The SME goes from its dashboard to the product's checklist.
    sign_in(page, owner)
    page.goto("/business/?lang=en")
    page.click("[data-testid=readiness-dashboard] >> text=Self-assessment")
    page.wait_for_url(f"**/readiness/e/{enterprise.id}")
    row = page.locator("[data-testid=product-grades] tr", has_text="Bagea sago cookies")
    assert row.locator("[data-grade]").inner_text().strip() == "D"
    row.locator("text=Checklist").click()
    page.wait_for_url(f"**/readiness/e/{enterprise.id}/products/{product.id}")
    assert "Score 0 of 100" in page.inner_text("main")

    card = page.locator(f"[data-item='{ITEM}']")
    assert card.locator("[data-state]").get_attribute("data-state") == "missing"
    card.locator("input[name$=certificate_number]").fill("BPOM RI MD 224713001234")
    card.locator("input[name$=expires_on]").fill(expires.isoformat())
    card.locator("input[type=file]").set_input_files(str(evidence))
    card.locator("textarea[name$=note]").fill("Registered for the 250 g pack.")
    screenshot("answer-filled")
    card.locator("input[type=submit][name$=-save]").click()
    page.wait_for_load_state()
    assert "Saved. Send it for verification when it is complete." in page.inner_text("main")
    card = page.locator(f"[data-item='{ITEM}']")
    assert card.locator("[data-state]").get_attribute("data-state") == "declared"
    # What was saved is shown again: the number (normalised), the date and the evidence.
    assert card.locator("input[name$=certificate_number]").input_value() == "MD224713001234"
    assert card.locator("input[name$=expires_on]").input_value() == expires.isoformat()
    assert f"Valid until {expires_text}" in card.inner_text()
    assert card.locator("a", has_text="bpom-md-bagea.pdf").count() == 1

    card.locator("input[type=submit][name$=-send]").click()
    page.wait_for_load_state()
    assert "Saved and sent to a curator for verification." in page.inner_text("main")
    card = page.locator(f"[data-item='{ITEM}']")
    assert card.locator("[data-state]").get_attribute("data-state") == "submitted"
    assert no_horizontal_scroll(page)
    sent_shot = screenshot("sent")

    # The curator opens the verification queue from the menu, then the enterprise.
    desk_context = browser.new_context(viewport=viewport, base_url=live_server, locale="en-US")
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    desk_errors = []
    desk.on("console", lambda m: desk_errors.append(m.text) if m.type == "error" else None)
    sign_in(desk, curator)
    desk.goto("/?lang=en")
    if desk.is_visible(".navbar-toggler"):
        desk.click(".navbar-toggler")  # the phone's collapsed menu
    desk.click("[data-testid=staff-menu]")  # curation and readiness share the staff menu
    desk.click("nav >> text=Readiness")
    desk.wait_for_url("**/readiness/verification*")
    queue = desk.locator("[data-testid=verification-queue]")
    entry = queue.locator(f"[data-enterprise='{enterprise.id}']")
    assert "Bagea Kenari Sejahtera" in entry.inner_text()
    assert "1 answer" in entry.inner_text()
    assert no_horizontal_scroll(desk)
    entry.click()
    desk.wait_for_url(f"**/readiness/verification/{enterprise.id}")
    answer = desk.locator(f"[data-item='{ITEM}']")
    details = answer.inner_text()
    assert "Product: Bagea sago cookies with kenari nuts" in details
    assert "MD224713001234" in details
    assert expires_text in details
    assert "bpom-md-bagea.pdf" in details
    # The evidence opens for the curator (a private file, not a public URL).
    href = answer.locator("a", has_text="bpom-md-bagea.pdf").get_attribute("href")
    response = desk.request.get(href)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert no_horizontal_scroll(desk)
    desk.screenshot(path=str(sent_shot.parent / f"{sent_shot.stem}-curator.png"), full_page=True)
    answer.locator("textarea[name$=note]").fill("Matches the BPOM register.")
    answer.locator("input[type=submit][name$=-verify]").click()
    desk.wait_for_load_state()
    assert "Verified." in desk.inner_text("main")
    assert desk.is_visible("[data-testid=nothing-to-verify]")
    assert desk_errors == []
    desk_context.close()

    # The SME sees the item verified, and the product's score and grade follow from it.
    expected = expected_product(enterprise, product)
    assert expected.score > 0
    page.goto(f"/readiness/e/{enterprise.id}/products/{product.id}?lang=en")
    card = page.locator(f"[data-item='{ITEM}']")
    assert card.locator("[data-state]").get_attribute("data-state") == "verified"
    assert "Verified" in card.locator("[data-state]").inner_text()
    assert "Matches the BPOM register." in card.locator("[data-testid=curator-note]").inner_text()
    assert f"Score {expected.score} of 100" in page.inner_text("main")
    assert page.locator(".card [data-grade]").first.get_attribute("data-grade") == expected.grade
    assert no_horizontal_scroll(page)
    screenshot("verified")

    page.goto(f"/readiness/e/{enterprise.id}?lang=en")
    row = page.locator("[data-testid=product-grades] tr", has_text="Bagea sago cookies")
    assert row.locator("td").nth(2).inner_text().strip() == str(expected.score)
    assert row.locator("[data-grade]").inner_text().strip() == expected.grade
    assert no_horizontal_scroll(page)
    assert page.console_errors == []
    assert sent_shot.exists()
