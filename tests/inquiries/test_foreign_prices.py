"""Prices in another currency next to their rupiah value (issue #15): the SME reads a buyer's
target price in yen with its rupiah value; the buyer reads a quotation in its own currency and
in rupiah."""

from trading_house.core.rates import set_rate
from trading_house.core.tx import commit


def _rates():
    set_rate("JPY", "105")
    set_rate("USD", "16250")
    commit()


def test_the_sme_sees_a_target_price_in_yen_with_its_rupiah_value(cast, start_thread, browser_for):
    _rates()
    inquiry = start_thread(target_price=1500, target_currency="JPY")
    page = browser_for(cast.owner).get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    target = page.split('data-testid="target-price">', 1)[1].split("</dd>", 1)[0]
    # ¥1,500 × Rp 105 = Rp 157.500
    assert "¥1,500" in target and "≈ IDR\u00a0157,500" in target
    indonesian = browser_for(cast.owner, lang="id").get(f"/inquiries/{inquiry.id}")
    assert "JP¥1.500 <span" in indonesian.get_data(as_text=True)
    assert "(≈ Rp157.500)" in indonesian.get_data(as_text=True)


def test_without_a_rate_the_target_price_is_shown_alone(cast, start_thread, browser_for):
    inquiry = start_thread(target_price=1500, target_currency="JPY")
    page = browser_for(cast.owner).get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    target = page.split('data-testid="target-price">', 1)[1].split("</dd>", 1)[0]
    assert "¥1,500" in target and "IDR" not in target


def test_a_buyer_paying_in_yen_reads_a_dollar_quotation_in_yen_and_rupiah(
    cast, start_thread, send_quotation, browser_for
):
    _rates()
    inquiry = start_thread()
    send_quotation(inquiry)  # USD 12.50 × 200 kg = USD 2,500.00
    buyer = browser_for(cast.buyer)
    buyer.get("/?currency=JPY")
    page = buyer.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    # USD 2,500 × 16,250 = Rp 40.625.000 = ¥386,905
    assert "≈ ¥386,905" in page
    assert 'data-testid="quotation-total-idr">(≈ IDR\u00a040,625,000)' in page
    assert 'data-testid="quotation-unit-idr">≈ IDR\u00a0203,125' in page  # USD 12.50 a kg


def test_a_buyer_shopping_in_rupiah_is_not_told_the_rupiah_twice(
    cast, start_thread, send_quotation, browser_for
):
    _rates()
    inquiry = start_thread()
    send_quotation(inquiry)
    buyer = browser_for(cast.buyer)
    buyer.get("/?currency=IDR")
    page = buyer.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert page.count("40,625,000") == 1
