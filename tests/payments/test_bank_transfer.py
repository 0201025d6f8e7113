"""Bank transfer, the default: instructions with a unique reference, proof upload (PDF or
image only), admin confirmation or rejection."""

import io
import re

import pytest
from fpdf import FPDF
from PIL import Image
from sqlalchemy import func, select

from tests.orders.helpers import place
from trading_house.core.models import Document, OutboxEmail
from trading_house.extensions import db
from trading_house.orders.models import Order
from trading_house.payments.models import LedgerEntry, Payment, TransferReceipt


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


def typed(amount: int) -> str:
    """An amount the way staff type it from an Indonesian bank statement: 1.250.000."""
    return f"{amount:,}".replace(",", ".")


def confirm(client, order, amount, *, version=None, proof=None, reason=""):
    """Open the confirm page (as a staff member would) and send the form from it."""
    if version is None:
        page = client.get(f"/payments/admin/orders/{order.number}/confirm?lang=en")
        assert page.status_code == 200
        version = int(re.search(r'name="version" type="hidden" value="(\d+)"', page.text)[1])
    data = {"amount": amount, "reason": reason, "version": str(version)}
    if proof is not None:
        data["proof"] = (io.BytesIO(proof[0]), proof[1])
    return client.post(
        f"/payments/admin/orders/{order.number}/confirm?lang=en",
        data=data,
        content_type="multipart/form-data",
    )


def fresh(order) -> Order:
    db.session.expire_all()
    return db.session.get(Order, order.id)


def test_the_admin_confirms_the_transfer_with_the_amount_and_the_buyers_proof(
    client, login, buyer, admin, order
):
    login(buyer)
    upload(client, order, pdf_bytes(), "bukti.pdf")
    login(admin)
    page = client.get("/payments/admin/transfers?lang=en").get_data(as_text=True)
    assert order.number in page
    form = client.get(f"/payments/admin/orders/{order.number}/confirm?lang=en").text
    assert 'data-testid="buyer-proof"' in form
    response = confirm(client, order, typed(order.total_minor))
    assert response.status_code == 302
    order = fresh(order)
    assert order.status == "paid" and order.paid_at is not None
    payment = db.session.scalar(select(Payment))
    assert payment.status == "succeeded" and payment.received_minor == order.total_minor
    (receipt,) = db.session.scalars(select(TransferReceipt)).all()
    assert receipt.amount_minor == order.total_minor
    assert receipt.proof_document_id == payment.proof_document_id  # the buyer's proof
    assert receipt.confirmed_by_id == admin.id
    assert order.lines[0].commission_bp == 1000
    admin_page = client.get(f"/orders/admin/{order.number}?lang=en").text
    assert 'data-testid="money-state">Paid in full<' in admin_page


@pytest.mark.parametrize(
    "amount, reason, field, message",
    [
        ("", "", "amount", "Enter the amount that arrived."),
        ("1.2.3", "", "amount", "Enter an amount such as 520.000 or 520000."),
        ("0", "", "amount", "Enter an amount above zero."),
        ("182.000", "", "reason", "Attach the proof of this transfer, or write why there is none."),
        (
            "182.000",
            "   ",
            "reason",
            "Attach the proof of this transfer, or write why there is none.",
        ),
    ],
)
def test_a_transfer_without_amount_or_proof_or_reason_is_refused(
    client, login, admin, order, amount, reason, field, message
):
    """Defect 9: nothing is marked paid without the amount and the proof (or a reason)."""
    login(admin)
    response = confirm(client, order, amount, reason=reason)
    assert response.status_code == 422
    assert f'data-field-error="{field}">{message}' in response.text
    assert f'value="{amount}"' in response.text  # what was typed is kept
    assert fresh(order).status == "pending_payment"
    assert db.session.scalar(select(func.count(TransferReceipt.id))) == 0
    assert db.session.scalar(select(func.count(Payment.id))) == 0


@pytest.mark.parametrize("how", ["staff upload", "reason"])
def test_a_staff_upload_or_a_written_reason_stands_in_for_the_buyers_proof(
    client, login, admin, order, how
):
    login(admin)
    if how == "staff upload":
        response = confirm(client, order, typed(order.total_minor), proof=(png_bytes(), "m.png"))
    else:
        response = confirm(
            client, order, typed(order.total_minor), reason="Seen on the BNI statement of 4 Dec"
        )
    assert response.status_code == 302
    receipt = db.session.scalar(select(TransferReceipt))
    if how == "staff upload":
        assert receipt.proof.uploaded_by_id == admin.id and receipt.reason == ""
        assert client.get(f"/payments/admin/receipts/{receipt.id}/proof").status_code == 200
    else:
        assert receipt.proof_document_id is None
        assert receipt.reason == "Seen on the BNI statement of 4 Dec"
    assert fresh(order).status == "paid"


def test_a_proof_upload_that_is_not_an_image_or_pdf_is_refused_on_the_confirm_form(
    client, login, admin, order
):
    login(admin)
    response = confirm(client, order, "182.000", proof=(b"not a receipt", "bukti.pdf"))
    assert response.status_code == 422
    assert "not a readable image or PDF" in response.text
    assert fresh(order).status == "pending_payment"
    assert db.session.scalar(select(func.count(Document.id))) == 0


def test_a_short_transfer_leaves_the_order_partly_paid_until_the_rest_arrives(
    client, login, buyer, admin, order
):
    total = order.total_minor
    deadline = order.expires_at
    login(buyer)
    upload(client, order, pdf_bytes(), "bukti.pdf")
    login(admin)
    assert confirm(client, order, "100.000").status_code == 302
    order = fresh(order)
    assert order.status == "pending_payment"
    payment = db.session.scalar(select(Payment))
    assert (payment.status, payment.received_minor) == ("pending", 100000)
    assert payment.charge_state == "partial" and payment.difference_minor == 100000 - total
    assert order.expires_at > deadline  # a full payment window again for the rest
    missing = f"IDR\u00a0{total - 100000:,}"
    # Staff see it on the order and on the transfers screen (the difference, signed).
    admin_page = client.get(f"/orders/admin/{order.number}?lang=en").text
    assert 'data-testid="money-state">Partly paid<' in admin_page
    assert f"{missing} is still missing." in admin_page
    transfers = client.get("/payments/admin/transfers?lang=en").text
    assert f"−{missing}" in transfers
    # The buyer is told by e-mail and sees it on the order page, with the rest to pay.
    mail = db.session.scalar(
        select(OutboxEmail).where(OutboxEmail.subject.contains("Part of the payment"))
    )
    assert mail.recipient == buyer.email
    assert f"{missing} is still missing" in mail.body_text
    login(buyer)
    page = client.get(f"/orders/{order.number}?lang=en").text
    assert 'data-testid="money-state">Partly paid<' in page
    assert f"Pay the remaining {missing}" in page
    assert 'data-testid="pay-card"' not in page
    # Their list of orders and the admin's say so too, not "awaiting payment".
    mine = client.get("/orders?lang=en").text
    assert 'data-status="partly_paid">Partly paid — the rest is due<' in mine
    # A second transfer (with its own proof) completes it.
    upload(client, order, png_bytes(), "sisa.png")
    login(admin)
    assert confirm(client, order, typed(total - 100000)).status_code == 302
    order = fresh(order)
    assert order.status == "paid"
    receipts = db.session.scalars(select(TransferReceipt).order_by(TransferReceipt.id)).all()
    assert [r.amount_minor for r in receipts] == [100000, total - 100000]
    assert receipts[0].proof_document_id != receipts[1].proof_document_id
    assert [r.difference_minor for r in receipts] == [100000 - total, 0]
    assert db.session.scalar(select(Payment.received_minor)) == total


def test_an_over_payment_pays_the_order_and_shows_the_difference(
    client, login, buyer, admin, order
):
    """The walkthrough of the issue: 1.250.000 typed for an order of another amount."""
    total = order.total_minor
    login(admin)
    assert confirm(client, order, "1.250.000", reason="BCA statement").status_code == 302
    order = fresh(order)
    assert order.status == "paid"
    payment = db.session.scalar(select(Payment))
    assert payment.received_minor == 1250000 and payment.charge_state == "over"
    receipt = db.session.scalar(select(TransferReceipt))
    assert receipt.difference_minor == 1250000 - total
    # The enterprise is credited the sale only, never the excess.
    assert sum(e.gross_idr for e in db.session.scalars(select(LedgerEntry))) == 170000
    excess = f"IDR\u00a0{1250000 - total:,}"
    transfers = client.get("/payments/admin/transfers?lang=en").text
    assert f"+{excess}" in transfers and "Overpaid" in transfers
    ledger_page = client.get("/payments/admin/ledger?lang=en").text
    assert f"+{excess}" in ledger_page
    login(buyer)
    page = client.get(f"/orders/{order.number}?lang=en").text
    assert 'data-testid="money-state">Overpaid<' in page
    assert f"{excess} more than the total arrived." in page


def test_a_partly_paid_order_that_is_cancelled_shows_money_to_return(
    client, login, buyer, admin, order
):
    login(admin)
    confirm(client, order, "50.000", reason="BCA statement")
    login(buyer)
    client.post(f"/orders/{order.number}/cancel", data={"reason": "changed my mind"})
    assert fresh(order).status == "cancelled"
    login(admin)
    transfers = client.get("/payments/admin/transfers?lang=en").text
    assert "Money to return" in transfers and "+IDR\u00a050,000" in transfers
    # A cancelled order takes no more transfers.
    version = db.session.scalar(select(Payment.version))
    again = confirm(client, order, "50.000", version=version, reason="again")
    assert again.status_code == 422
    assert "This order is not waiting for payment." in again.text
    assert db.session.scalar(select(func.count(TransferReceipt.id))) == 1


def test_a_stale_tab_is_told_the_transfer_was_already_recorded(client, login, admin, order):
    """Two tabs open on the same order: the second submission records nothing."""
    login(admin)
    page = client.get(f"/payments/admin/orders/{order.number}/confirm").text
    version = int(re.search(r'name="version" type="hidden" value="(\d+)"', page)[1])
    first = confirm(client, order, "182.000", version=version, reason="statement")
    second = confirm(client, order, "182.000", version=version, reason="statement")
    assert first.status_code == 302 and second.status_code == 302
    assert second.headers["Location"].endswith(f"/payments/admin/orders/{order.number}/confirm")
    shown = client.get(second.headers["Location"] + "?lang=en").text
    assert "This order is already paid; nothing more was recorded." in shown
    assert 'data-testid="not-awaiting"' in shown
    assert db.session.scalar(select(func.count(TransferReceipt.id))) == 1
    assert db.session.scalar(select(Payment.received_minor)) == fresh(order).total_minor


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
    response = client.post(
        f"/payments/admin/orders/{order.number}/confirm",
        data={"amount": "182.000", "reason": "x", "version": "0"},
    )
    assert response.status_code == 403
    assert db.session.get(Order, order.id).status == "pending_payment"


def give_back(client, order, amount, reference="BCA-RET-01"):
    page = client.get(f"/payments/admin/orders/{order.number}/confirm?lang=en").text
    form = page[page.index('data-testid="return-money-form"') :]
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form)[1]
    return client.post(
        f"/payments/admin/orders/{order.number}/return?lang=en",
        data={"amount": amount, "reference": reference, "version": version},
    )


def test_the_excess_of_an_overpaid_order_is_recorded_when_returned(client, login, admin, order):
    total = order.total_minor
    login(admin)
    confirm(client, order, "1.250.000", reason="BCA statement")
    too_much = give_back(client, order, typed(1250000 - total + 1))
    assert too_much.status_code == 422
    assert f"Enter an amount up to the IDR\u00a0{1250000 - total:,} to return." in too_much.text
    assert give_back(client, order, typed(1250000 - total)).status_code == 302
    payment = db.session.scalar(select(Payment))
    assert payment.received_minor == total and payment.charge_state == "full"
    returned = db.session.scalar(select(TransferReceipt).where(TransferReceipt.kind == "returned"))
    assert (returned.amount_minor, returned.reason) == (1250000 - total, "BCA-RET-01")
    assert returned.difference_minor == 0
    transfers = client.get("/payments/admin/transfers?lang=en").text
    differences = transfers[transfers.index('data-testid="payment-differences"') :]
    assert order.number not in differences.split("</table>")[0]
    assert fresh(order).status == "paid"


def test_money_that_arrived_for_a_cancelled_order_is_recorded_when_returned(
    client, login, buyer, admin, order
):
    login(admin)
    confirm(client, order, "50.000", reason="BCA statement")
    client.post(f"/orders/admin/{order.number}/cancel", data={"reason": "out of stock"})
    assert fresh(order).status == "cancelled"
    page = client.get(f"/payments/admin/orders/{order.number}/confirm?lang=en").text
    assert 'data-testid="money-state">Money to return<' in page
    assert give_back(client, order, "50.000").status_code == 302
    login(buyer)
    page = client.get(f"/orders/{order.number}?lang=en").text
    assert "returned −IDR\u00a050,000" in page
    assert 'data-testid="money-state"' not in page  # nothing is owed either way any more
    assert db.session.scalar(select(Payment.received_minor)) == 0


def test_the_payment_history_speaks_the_staff_members_language(client, login, buyer, admin, order):
    """QA: an admin working in Indonesian read "proof uploaded" and "transfer received"."""
    login(buyer)
    upload(client, order, pdf_bytes(), "bukti.pdf")
    login(admin)
    confirm(client, order, typed(order.total_minor))
    page = client.get(f"/orders/admin/{order.number}?lang=id").get_data(as_text=True)
    timeline = page.split('data-testid="timeline"')[1]
    assert "Bukti transfer diunggah pembeli" in timeline
    assert "Transfer dicatat" in timeline
    assert "proof uploaded" not in timeline and "transfer received" not in timeline
    english = client.get(f"/orders/admin/{order.number}?lang=en").get_data(as_text=True)
    assert "Proof of transfer uploaded by the buyer" in english.split('data-testid="timeline"')[1]


def test_the_amount_example_is_the_order_total_as_typed_in_its_currency(
    client, login, buyer, admin, shop
):
    """QA: the hint under "Amount received" of a euro order said "e.g. 1.250.000"."""
    from trading_house.core.money import Money
    from trading_house.core.rates import set_rate

    set_rate("EUR", "17500")
    db.session.commit()
    order = place(buyer, [(shop.coffee, 2)], currency="EUR")
    login(admin)
    page = client.get(f"/payments/admin/orders/{order.number}/confirm?lang=id").text
    whole, cents = divmod(order.total_minor, 100)
    typed_id = f"{whole:,}".replace(",", ".") + f",{cents:02d}"  # as an Indonesian types it
    assert f"dalam EUR, misalnya {typed_id}" in page
    assert "1.250.000" not in page
    english = client.get(f"/payments/admin/orders/{order.number}/confirm?lang=en").text
    assert f"in EUR, e.g. {Money(order.total_minor, 'EUR').format('en')[1:]}" in english


def test_the_shipping_address_names_the_country(client, login, buyer, order):
    """QA: the order page ended the address with "Sulawesi Selatan ID"."""
    login(buyer)
    page = client.get(f"/orders/{order.number}?lang=id").text
    address = page.split('data-testid="ship-address">')[1].split("</address>")[0]
    assert "Sulawesi Selatan" in address and "Indonesia" in address
    assert " ID\n" not in address and " ID<" not in address
