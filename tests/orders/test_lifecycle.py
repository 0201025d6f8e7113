"""The order lifecycle: one transition function, an event per change, fulfilments per
enterprise with e-mails to the buyer, expiry, cancellation, and who may see what."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.orders.helpers import confirm_paid, place
from trading_house.catalog.models import Product
from trading_house.core import clock
from trading_house.core.errors import InvalidTransition
from trading_house.core.models import OutboxEmail
from trading_house.extensions import db
from trading_house.orders.models import Order, OrderEvent
from trading_house.orders.status import ORDER_TRANSITIONS, transition_order


@pytest.fixture
def two_sellers(ctx, shop, factory, buyer, admin):
    """A paid order with lines from two enterprises."""
    other = factory.enterprise(factory.user("sme"))
    tea = factory.product(
        other, category=shop.category, name_english="Malino Tea", stock=9, weight_grams=200
    )
    order = place(buyer, [(shop.coffee, 1), (tea, 2)])
    confirm_paid(db.session.merge(order), db.session.merge(admin))
    db.session.commit()
    return order, other


def test_every_illegal_move_is_refused(ctx, shop, buyer):
    order = place(buyer, [(shop.coffee, 1)])
    for target in ("shipped", "delivered", "completed", "refunded", "processing"):
        assert target not in ORDER_TRANSITIONS["pending_payment"]
        with pytest.raises(InvalidTransition):
            transition_order(order, target)
    assert order.status == "pending_payment"


def test_each_change_is_an_event(two_sellers):
    order, _ = two_sellers
    events = db.session.scalars(
        select(OrderEvent).where(OrderEvent.order_id == order.id, OrderEvent.kind == "status")
    ).all()
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, "pending_payment"),
        ("pending_payment", "paid"),
    ]


def test_each_enterprise_ships_its_part_and_the_buyer_follows(two_sellers, client, login, shop):
    order, other = two_sellers
    order = db.session.merge(order)
    mine = next(f for f in order.fulfilments if f.enterprise_id == shop.enterprise.id)
    theirs = next(f for f in order.fulfilments if f.enterprise_id == other.id)
    login(shop.owner)
    assert client.post(f"/orders/fulfilments/{mine.id}/pack").status_code == 302
    assert client.post(f"/orders/fulfilments/{theirs.id}/pack").status_code == 404
    assert client.get(f"/orders/fulfilments/{theirs.id}").status_code == 404
    response = client.post(
        f"/orders/fulfilments/{mine.id}/ship?lang=en", data={"courier": "", "tracking_number": ""}
    )
    assert response.status_code == 422
    client.post(
        f"/orders/fulfilments/{mine.id}/ship", data={"courier": "JNE", "tracking_number": "JNE123"}
    )
    db.session.expire_all()
    assert order.status == "processing"  # the other enterprise has not shipped yet
    for step in ("ship", "deliver"):
        client.post(f"/orders/fulfilments/{mine.id}/{step}")
    db.session.expire_all()
    from trading_house.orders.fulfilment import deliver, ship

    ship(theirs, actor=other.members[0].user, courier="J&T", tracking_number="JT9")
    deliver(theirs, actor=other.members[0].user)
    db.session.commit()
    assert order.status == "delivered"
    subjects = [
        m.subject
        for m in db.session.scalars(
            select(OutboxEmail).where(OutboxEmail.recipient == order.buyer.email)
        )
    ]
    # placed, paid, packed, shipped ×2, delivered ×2: each names the order
    assert sum(order.number in s for s in subjects) == 7
    mail = db.session.scalar(select(OutboxEmail).where(OutboxEmail.body_text.contains("JNE123")))
    assert mail is not None and mail.recipient == order.buyer.email


def test_someone_elses_order_number_is_a_404(client, login, ctx, shop, buyer, factory):
    order = place(buyer, [(shop.coffee, 1)])
    login(factory.user("buyer"))
    for url in (
        f"/orders/{order.number}",
        f"/orders/{order.number}/invoice.pdf",
        "/orders/RD-2026-999999",
        f"/payments/orders/{order.number}/proof",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/orders/{order.number}/cancel").status_code == 404
    assert client.post(f"/payments/orders/{order.number}/card").status_code == 404


def test_the_buyer_cancels_an_unpaid_order_and_the_stock_returns(client, login, ctx, shop, buyer):
    order = place(buyer, [(shop.coffee, 4)])
    assert db.session.get(Product, shop.coffee.id).stock == 16
    login(buyer)
    client.post(f"/orders/{order.number}/cancel", data={"reason": "salah pesan"})
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == "cancelled"
    assert db.session.get(Product, shop.coffee.id).stock == 20


def test_unpaid_orders_expire_and_release_their_stock(app, ctx, shop, buyer, admin):
    late = place(buyer, [(shop.coffee, 3)])
    paid = place(buyer, [(shop.silk, 1)])
    confirm_paid(db.session.merge(paid), db.session.merge(admin))
    db.session.commit()
    clock.freeze(clock.utcnow() + timedelta(hours=49))
    result = app.test_cli_runner().invoke(args=["orders", "expire"])
    assert "1 unpaid order(s) expired." in result.output
    db.session.expire_all()
    assert db.session.get(Order, late.id).status == "cancelled"
    assert db.session.get(Order, paid.id).status == "paid"
    assert db.session.get(Product, shop.coffee.id).stock == 20
    assert db.session.get(Product, shop.silk.id).stock == 4
    again = app.test_cli_runner().invoke(args=["orders", "expire"])
    assert "0 unpaid order(s) expired." in again.output
    assert db.session.get(Product, shop.coffee.id).stock == 20


def test_a_stale_copy_cannot_overwrite_a_newer_status(app, ctx, shop, buyer, admin):
    """Two processes read the same pending order; the second to write loses."""
    order_id, admin_id = place(buyer, [(shop.coffee, 1)]).id, admin.id
    stale = db.session.get(Order, order_id)
    assert stale.status == "pending_payment"  # this session read it before the payment

    def pay_elsewhere():  # another request, with its own session, pays meanwhile
        with app.test_request_context():
            from trading_house.accounts.models import User

            confirm_paid(db.session.get(Order, order_id), db.session.get(User, admin_id))
            db.session.commit()
            db.session.remove()

    worker = threading.Thread(target=pay_elsewhere)
    worker.start()
    worker.join()
    from trading_house.orders.fulfilment import cancel

    with pytest.raises(InvalidTransition):
        cancel(stale, actor=None)
    db.session.rollback()
    assert db.session.get(Order, order_id).status == "paid"
