"""Bank transfer, the default: instructions with a unique reference, proof upload (PDF or
image only), admin confirmation or rejection."""

import io

import pytest
from fpdf import FPDF
from PIL import Image
from sqlalchemy import func, select

from tests.orders.helpers import place
from trading_house.core.models import Document, OutboxEmail
from trading_house.extensions import db
from trading_house.orders.models import Order
from trading_house.payments.models import Payment


def pdf_bytes() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Bukti transfer Rp182.000")
    return bytes(pdf.output())


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def order(ctx, shop, buyer):
    return place(buyer, [(shop.coffee, 2)])


def upload(client, order, data, name):
    return client.post(
        f"/payments/orders/{order.number}/proof?lang=en",
        data={"proof": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_the_order_page_shows_the_account_and_a_unique_reference(client, login, buyer, order, shop):
    login(buyer)
    page = client.get(f"/orders/{order.number}?lang=en").get_data(as_text=True)
    assert "Koperasi Rumah Dagang Sulawesi Selatan" in page
    reference = order.number.replace("-", "")
    assert f'data-testid="transfer-reference">{reference}<' in page
    second = place(buyer, [(shop.silk, 1)])
    assert second.number.replace("-", "") != reference


@pytest.mark.parametrize("data, name", [(pdf_bytes(), "bukti.pdf"), (png_bytes(), "foto.png")])
def test_the_buyer_uploads_a_proof(client, login, buyer, order, data, name):
    login(buyer)
    response = upload(client, order, data, name)
    assert response.status_code == 302
    payment = db.session.scalar(select(Payment))
    assert payment.status == "proof_submitted" and payment.proof_document_id
    assert payment.reference == order.number.replace("-", "")
    page = client.get(f"/orders/{order.number}?lang=en").get_data(as_text=True)
    assert 'data-testid="proof-received"' in page
    assert client.get(f"/payments/orders/{order.number}/proof").status_code == 200


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"just some text, not a receipt", "bukti.pdf", "not a readable image or PDF"),
        (b"%PDF-1.4 this is not really a pdf", "bukti.pdf", "damaged or not a real PDF"),
        (b"", "kosong.png", "The file is empty"),
    ],
)
def test_a_proof_that_is_not_a_pdf_or_image_is_refused(
    client, login, buyer, order, data, name, message
):
    login(buyer)
    response = upload(client, order, data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Document.id))) == 0
    assert db.session.scalar(select(func.count(Payment.id))) == 0


def test_the_admin_confirms_the_transfer(client, login, buyer, admin, order):
    login(buyer)
    upload(client, order, pdf_bytes(), "bukti.pdf")
    login(admin)
    page = client.get("/payments/admin/transfers?lang=en").get_data(as_text=True)
    assert order.number in page
    client.post(f"/payments/admin/orders/{order.number}/confirm")
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.status == "paid" and order.paid_at is not None
    assert db.session.scalar(select(Payment.status)) == "succeeded"
    assert order.lines[0].commission_bp == 1000


def test_the_admin_rejects_a_proof_and_the_buyer_is_told(client, login, buyer, admin, order):
    login(buyer)
    upload(client, order, png_bytes(), "foto.png")
    login(admin)
    client.post(
        f"/payments/admin/orders/{order.number}/reject", data={"reason": "Nominal tidak sesuai"}
    )
    assert db.session.scalar(select(Payment.status)) == "pending"
    mail = db.session.scalar(
        select(OutboxEmail).where(OutboxEmail.body_text.contains("Nominal tidak sesuai"))
    )
    assert mail.recipient == buyer.email
    assert db.session.get(Order, order.id).status == "pending_payment"


def test_only_admins_confirm_payments(client, login, buyer, order):
    login(buyer)
    assert client.post(f"/payments/admin/orders/{order.number}/confirm").status_code == 403
    assert client.get("/payments/admin/transfers").status_code == 403
    assert db.session.get(Order, order.id).status == "pending_payment"
