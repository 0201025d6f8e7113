"""A bulk order paid in milestones: 30 % deposit on order, 70 % before shipment; the parts add
up to the total, each is paid once (also under concurrency), the deposit releases the order
to the enterprise, and shipping waits for the part due before shipment."""

import pytest
from sqlalchemy import select

from tests.orders.conftest import shop  # noqa: F401 - the shop fixture
from tests.orders.helpers import place
from tests.orders.test_concurrency import _run_together
from trading_house.accounts.models import User
from trading_house.core.errors import DomainError
from trading_house.core.lifecycle import StaleTransition
from trading_house.extensions import db
from trading_house.orders.fulfilment import pack, ship
from trading_house.orders.models import Order
from trading_house.payments import milestones
from trading_house.payments.milestone_models import PaymentMilestone


@pytest.fixture
def split(factory, shop):  # noqa: F811
    buyer = factory.user("buyer")
    admin = factory.user("admin")
    order = place(buyer, [(shop.coffee, 7)])
    parts = milestones.plan(order, [(3000, "on_order"), (7000, "before_shipment")], actor=admin)
    db.session.commit()
    return order, parts, admin, buyer


def test_the_parts_add_up_to_the_total_exactly(app, split):
    order, parts, _admin, _buyer = split
    assert [p.percent_bp for p in parts] == [3000, 7000]
    assert sum(p.amount_minor for p in parts) == order.total_minor
    assert parts[0].amount_minor == round(order.total_minor * 0.3)
    assert parts[0].reference != parts[1].reference


def test_a_plan_must_add_up_to_one_hundred_percent(app, factory, shop):  # noqa: F811
    order = place(factory.user("buyer"), [(shop.coffee, 2)])
    with pytest.raises(DomainError, match="add up to 100 percent"):
        milestones.plan(
            order, [(3000, "on_order"), (6000, "before_shipment")], actor=factory.user("admin")
        )


def test_the_deposit_releases_the_order_and_shipping_waits_for_the_balance(app, split, shop):  # noqa: F811
    order, parts, admin, _buyer = split
    milestones.confirm(parts[0], actor=admin, method="bank_transfer", received_reference="BCA 1001")
    db.session.commit()
    assert order.status == "paid"
    fulfilment = order.fulfilments[0]
    pack(fulfilment, actor=admin)
    with pytest.raises(DomainError, match="part due before shipment"):
        ship(fulfilment, actor=admin, courier="JNE", tracking_number="JNE1")
    db.session.rollback()
    milestones.confirm(parts[1], actor=admin, method="card", received_reference="ch_3Px")
    ship(
        db.session.get(Order, order.id).fulfilments[0],
        actor=admin,
        courier="JNE",
        tracking_number="JNE1",
    )
    db.session.commit()
    assert db.session.get(Order, order.id).fulfilments[0].status == "shipped"


def test_a_milestone_is_never_paid_twice(app, split):
    _order, parts, admin, _buyer = split
    milestones.confirm(parts[0], actor=admin, method="bank_transfer", received_reference="BCA 1")
    db.session.commit()
    with pytest.raises(Exception, match="not possible any more"):
        milestones.confirm(parts[0], actor=admin, method="card", received_reference="again")


def test_the_balance_cannot_be_recorded_before_the_deposit(app, split):
    _order, parts, admin, _buyer = split
    with pytest.raises(DomainError, match="earlier parts first"):
        milestones.confirm(parts[1], actor=admin, method="card", received_reference="ch_1")


def test_two_staff_confirming_the_same_part_at_once_book_it_once(app, factory, split):
    order, parts, admin, _buyer = split
    staff = [admin.id, factory.user("admin").id, factory.user("curator").id]
    milestone_id = parts[0].id

    def job_for(user_id):
        def job():
            user = db.session.get(User, user_id)
            part = db.session.get(PaymentMilestone, milestone_id)
            milestones.confirm(
                part, actor=user, method="bank_transfer", received_reference=f"BCA {user_id}"
            )
            return "paid"

        return job

    results = _run_together(app, [job_for(user_id) for user_id in staff])
    assert results.count("paid") == 1, results
    assert all(isinstance(r, (StaleTransition, DomainError)) for r in results if r != "paid")
    db.session.expire_all()
    assert db.session.get(PaymentMilestone, milestone_id).is_paid
    from trading_house.payments.models import LedgerEntry

    sales = db.session.scalars(select(LedgerEntry).where(LedgerEntry.order_id == order.id)).all()
    assert len(sales) == len(order.lines)  # the sale was booked once


def test_pages_buyer_sees_parts_and_staff_split_with_clear_refusals(
    app,
    factory,
    shop,  # noqa: F811
    login,
    client,
):
    buyer = factory.user("buyer")
    order = place(buyer, [(shop.coffee, 3)])
    login(factory.user("admin"))
    url = f"/payments/admin/orders/{order.number}/milestones"
    assert client.get(url).status_code == 200
    bad = client.post(url, data={"deposit_percent": "100", "balance_due": "before_shipment"})
    assert bad.status_code == 422
    good = client.post(url, data={"deposit_percent": "30", "balance_due": "against_documents"})
    assert good.status_code == 302
    part = db.session.scalar(select(PaymentMilestone).order_by(PaymentMilestone.position))
    missing = client.post(
        f"/payments/admin/milestones/{part.id}/paid",
        data={"method": "bank_transfer", "received_reference": ""},
    )
    assert missing.status_code == 422
    buyer_client = app.test_client()
    login(buyer, target=buyer_client)
    page = buyer_client.get(f"/payments/orders/{order.number}/milestones?lang=en").get_data(
        as_text=True
    )
    assert part.reference in page and "Against shipping documents" in page
    detail = buyer_client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert "paid in milestones" in detail
    other = app.test_client()
    login(factory.user("buyer"), target=other)
    assert other.get(f"/payments/orders/{order.number}/milestones").status_code == 404
