"""Bad input gets a clear message next to its field, what was typed stays, nothing is written."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.inquiries.conftest import inquiry_form, png_bytes, quotation_form
from trading_house.extensions import db
from trading_house.inquiries.models import Inquiry, Message
from trading_house.inquiries.quotation_models import Quotation
from trading_house.inquiries.terms import trading_today


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)))


def _error(page: str, field: str) -> str:
    marker = f'data-field-error="{field}">'
    assert marker in page, page[:3000]
    return page.split(marker, 1)[1].split("<", 1)[0]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"quantity": "99"}, "quantity", "The minimum order quantity for this product is 100 kg."),
        ({"quantity": "0"}, "quantity", "Enter a whole number of at least 1."),
        ({"quantity": "lots"}, "quantity", "Not a valid integer value."),
        ({"unit": "pcs"}, "unit", "Quantities for this product are in kg."),
        ({"destination": "XX"}, "destination", "Not a valid choice."),
        ({"destination": ""}, "destination", "Choose a destination country from the list."),
        ({"incoterm": "FOX"}, "incoterm", "Not a valid choice."),
        ({"date_needed": "2020-01-01"}, "date_needed", "The date needed cannot be in the past."),
        ({"date_needed": "next week"}, "date_needed", "Not a valid date value."),
        ({"message": ""}, "message", "Please write a message."),
        ({"message": "x" * 5001}, "message", "Please keep it under 5,000 characters."),
        ({"target_price": "-3"}, "target_price", "The amount cannot be negative."),
    ],
)
def test_inquiry_form_errors(cast, browser_for, changes, field, message):
    buyer = browser_for(cast.buyer)
    data = inquiry_form(**changes)
    response = buyer.post(f"/inquiries/ask/{cast.product.id}", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in _error(page, field)
    if field != "message":
        assert "Please quote FOB Makassar for 200 kg, grade 1." in page  # typed text kept
    assert _count(Inquiry) == 0


def test_attachments_are_checked(cast, browser_for):
    buyer = browser_for(cast.buyer)
    four = inquiry_form()
    four["attachments"] = [(io.BytesIO(png_bytes()), f"p{n}.png") for n in range(4)]
    response = buyer.post(
        f"/inquiries/ask/{cast.product.id}", data=four, content_type="multipart/form-data"
    )
    assert "Attach at most 3 files." in _error(response.get_data(as_text=True), "attachments")
    fake = inquiry_form()
    fake["attachments"] = [(io.BytesIO(b"MZ\x90\x00 not a document"), "invoice.pdf")]
    response = buyer.post(
        f"/inquiries/ask/{cast.product.id}", data=fake, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "not a readable image or PDF" in _error(response.get_data(as_text=True), "attachments")
    assert _count(Inquiry) == 0


def test_unverified_buyers_cannot_send(cast, factory, browser_for):
    unverified = factory.user("buyer", verified=False)
    browser = browser_for(unverified)
    page = browser.get(f"/inquiries/ask/{cast.product.id}").get_data(as_text=True)
    assert 'data-testid="verify-first"' in page
    response = browser.post(f"/inquiries/ask/{cast.product.id}", data=inquiry_form())
    assert response.status_code == 422
    assert "Please confirm your e-mail address" in response.get_data(as_text=True)
    assert _count(Inquiry) == 0


def test_an_unpublished_product_cannot_be_asked_about(cast, factory, browser_for):
    draft = factory.product(cast.enterprise, category=cast.category, status="draft")
    assert browser_for(cast.buyer).get(f"/inquiries/ask/{draft.id}").status_code == 404


def test_members_cannot_ask_their_own_business(cast, browser_for):
    response = browser_for(cast.owner).post(
        f"/inquiries/ask/{cast.product.id}", data=inquiry_form()
    )
    assert response.status_code == 422
    assert "You cannot send an inquiry to your own business." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"valid_until": "2020-01-01"}, "valid_until", "The validity date cannot be in the past."),
        ({"incoterm": "XYZ"}, "incoterm", "Not a valid choice."),
        ({"unit_price": "0"}, "unit_price", "Enter a unit price above zero."),
        ({"unit_price": "abc"}, "unit_price", "Enter an amount such as 1.250,50 or 1250.50."),
        ({"unit_price": "Rp 520.000"}, "unit_price", "“Rp” is not the currency of this amount"),
        ({"moq": "500"}, "moq", "The MOQ must be at least 1 and not above the quoted quantity."),
        ({"lead_time_days": "-1"}, "lead_time_days", "between 0 and 730 days"),
        ({"named_place": ""}, "named_place", "Name the place for the Incoterm."),
        ({"currency": "BTC"}, "currency", "Not a valid choice."),
    ],
)
def test_quotation_form_errors(cast, start_thread, browser_for, changes, field, message):
    inquiry = start_thread()
    response = browser_for(cast.owner).post(
        f"/inquiries/{inquiry.id}/quote", data=quotation_form(**changes)
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in _error(page, field)
    assert "Jute bags of 60 kg." in page
    assert _count(Quotation) == 0
    db.session.expire_all()
    assert inquiry.status == "open"


def test_message_limits(cast, start_thread, browser_for):
    inquiry = start_thread()
    buyer = browser_for(cast.buyer)
    before = _count(Message)
    long = buyer.post(f"/inquiries/{inquiry.id}/messages", data={"body": "y" * 5001})
    assert long.status_code == 422
    assert "Please keep it under 5,000 characters." in _error(long.get_data(as_text=True), "body")
    empty = buyer.post(f"/inquiries/{inquiry.id}/messages", data={"body": "   "})
    assert "Please write a message." in _error(empty.get_data(as_text=True), "body")
    assert _count(Message) == before


def test_buying_request_errors(cast, browser_for):
    from tests.inquiries.test_rfq import request_form

    buyer = browser_for(cast.buyer)
    cases = [
        ({"category_id": "99999"}, "category_id", "Not a valid choice."),
        ({"destination": "ZZ"}, "destination", "Not a valid choice."),
        ({"incoterm": "ABC"}, "incoterm", "Not a valid choice."),
        ({"quantity": "-5"}, "quantity", "Enter a whole number of at least 1."),
        ({"description": "short"}, "description", "Between 10 and 5,000 characters"),
        (
            {"date_needed": (trading_today() - timedelta(days=1)).isoformat()},
            "date_needed",
            "The date needed cannot be in the past.",
        ),
    ]
    for changes, field, message in cases:
        response = buyer.post(
            "/inquiries/requests/new", data=request_form(cast.category, **changes)
        )
        assert response.status_code == 422, changes
        page = response.get_data(as_text=True)
        assert message in _error(page, field), changes
        assert "5 tonnes of Arabica per quarter" in page
