"""Shipping at checkout: the option the buyer sees checked is the one that is ordered (through
the real form posts, as a browser sends them); rates continue per kilogram above the top
weight band; staff type shipping amounts the Indonesian way."""

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.orders.helpers import BrowserForm, place
from trading_house.extensions import db
from trading_house.orders.models import Order, ShippingRate, ShippingZone
from trading_house.orders.shipping import options_for

OPTIONS = ("action", "options")
PLACE = ("action", "place")
ADDRESS = {
    "name": "Andi Pembeli",
    "phone": "+62 811 4000 123",
    "line1": "Jl. Somba Opu No. 45",
    "city": "Kota Makassar",
    "postal_code": "90111",
    "province": "73",
}


@pytest.fixture
def buyer_at_checkout(client, buyer, shop):
    client.post("/login", data={"email": buyer.email, "password": PASSWORD})
    client.post("/cart/add", data={"product_id": shop.coffee.id, "quantity": "2"})
    return client


def browse(client, response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return BrowserForm(response.get_data(as_text=True))


def ordered_service(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    return db.session.scalar(select(Order.shipping_service))


def test_place_order_right_after_showing_the_options(buyer_at_checkout):
    """Defect 6: fill the address, "Show shipping options", "Place order" at once."""
    client = buyer_at_checkout
    form = browse(client, client.get("/checkout?lang=en"))
    form = browse(client, form.submit(client, "/checkout?lang=en", OPTIONS, **ADDRESS))
    assert form.fields["shipping"]  # one option is checked
    assert ordered_service(form.submit(client, "/checkout?lang=en", PLACE)) == "JNE REG"


def test_an_option_from_another_province_does_not_leave_none_checked(buyer_at_checkout):
    """The buyer looked at Surabaya's options, then changed the province to South Sulawesi."""
    client = buyer_at_checkout
    form = browse(client, client.get("/checkout?lang=en"))
    java = {**ADDRESS, "province": "35", "city": "Surabaya", "postal_code": "60111"}
    form = browse(client, form.submit(client, "/checkout?lang=en", OPTIONS, **java))
    assert form.fields["shipping"]
    form = browse(client, form.submit(client, "/checkout?lang=en", OPTIONS, **ADDRESS))
    south = {o.key for o in options_for("ID", "73", 600, "en")}
    assert form.fields["shipping"] in south
    assert ordered_service(form.submit(client, "/checkout?lang=en", PLACE)) == "JNE REG"


def test_the_chosen_option_is_kept_when_the_options_are_shown_again(buyer_at_checkout, ctx):
    client = buyer_at_checkout
    local = next(
        o for o in options_for("ID", "73", 600, "en") if o.label == "Makassar local courier"
    )
    form = browse(client, client.get("/checkout?lang=en"))
    form = browse(client, form.submit(client, "/checkout?lang=en", OPTIONS, **ADDRESS))
    form.fields["shipping"] = local.key  # the buyer clicks the second option
    form = browse(client, form.submit(client, "/checkout?lang=en", OPTIONS))  # e.g. new note
    assert form.fields["shipping"] == local.key
    assert ordered_service(form.submit(client, "/checkout?lang=en", PLACE)) == local.label


def test_no_options_until_the_province_is_chosen(buyer_at_checkout):
    page = buyer_at_checkout.get("/checkout?lang=en").get_data(as_text=True)
    assert 'name="shipping"' not in page
    assert "Enter your address to see the shipping options and the total." in page


# --- weight above the top band ------------------------------------------------------------


def java_jne(weight_grams: int) -> int:
    options = options_for("ID", "35", weight_grams, "en")
    return next(o.price_idr for o in options if o.label == "JNE REG")


def test_rates_continue_per_kilogram_above_the_top_band(ctx, shop):
    """Defect 8: 50 kg Makassar → Surabaya is not the price of 5 kg."""
    assert java_jne(5_000) == 130_000
    assert java_jne(5_001) == 130_000 + 24_000  # every started kilogram
    assert java_jne(6_000) == 130_000 + 24_000
    assert java_jne(50_000) == 130_000 + 45 * 24_000


def test_a_heavy_parcel_is_priced_per_kg_at_checkout(client, buyer, shop, factory):
    beans = factory.product(
        shop.enterprise, category=shop.category, retail_price_idr=100_000, weight_grams=1_000
    )
    client.post("/login", data={"email": buyer.email, "password": PASSWORD})
    client.post("/cart/add", data={"product_id": beans.id, "quantity": "50"})
    surabaya = {**ADDRESS, "province": "35", "city": "Surabaya", "postal_code": "60111"}
    form = browse(client, client.get("/checkout?lang=en"))
    response = form.submit(client, "/checkout?lang=en", OPTIONS, **surabaya)
    assert "Shipping: IDR\u00a01,210,000" in response.get_data(as_text=True)
    form = browse(client, response)
    form.fields["shipping"] = next(o.key for o in options_for("ID", "35", 50_000, "en"))
    assert form.submit(client, "/checkout?lang=en", PLACE).status_code == 302
    assert db.session.scalar(select(Order.shipping_minor)) == 1_210_000


# --- amounts typed by staff ----------------------------------------------------------------


def zone_named(name):
    return db.session.scalar(select(ShippingZone).where(ShippingZone.name_english == name))


def test_an_admin_sets_a_top_band_with_a_price_per_extra_kg(client, login, admin, ctx, shop):
    login(admin)
    zone = zone_named("Eastern Indonesia")
    url = f"/orders/admin/shipping/{zone.id}/rates?lang=en"
    typed = {"service": "Lion Parcel", "min_weight_grams": "10000", "price_idr": "Rp 250.000"}
    client.post(url, data={**typed, "extra_kg_price_idr": "27.500"})
    rate = db.session.scalar(select(ShippingRate).where(ShippingRate.service == "Lion Parcel"))
    assert (rate.price_idr, rate.extra_kg_price_idr, rate.max_weight_grams) == (
        250_000,
        27_500,
        None,
    )
    lion = next(o for o in options_for("ID", "74", 12_500, "en") if o.label == "Lion Parcel")
    assert lion.price_idr == 250_000 + 3 * 27_500

    bounded = client.post(
        url,
        data={
            **typed,
            "service": "Bounded",
            "max_weight_grams": "20000",
            "extra_kg_price_idr": "1.000",
        },
    )
    page = client.get(bounded.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "A price per extra kilogram belongs to the top band" in page
    unclear = client.post(url, data={**typed, "service": "Unclear", "price_idr": "25O.000"})
    page = client.get(unclear.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Check the rate" in page
    services = set(db.session.scalars(select(ShippingRate.service)))
    assert {"Bounded", "Unclear"}.isdisjoint(services)


def test_the_admin_shipping_screen_flags_flat_top_bands(client, login, admin, ctx, shop):
    db.session.add(
        ShippingRate(
            zone_id=zone_named("Eastern Indonesia").id,
            service="Flat",
            min_weight_grams=20_000,
            price_idr=1,
        )
    )
    db.session.commit()
    login(admin)
    page = client.get("/orders/admin/shipping?lang=en").get_data(as_text=True)
    assert page.count('data-testid="flat-top-band"') == 1


@pytest.mark.parametrize(
    "typed, stored", [("Rp 480.000", 480_000), ("480.000", 480_000), ("480,000", 480_000)]
)
def test_staff_quote_shipping_the_indonesian_way(
    client, login, admin, ctx, factory, shop, buyer, typed, stored
):
    sweden = {"country": "SE", "city": "Stockholm", "postal_code": "111 22", "region": ""}
    from tests.orders.helpers import makassar

    order = place(buyer, [(shop.coffee, 1)], address=makassar(**sweden), shipping="quoted")
    login(admin)
    client.post(f"/orders/admin/{order.number}/shipping-quote", data={"amount": typed})
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert (order.shipping_minor, order.shipping_quote_pending) == (stored, False)


def test_an_unreadable_shipping_quote_changes_nothing(client, login, admin, ctx, shop, buyer):
    from tests.orders.helpers import makassar

    sweden = {"country": "SE", "city": "Stockholm", "postal_code": "111 22", "region": ""}
    order = place(buyer, [(shop.coffee, 1)], address=makassar(**sweden), shipping="quoted")
    login(admin)
    for typed in ("", "4.80.000", "-5"):
        response = client.post(
            f"/orders/admin/{order.number}/shipping-quote?lang=en", data={"amount": typed}
        )
        page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
        assert "alert-danger" in page, typed
    db.session.expire_all()
    assert db.session.get(Order, order.id).shipping_quote_pending


def test_the_shipping_quote_in_the_history_is_in_the_buyers_language(
    client, login, admin, ctx, shop, buyer
):
    """QA: staff quoted shipping from an English screen; the buyer reading Indonesian saw
    "Shipping quoted: IDR 480,000" in the order's history."""
    from tests.orders.helpers import makassar

    sweden = {"country": "SE", "city": "Stockholm", "postal_code": "111 22", "region": ""}
    order = place(buyer, [(shop.coffee, 1)], address=makassar(**sweden), shipping="quoted")
    login(admin)
    client.post(f"/orders/admin/{order.number}/shipping-quote?lang=en", data={"amount": "480.000"})
    login(buyer)
    timeline = client.get(f"/orders/{order.number}?lang=id").get_data(as_text=True)
    timeline = timeline.split('data-testid="timeline"')[1]
    assert "Ongkos kirim ditetapkan: Rp480.000" in timeline
    assert "Shipping quoted" not in timeline
