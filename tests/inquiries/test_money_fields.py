"""Every price field of the inquiries area reads amounts the Indonesian and the English way,
through the real pages: a quotation typed as ``520.000`` reaches the buyer as Rp 520.000 — on
the page, in the proforma invoice — never as Rp 520 (issue 11, defect 2)."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.inquiries.conftest import inquiry_form, quotation_form
from tests.inquiries.test_rfq import request_form
from trading_house.core.i18n import CURRENCY_SESSION_KEY
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.inquiries import samples
from trading_house.inquiries.models import BuyingRequest, Inquiry
from trading_house.inquiries.quotation_models import Pool, PoolLine, Quotation, SampleRequest

NBSP = "\u00a0"


@pytest.fixture
def listed_at_550k(cast):
    """The product lists at Rp 550.000, so a quotation at Rp 520.000 is plausible."""
    cast.product.retail_price_idr = 550_000
    db.session.commit()
    return cast.product


def _pdf_text(browser, quotation) -> str:
    response = browser.get(f"/inquiries/quotations/{quotation.id}/proforma.pdf")
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    return text.replace(NBSP, " ")


def test_a_quotation_typed_the_indonesian_way_reaches_the_buyer_in_full(
    cast, listed_at_550k, start_thread, browser_for
):
    inquiry = start_thread()
    seller = browser_for(cast.owner, lang="id")
    sent = seller.post(
        f"/inquiries/{inquiry.id}/quote", data=quotation_form(unit_price="520.000", currency="IDR")
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)
    quotation = db.session.scalar(select(Quotation))
    assert (quotation.currency, quotation.lines[0].unit_price) == ("IDR", 520_000)

    buyer_id = browser_for(cast.buyer, lang="id")
    page = buyer_id.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "Rp520.000" in page and "Rp104.000.000" in page  # 200 kg × Rp 520.000
    assert "Rp520.000" in _pdf_text(buyer_id, quotation)  # as on the page, one formatter

    set_rate("JPY", "154.2")
    db.session.commit()
    buyer_en = browser_for(cast.buyer, lang="en")
    with buyer_en.session_transaction() as session:
        session[CURRENCY_SESSION_KEY] = "JPY"  # an importer who reads prices in yen
    page = buyer_en.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert f"IDR{NBSP}520,000" in page and f"IDR{NBSP}104,000,000" in page
    assert "≈ ¥674,449" in page  # the total in the buyer's currency, for reference
    pdf = _pdf_text(buyer_en, quotation)
    assert "IDR 520,000" in pdf and "IDR 104,000,000" in pdf
    assert "IDR 520\n" not in pdf and f"IDR{NBSP}520<" not in page


@pytest.mark.parametrize(
    ("lang", "typed", "currency", "minor"),
    [
        ("id", "520.000", "IDR", 520_000),
        ("id", "Rp 520.000,-", "IDR", 520_000),
        ("id", "520000", "IDR", 520_000),
        ("en", "520,000", "IDR", 520_000),
        ("en", "IDR 520,000.00", "IDR", 520_000),
        ("en", "520.000", "IDR", 520_000),  # rupiah have no decimals: "520.000" is thousands
        ("id", "32,50", "USD", 3_250),
        ("en", "32.50", "USD", 3_250),
        ("en", "US$ 1,250.50", "USD", 125_050),
        ("id", "1.250,50", "EUR", 125_050),
        ("id", "3.372", "JPY", 3_372),
    ],
)
def test_the_quotation_price_is_read_in_the_sellers_language(
    cast, listed_at_550k, start_thread, browser_for, lang, typed, currency, minor
):
    inquiry = start_thread()
    seller = browser_for(cast.owner, lang=lang)
    sent = seller.post(
        f"/inquiries/{inquiry.id}/quote", data=quotation_form(unit_price=typed, currency=currency)
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)
    quotation = db.session.scalar(select(Quotation))
    assert (quotation.currency, quotation.lines[0].unit_price) == (currency, minor)


def test_the_form_shows_back_how_it_read_the_price(cast, listed_at_550k, start_thread, browser_for):
    """Without JavaScript: after a refused submit the echo under the price says what it read."""
    inquiry = start_thread()
    seller = browser_for(cast.owner, lang="id")
    page = seller.post(
        f"/inquiries/{inquiry.id}/quote",
        data=quotation_form(unit_price="520.000", currency="IDR", lead_time_days="-1"),
    ).get_data(as_text=True)
    assert 'value="520.000"' in page
    echo = page.split('id="unit_price-echo"', 1)[1].split("</div>", 1)[0]
    assert "Rp520.000" in echo
    assert 'data-money-input="IDR"' in page and 'aria-describedby="unit_price-echo"' in page
    assert db.session.scalar(select(Quotation)) is None


def test_a_new_quotation_starts_from_the_previous_price_written_the_local_way(
    cast, listed_at_550k, start_thread, send_quotation, browser_for
):
    inquiry = start_thread()
    send_quotation(inquiry, unit_price=520_000, currency="IDR")
    page = browser_for(cast.owner, lang="id").get(f"/inquiries/{inquiry.id}/quote")
    assert 'value="520.000"' in page.get_data(as_text=True)
    page = browser_for(cast.owner, lang="en").get(f"/inquiries/{inquiry.id}/quote")
    assert 'value="520,000"' in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "typed", "currency", "minor"),
    [("id", "12,50", "USD", 1_250), ("en", "12.50", "USD", 1_250), ("id", "85.000", "IDR", 85_000)],
)
def test_the_target_price_of_an_inquiry(cast, browser_for, lang, typed, currency, minor):
    buyer = browser_for(cast.buyer, lang=lang)
    response = buyer.post(
        f"/inquiries/ask/{cast.product.id}",
        data=inquiry_form(target_price=typed, target_currency=currency),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    inquiry = db.session.scalar(select(Inquiry))
    assert (inquiry.target_price, inquiry.target_currency) == (minor, currency)


@pytest.mark.parametrize(
    ("lang", "typed", "currency", "minor"),
    [("id", "1.250.000", "IDR", 1_250_000), ("en", "1,250,000", "IDR", 1_250_000)],
)
def test_the_target_price_of_a_buying_request(cast, browser_for, lang, typed, currency, minor):
    buyer = browser_for(cast.buyer, lang=lang)
    response = buyer.post(
        "/inquiries/requests/new",
        data=request_form(cast.category, target_price=typed, target_currency=currency),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    request = db.session.scalar(select(BuyingRequest))
    assert (request.target_price, request.target_currency) == (minor, currency)


@pytest.mark.parametrize(
    ("lang", "typed", "currency", "minor"),
    [
        ("id", "150.000", "IDR", 150_000),
        ("en", "150,000", "IDR", 150_000),
        ("id", "15,50", "EUR", 1_550),
        ("en", "0", "EUR", 0),  # zero is a free sample too
    ],
)
def test_the_sample_price(cast, start_thread, browser_for, lang, typed, currency, minor):
    inquiry = start_thread()
    sample = samples.request_sample(cast.buyer, inquiry, quantity=3)
    db.session.commit()
    seller = browser_for(cast.owner, lang=lang)
    response = seller.post(
        f"/inquiries/samples/{sample.id}/offer",
        data={"price": typed, "currency": currency, "shipping_paid_by": "buyer"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    sample = db.session.get(SampleRequest, sample.id)
    assert (sample.price, sample.currency) == (minor, currency)


def test_a_refused_sample_price_keeps_what_was_typed(cast, start_thread, browser_for):
    inquiry = start_thread()
    sample = samples.request_sample(cast.buyer, inquiry, quantity=3)
    db.session.commit()
    response = browser_for(cast.owner, lang="en").post(
        f"/inquiries/samples/{sample.id}/offer",
        data={"price": "Rp 150.000", "currency": "EUR", "shipping_paid_by": "buyer"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "“Rp” is not the currency of this amount (EUR)" in page
    assert 'value="Rp 150.000"' in page
    db.session.expire_all()
    assert db.session.get(SampleRequest, sample.id).status == "requested"


def test_pool_lines_read_amounts_the_indonesian_way(cast, browser_for):
    buyer = browser_for(cast.buyer)
    buyer.post("/inquiries/requests/new", data=request_form(cast.category))
    posted = db.session.scalar(select(BuyingRequest))
    curator = browser_for(cast.curator, lang="id")
    curator.post(f"/inquiries/requests/{posted.id}/pools", data={"currency": "IDR", "margin": "10"})
    pool = db.session.scalar(select(Pool))
    added = curator.post(
        f"/inquiries/pools/{pool.id}/lines",
        data={"product_id": cast.product.id, "quantity": "3000", "unit_cost": "Rp 80.000"},
    )
    assert added.status_code == 302, added.get_data(as_text=True)
    line = db.session.scalar(select(PoolLine))
    assert line.unit_cost == 80_000

    owner = browser_for(cast.owner, lang="id")
    page = owner.get("/inquiries/pool-lines").get_data(as_text=True)
    assert 'value="80.000"' in page and f'id="c{line.id}-echo"' in page
    answered = owner.post(
        f"/inquiries/pool-lines/{line.id}/answer",
        data={"decision": "confirm", "quantity": "2.500", "unit_cost": "78.500"},
    )
    assert answered.status_code == 422  # "2.500" is not a whole number of kilograms here
    answered = owner.post(
        f"/inquiries/pool-lines/{line.id}/answer",
        data={"decision": "confirm", "quantity": "2500", "unit_cost": "78.500"},
    )
    assert answered.status_code == 302
    db.session.expire_all()
    line = db.session.get(PoolLine, line.id)
    assert (line.status, line.confirmed_quantity, line.confirmed_unit_cost) == (
        "confirmed",
        2500,
        78_500,
    )
