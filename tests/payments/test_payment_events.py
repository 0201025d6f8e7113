"""Every move of a payment is on record (issue #16: payments wrote no event row): who moved it,
from which status to which, and why, as a status event of the payment."""

from sqlalchemy import select

from tests.payments.test_bank_transfer import confirm, order, pdf_bytes, upload  # noqa: F401
from trading_house.core.models import StatusEvent
from trading_house.extensions import db
from trading_house.payments.models import Payment


def payment_moves():
    events = db.session.scalars(
        select(StatusEvent).where(StatusEvent.subject_type == "payment").order_by(StatusEvent.id)
    )
    return [(e.from_status, e.to_status, e.actor_id, e.reason) for e in events]


def test_proof_rejection_and_confirmation_are_each_a_payment_event(
    client,
    login,
    buyer,
    admin,
    order,  # noqa: F811
):
    login(buyer)
    assert upload(client, order, pdf_bytes(), "bukti.pdf").status_code == 302
    login(admin)
    client.post(
        f"/payments/admin/orders/{order.number}/reject", data={"reason": "Nominal tidak sesuai"}
    )
    login(buyer)
    assert upload(client, order, pdf_bytes(), "bukti2.pdf").status_code == 302
    login(admin)
    assert confirm(client, order, "182.000").status_code == 302

    payment = db.session.scalar(select(Payment))
    assert payment.status == "succeeded"
    assert payment_moves() == [
        ("pending", "proof_submitted", buyer.id, None),
        ("proof_submitted", "pending", admin.id, "Nominal tidak sesuai"),
        ("pending", "proof_submitted", buyer.id, None),
        ("proof_submitted", "succeeded", admin.id, None),
    ]
