"""A foreign buyer at checkout (issue #15): every amount in the order's currency with the rupiah
beside it, and an estimate (a range) of the shipping abroad before the order is committed."""

import pytest

from tests.conftest import PASSWORD
from tests.orders.helpers import BrowserForm, place
from trading_house.core.rates import set_rate
from trading_house.core.tx import commit
from trading_house.extensions import db
from trading_house.orders.models import ShippingZone
from trading_house.orders.shipping import estimate_range, options_for

OSAKA = {
    "name": "Yuki Tanaka",
    "phone": "+81 6-6123-4567",
    "line1": "1-2-3 Umeda, Kita-ku",
    "city": "Osaka",
    "postal_code": "530-0001",
    "country": "JP",
    "region": "Osaka",
}


@pytest.fixture
def yen():
    set_rate("JPY", "105")
    commit()


def test_a_quoted_zone_estimates_from_its_guide_rates_with_headroom(shop):
    options = options_for("JP", "", 600, "en")
    assert [option.key for option in options] == ["quoted"]
    # EMS up to 2 kg is Rp 550.000; the top of the range adds 25 % (volume, fuel surcharge).
    assert options[0].estimate_idr == (550_000, 688_000)
    heavy = options_for("JP", "", 25_000, "en")[0]
    # Air cargo from 10 kg: Rp 3.200.000 + 15 started kg × Rp 240.000.
    assert heavy.estimate_idr == (6_800_000, 8_500_000)


def test_a_quoted_zone_without_guide_rates_gives_no_estimate(shop):
    zone = db.session.query(ShippingZone).filter_by(name_english="Rest of the world").one()
    zone.rates.clear()
    commit()
    assert estimate_range(zone, 600) is None
    assert options_for("JP", "", 600, "en")[0].estimate_idr is None


def test_checkout_abroad_shows_the_estimate_in_yen_with_rupiah_before_ordering(
    client, buyer, shop, yen
):
    client.post("/login", data={"email": buyer.email, "password": PASSWORD})
    client.post("/cart/add", data={"product_id": shop.coffee.id, "quantity": "2"})
    form = BrowserForm(client.get("/checkout?lang=en&currency=JPY").get_data(as_text=True))
    page = form.submit(client, "/checkout?lang=en", ("action", "options"), currency="JPY", **OSAKA)
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text[:500]
    # 2 × ¥810 (Rp 85.000 each) = ¥1,620 (Rp 170.000); shipping Rp 550.000–688.000 is
    # ¥5,238–¥6,552: each amount in yen with the rupiah it comes from beside it.
    assert "¥1,620 <span" in text and "(IDR\u00a0170,000)" in text
    assert "(IDR\u00a085,000)</span> each" in text
    assert 'data-testid="shipping-estimate">about ¥5,238' in text
    assert "(IDR\u00a0550,000)</span> to ¥6,552" in text and "(IDR\u00a0688,000)" in text
    assert "Estimated total: ¥6,858" in text and "(IDR\u00a0720,000)" in text
    assert "¥8,172" in text and "(IDR\u00a0858,000)" in text
    assert "confirms the exact shipping cost before you pay" in text


def test_a_yen_order_shows_its_totals_with_rupiah_at_the_orders_rate(client, buyer, shop, yen):
    order = place(buyer, [(shop.coffee, 2)], currency="JPY")
    set_rate("JPY", "110")  # today's rate moved: the order keeps its own
    commit()
    client.post("/login", data={"email": buyer.email, "password": PASSWORD})
    text = client.get(f"/orders/{order.number}?lang=en").get_data(as_text=True)
    assert "¥1,620" in text
    assert "(≈ IDR\u00a0170,100)" in text  # ¥1,620 at the order's 105, not today's 110


def test_an_admin_keeps_the_guide_rates_of_a_quoted_zone(client, login, admin, shop):
    zone = db.session.query(ShippingZone).filter_by(name_english="Rest of the world").one()
    zone.rates.clear()
    commit()
    login(admin)
    page = client.get("/orders/admin/shipping?lang=en").get_data(as_text=True)
    assert "Guide rates: buyers see an estimate" in page and "plus 25%" in page
    client.post(
        f"/orders/admin/shipping/{zone.id}/rates",
        data={
            "service": "EMS",
            "min_weight_grams": "0",
            "max_weight_grams": "5000",
            "price_idr": "600.000",
            "days_min": "7",
            "days_max": "14",
        },
    )
    (option,) = options_for("BR", "", 1200, "en")
    assert option.quoted and option.estimate_idr == (600_000, 750_000)
