"""Payment protection after delivery: the seller's payout for a line waits for the buyer's
confirmation or the hold days, and for any open dispute; a dispute needs a delivered line,
the window, a reason and a description; the trading house decides and the ledger follows."""

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from tests.orders.helpers import confirm_paid, place
from tests.payments.test_ledger import ship_all
from trading_house.core.clock import freeze, utcnow
from trading_house.core.errors import DomainError
from trading_house.extensions import db
from trading_house.orders import disputes
from trading_house.orders.dispute_models import Dispute
from trading_house.orders.fulfilment import deliver
from trading_house.orders.models import Order
from trading_house.payments import disputes as decisions
from trading_house.payments import ledger
from trading_house.payments.models import LedgerEntry


@pytest.fixture
def delivered(app, factory, shop, buyer, admin, monkeypatch):  # noqa: F811
    order = place(buyer, [(shop.coffee, 4)])
    confirm_paid(db.session.get(Order, order.id), admin)
    db.session.commit()
    ship_all(order, admin)
    for fulfilment in db.session.get(Order, order.id).fulfilments:
        deliver(fulfilment, actor=admin)
    ledger.set_payable_after("delivered", actor=admin)
    db.session.commit()
    # Without a hold, a delivered line is payable at once; the hold has its own test below.
    monkeypatch.setitem(app.config, "PAYOUT_HOLD_DAYS", 0)
    return db.session.get(Order, order.id)


def _released(order) -> int:
    return ledger.balance(order.lines[0].enterprise_id).released_idr


def _open(order, buyer, **overrides):
    values = dict(reason="damaged", quantity=2, description="Two packs arrived torn open.")
    values.update(overrides)
    return disputes.open_dispute(order, order.lines[0], actor=buyer, **values)


def test_an_open_dispute_holds_the_payout_and_a_refund_reverses_the_ledger(
    app, delivered, buyer, admin
):
    before = _released(delivered)
    assert before > 0
    dispute = _open(delivered, buyer)
    db.session.commit()
    assert _released(delivered) == 0
    decisions.decide_dispute(
        dispute,
        actor=admin,
        outcome="partial_refund",
        refund_quantity=1,
        note="One pack was torn in the photo.",
    )
    db.session.commit()
    line = db.session.get(Order, delivered.id).lines[0]
    assert line.refunded_quantity == 1
    refunds = db.session.scalars(
        select(LedgerEntry).where(
            LedgerEntry.order_line_id == line.id, LedgerEntry.kind == "refund"
        )
    ).all()
    assert len(refunds) == 1
    assert 0 < _released(delivered) < before


def test_hold_days_wait_for_the_buyer_or_the_time(app, delivered, buyer, monkeypatch):
    monkeypatch.setitem(app.config, "PAYOUT_HOLD_DAYS", 7)
    assert _released(delivered) == 0
    disputes.confirm_receipt(delivered, delivered.fulfilments[0], actor=buyer)
    db.session.commit()
    assert _released(delivered) > 0


def test_no_dispute_after_the_window(app, delivered, buyer):
    freeze(utcnow() + timedelta(days=15))
    try:
        with pytest.raises(DomainError, match="days to open a dispute after delivery are over"):
            _open(delivered, buyer)
    finally:
        freeze(None)


def test_one_open_dispute_per_line_and_only_real_quantities(app, delivered, buyer):
    with pytest.raises(DomainError, match="Between 1 and 4 units"):
        _open(delivered, buyer, quantity=9)
    _open(delivered, buyer)
    db.session.commit()
    with pytest.raises(DomainError, match="already has an open dispute"):
        _open(delivered, buyer)


def test_a_line_not_yet_delivered_cannot_be_disputed(app, factory, shop, buyer, admin):  # noqa: F811
    order = place(buyer, [(shop.coffee, 2)])
    confirm_paid(db.session.get(Order, order.id), admin)
    db.session.commit()
    with pytest.raises(DomainError, match="once it is delivered"):
        _open(db.session.get(Order, order.id), buyer, quantity=1)


def test_the_buyer_disputes_with_a_photo_and_staff_decide_in_the_pages(
    app, delivered, buyer, admin, login, client
):
    login(buyer)
    url = f"/orders/{delivered.number}/problem"
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        data={
            "line_id": str(delivered.lines[0].id),
            "reason": "damaged",
            "quantity": "2",
            "description": "torn",
        },
    )
    assert bad.status_code == 422
    photo = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 10, 10)).save(photo, "JPEG")
    photo.seek(0)
    good = client.post(
        url,
        data={
            "line_id": str(delivered.lines[0].id),
            "reason": "damaged",
            "quantity": "2",
            "description": "Two packs arrived torn open.",
            "evidence": (photo, "torn.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    dispute = db.session.scalar(select(Dispute))
    assert dispute.evidence_document_id is not None
    staff = app.test_client()
    login(admin, target=staff)
    assert delivered.number in staff.get("/payments/admin/disputes").get_data(as_text=True)
    assert staff.get(f"/payments/admin/disputes/{dispute.id}/evidence").status_code == 200
    decided = staff.post(
        f"/payments/admin/disputes/{dispute.id}",
        data={
            "outcome": "replacement",
            "refund_quantity": "0",
            "note": "The seller sends two new packs.",
        },
    )
    assert decided.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "The seller sends two new packs." in page
    other = app.test_client()
    from tests.factories import Factory

    login(Factory().user("buyer"), target=other)
    assert other.get(url).status_code == 404
