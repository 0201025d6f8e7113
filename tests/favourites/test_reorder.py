"""Reorder at today's prices (what changed is shown first) and monthly repeat drafts."""

import re
from datetime import date, timedelta

import pytest

from tests.reviews.helpers import Shop
from trading_house.catalog.models import WholesaleTier
from trading_house.core.tx import commit
from trading_house.extensions import db
from trading_house.favourites import reorder
from trading_house.favourites.models import RepeatDraft, RepeatOrder
from trading_house.orders.models import Cart


@pytest.fixture
def shop(app, factory):
    return Shop(factory)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_reorder_shows_changed_prices_and_fills_the_cart(shop, factory, client, login):
    buyer = factory.user("buyer")
    syrup = factory.product(
        shop.enterprise,
        category=shop.category,
        name_english="Markisa syrup",
        retail_price_idr=40_000,
        stock=50,
        weight_grams=600,
    )
    order = shop.order(buyer, [(shop.coffee, 2), (syrup, 3)])
    shop.coffee.retail_price_idr = 90_000  # up by 5.000
    syrup.status = "archived"  # no longer listed
    commit()
    login(buyer)
    assert "Reorder at today" in _text(client.get(f"/orders/{order.number}"))
    page = _text(client.get(f"/orders/{order.number}/reorder"))
    assert "Price up by Rp5.000" in page or "Price up by IDR" in page, page
    assert "No longer available: left out" in page
    response = client.post(f"/orders/{order.number}/reorder")
    assert response.status_code == 302 and response.headers["Location"].endswith("/cart")
    cart = db.session.query(Cart).filter_by(user_id=buyer.id).one()
    assert [(i.product_id, i.quantity, i.unit_price_seen_idr) for i in cart.items] == [
        (shop.coffee.id, 2, 90_000)
    ]
    # Reordering twice does not double the quantities.
    client.post(f"/orders/{order.number}/reorder")
    db.session.expire_all()
    assert [i.quantity for i in db.session.query(Cart).one().items] == [2]


def test_wholesale_tier_reached_is_todays_price(shop, factory):
    buyer = factory.user("buyer")
    order = shop.order(buyer, [(shop.coffee, 12)])
    db.session.add(WholesaleTier(product_id=shop.coffee.id, min_quantity=10, unit_price_idr=70_000))
    commit()
    [line] = reorder.preview(order)
    assert (line.then_unit_idr, line.now_unit_idr, line.change) == (85_000, 70_000, "down")


def test_nobody_else_can_reorder_an_order(shop, factory, client, login):
    order = shop.order(factory.user("buyer"))
    login(factory.user("buyer"))
    assert client.get(f"/orders/{order.number}/reorder").status_code == 404
    assert client.post(f"/orders/{order.number}/reorder").status_code == 404


def test_an_unpaid_order_cannot_be_reordered(shop, factory, client, login):
    buyer = factory.user("buyer")
    order = shop.order(buyer, deliver=False, pay=False)
    login(buyer)
    response = client.post(f"/orders/{order.number}/reorder")
    assert response.status_code == 422
    assert db.session.query(Cart).filter_by(user_id=buyer.id).one().items == []


def test_monthly_repeat_makes_one_draft_per_month_at_that_days_prices(shop, factory, client, login):
    buyer = factory.user("buyer")
    order = shop.order(buyer)
    login(buyer)
    bad = client.post(f"/orders/{order.number}/repeat", data={"day_of_month": "31"})
    assert bad.status_code == 422 and "Choose a day from 1 to 28." in _text(bad)
    assert (
        client.post(f"/orders/{order.number}/repeat", data={"day_of_month": "5"}).status_code == 302
    )
    repeat = db.session.query(RepeatOrder).one()
    repeat.next_run_on = date(2026, 12, 5)
    shop.coffee.retail_price_idr = 88_000
    commit()
    draft = reorder.make_draft(repeat, today=date(2026, 12, 5))
    commit()
    assert draft.lines[0]["unit_price_idr"] == 88_000 and draft.is_waiting
    assert repeat.next_run_on == date(2027, 1, 5)
    # the command run again the same day makes nothing more
    assert reorder.make_draft(repeat, today=date(2026, 12, 5)) is None
    assert db.session.query(RepeatDraft).count() == 1
    page = _text(client.get("/repeat-orders"))
    assert "Check and confirm" in page and "Skip this month" in page
    # Confirming places the order itself (tests/favourites/test_repeat_drafts.py).


def test_the_repeat_command(shop, factory, app):
    buyer = factory.user("buyer")
    order = shop.order(buyer)
    repeat = reorder.start_repeat(buyer, order, 1)
    repeat.next_run_on = date(2000, 1, 1)
    commit()
    result = app.test_cli_runner().invoke(args=["favourites", "repeat-due"])
    assert "1 draft(s) made." in result.output
    assert db.session.query(RepeatDraft).count() == 1


def test_next_date():
    assert reorder.next_date(5, date(2026, 12, 4)) == date(2026, 12, 5)
    assert reorder.next_date(5, date(2026, 12, 5)) == date(2027, 1, 5)
    assert reorder.next_date(28, date(2027, 1, 31)) == date(2027, 2, 28)


def test_a_quotation_is_reordered_at_todays_listed_prices(shop, factory, client, login):
    """The buyer of a quotation puts its products in the cart at today's listed price (the
    quoted price was for that deal); other people get a 404."""
    from trading_house.core.clock import business_today
    from trading_house.inquiries import quotations
    from trading_house.inquiries import services as inquiries

    buyer = factory.user("buyer", email="toko@example.id", country="ID")
    inquiry = inquiries.start_inquiry(
        buyer,
        shop.coffee,
        quantity=20,
        unit="pcs",
        destination_country="ID",
        incoterm="EXW",
        date_needed=business_today() + timedelta(days=30),
        message="Harga grosir untuk 20 bungkus?",
        locale="id",
    )
    commit()
    quotation = quotations.issue_quotation(
        shop.owner,
        inquiry,
        unit_price=80_000,
        currency="IDR",
        quantity=20,
        moq=10,
        incoterm="EXW",
        named_place="Toraja",
        lead_time_days=7,
        valid_until=business_today() + timedelta(days=10),
        payment_terms="bank_transfer",
        notes="",
    )
    commit()
    login(buyer)
    thread = _text(client.get(f"/inquiries/{inquiry.id}"))
    assert "Order again at today" in thread
    page = _text(client.get(f"/quotations/{quotation.id}/reorder"))
    assert "Price up by" in page  # quoted 80.000, listed today 85.000
    assert client.post(f"/quotations/{quotation.id}/reorder").status_code == 302
    cart = db.session.query(Cart).filter_by(user_id=buyer.id).one()
    assert [(i.quantity, i.unit_price_seen_idr) for i in cart.items] == [(20, 85_000)]
    stranger = factory.user("buyer")
    other = client.application.test_client()
    login(stranger, target=other)
    assert other.get(f"/quotations/{quotation.id}/reorder").status_code == 404
