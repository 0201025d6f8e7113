"""A quotation or pool line far from the listed price (under a third, over three times) is shown
again with both amounts and "Yes, send this price"; nothing is sent until that is ticked for
that very amount."""

import re

import pytest
from sqlalchemy import func, select

from tests.inquiries.conftest import quotation_form
from tests.inquiries.test_rfq import request_form
from trading_house.catalog.models import WholesaleTier
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.inquiries.models import BuyingRequest
from trading_house.inquiries.quotation_models import Pool, PoolLine, Quotation

NBSP = "\u00a0"


def _quotations() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Quotation.id)))


def _warning(page: str) -> str:
    match = re.search(r'data-testid="price-warning">(.*?)</div>\s*</div>', page, re.S)
    assert match, "no price warning on the page"
    return re.sub(r"[ \t\n]+", " ", match[1])


def _token(page: str) -> str:
    return re.search(r'name="confirmed_price" type="hidden" value="([^"]*)"', page)[1]


@pytest.fixture
def quote(cast, start_thread, browser_for):
    inquiry = start_thread()  # 200 kg; the product lists at Rp 85.000 (no tiers)
    seller = browser_for(cast.owner, lang="id")
    return lambda **changes: seller.post(
        f"/inquiries/{inquiry.id}/quote", data=quotation_form(currency="IDR", **changes)
    )


def test_a_price_a_thousand_times_too_low_asks_before_it_is_sent(quote):
    """The defect: "520" where "520.000" was meant. Shown again, nothing sent."""
    first = quote(unit_price="85")
    assert first.status_code == 422
    page = first.get_data(as_text=True)
    warning = _warning(page)
    # in the seller's language, naming both amounts
    assert "Rp85 per satuan kurang dari sepertiga" in warning and "Rp85.000 per satuan" in warning
    assert 'name="confirm_price"' in page and "Ya, kirim harga ini" in page
    assert 'value="85"' in page  # what was typed is kept
    assert _quotations() == 0
    sent = quote(unit_price="85", confirm_price="y", confirmed_price=_token(page))
    assert sent.status_code == 302
    assert _quotations() == 1
    assert db.session.scalar(select(Quotation)).lines[0].unit_price == 85


def test_a_price_over_three_times_the_listed_one_asks_too(quote):
    page = quote(unit_price="260.000").get_data(as_text=True)
    warning = _warning(page)
    assert "Rp260.000 per satuan lebih dari tiga kali" in warning and "Rp85.000" in warning
    assert _quotations() == 0


@pytest.mark.parametrize("price", ["28.334", "85.000", "255.000"])
def test_a_plausible_price_is_sent_at_once(quote, price):
    response = quote(unit_price=price)
    assert response.status_code == 302
    assert _quotations() == 1


def test_ticking_the_box_without_having_seen_the_warning_does_not_count(quote):
    response = quote(unit_price="85", confirm_price="y")
    assert response.status_code == 422 and _quotations() == 0


def test_changing_the_price_after_confirming_asks_again(quote):
    page = quote(unit_price="85").get_data(as_text=True)
    changed = quote(unit_price="850", confirm_price="y", confirmed_price=_token(page))
    assert changed.status_code == 422
    page = changed.get_data(as_text=True)
    assert "Rp850 per satuan" in _warning(page)
    assert not re.search(r'<input[^>]*checked[^>]*name="confirm_price"', page)  # ticked again
    assert _quotations() == 0


def test_the_matching_wholesale_tier_is_the_listed_price(cast, quote):
    """200 kg reach the 100 kg tier at Rp 60.000: Rp 200.000 is over three times that."""
    db.session.add(
        WholesaleTier(product_id=cast.product.id, min_quantity=100, unit_price_idr=60_000)
    )
    db.session.commit()
    warning = _warning(quote(unit_price="200.000").get_data(as_text=True))
    assert "Rp60.000 per satuan" in warning
    assert quote(unit_price="170.000").status_code == 302


def test_a_foreign_currency_is_compared_in_rupiah(cast, start_thread, browser_for, factory):
    set_rate("USD", "16000")
    db.session.commit()
    inquiry = start_thread()
    seller = browser_for(cast.owner, lang="en")
    post = lambda price: seller.post(  # noqa: E731
        f"/inquiries/{inquiry.id}/quote", data=quotation_form(unit_price=price, currency="USD")
    )
    # US$ 1,250 typed for US$ 12.50: Rp 20.000.000 against Rp 85.000
    warning = _warning(post("1250").get_data(as_text=True))
    assert f"$1,250.00 (≈ IDR{NBSP}20,000,000) per unit" in warning
    assert f"IDR{NBSP}85,000 per unit" in warning and "more than three times" in warning
    assert post("12.50").status_code == 302  # Rp 200.000: plausible


def test_without_an_exchange_rate_nothing_is_compared(quote, cast, start_thread, browser_for):
    inquiry = start_thread()
    seller = browser_for(cast.owner, lang="en")
    response = seller.post(
        f"/inquiries/{inquiry.id}/quote", data=quotation_form(unit_price="1250", currency="USD")
    )
    assert response.status_code == 302


@pytest.fixture
def pool(cast, browser_for):
    browser_for(cast.buyer).post("/inquiries/requests/new", data=request_form(cast.category))
    posted = db.session.scalar(select(BuyingRequest))
    curator = browser_for(cast.curator, lang="en")
    curator.post(f"/inquiries/requests/{posted.id}/pools", data={"currency": "IDR", "margin": "10"})
    return curator, db.session.scalar(select(Pool))


def test_a_pool_line_far_from_the_listed_price_is_confirmed_first(cast, pool):
    curator, the_pool = pool
    add = lambda **data: curator.post(  # noqa: E731
        f"/inquiries/pools/{the_pool.id}/lines",
        data={"product_id": cast.product.id, "quantity": "3000", "unit_cost": "80", **data},
    )
    first = add()
    assert first.status_code == 422
    page = first.get_data(as_text=True)
    assert f"IDR{NBSP}80 per unit" in _warning(page) and f"IDR{NBSP}85,000" in _warning(page)
    assert db.session.scalar(select(func.count(PoolLine.id))) == 0
    assert add(confirm_price="y", confirmed_price=_token(page)).status_code == 302
    assert db.session.scalar(select(PoolLine)).unit_cost == 80


def test_an_enterprise_answer_far_from_its_listed_price_is_confirmed_first(cast, pool, browser_for):
    curator, the_pool = pool
    curator.post(
        f"/inquiries/pools/{the_pool.id}/lines",
        data={"product_id": cast.product.id, "quantity": "3000", "unit_cost": "80000"},
    )
    line = db.session.scalar(select(PoolLine))
    owner = browser_for(cast.owner, lang="en")
    answer = lambda **data: owner.post(  # noqa: E731
        f"/inquiries/pool-lines/{line.id}/answer",
        data={"decision": "confirm", "quantity": "3000", "unit_cost": "78.5", **data},
    )
    first = answer()
    assert first.status_code == 422
    page = first.get_data(as_text=True)
    assert f"IDR{NBSP}79 per unit" in _warning(page)  # 78.5 rupiah, rounded
    db.session.expire_all()
    assert db.session.get(PoolLine, line.id).status == "requested"
    assert answer(confirm_price="y", confirmed_price=_token(page)).status_code == 302
    db.session.expire_all()
    assert db.session.get(PoolLine, line.id).confirmed_unit_cost == 79
