"""A fulfilment moved by someone else after this request read it (another tab, a colleague)
is not moved again from the status it no longer has: the move is a compare-and-set, the loser
is told plainly and nothing is recorded twice."""

import pytest
from sqlalchemy import func, select, update

from tests.orders.helpers import confirm_paid, place
from trading_house.core.errors import InvalidTransition
from trading_house.extensions import db
from trading_house.orders.fulfilment import pack, ship
from trading_house.orders.models import Fulfilment, Order, OrderEvent


@pytest.fixture
def fulfilment(ctx, shop, buyer, admin):
    order = place(buyer, [(shop.coffee, 1)])
    confirm_paid(db.session.get(Order, order.id), db.session.merge(admin))
    db.session.commit()
    return db.session.get(Order, order.id).fulfilments[0]


def fulfilment_events(fulfilment) -> int:
    return db.session.scalar(
        select(func.count(OrderEvent.id)).where(OrderEvent.fulfilment_id == fulfilment.id)
    )


def test_a_move_from_a_status_changed_meanwhile_is_refused(fulfilment, shop):
    # Another request ships it; this one still holds the fulfilment as "pending".
    db.session.execute(
        update(Fulfilment)
        .where(Fulfilment.id == fulfilment.id)
        .values(status="shipped", version=Fulfilment.version + 1)
        .execution_options(synchronize_session=False)
    )
    assert fulfilment.status == "pending"
    with pytest.raises(InvalidTransition) as refused:
        pack(fulfilment, actor=shop.owner)
    message = str(refused.value.message)
    assert "Someone else changed this a moment ago" in message and "Shipped" in message
    assert fulfilment.status == "shipped"  # the page shows what the other request did
    assert fulfilment_events(fulfilment) == 0


def test_a_changed_shipment_is_not_overwritten(fulfilment, shop):
    db.session.execute(
        update(Fulfilment)
        .where(Fulfilment.id == fulfilment.id)
        .values(status="packed", version=Fulfilment.version + 1)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(InvalidTransition) as refused:
        ship(fulfilment, actor=shop.owner, courier="JNE", tracking_number="JNE1")
    assert "changed by someone else meanwhile" in str(refused.value.message)
    db.session.rollback()
    assert db.session.get(Fulfilment, fulfilment.id).courier is None
    assert fulfilment_events(fulfilment) == 0


def test_packing_twice_is_refused_with_the_shipments_own_message(fulfilment, shop):
    pack(fulfilment, actor=shop.owner)
    db.session.commit()
    with pytest.raises(InvalidTransition) as refused:
        pack(fulfilment, actor=shop.owner)
    assert "cannot become packed" in str(refused.value.message)
    assert fulfilment_events(fulfilment) == 1
