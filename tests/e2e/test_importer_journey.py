"""A new importer in Osaka, whose browser speaks only Japanese, goes from a product page to a
sent quotation request in one browser session: sign in → create an account → confirm the
e-mail → the inquiry form, pre-filled → sent. Every click, choice and typed field counts as an
action, and the count is printed (issue #15: at most 15)."""

import re
from datetime import timedelta

from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.core.models import OutboxEmail
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.inquiries.models import Inquiry
from trading_house.inquiries.terms import trading_today

PASSWORD = "Osaka-Kopi-Toraja-2026"
MAX_ACTIONS = 15


class Actions:
    """Counts what the importer does: every click, choice and typed field is one action."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def goto(self, url):
        self.count += 1
        self.page.goto(url)

    def click(self, selector):
        self.count += 1
        self.page.click(selector)
        self.page.wait_for_load_state()

    def fill(self, selector, value):
        self.count += 1
        self.page.fill(selector, value)

    def select(self, selector, value):
        self.count += 1
        self.page.select_option(selector, value)


def _verification_link(app, email) -> str:
    with app.app_context():
        mail = db.session.scalar(
            select(OutboxEmail)
            .where(OutboxEmail.recipient == email)
            .order_by(OutboxEmail.id.desc())
        )
        match = re.search(r"https?://[^/\s]+(/verify/\S+)", mail.body_text)
        assert match, mail.body_text
        return match.group(1)


def test_new_japanese_importer_asks_for_a_quotation_in_at_most_15_actions(
    browser, live_server, app, factory, viewport, tmp_path
):
    shots = tmp_path
    owner = factory.user("sme", email="owner@kopi-toraja.id", preferred_language="id")
    enterprise = factory.enterprise(owner, name="Kopi Toraja Sejahtera")
    product = factory.product(
        enterprise,
        name_english="Toraja Arabica green beans",
        export_moq=100,
        export_unit="kg",
        hs_code="09011100",
    )
    set_rate("JPY", "105")
    db.session.commit()
    email = f"yuki.{viewport['width']}@osaka-imports.jp"

    context = browser.new_context(
        viewport=viewport, base_url=live_server, locale="ja-JP", reduced_motion="reduce"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    act = Actions(page)
    try:
        page.goto(f"/p/{product.slug}")  # arriving from a search engine: not counted
        assert page.locator("html").get_attribute("lang") == "en"  # ja-JP → English
        act.click("[data-testid=ask-quotation]")
        assert re.search(r"/login\?next=", page.url)
        act.click("[data-testid=login-register]")
        act.fill("input[name=display_name]", "Yuki Tanaka")
        act.fill("input[name=email]", email)
        act.fill("input[name=password]", PASSWORD)
        act.fill("input[name=password_confirm]", PASSWORD)
        act.select("select[name=country]", "JP")
        act.select("select[name=buyer_type]", "importer")
        act.click("[data-testid=register-submit]")
        assert "We sent an e-mail to" in page.locator(".alert-success").inner_text()

        act.goto(_verification_link(app, email))  # the link in the e-mail, in the same browser
        act.click("[data-testid=confirm-email]")
        # Back on the inquiry form, signed in, with what the account already says filled in.
        assert f"/inquiries/ask/{product.id}" in page.url
        assert page.input_value("input[name=quantity]") == "100"
        assert page.input_value("select[name=destination]") == "JP"
        assert page.input_value("select[name=target_currency]") == "JPY"
        assert "Toraja Arabica green beans" in page.input_value("textarea[name=message]")
        act.select("select[name=incoterm]", "FOB")
        act.fill("input[name=date_needed]", (trading_today() + timedelta(days=60)).isoformat())
        page.screenshot(path=str(shots / f"inquiry-form-{viewport['width']}.png"), full_page=True)
        act.click("[data-testid=send-inquiry]")
        assert re.search(r"/inquiries/\d+", page.url)
        assert "Your inquiry was sent" in page.inner_text("body")
    finally:
        context.close()

    print(
        f"\nnew importer (ja-JP, {viewport['width']} px): product page → sent quotation "
        f"request in {act.count} actions, one session"
    )
    assert act.count <= MAX_ACTIONS
    assert errors == []
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert (user.preferred_currency, user.timezone, user.preferred_language) == (
            "JPY",
            "Asia/Tokyo",
            "en",
        )
        inquiry = db.session.scalar(select(Inquiry).where(Inquiry.buyer_id == user.id))
        assert inquiry.destination_country == "JP" and inquiry.incoterm == "FOB"
