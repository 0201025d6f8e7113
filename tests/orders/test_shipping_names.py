"""Issue #15: the shipping option a buyer sees is named in their language (courier brands keep
their names); the admin saves the English name beside the Indonesian one."""

from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.orders.helpers import BrowserForm
from trading_house.extensions import db
from trading_house.orders.models import ShippingRate, ShippingZone
from trading_house.orders.shipping import options_for

ADDRESS = {
    "name": "Andi Pembeli",
    "phone": "+62 811 4000 123",
    "line1": "Jl. Somba Opu No. 45",
    "city": "Kota Makassar",
    "postal_code": "90111",
    "province": "73",
}


def test_options_are_named_in_the_buyers_language(ctx, shop):
    english = {o.label for o in options_for("ID", "73", 600, "en")}
    indonesian = {o.label for o in options_for("ID", "73", 600, "id")}
    assert {"Makassar local courier", "JNE REG"} <= english
    assert {"Kurir lokal Makassar", "JNE REG"} <= indonesian
    assert "Kurir lokal Makassar" not in english
    assert "Air cargo" in {o.label for o in options_for("SG", "", 15_000, "en")}
    assert "Kargo udara" in {o.label for o in options_for("SG", "", 15_000, "id")}


def _checkout_page(client, lang):
    page = client.get(f"/checkout?lang={lang}")
    assert page.status_code == 200
    form = BrowserForm(page.get_data(as_text=True))
    shown = form.submit(client, f"/checkout?lang={lang}", ("action", "options"), **ADDRESS)
    assert shown.status_code == 200
    return shown.get_data(as_text=True)


def test_the_checkout_shows_the_names_in_the_readers_language(client, buyer, shop):
    client.post("/login", data={"email": buyer.email, "password": PASSWORD})
    client.post("/cart/add", data={"product_id": shop.coffee.id, "quantity": "1"})
    english = _checkout_page(client, "en")
    assert '<span class="fw-bold">Makassar local courier</span>' in english
    assert "Kurir lokal Makassar" not in english
    indonesian = _checkout_page(client, "id")
    assert '<span class="fw-bold">Kurir lokal Makassar</span>' in indonesian
    assert "Makassar local courier" not in indonesian


def _zone():
    return db.session.scalar(
        select(ShippingZone).where(ShippingZone.name_english == "Eastern Indonesia")
    )


def test_the_admin_saves_both_names_and_refuses_a_too_long_one(client, login, admin, ctx, shop):
    login(admin)
    url = f"/orders/admin/shipping/{_zone().id}/rates"
    typed = {"min_weight_grams": "0", "max_weight_grams": "3000", "price_idr": "Rp 40.000"}
    client.post(url, data={**typed, "service": "Kapal Pelni", "service_english": "Pelni ship"})
    rate = db.session.scalar(select(ShippingRate).where(ShippingRate.service == "Kapal Pelni"))
    assert rate.service_english == "Pelni ship"
    assert "Pelni ship" in {o.label for o in options_for("ID", "74", 500, "en")}
    assert "Kapal Pelni" in {o.label for o in options_for("ID", "74", 500, "id")}
    listing = client.get("/orders/admin/shipping?lang=en").get_data(as_text=True)
    assert 'Kapal Pelni <span class="text-muted" lang="en">/ Pelni ship</span>' in listing

    too_long = client.post(
        url + "?lang=id", data={**typed, "service": "Terlalu", "service_english": "x" * 81}
    )
    page = client.get(too_long.headers["Location"] + "?lang=id").get_data(as_text=True)
    assert "Gunakan maksimal 80 karakter." in page
    assert db.session.scalar(select(ShippingRate).where(ShippingRate.service == "Terlalu")) is None
