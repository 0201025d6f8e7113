"""Samples: the buyer asks, the seller offers (price or free, who pays shipping), the buyer
accepts once and the sample becomes a small order through the signal."""

from sqlalchemy import select

from tests.inquiries.conftest import inquiry_form
from trading_house.extensions import db
from trading_house.inquiries.quotation_models import SampleRequest


def test_sample_from_the_inquiry_form_to_a_small_order(cast, browser_for, orders_stub, outbox):
    buyer = browser_for(cast.buyer)
    page = buyer.get(f"/inquiries/ask/{cast.product.id}?sample=1").get_data(as_text=True)
    assert 'name="sample_quantity"' in page
    response = buyer.post(
        f"/inquiries/ask/{cast.product.id}", data=inquiry_form(sample_quantity="3")
    )
    assert response.status_code == 302
    sample = db.session.scalar(select(SampleRequest))
    assert (sample.status, sample.quantity, sample.unit) == ("requested", 3, "kg")

    owner = browser_for(cast.owner)
    missing = owner.post(
        f"/inquiries/samples/{sample.id}/offer",
        data={"price": "", "currency": "USD", "shipping_paid_by": "buyer"},
    )
    assert missing.status_code == 422
    assert "Enter a price, or tick “Free sample”." in missing.get_data(as_text=True)
    offered = owner.post(
        f"/inquiries/samples/{sample.id}/offer",
        data={"free": "y", "currency": "USD", "shipping_paid_by": "buyer"},
    )
    assert offered.status_code == 302
    db.session.expire_all()
    assert (sample.status, sample.price, sample.shipping_paid_by) == ("offered", 0, "buyer")
    assert sample.inquiry.first_response_at is not None
    view = buyer.get(f"/inquiries/{sample.inquiry_id}").get_data(as_text=True)
    assert "Free sample" in view and "The buyer pays shipping" in view
    assert any("The seller offered a sample." in m.body_text for m in outbox(cast.buyer.email))

    accepted = buyer.post(f"/inquiries/samples/{sample.id}/accept")
    again = buyer.post(f"/inquiries/samples/{sample.id}/accept", follow_redirects=True)
    assert accepted.status_code == 302
    assert "already accepted" in again.get_data(as_text=True)
    assert orders_stub == [("sample", sample.id, cast.buyer.id, 0)]
    db.session.expire_all()
    assert (sample.status, sample.order_number) == ("accepted", "RD-SAMPLE-000001")


def test_a_paid_sample_declined_by_the_buyer(cast, start_thread, browser_for, orders_stub):
    inquiry = start_thread()
    buyer = browser_for(cast.buyer)
    asked = buyer.post(f"/inquiries/{inquiry.id}/sample", data={"sample_quantity": "2"})
    assert asked.status_code == 302
    twice = buyer.post(f"/inquiries/{inquiry.id}/sample", data={"sample_quantity": "2"})
    assert "A sample request is already open" in twice.get_data(as_text=True)
    sample = db.session.scalar(select(SampleRequest))
    owner = browser_for(cast.owner)
    owner.post(
        f"/inquiries/samples/{sample.id}/offer",
        data={"price": "45.00", "currency": "USD", "shipping_paid_by": "enterprise"},
    )
    db.session.expire_all()
    assert (sample.price, sample.currency) == (4500, "USD")
    # the seller cannot accept its own offer, nor decline it now
    assert "Only the buyer" in owner.post(
        f"/inquiries/samples/{sample.id}/accept", follow_redirects=True
    ).get_data(as_text=True)
    declined = buyer.post(
        f"/inquiries/samples/{sample.id}/decline", data={"reason": "Too expensive."}
    )
    assert declined.status_code == 302
    db.session.expire_all()
    assert (sample.status, sample.decline_reason) == ("declined", "Too expensive.")
    assert orders_stub == []


def test_no_samples_for_products_without_them(cast, factory, start_thread, browser_for):
    plain = factory.product(cast.enterprise, category=cast.category, sample_available=False)
    inquiry = start_thread(product=plain, quantity=5, unit="pcs")
    response = browser_for(cast.buyer).post(
        f"/inquiries/{inquiry.id}/sample", data={"sample_quantity": "2"}
    )
    assert response.status_code == 422
    assert "This product has no samples." in response.get_data(as_text=True)
    assert db.session.scalar(select(SampleRequest)) is None
