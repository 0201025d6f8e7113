"""Only the buyer, the enterprise's members and trading-house staff see a thread, its files and
its quotations — by every route. Everyone else gets a 404 (anonymous visitors: the sign-in page)."""

import pytest
from sqlalchemy import select

from tests.inquiries.conftest import pdf_bytes
from trading_house.extensions import db
from trading_house.inquiries.models import Attachment

INSIDERS = ("buyer", "owner", "staff", "curator", "admin")
OUTSIDERS = ("other_buyer", "other_owner")


@pytest.fixture
def thread(cast, start_thread, send_quotation):
    inquiry = start_thread(attachments=[("spec.pdf", pdf_bytes())])
    quotation = send_quotation(inquiry)
    attachment = db.session.scalar(select(Attachment))
    return {
        "thread": f"/inquiries/{inquiry.id}",
        "attachment": f"/inquiries/{inquiry.id}/attachments/{attachment.id}",
        "proforma": f"/inquiries/quotations/{quotation.id}/proforma.pdf",
        "inquiry": inquiry,
        "quotation": quotation,
    }


@pytest.mark.parametrize("role", INSIDERS)
def test_insiders_see_the_thread_its_file_and_its_proforma(cast, thread, browser_for, role):
    browser = browser_for(getattr(cast, role))
    page = browser.get(thread["thread"])
    assert page.status_code == 200
    assert "Please quote FOB Makassar." in page.get_data(as_text=True)
    attachment = browser.get(thread["attachment"])
    assert attachment.status_code == 200
    assert attachment.data.startswith(b"%PDF-")
    assert attachment.headers["Cache-Control"] == "private, no-store"
    proforma = browser.get(thread["proforma"])
    assert proforma.status_code == 200 and proforma.data.startswith(b"%PDF-")


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404_everywhere(cast, thread, browser_for, role):
    browser = browser_for(getattr(cast, role))
    inquiry, quotation = thread["inquiry"], thread["quotation"]
    for url in (thread["thread"], thread["attachment"], thread["proforma"]):
        assert browser.get(url).status_code == 404, url
    assert browser.get(f"/inquiries/{inquiry.id}/quote").status_code == 404
    posts = {
        f"/inquiries/{inquiry.id}/messages": {"body": "Hello?"},
        f"/inquiries/{inquiry.id}/read": {},
        f"/inquiries/{inquiry.id}/report": {"reason": "spam"},
        f"/inquiries/{inquiry.id}/sample": {"sample_quantity": "2"},
        f"/inquiries/quotations/{quotation.id}/accept": {},
        f"/inquiries/quotations/{quotation.id}/decline": {"reason": "no"},
    }
    for url, data in posts.items():
        assert browser.post(url, data=data).status_code == 404, url
    for box in ("buyer", "enterprise", "staff"):
        listing = browser.get(f"/inquiries/?box={box}").get_data(as_text=True)
        assert f'data-thread="{inquiry.id}"' not in listing
    db.session.expire_all()
    assert quotation.status == "sent"


def test_anonymous_visitors_are_sent_to_sign_in(client, thread):
    for url in (thread["thread"], thread["attachment"], thread["proforma"]):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_ids_that_do_not_exist_are_404_too(cast, browser_for, thread):
    browser = browser_for(cast.buyer)
    inquiry = thread["inquiry"]
    assert browser.get("/inquiries/999999").status_code == 404
    assert browser.get(f"/inquiries/{inquiry.id}/attachments/999999").status_code == 404
    assert browser.get("/inquiries/quotations/999999/proforma.pdf").status_code == 404


def test_an_attachment_of_another_thread_is_not_reachable_through_mine(
    cast, browser_for, thread, start_thread
):
    mine = start_thread(buyer=cast.other_buyer, message="My own question.")
    attachment = db.session.scalar(select(Attachment))
    browser = browser_for(cast.other_buyer)
    assert browser.get(f"/inquiries/{mine.id}").status_code == 200
    assert browser.get(f"/inquiries/{mine.id}/attachments/{attachment.id}").status_code == 404


def test_the_inbox_lists_a_thread_for_each_party(cast, browser_for, thread):
    inquiry = thread["inquiry"]
    marker = f'data-thread="{inquiry.id}"'
    assert marker in browser_for(cast.buyer).get("/inquiries/?box=buyer").get_data(as_text=True)
    staff_page = browser_for(cast.staff).get("/inquiries/?box=enterprise").get_data(as_text=True)
    assert marker in staff_page
    curator_page = browser_for(cast.curator).get("/inquiries/?box=staff").get_data(as_text=True)
    assert marker in curator_page
    other = browser_for(cast.other_owner).get("/inquiries/?box=enterprise").get_data(as_text=True)
    assert marker not in other


def test_only_the_seller_quotes_and_only_the_buyer_accepts(cast, browser_for, thread):
    inquiry, quotation = thread["inquiry"], thread["quotation"]
    assert browser_for(cast.buyer).get(f"/inquiries/{inquiry.id}/quote").status_code == 403
    assert browser_for(cast.curator).get(f"/inquiries/{inquiry.id}/quote").status_code == 403
    seller = browser_for(cast.owner)
    refused = seller.post(f"/inquiries/quotations/{quotation.id}/accept", follow_redirects=True)
    assert "Only the buyer can answer this." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert quotation.status == "sent"
