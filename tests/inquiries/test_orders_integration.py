"""With the orders area installed: accepting creates exactly one order in the same transaction,
and the buyer lands on it. (Skipped when the orders area is absent.)"""

import threading
import time

from sqlalchemy import func, select

from trading_house.accounts.models import User
from trading_house.core.rates import set_rate
from trading_house.core.tx import commit, rollback
from trading_house.extensions import db
from trading_house.inquiries import quotations, signals
from trading_house.inquiries.quotation_models import Quotation


def _orders_for(quotation_id) -> int:
    orders = db.metadata.tables["orders"]
    return db.session.scalar(
        select(func.count()).select_from(orders).where(orders.c.quotation_id == quotation_id)
    )


def test_accepting_lands_the_buyer_on_the_new_order(
    cast, start_thread, send_quotation, browser_for
):
    set_rate("USD", "16000")
    db.session.commit()
    quotation = send_quotation(start_thread())
    buyer = browser_for(cast.buyer)
    response = buyer.post(f"/inquiries/quotations/{quotation.id}/accept")
    db.session.expire_all()
    assert quotation.status == "accepted" and quotation.order_number
    assert response.status_code == 302
    assert quotation.order_number in response.headers["Location"]
    again = buyer.post(f"/inquiries/quotations/{quotation.id}/accept")
    assert again.headers["Location"] == response.headers["Location"]
    assert _orders_for(quotation.id) == 1


def test_when_the_order_cannot_be_made_nothing_is_accepted(
    cast, start_thread, send_quotation, browser_for
):
    quotation = send_quotation(start_thread(), currency="SGD")  # no SGD rate set
    response = browser_for(cast.buyer).post(
        f"/inquiries/quotations/{quotation.id}/accept", follow_redirects=True
    )
    assert "exchange rate" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (quotation.status, quotation.inquiry.status) == ("sent", "quoted")
    assert _orders_for(quotation.id) == 0


def test_two_concurrent_accepts_make_one_real_order(app, cast, start_thread, send_quotation):
    set_rate("USD", "16000")
    db.session.commit()
    quotation = send_quotation(start_thread())
    quotation_id, buyer_id = quotation.id, cast.buyer.id
    db.session.remove()
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def slow(sender, **kwargs):
        time.sleep(0.3)

    def attempt():
        with app.test_request_context(f"/inquiries/quotations/{quotation_id}/accept"):
            try:
                q = db.session.get(Quotation, quotation_id)
                buyer = db.session.get(User, buyer_id)
                assert q.inquiry.status == "quoted"
                barrier.wait(timeout=10)
                outcomes.append(quotations.accept_quotation(q, buyer).already)
                commit()
            except Exception as exc:  # noqa: BLE001 - reported below
                rollback()
                errors.append(exc)
            finally:
                db.session.remove()

    with signals.quotation_accepted.connected_to(slow):
        workers = [threading.Thread(target=attempt) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
    assert errors == [] and sorted(outcomes) == [False, True]
    assert _orders_for(quotation_id) == 1
