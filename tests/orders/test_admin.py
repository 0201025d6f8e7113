"""Trading-house screens: order list with filters, an order's timeline, shipping zones."""

from sqlalchemy import select

from tests.orders.helpers import confirm_paid, place
from trading_house.extensions import db
from trading_house.orders.models import Order, ShippingZone
from trading_house.orders.shipping import options_for


def test_the_order_list_filters_by_status_number_and_enterprise(
    client, login, admin, ctx, shop, buyer, factory
):
    first = place(buyer, [(shop.coffee, 1)])
    second = place(buyer, [(shop.silk, 1)])
    confirm_paid(db.session.get(Order, second.id), admin)
    other = factory.enterprise(factory.user("sme"))
    db.session.commit()
    login(admin)

    def listed(**args):
        page = client.get("/orders/admin", query_string={"lang": "en", **args})
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        return {n for n in (first.number, second.number) if n in text}

    assert listed() == {first.number, second.number}
    assert listed(status="paid") == {second.number}
    assert listed(q=first.number[-6:]) == {first.number}
    assert listed(q="pembeli@") == {first.number, second.number}
    assert listed(enterprise=str(other.id)) == set()
    assert listed(**{"from": "2000-01-01", "to": "not-a-date"}) == {first.number, second.number}


def test_the_order_timeline_shows_every_event(client, login, admin, ctx, shop, buyer):
    order = place(buyer, [(shop.coffee, 1)])
    confirm_paid(db.session.get(Order, order.id), admin)
    db.session.commit()
    login(admin)
    page = client.get(f"/orders/admin/{order.number}?lang=en").get_data(as_text=True)
    assert page.count("border-start") >= 2  # placed, paid
    assert "Awaiting payment" in page and "Paid" in page
    assert client.get(f"/payments/admin/orders/{order.number}/refund").status_code == 200


def test_non_admins_cannot_reach_admin_screens(client, login, buyer, shop):
    login(buyer)
    for url in (
        "/orders/admin",
        "/orders/admin/shipping",
        "/payments/admin/ledger",
        "/payments/admin/commission",
    ):
        assert client.get(url).status_code == 403, url


def test_an_admin_adds_a_zone_and_a_rate(client, login, admin, ctx, shop):
    login(admin)
    bad = client.post(
        "/orders/admin/shipping?lang=en",
        data={
            "name_indonesian": "Jepang",
            "name_english": "Japan",
            "scope": "international",
            "areas": "JP, XX",
        },
    )
    assert bad.status_code == 422 and "Unknown codes: XX" in bad.get_data(as_text=True)
    client.post(
        "/orders/admin/shipping",
        data={
            "name_indonesian": "Jepang",
            "name_english": "Japan",
            "scope": "international",
            "areas": "jp",
            "active": "y",
        },
    )
    zone = db.session.scalar(select(ShippingZone).where(ShippingZone.name_english == "Japan"))
    assert zone.areas == ["JP"]
    client.post(
        f"/orders/admin/shipping/{zone.id}/rates",
        data={
            "service": "EMS",
            "min_weight_grams": "0",
            "max_weight_grams": "5000",
            "price_idr": "420000",
        },
    )
    (option,) = options_for("JP", "", 1200, "en")
    assert (option.label, option.price_idr) == ("EMS", 420000)
    # Anywhere without a zone of its own falls to "rest of the world": quoted.
    (quoted,) = options_for("BR", "", 1200, "en")
    assert quoted.quoted


def test_the_sme_dashboard_and_shipments_list(client, login, admin, ctx, shop, buyer):
    order = place(buyer, [(shop.coffee, 1)])
    login(shop.owner)
    assert order.number not in client.get("/orders/fulfilments").get_data(as_text=True)
    confirm_paid(db.session.get(Order, order.id), admin)
    db.session.commit()
    page = client.get("/orders/fulfilments?lang=en").get_data(as_text=True)
    assert order.number in page
    dashboard = client.get("/business?lang=en").get_data(as_text=True)
    assert 'data-testid="orders-dashboard"' in dashboard
