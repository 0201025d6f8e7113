"""Pooled lines from the enterprise's and the buyer's side (issue 12, defect 8): the SME confirms a
net price in rupiah, sees the settlement rule and exactly what it will be paid; a price in a
foreign currency is refused; the buyer sees the trading house as the seller on every page."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from trading_house.core.models import OutboxEmail
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.inquiries.models import BuyingRequest
from trading_house.inquiries.quotation_models import Pool, PoolLine, Quotation
from trading_house.inquiries.terms import trading_today
from trading_house.orders.fulfilment import pack, ship
from trading_house.orders.models import Order
from trading_house.payments import ledger

NBSP = "\u00a0"


def request_form(category) -> dict:
    return {
        "title": "Arabica for Osaka",
        "category_id": str(category.id),
        "description": "Green beans, grade 1, 3 t in one consignment.",
        "quantity": "3000",
        "unit": "kg",
        "target_price": "",
        "target_currency": "USD",
        "destination": "JP",
        "incoterm": "FOB",
        "date_needed": (trading_today() + timedelta(days=90)).isoformat(),
    }


@pytest.fixture
def line(cast, browser_for):
    """A draft pool in euros with one line asked of Kopi Toraja Sejahtera."""
    set_rate("EUR", "17500")
    db.session.commit()
    posted_form = browser_for(cast.buyer).post(
        "/inquiries/requests/new", data=request_form(cast.category)
    )
    assert posted_form.status_code == 302, posted_form.text
    posted = db.session.scalar(select(BuyingRequest))
    curator = browser_for(cast.curator)
    curator.post(f"/inquiries/requests/{posted.id}/pools", data={"currency": "EUR", "margin": "8"})
    pool = db.session.scalar(select(Pool))
    added = curator.post(
        f"/inquiries/pools/{pool.id}/lines",
        data={"product_id": cast.product.id, "quantity": "300", "unit_cost": "85.000"},
    )
    assert added.status_code == 302, added.text
    return db.session.scalar(select(PoolLine))


def test_the_sme_sees_the_rule_and_confirms_a_net_rupiah_price(cast, line, browser_for):
    owner = browser_for(cast.owner, lang="id")
    page = owner.get("/inquiries/pool-lines").text
    rule = page[page.index('data-testid="pool-settlement-rule"') :][:900]
    # the rule is on the page before the SME confirms, in its language
    assert "komisi" in rule.lower() and "margin" in rule.lower()
    assert re.search(r"Rp\s?85\.000 per satuan", page)  # the curator's proposal, in rupiah
    # and what that would pay, before the SME decides
    assert re.search(r"Dengan 300 × Rp\s?85\.000 Anda akan dibayar Rp\s?25\.500\.000", page)
    confirmed = owner.post(
        f"/inquiries/pool-lines/{line.id}/answer",
        data={"decision": "confirm", "quantity": "300", "unit_cost": "84.999,50"},
        follow_redirects=True,
    )
    db.session.expire_all()
    line = db.session.get(PoolLine, line.id)
    assert (line.status, line.confirmed_unit_cost) == ("confirmed", 85_000)  # half up
    # 300 × Rp 85.000: exactly what it is paid
    assert re.search(r"Anda akan dibayar Rp\s?25\.500\.000", confirmed.text)


def test_the_rule_is_shown_in_english_too(cast, line, browser_for):
    page = browser_for(cast.owner).get("/inquiries/pool-lines").text
    assert "No commission is deducted from pooled lines" in page
    assert "The payout is due once your goods have shipped." in page


@pytest.mark.parametrize("typed", ["€ 4,86", "EUR 4.86", "4.86 €", "USD 5"])
def test_a_foreign_currency_price_is_refused_with_a_clear_message(cast, line, browser_for, typed):
    owner = browser_for(cast.owner)
    refused = owner.post(
        f"/inquiries/pool-lines/{line.id}/answer",
        data={"decision": "confirm", "quantity": "300", "unit_cost": typed},
    )
    assert refused.status_code == 422
    assert "Pooled lines are paid in rupiah: enter your net price per unit in Rp" in refused.text
    assert f'value="{typed}"' in refused.text  # what was typed stays in the field
    db.session.expire_all()
    assert db.session.get(PoolLine, line.id).status == "requested"


def test_the_curator_cannot_propose_a_pool_price_in_euros(cast, line, browser_for):
    curator = browser_for(cast.curator)
    refused = curator.post(
        f"/inquiries/pools/{line.pool_id}/lines",
        data={"product_id": cast.product.id, "quantity": "10", "unit_cost": "€ 12,50"},
    )
    assert refused.status_code == 422
    assert "Pooled lines are paid in rupiah" in refused.text


def test_the_buyer_sees_the_trading_house_as_seller_and_the_sme_gets_its_net(
    cast, line, browser_for, app
):
    owner = browser_for(cast.owner)
    owner.post(
        f"/inquiries/pool-lines/{line.id}/answer",
        data={"decision": "confirm", "quantity": "300", "unit_cost": "85000"},
    )
    curator = browser_for(cast.curator)
    curator.post(
        f"/inquiries/pools/{line.pool_id}/terms",
        data={
            "margin": "8",
            "incoterm": "FOB",
            "named_place": "Makassar",
            "lead_time_days": "30",
            "valid_until": (trading_today() + timedelta(days=14)).isoformat(),
            "payment_terms": "bank_transfer",
        },
    )
    assert curator.post(f"/inquiries/pools/{line.pool_id}/send").status_code == 302
    quotation = db.session.scalar(select(Quotation))
    # Rp 85.000 at 17.500 = € 4,86; + 8 % = € 5,25
    assert [(ln.net_idr, ln.unit_cost, ln.unit_price) for ln in quotation.lines] == [
        (85_000, 486, 525)
    ]
    buyer = browser_for(cast.buyer)
    assert buyer.post(f"/inquiries/quotations/{quotation.id}/accept").status_code == 302
    order = db.session.scalar(select(Order).where(Order.quotation_id == quotation.id))
    from tests.orders.helpers import confirm_paid

    confirm_paid(order, cast.admin)
    db.session.commit()
    house = app.config.get("TRADING_HOUSE_NAME", "Koperasi Rumah Dagang Sulawesi Selatan")
    for url in (f"/orders/{order.number}", "/orders"):
        page = buyer.get(url).text
        assert "Kopi Toraja Sejahtera" not in page, url
    detail = buyer.get(f"/orders/{order.number}").text
    assert f"From {house}" in detail

    # the enterprise is paid exactly its confirmed net: no commission on top of the margin
    balance = ledger.balance(cast.enterprise.id)
    assert (balance.gross_idr, balance.commission_idr, balance.net_idr) == (
        25_500_000,
        0,
        25_500_000,
    )

    # shipment e-mails name the trading house too
    fulfilment = db.session.get(Order, order.id).fulfilments[0]
    pack(fulfilment, actor=cast.owner)
    ship(fulfilment, actor=cast.owner, courier="Pelni cargo", tracking_number="MKS-1")
    db.session.commit()
    mails = db.session.scalars(
        select(OutboxEmail).where(OutboxEmail.recipient == cast.buyer.email)
    ).all()
    shipped = [m for m in mails if "on its way" in m.subject]
    assert shipped and house in shipped[0].body_text
    assert all("Kopi Toraja Sejahtera" not in m.body_text for m in mails)
