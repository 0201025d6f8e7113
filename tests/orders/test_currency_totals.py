"""One rounding rule (convert the unit price, then multiply): for every configured currency the
cart page, the checkout page, the stored order and the invoice PDF show the same line totals,
the same items subtotal and the same grand total."""

import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from config import TestingConfig
from tests.conftest import PASSWORD
from tests.orders.helpers import CHECKOUT_FORM
from trading_house.catalog.models import WholesaleTier
from trading_house.core.money import EXPONENTS, Money, convert_idr
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.orders.models import Order

#: IDR for one unit: odd enough that converting a line total would differ from unit × quantity.
RATES = {
    "USD": "16253.7",
    "EUR": "17612.3",
    "SGD": "12087.45",
    "MYR": "3481.9",
    "JPY": "108.73",
    "CNY": "2261.4",
    "AUD": "10649.8",
    "SAR": "4333.1",
}
#: (product, quantity): 7 coffees at 85,000; 3 silks at the wholesale 425,000 (from 3 on).
COFFEES, SILKS = 7, 3


def expected_unit(amount_idr: int, currency: str) -> Money:
    """The rule, written out again here: unit price / rate, half up to the minor unit."""
    if currency == "IDR":
        return Money(amount_idr, "IDR")
    exponent = EXPONENTS[currency]
    major = Decimal(amount_idr) / Decimal(RATES[currency])
    minor = (major * 10**exponent).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Money(int(minor), currency)


def shown(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def texts(page: str, testid: str) -> list[str]:
    return [shown(t) for t in re.findall(rf'data-testid="{testid}">([^<]+)<', page)]


@pytest.fixture
def rates(ctx):
    for currency, rate in RATES.items():
        set_rate(currency, rate)
    db.session.commit()


def test_converting_line_totals_would_give_other_amounts(rates):
    """The test below can fail: for these rates the two rules disagree."""
    differ = [
        c
        for c in RATES
        if convert_idr(85_000 * COFFEES, c, int(Decimal(RATES[c]) * 10**6))
        != expected_unit(85_000, c) * COFFEES
    ]
    assert len(differ) >= 4, differ


@pytest.mark.parametrize("currency", TestingConfig.CURRENCIES)
def test_cart_checkout_order_and_invoice_agree(client, rates, shop, buyer, currency):
    db.session.add(WholesaleTier(product_id=shop.silk.id, min_quantity=3, unit_price_idr=425_000))
    db.session.commit()
    client.post("/login", data={"email": buyer.email, "password": PASSWORD})
    client.post("/cart/add", data={"product_id": shop.coffee.id, "quantity": str(COFFEES)})
    client.post("/cart/add", data={"product_id": shop.silk.id, "quantity": str(SILKS)})
    lines = [
        (expected_unit(85_000, currency) * COFFEES).format("en"),
        (expected_unit(425_000, currency) * SILKS).format("en"),
    ]
    subtotal = (
        expected_unit(85_000, currency) * COFFEES + expected_unit(425_000, currency) * SILKS
    ).format("en")

    cart = client.get(f"/cart?lang=en&currency={currency}").get_data(as_text=True)
    assert texts(cart, "line-total") == [shown(x) for x in lines]
    assert texts(cart, "cart-subtotal") == [shown(subtotal)]

    checkout = client.post(
        "/checkout?lang=en",
        data={**CHECKOUT_FORM, "currency": currency, "idempotency_key": "k" * 24},
    ).get_data(as_text=True)
    assert texts(checkout, "checkout-line-total") == [shown(x) for x in lines]
    assert texts(checkout, "checkout-subtotal") == [shown(subtotal)]
    option = re.search(r'name="shipping" id="ship-[^"]+" value="([^"]+)" checked', checkout)
    grand_total = texts(checkout, "option-total")[0].removeprefix("Total: ")

    placed = client.post(
        "/checkout?lang=en",
        data={
            **CHECKOUT_FORM,
            "currency": currency,
            "idempotency_key": "k" * 24,
            "shipping": option.group(1),
            "action": "place",
        },
    )
    assert placed.status_code == 302, placed.get_data(as_text=True)[:500]
    order = db.session.scalar(select(Order))
    assert order.currency == currency
    stored = [Money(line.line_total_minor, currency).format("en") for line in order.lines]
    assert [shown(x) for x in stored] == [shown(x) for x in lines]
    assert shown(Money(order.subtotal_minor, currency).format("en")) == shown(subtotal)
    assert shown(Money(order.total_minor, currency).format("en")) == grand_total

    detail = client.get(f"/orders/{order.number}?lang=en").get_data(as_text=True)
    assert texts(detail, "order-total") == [grand_total]

    pdf = client.get(f"/orders/{order.number}/invoice.pdf?lang=en")
    text = shown("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    for amount in lines:
        assert shown(amount) in text, (amount, text)
    assert f"Subtotal {shown(subtotal)}" in text  # the invoice's totals rows
    assert f" Total {grand_total}" in text
