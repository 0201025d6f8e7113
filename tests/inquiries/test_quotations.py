"""Quotations: supersede, accept exactly once (also under a race), expire, decline."""

import threading
import time
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from trading_house.accounts.models import User
from trading_house.core import clock
from trading_house.core.tx import commit, rollback
from trading_house.extensions import db
from trading_house.inquiries import quotations, signals
from trading_house.inquiries.models import InquiryEvent
from trading_house.inquiries.quotation_models import Quotation
from trading_house.inquiries.quotations import is_past_validity


def _events(quotation, to_status=None):
    query = select(InquiryEvent.to_status).where(
        InquiryEvent.subject_type == "quotation", InquiryEvent.subject_id == quotation.id
    )
    if to_status:
        query = query.where(InquiryEvent.to_status == to_status)
    return db.session.scalars(query.order_by(InquiryEvent.id)).all()


def test_a_new_quotation_supersedes_the_open_one(cast, start_thread, send_quotation, browser_for):
    inquiry = start_thread()
    first = send_quotation(inquiry)
    second = send_quotation(inquiry, unit_price=1190)
    db.session.expire_all()
    assert (first.status, first.revision) == ("superseded", 1)
    assert (second.status, second.revision) == ("sent", 2)
    assert _events(first) == ["sent", "superseded"]
    buyer = browser_for(cast.buyer)
    page = buyer.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert f'data-number="{first.number}" data-status="superseded"' in page
    assert f'data-number="{second.number}" data-status="sent"' in page
    refused = buyer.post(f"/inquiries/quotations/{first.id}/accept", follow_redirects=True)
    assert "its status is now “Superseded”" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert first.status == "superseded" and inquiry.status == "quoted"


def test_double_click_on_accept_makes_one_acceptance(
    cast, start_thread, send_quotation, browser_for, orders_stub
):
    inquiry = start_thread()
    quotation = send_quotation(inquiry)
    buyer = browser_for(cast.buyer)
    first = buyer.post(f"/inquiries/quotations/{quotation.id}/accept", follow_redirects=True)
    second = buyer.post(f"/inquiries/quotations/{quotation.id}/accept", follow_redirects=True)
    assert "You accepted quotation" in first.get_data(as_text=True)
    assert "This quotation was already accepted." in second.get_data(as_text=True)
    assert len(orders_stub) == 1
    assert _events(quotation, "accepted") == ["accepted"]


def test_two_concurrent_accepts_make_one_acceptance_and_one_order(
    app, cast, start_thread, send_quotation, orders_stub
):
    """Two workers accept at the same moment; the compare-and-set lets exactly one win, and
    only the winner's signal creates an order (on SQLite and on PostgreSQL)."""
    inquiry = start_thread()
    quotation = send_quotation(inquiry)
    quotation_id, buyer_id = quotation.id, cast.buyer.id
    db.session.remove()
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def slow_order(sender, **kwargs):
        time.sleep(0.3)  # hold the winner's transaction open while the other one tries

    def attempt():  # one request each, as two browser tabs would send them
        with app.test_request_context(f"/inquiries/quotations/{quotation_id}/accept"):
            try:
                q = db.session.get(Quotation, quotation_id)
                buyer = db.session.get(User, buyer_id)
                assert q.inquiry.status == "quoted" and q.status == "sent"
                barrier.wait(timeout=10)
                outcome = quotations.accept_quotation(q, buyer)
                commit()
                outcomes.append(outcome.already)
            except Exception as exc:  # noqa: BLE001 - reported below
                rollback()
                errors.append(exc)
            finally:
                db.session.remove()

    with signals.quotation_accepted.connected_to(slow_order):
        workers = [threading.Thread(target=attempt) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
    assert errors == []
    assert sorted(outcomes) == [False, True]
    assert len(orders_stub) == 1
    quotation = db.session.get(Quotation, quotation_id)
    assert quotation.status == "accepted" and quotation.order_number == "RD-TEST-000001"
    assert _events(quotation, "accepted") == ["accepted"]
    accepted_threads = db.session.scalar(
        select(func.count(InquiryEvent.id)).where(
            InquiryEvent.subject_type == "inquiry", InquiryEvent.to_status == "accepted"
        )
    )
    assert accepted_threads == 1


def test_a_quotation_expires_after_its_last_day_in_makassar(
    app, cast, start_thread, send_quotation, browser_for, orders_stub
):
    clock.freeze(datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
    inquiry = start_thread()
    quotation = send_quotation(inquiry, valid_until=date(2026, 3, 10))
    clock.freeze(datetime(2026, 3, 10, 15, 59, tzinfo=UTC))  # 23:59 on the 10th in Makassar
    assert not is_past_validity(quotation)
    clock.freeze(datetime(2026, 3, 10, 16, 1, tzinfo=UTC))  # 00:01 on the 11th in Makassar
    assert is_past_validity(quotation)
    buyer = browser_for(cast.buyer)
    page = buyer.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert 'data-status="expired"' in page and "Accept quotation" not in page
    response = buyer.post(f"/inquiries/quotations/{quotation.id}/accept", follow_redirects=True)
    assert "This quotation expired on 2026-03-10" in response.get_data(as_text=True)
    db.session.expire_all()
    assert quotation.status == "expired" and inquiry.status == "quoted"
    assert _events(quotation) == ["sent", "expired"]
    assert orders_stub == []


def test_the_daily_command_expires_due_quotations(app, cast, start_thread, send_quotation):
    clock.freeze(datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
    due = send_quotation(start_thread(), valid_until=date(2026, 3, 5))
    later = send_quotation(start_thread(buyer=cast.other_buyer), valid_until=date(2026, 3, 20))
    clock.freeze(datetime(2026, 3, 8, 0, 0, tzinfo=UTC))
    result = app.test_cli_runner().invoke(args=["inquiries", "expire"])
    assert "1 quotation(s) expired." in result.output
    db.session.expire_all()
    assert (due.status, later.status) == ("expired", "sent")


def test_decline_needs_a_reason_and_tells_the_seller(
    cast, start_thread, send_quotation, browser_for, outbox
):
    inquiry = start_thread()
    quotation = send_quotation(inquiry)
    buyer = browser_for(cast.buyer)
    empty = buyer.post(f"/inquiries/quotations/{quotation.id}/decline", data={"reason": "  "})
    assert empty.status_code == 422
    assert "Please give a reason." in empty.get_data(as_text=True)
    done = buyer.post(
        f"/inquiries/quotations/{quotation.id}/decline", data={"reason": "Too expensive for us."}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert (quotation.status, inquiry.status) == ("declined", "declined")
    assert quotation.decline_reason == "Too expensive for us."
    mail = outbox(cast.owner.email)[-1]
    assert quotation.number in mail.subject and "Too expensive for us." in mail.body_text
    assert any(quotation.number in m.subject for m in outbox(cast.curator.email))
    # the seller may try again: the thread is quoted once more
    seller = browser_for(cast.owner)
    assert seller.get(f"/inquiries/{inquiry.id}/quote").status_code == 200
    from tests.inquiries.conftest import quotation_form

    assert seller.post(f"/inquiries/{inquiry.id}/quote", data=quotation_form()).status_code == 302
    db.session.expire_all()
    assert inquiry.status == "quoted"


def test_a_declined_quotation_cannot_be_accepted_later(
    cast, start_thread, send_quotation, browser_for, orders_stub
):
    inquiry = start_thread()
    quotation = send_quotation(inquiry)
    buyer = browser_for(cast.buyer)
    buyer.post(f"/inquiries/quotations/{quotation.id}/decline", data={"reason": "No thanks."})
    response = buyer.post(f"/inquiries/quotations/{quotation.id}/accept", follow_redirects=True)
    assert "its status is now “Declined”" in response.get_data(as_text=True)
    assert orders_stub == []


def test_the_quote_form_is_prefilled_from_the_inquiry(cast, start_thread, browser_for):
    inquiry = start_thread()
    page = browser_for(cast.staff).get(f"/inquiries/{inquiry.id}/quote").get_data(as_text=True)
    assert 'name="quantity" required type="number" value="200"' in page
    assert 'name="moq" type="number" value="100"' in page  # the product's MOQ
    assert 'name="named_place" required type="text" value="Makassar"' in page
