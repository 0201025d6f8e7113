"""Sharing a quotation or a buying request on WhatsApp: only the thread's own parties (and, for a
buying request, the buyer and the trading house), and only what the page shows."""

import html
import re
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from tests.inquiries.test_rfq import request_form
from trading_house.extensions import db
from trading_house.inquiries.models import BuyingRequest


def share_text(page: str, testid: str) -> str | None:
    match = re.search(rf'<a [^>]*href="([^"]+)"[^>]*data-testid="{testid}"', page)
    if match is None:
        return None
    url = html.unescape(match.group(1))
    assert url.startswith("https://wa.me/?text=")
    return parse_qs(urlsplit(url).query)["text"][0]


def test_both_parties_share_a_quotation_with_its_number_total_and_link(
    cast, start_thread, send_quotation, browser_for, app
):
    inquiry = start_thread()
    quotation = send_quotation(inquiry, notes="Private: our cost is 9.80")
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    for person in (cast.buyer, cast.owner):
        page = browser_for(person).get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
        text = share_text(page, "share-quotation")
        title, total, link = text.split("\n")
        assert title == f"Quotation {quotation.number}"
        assert total.startswith("$2,500.00")  # 200 kg × USD 12.50, as the card shows it
        assert link == f"{base}/inquiries/{inquiry.id}#q{quotation.id}"
        assert "9.80" not in text and "Kenji" not in text and "Makassar" not in text


def test_a_curator_looking_at_a_thread_is_offered_no_share(
    cast, start_thread, send_quotation, browser_for
):
    inquiry = start_thread()
    send_quotation(inquiry)
    response = browser_for(cast.curator).get(f"/inquiries/{inquiry.id}")
    assert response.status_code == 200  # staff read every thread; they are not a party to it
    page = response.get_data(as_text=True)
    assert 'data-testid="quotation"' in page
    assert share_text(page, "share-quotation") is None


def test_the_buyer_and_the_trading_house_share_a_buying_request(cast, browser_for, outbox, app):
    buyer = browser_for(cast.buyer)
    response = buyer.post(
        "/inquiries/requests/new",
        data=request_form(cast.category, target_price="4.20", target_currency="USD"),
    )
    assert response.status_code == 302
    request_id = db.session.scalar(select(BuyingRequest.id))
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    for person in (cast.buyer, cast.curator):
        page = browser_for(person).get(f"/inquiries/requests/{request_id}").get_data(as_text=True)
        title, price, link = share_text(page, "share-request").split("\n")
        assert title == "5 tonnes of Arabica per quarter · 5000 kg"
        assert "4.20" in price and price.endswith("/ kg")
        assert link == f"{base}/inquiries/requests/{request_id}"
