"""A monthly repeat draft is a draft order: the buyer hears of it (e-mail, banner on the orders
page), sees today's prices against last time, edits quantities (typed the Indonesian way), and
ONE "Confirm order" places it — on net terms for an approved wholesale organisation, else
waiting for payment. Two tabs confirming the same draft make one order (SQLite and, with
``TEST_DATABASE_URL``, PostgreSQL)."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.orders.conftest import shop  # noqa: F401 - the wholesale fixture needs it
from tests.orders.test_concurrency import _run_together
from tests.reviews.helpers import Shop
from tests.wholesale.conftest import key, wholesale  # noqa: F401 - fixture
from trading_house.accounts.models import User
from trading_house.core.models import OutboxEmail
from trading_house.core.tx import commit
from trading_house.extensions import db
from trading_house.favourites import placing, reorder
from trading_house.favourites.models import RepeatDraft
from trading_house.orders.models import Order
from trading_house.wholesale import ordering
from trading_house.wholesale.models import BuyerOrganisation, Invoice

DAY = date(2026, 12, 5)


@pytest.fixture
def kopi(app, factory):
    return Shop(factory)


def _text(response) -> str:
    """The page's main content as words (no tags), so failures read well."""
    html = response.get_data(as_text=True)
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def _draft_of(buyer, order) -> RepeatDraft:
    repeat = reorder.start_repeat(buyer, order, 5)
    repeat.next_run_on = DAY
    commit()
    draft = reorder.make_draft(repeat, today=DAY)
    commit()
    assert draft is not None
    return draft


def _orders_of(buyer) -> list[Order]:
    return list(db.session.scalars(select(Order).where(Order.buyer_id == buyer.id)))


def test_a_retail_draft_is_announced_and_confirmed_into_an_order(kopi, factory, client, login):
    buyer = factory.user("buyer")
    syrup = factory.product(
        kopi.enterprise, category=kopi.category, name_english="Markisa syrup", stock=50
    )
    first = kopi.order(buyer, [(kopi.coffee, 2), (syrup, 1)])
    draft = _draft_of(buyer, first)
    mail = db.session.scalars(
        select(OutboxEmail).where(OutboxEmail.recipient == buyer.email).order_by(OutboxEmail.id)
    ).all()[-1]
    assert mail.subject in ("Your monthly order is ready", "Pesanan bulanan Anda sudah siap")
    assert f"/repeat-orders/drafts/{draft.id}" in mail.body_text
    kopi.coffee.retail_price_idr = 90_000  # up by 5.000 since last time
    syrup.status = "archived"
    commit()

    login(buyer)
    orders_page = _text(client.get("/orders"))
    assert "Your monthly order is ready" in orders_page
    page = _text(client.get(f"/repeat-orders/drafts/{draft.id}"))
    assert "Price up by IDR 5,000" in page
    assert "No longer available: left out" in page
    assert "Confirm order" in page and "Skip this month" in page

    response = client.post(
        f"/repeat-orders/drafts/{draft.id}/confirm",
        data={
            f"qty-{kopi.coffee.id}": "3",
        },
    )
    assert response.status_code == 302
    placed = [o for o in _orders_of(buyer) if o.id != first.id]
    assert len(placed) == 1
    order = placed[0]
    assert response.headers["Location"].endswith(f"/orders/{order.number}")
    assert order.status == "pending_payment" and order.payment_method == "bank_transfer"
    assert [(line.product_id, line.quantity, line.unit_price_minor) for line in order.lines] == [
        (kopi.coffee.id, 3, 90_000)
    ]
    assert order.ship_city == first.ship_city
    db.session.expire_all()
    assert db.session.get(RepeatDraft, draft.id).status == "confirmed"
    assert "please pay it" in _text(client.get(response.headers["Location"]))
    assert "Your monthly order is ready" not in _text(client.get("/orders"))
    # The draft page says where the order went; confirming again orders nothing more.
    assert order.number in _text(client.get(f"/repeat-orders/drafts/{draft.id}"))
    again = client.post(f"/repeat-orders/drafts/{draft.id}/confirm", follow_redirects=True)
    assert "Nothing was ordered twice" in _text(again)
    assert len(_orders_of(buyer)) == 2


def test_bad_quantities_are_refused_and_kept(kopi, factory, client, login):
    buyer = factory.user("buyer")
    draft = _draft_of(buyer, kopi.order(buyer))
    login(buyer)
    field = f"qty-{kopi.coffee.id}"
    for typed, message in [
        ("dua", "Enter a whole number of units"),
        ("1,5", "Enter a whole number of units"),
        ("1,200", "Only 498 left in stock"),
        ("0", "Enter a quantity for at least one product"),
    ]:
        response = client.post(f"/repeat-orders/drafts/{draft.id}/confirm", data={field: typed})
        assert response.status_code == 422, typed
        page = _text(response)
        assert message in page, (typed, page)
        assert f'value="{typed}"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(RepeatDraft, draft.id).is_waiting
    assert len(_orders_of(buyer)) == 1


def test_quantities_are_typed_like_people_write_them():
    assert placing.parse_units("1.200", "id") == 1200
    assert placing.parse_units(" 48 ", "id") == 48
    assert placing.parse_units("1,200", "en") == 1200
    for bad in ("", "1,5", "-3", "12 kg", "9" * 9):
        with pytest.raises(placing.QuantityRefused):
            placing.parse_units(bad, "id")


def test_skip_this_month(kopi, factory, client, login):
    buyer = factory.user("buyer")
    draft = _draft_of(buyer, kopi.order(buyer))
    login(buyer)
    response = client.post(f"/repeat-orders/drafts/{draft.id}/skip", follow_redirects=True)
    assert "skipped" in _text(response)
    db.session.expire_all()
    assert db.session.get(RepeatDraft, draft.id).status == "skipped"
    refused = client.post(f"/repeat-orders/drafts/{draft.id}/confirm", follow_redirects=True)
    assert refused.status_code == 422 and "not possible any more" in _text(refused)
    assert len(_orders_of(buyer)) == 1


def test_nobody_else_sees_or_confirms_a_draft(kopi, factory, client, login):
    buyer = factory.user("buyer")
    draft = _draft_of(buyer, kopi.order(buyer))
    login(factory.user("buyer"))
    assert client.get(f"/repeat-orders/drafts/{draft.id}").status_code == 404
    assert client.post(f"/repeat-orders/drafts/{draft.id}/confirm").status_code == 404
    assert client.post(f"/repeat-orders/drafts/{draft.id}/skip").status_code == 404


def _wholesale_order(wholesale):  # noqa: F811
    order, _ = ordering.place_wholesale_order(
        wholesale.owner,
        quantities={wholesale.shop.coffee.id: 12},
        on_terms=True,
        idempotency_key=key(),
        locale="en",
    )
    commit()
    return order


def test_a_wholesale_draft_is_placed_on_net_terms_at_the_price_list(
    wholesale,  # noqa: F811
    client,
    login,
):
    first = _wholesale_order(wholesale)
    draft = _draft_of(wholesale.owner, first)
    assert draft.lines[0]["unit_price_idr"] == 74_800  # 85.000 − 12 %, not the retail price
    login(wholesale.owner)
    page = _text(client.get(f"/repeat-orders/drafts/{draft.id}"))
    assert "Pay on net terms: invoice due in 30 days" in page and "Same price" in page
    half = client.post(
        f"/repeat-orders/drafts/{draft.id}/confirm",
        data={f"qty-{wholesale.shop.coffee.id}": "15", "on_terms": "y"},
    )
    assert half.status_code == 422 and "a multiple of 6" in _text(half)
    response = client.post(
        f"/repeat-orders/drafts/{draft.id}/confirm",
        data={f"qty-{wholesale.shop.coffee.id}": "18", "on_terms": "y"},
        follow_redirects=True,
    )
    assert "placed on net terms" in _text(response)
    order = db.session.scalar(
        select(Order).where(Order.idempotency_key == placing.draft_key(draft))
    )
    assert order.payment_method == "net_terms" and order.total_minor == 18 * 74_800
    invoice = db.session.scalar(select(Invoice).where(Invoice.order_id == order.id))
    assert (invoice.due_on - invoice.issued_on).days == 30
    organisation = db.session.get(BuyerOrganisation, wholesale.organisation.id)
    assert organisation.credit_used_idr == (12 + 18) * 74_800


def test_a_draft_past_the_credit_limit_is_refused_and_still_waits(
    wholesale,  # noqa: F811
    client,
    login,
):
    first = _wholesale_order(wholesale)
    draft = _draft_of(wholesale.owner, first)
    login(wholesale.owner)
    response = client.post(
        f"/repeat-orders/drafts/{draft.id}/confirm",
        data={f"qty-{wholesale.shop.coffee.id}": "120", "on_terms": "y"},
    )
    assert response.status_code == 422
    assert "more than the credit still available" in _text(response)
    db.session.expire_all()
    assert db.session.get(RepeatDraft, draft.id).is_waiting
    assert len(_orders_of(wholesale.owner)) == 1


def test_a_wholesale_buyer_reorders_a_past_order_on_terms(
    wholesale,  # noqa: F811
    client,
    login,
):
    first = _wholesale_order(wholesale)
    login(wholesale.owner)
    page = _text(client.get(f"/orders/{first.number}/reorder"))
    assert "IDR 74,800" in page and "Place order" in page and "Put these in my cart" not in page
    response = client.post(
        f"/orders/{first.number}/reorder/place",
        data={"idempotency_key": key(), "on_terms": "y", f"qty-{wholesale.shop.coffee.id}": "12"},
        follow_redirects=True,
    )
    assert "placed on net terms" in _text(response)
    assert len(_orders_of(wholesale.owner)) == 2


def test_two_tabs_confirming_one_draft_make_one_order(app, kopi, factory):
    buyer = factory.user("buyer")
    draft = _draft_of(buyer, kopi.order(buyer))
    buyer_id, draft_id, coffee_id = buyer.id, draft.id, kopi.coffee.id
    stock = kopi.coffee.stock

    def tab():
        user = db.session.get(User, buyer_id)
        mine = db.session.get(RepeatDraft, draft_id)
        order, created = placing.confirm_draft(
            user, mine, {coffee_id: 2}, on_terms=False, locale="en"
        )
        return order.number, created

    results = _run_together(app, [tab, tab, tab])
    assert all(isinstance(r, tuple) for r in results), results
    assert len({number for number, _created in results}) == 1
    assert sorted(created for _number, created in results) == [False, False, True]
    db.session.expire_all()
    count = db.session.scalar(select(func.count(Order.id)).where(Order.buyer_id == buyer_id))
    assert count == 2  # the first order and one repeat
    assert db.session.get(type(kopi.coffee), coffee_id).stock == stock - 2
