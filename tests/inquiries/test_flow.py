"""The whole journey through the web pages: a buyer asks, the enterprise answers and quotes,
the buyer downloads the proforma invoice and accepts; both sides are told by e-mail — with
everyone (pages and e-mails) in English, and again in Indonesian."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.inquiries.conftest import inquiry_form, link_path, pdf_bytes, quotation_form
from trading_house.extensions import db
from trading_house.inquiries.models import Inquiry, InquiryEvent
from trading_house.inquiries.quotation_models import Quotation

#: What each language shows at each step (a string of the page or e-mail, in that language).
TEXT = {
    "en": {
        "sent": "Your inquiry was sent. The seller will answer here.",
        "new_inquiry": "New inquiry: ",
        "quote_button": "Send a quotation",
        "accept_button": "Accept quotation",
        "total": "$2,500.00",
        "pdf_title": "Proforma invoice PI-",
        "pdf_total": "$2,500.00",  # as on the page: one formatter
        "accepted": "You accepted quotation",
    },
    "id": {
        "sent": "Pertanyaan Anda sudah terkirim. Penjual akan menjawab di sini.",
        "new_inquiry": "Pertanyaan baru: ",
        "quote_button": "Kirim penawaran harga",
        "accept_button": "Terima penawaran harga",
        "total": "US$2.500,00",
        "pdf_title": "Faktur proforma PI-",
        "pdf_total": "US$2.500,00",
        "accepted": "Anda menerima penawaran harga",
    },
}


def _has_catalog(lang: str) -> bool:
    """Indonesian texts are checked only once the catalog translates this area."""
    if lang == "en":
        return True
    from flask_babel import force_locale
    from flask_babel import gettext as _

    with force_locale("id"):
        return _("Send a quotation") != "Send a quotation"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_inquiry_to_accepted_quotation(app, cast, browser_for, outbox, orders_stub, lang):
    with app.test_request_context():
        if not _has_catalog(lang):
            pytest.skip("the Indonesian catalog does not translate this area yet")
    text = TEXT[lang]
    for person in (cast.buyer, cast.owner, cast.staff, cast.curator):
        person.preferred_language = lang  # e-mails in the same language as the pages
    db.session.commit()

    buyer = browser_for(cast.buyer, lang=lang)
    page = buyer.get(f"/inquiries/ask/{cast.product.id}")
    assert page.status_code == 200
    assert 'data-testid="inquiry-form"' in page.get_data(as_text=True)

    data = inquiry_form()
    data["attachments"] = [(io.BytesIO(pdf_bytes()), "spec.pdf")]
    sent = buyer.post(
        f"/inquiries/ask/{cast.product.id}",
        data=data,
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert text["sent"] in sent.get_data(as_text=True)
    inquiry = db.session.scalar(select(Inquiry))
    assert sent.request.path == f"/inquiries/{inquiry.id}"
    assert (inquiry.status, inquiry.quantity, inquiry.unit) == ("open", 200, "kg")
    assert (inquiry.target_price, inquiry.target_currency) == (1250, "USD")

    # Both enterprise members hear of it, in their language, with a link back to the thread.
    mails = [m for m in outbox() if m.recipient in (cast.owner.email, cast.staff.email)]
    assert len(mails) == 2
    assert mails[0].subject.startswith(text["new_inquiry"])
    assert link_path(mails[0], "/inquiries/") == f"/inquiries/{inquiry.id}"
    assert "Please quote FOB Makassar for 200 kg" in mails[0].body_text

    seller = browser_for(cast.owner, lang=lang)
    thread = seller.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "Please quote FOB Makassar for 200 kg" in thread
    assert "spec.pdf" in thread and text["quote_button"] in thread
    reply = seller.post(f"/inquiries/{inquiry.id}/messages", data={"body": "Siap, kami kirim."})
    assert reply.status_code == 302
    quote = seller.post(f"/inquiries/{inquiry.id}/quote", data=quotation_form())
    assert quote.status_code == 302, quote.get_data(as_text=True)
    quotation = db.session.scalar(select(Quotation))
    assert quotation.total.amount == 250000  # 200 kg × USD 12.50

    buyer_mail = outbox(cast.buyer.email)[-1]
    assert quotation.number in buyer_mail.subject
    assert text["total"] in buyer_mail.body_text  # the reader's number format
    view = buyer.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "Siap, kami kirim." in view
    assert quotation.number in view and text["accept_button"] in view and text["total"] in view

    pdf = buyer.get(f"/inquiries/quotations/{quotation.id}/proforma.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    content = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert text["pdf_title"] in content and text["pdf_total"] in content

    accepted = buyer.post(f"/inquiries/quotations/{quotation.id}/accept", follow_redirects=True)
    assert text["accepted"] in accepted.get_data(as_text=True)
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
    told = {m.recipient for m in outbox() if quotation.number in m.subject}
    assert {cast.owner.email, cast.staff.email, cast.curator.email, cast.buyer.email} <= told
