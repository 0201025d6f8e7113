"""The whole journey through the web pages: a buyer asks, the enterprise answers and quotes,
the buyer downloads the proforma invoice and accepts; both sides are told by e-mail."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.inquiries.conftest import inquiry_form, link_path, pdf_bytes, quotation_form
from trading_house.extensions import db
from trading_house.inquiries.models import Inquiry, InquiryEvent
from trading_house.inquiries.quotation_models import Quotation


@pytest.mark.parametrize("lang", ["en", "id"])
def test_inquiry_to_accepted_quotation(cast, browser_for, outbox, orders_stub, lang):
    buyer = browser_for(cast.buyer)
    page = buyer.get(f"/inquiries/ask/{cast.product.id}?lang={lang}")
    assert page.status_code == 200
    assert 'data-testid="inquiry-form"' in page.get_data(as_text=True)

    data = inquiry_form()
    data["attachments"] = [(io.BytesIO(pdf_bytes()), "spec.pdf")]
    sent = buyer.post(
        f"/inquiries/ask/{cast.product.id}", data=data, content_type="multipart/form-data"
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)
    inquiry = db.session.scalar(select(Inquiry))
    assert sent.headers["Location"].endswith(f"/inquiries/{inquiry.id}")
    assert (inquiry.status, inquiry.quantity, inquiry.unit) == ("open", 200, "kg")
    assert (inquiry.target_price, inquiry.target_currency) == (1250, "USD")

    # Both enterprise members hear of it, with a link back to the thread.
    mails = [m for m in outbox() if m.recipient in (cast.owner.email, cast.staff.email)]
    assert len(mails) == 2
    assert link_path(mails[0], "/inquiries/") == f"/inquiries/{inquiry.id}"
    assert "Please quote FOB Makassar for 200 kg" in mails[0].body_text

    seller = browser_for(cast.owner)
    thread = seller.get(f"/inquiries/{inquiry.id}?lang={lang}").get_data(as_text=True)
    assert "Please quote FOB Makassar for 200 kg" in thread
    assert "spec.pdf" in thread
    reply = seller.post(f"/inquiries/{inquiry.id}/messages", data={"body": "Siap, kami kirim."})
    assert reply.status_code == 302
    quote = seller.post(f"/inquiries/{inquiry.id}/quote", data=quotation_form())
    assert quote.status_code == 302, quote.get_data(as_text=True)[:2000]
    quotation = db.session.scalar(select(Quotation))
    assert quotation.total.amount == 250000  # 200 kg × USD 12.50

    buyer_mail = outbox(cast.buyer.email)[-1]
    assert quotation.number in buyer_mail.subject
    assert "$2,500.00" in buyer_mail.body_text  # the buyer reads English number formats
    view = buyer.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "Siap, kami kirim." in view
    assert quotation.number in view

    pdf = buyer.get(f"/inquiries/quotations/{quotation.id}/proforma.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert ("USD 2,500.00" if lang == "en" else "USD 2.500,00") in text  # reader's format

    accepted = buyer.post(f"/inquiries/quotations/{quotation.id}/accept")
    assert accepted.status_code == 302
    db.session.expire_all()
    assert quotation.status == "accepted" and inquiry.status == "accepted"
    assert quotation.order_number == "RD-TEST-000001"
    assert orders_stub == [("quotation", quotation.id, cast.buyer.id, [quotation.lines[0].id])]
    events = db.session.scalars(
        select(InquiryEvent.to_status).where(
            InquiryEvent.subject_type == "quotation", InquiryEvent.subject_id == quotation.id
        )
    ).all()
    assert events == ["sent", "accepted"]
    told = {m.recipient for m in outbox() if "accepted" in m.subject}
    assert {cast.owner.email, cast.staff.email, cast.curator.email} <= told
