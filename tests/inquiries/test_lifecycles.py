"""The area's lifecycles run on core/lifecycle and keep their own history (inquiry_events)."""

from sqlalchemy import select

from trading_house.extensions import db
from trading_house.inquiries.models import InquiryEvent
from trading_house.inquiries.quotation_models import SampleRequest


def _history(subject_type: str, subject_id: int) -> list[tuple]:
    return db.session.execute(
        select(InquiryEvent.from_status, InquiryEvent.to_status, InquiryEvent.note)
        .where(InquiryEvent.subject_type == subject_type, InquiryEvent.subject_id == subject_id)
        .order_by(InquiryEvent.id)
    ).all()


def test_a_declined_sample_keeps_the_buyers_note_and_records_the_reason(
    cast, start_thread, browser_for
):
    inquiry = start_thread()
    buyer = browser_for(cast.buyer)
    buyer.post(
        f"/inquiries/{inquiry.id}/sample",
        data={"sample_quantity": "2", "note": "Two bags for our lab."},
    )
    sample = db.session.scalar(select(SampleRequest))
    declined = browser_for(cast.owner).post(
        f"/inquiries/samples/{sample.id}/decline", data={"reason": "Out of season."}
    )
    assert declined.status_code == 302
    db.session.expire_all()
    assert (sample.status, sample.note) == ("declined", "Two bags for our lab.")
    assert sample.decline_reason == "Out of season."
    assert _history("sample", sample.id) == [
        (None, "requested", None),
        ("requested", "declined", "Out of season."),
    ]
    thread_events = db.session.scalars(
        select(InquiryEvent.subject_type).where(InquiryEvent.inquiry_id == inquiry.id)
    ).all()
    assert "sample" in thread_events
    page = buyer.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "Out of season." in page and 'data-status="declined"' in page


def test_a_closed_thread_refuses_a_second_close_with_its_status(cast, start_thread, browser_for):
    inquiry = start_thread()
    curator = browser_for(cast.curator)
    assert curator.post(f"/inquiries/{inquiry.id}/close", data={"note": ""}).status_code == 302
    again = curator.post(f"/inquiries/{inquiry.id}/close", data={"note": ""}, follow_redirects=True)
    assert again.status_code == 200
    assert "its status is now “Closed”" in again.get_data(as_text=True)
    db.session.expire_all()
    assert _history("inquiry", inquiry.id)[-1][:2] == ("open", "closed")
    assert len([e for e in _history("inquiry", inquiry.id) if e[1] == "closed"]) == 1
