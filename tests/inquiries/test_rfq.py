"""Buying requests: posting, routing by curators, answering from the category when an admin
allows it, and pooled quotations from several enterprises."""

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.inquiries.conftest import link_path
from trading_house.core.rates import set_rate
from trading_house.extensions import db
from trading_house.inquiries.models import BuyingRequest, Inquiry, RequestRoute
from trading_house.inquiries.quotation_models import Pool, PoolLine, Quotation
from trading_house.inquiries.terms import trading_today


def request_form(category, **overrides):
    data = {
        "title": "5 tonnes of Arabica per quarter",
        "category_id": str(category.id),
        "description": "Grade 1, washed, in 60 kg jute bags. Samples first.",
        "quantity": "5000",
        "unit": "kg",
        "target_price": "",
        "target_currency": "USD",
        "destination": "NL",
        "incoterm": "CIF",
        "date_needed": (trading_today() + timedelta(days=90)).isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def posted(cast, browser_for, outbox):
    buyer = browser_for(cast.buyer)
    response = buyer.post("/inquiries/requests/new", data=request_form(cast.category))
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(select(BuyingRequest))


def test_a_posted_request_reaches_the_curators(cast, posted, outbox, browser_for):
    assert (posted.status, posted.quantity, posted.destination_country) == ("open", 5000, "NL")
    mail = outbox(cast.curator.email)[-1]
    assert "5 tonnes of Arabica per quarter" in mail.subject
    assert link_path(mail, "/inquiries/requests/") == f"/inquiries/requests/{posted.id}"
    listing = browser_for(cast.curator).get("/inquiries/requests").get_data(as_text=True)
    assert f'data-request="{posted.id}"' in listing
    # not an enterprise's business until routed
    assert browser_for(cast.owner).get(f"/inquiries/requests/{posted.id}").status_code == 404


def test_a_curator_routes_a_request_to_chosen_enterprises(cast, posted, browser_for, outbox):
    curator = browser_for(cast.curator)
    page = curator.get(f"/inquiries/requests/{posted.id}").get_data(as_text=True)
    assert "makes products in this category" in page and "2 t green coffee" in page
    response = curator.post(
        f"/inquiries/requests/{posted.id}/route", data={"enterprise_ids": [cast.enterprise.id]}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert posted.status == "routed"
    route = db.session.scalar(select(RequestRoute))
    thread = route.inquiry
    assert (thread.kind, thread.enterprise_id, thread.buyer_id) == (
        "request",
        cast.enterprise.id,
        cast.buyer.id,
    )
    assert thread.messages[0].body.startswith("Grade 1, washed")
    mail = outbox(cast.owner.email)[-1]
    assert link_path(mail, "/inquiries/") == f"/inquiries/{thread.id}"
    # the routed enterprise sees the request and its thread; the other one sees neither
    owner = browser_for(cast.owner)
    assert owner.get(f"/inquiries/requests/{posted.id}").status_code == 200
    assert owner.get(f"/inquiries/{thread.id}").status_code == 200
    other = browser_for(cast.other_owner)
    assert other.get(f"/inquiries/requests/{posted.id}").status_code == 404
    assert other.get(f"/inquiries/{thread.id}").status_code == 404
    # routing twice to the same enterprise opens no second thread
    curator.post(
        f"/inquiries/requests/{posted.id}/route", data={"enterprise_ids": [cast.enterprise.id]}
    )
    assert len(db.session.scalars(select(Inquiry)).all()) == 1


def test_the_enterprise_quotes_a_routed_request_with_one_of_its_products(
    cast, posted, browser_for, factory
):
    browser_for(cast.curator).post(
        f"/inquiries/requests/{posted.id}/route", data={"enterprise_ids": [cast.enterprise.id]}
    )
    thread = db.session.scalar(select(Inquiry))
    owner = browser_for(cast.owner)
    page = owner.get(f"/inquiries/{thread.id}/quote").get_data(as_text=True)
    assert "Toraja Arabica green beans" in page or "Biji kopi arabika Toraja" in page
    from tests.inquiries.conftest import quotation_form

    foreign = factory.product(cast.other_enterprise, category=cast.category)
    refused = owner.post(
        f"/inquiries/{thread.id}/quote",
        data=quotation_form(product_id=str(foreign.id), quantity="5000"),
    )
    assert refused.status_code == 422
    sent = owner.post(
        f"/inquiries/{thread.id}/quote",
        data=quotation_form(product_id=str(cast.product.id), quantity="5000"),
    )
    assert sent.status_code == 302
    quotation = db.session.scalar(select(Quotation))
    assert quotation.lines[0].product_id == cast.product.id


def test_with_the_admin_switch_enterprises_of_the_category_answer_by_themselves(
    cast, posted, browser_for, factory
):
    owner = browser_for(cast.owner)
    assert owner.get(f"/inquiries/requests/{posted.id}").status_code == 404
    admin = browser_for(cast.admin)
    assert admin.get("/inquiries/settings").status_code == 200
    assert browser_for(cast.curator).get("/inquiries/settings").status_code == 404
    admin.post("/inquiries/settings", data={"open_requests_to_category": "y"})

    listing = owner.get("/inquiries/requests").get_data(as_text=True)
    assert f'data-request="{posted.id}"' in listing
    page = owner.get(f"/inquiries/requests/{posted.id}").get_data(as_text=True)
    assert 'data-testid="take-up"' in page
    response = owner.post(
        f"/inquiries/requests/{posted.id}/take-up", data={"enterprise_id": cast.enterprise.id}
    )
    assert response.status_code == 302
    thread = db.session.scalar(select(Inquiry))
    assert response.headers["Location"].endswith(f"/inquiries/{thread.id}")
    route = db.session.scalar(select(RequestRoute))
    assert route.routed_by_id is None and thread.enterprise_id == cast.enterprise.id

    # an enterprise without products in the category neither sees nor takes it
    other = browser_for(cast.other_owner)
    assert f'data-request="{posted.id}"' not in other.get("/inquiries/requests").get_data(
        as_text=True
    )
    assert other.get(f"/inquiries/requests/{posted.id}").status_code == 404
    assert (
        other.post(
            f"/inquiries/requests/{posted.id}/take-up",
            data={"enterprise_id": cast.other_enterprise.id},
        ).status_code
        == 404
    )
    # nor can a member take it up in the name of an enterprise they do not belong to
    assert (
        other.post(
            f"/inquiries/requests/{posted.id}/take-up", data={"enterprise_id": cast.enterprise.id}
        ).status_code
        == 404
    )


def test_a_pooled_quotation_from_two_enterprises(cast, posted, browser_for, factory, orders_stub):
    """Two enterprises confirm their lines; the buyer gets ONE quotation from the trading house
    with the margin added, never sees the suppliers' threads, and accepting sends all lines."""
    second = factory.product(
        cast.other_enterprise,
        category=cast.category,
        name_english="Enrekang Arabica",
        export_unit="kg",
        hs_code="09011190",
        origin_regency_code="7316",
    )
    set_rate("USD", "16250")  # enterprises confirm rupiah; the buyer is quoted in dollars
    db.session.commit()
    curator = browser_for(cast.curator)
    started = curator.post(
        f"/inquiries/requests/{posted.id}/pools", data={"currency": "USD", "margin": "10"}
    )
    assert started.status_code == 302
    pool = db.session.scalar(select(Pool))
    assert (pool.currency, pool.margin_bp, pool.status) == ("USD", 1000, "draft")
    page = curator.get(f"/inquiries/pools/{pool.id}").get_data(as_text=True)
    assert "2 t green coffee" in page  # capacity shown to the curator
    for product, qty, cost in ((cast.product, "3000", "162.500"), (second, "2000", "154.375")):
        added = curator.post(
            f"/inquiries/pools/{pool.id}/lines",
            data={"product_id": product.id, "quantity": qty, "unit_cost": cost},
        )
        assert added.status_code == 302
    refused = curator.post(f"/inquiries/pools/{pool.id}/send", follow_redirects=True)
    assert "Every enterprise must confirm its line" in refused.get_data(as_text=True)

    first_line, second_line = db.session.scalars(select(PoolLine).order_by(PoolLine.id)).all()
    owner = browser_for(cast.owner)
    lines_page = owner.get("/inquiries/pool-lines").get_data(as_text=True)
    assert f'data-line="{first_line.id}"' in lines_page
    assert f'data-line="{second_line.id}"' not in lines_page  # another enterprise's line
    assert (
        owner.post(
            f"/inquiries/pool-lines/{second_line.id}/answer",
            data={"decision": "confirm", "quantity": "1", "unit_cost": "1"},
        ).status_code
        == 404
    )
    owner.post(
        f"/inquiries/pool-lines/{first_line.id}/answer",
        data={"decision": "confirm", "quantity": "3000", "unit_cost": "162.500"},
    )
    browser_for(cast.other_owner).post(
        f"/inquiries/pool-lines/{second_line.id}/answer",
        data={
            "decision": "confirm",
            "quantity": "1800",
            "unit_cost": "152.750",
            "note": "max 1.8 t",
        },
    )
    terms = curator.post(
        f"/inquiries/pools/{pool.id}/terms",
        data={
            "margin": "10",
            "incoterm": "CIF",
            "named_place": "Rotterdam",
            "lead_time_days": "45",
            "valid_until": (trading_today() + timedelta(days=21)).isoformat(),
            "payment_terms": "letter_of_credit",
            "notes": "One consignment from Makassar.",
        },
    )
    assert terms.status_code == 302
    sent = curator.post(f"/inquiries/pools/{pool.id}/send")
    assert sent.status_code == 302
    quotation = db.session.scalar(select(Quotation))
    # Rp 162,500 = USD 10.00 and Rp 152,750 = USD 9.40 at 16,250; + 10 %:
    # 3000 × 11.00 + 1800 × 10.34 = 33,000.00 + 18,612.00 (cost + 10 %, per unit)
    assert [ln.unit_price for ln in quotation.lines] == [1100, 1034]
    assert quotation.total.amount == 5161200
    assert quotation.margin_total.amount == 5161200 - (3000 * 1000 + 1800 * 940)
    thread = quotation.inquiry
    assert (thread.kind, thread.enterprise_id, quotation.enterprise_id) == ("pooled", None, None)

    buyer = browser_for(cast.buyer)
    view = buyer.get(f"/inquiries/{thread.id}").get_data(as_text=True)
    assert "From the trading house as exporter" in view
    assert "Sutra Sengkang" not in view and "Kopi Toraja Sejahtera" not in view
    assert browser_for(cast.owner).get(f"/inquiries/{thread.id}").status_code == 404

    pdf = buyer.get(f"/inquiries/quotations/{quotation.id}/proforma.pdf?lang=en")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "USD 51,612.00" in text and "CIF Rotterdam" in text
    assert "09011190" in text and "Enrekang" in text
    assert "Letter of credit" in text

    buyer.post(f"/inquiries/quotations/{quotation.id}/accept")
    assert orders_stub == [
        ("quotation", quotation.id, cast.buyer.id, [ln.id for ln in quotation.lines])
    ]
    db.session.expire_all()
    assert {ln.enterprise_id for ln in quotation.lines} == {
        cast.enterprise.id,
        cast.other_enterprise.id,
    }


def test_only_staff_compose_pools(cast, posted, browser_for):
    owner = browser_for(cast.owner)
    response = owner.post(
        f"/inquiries/requests/{posted.id}/pools", data={"currency": "USD", "margin": "5"}
    )
    assert response.status_code == 404
    assert db.session.scalar(select(Pool)) is None


def test_the_buyer_closes_a_request(cast, posted, browser_for):
    buyer = browser_for(cast.buyer)
    assert buyer.post(f"/inquiries/requests/{posted.id}/close").status_code == 302
    db.session.expire_all()
    assert posted.status == "closed"
    curator = browser_for(cast.curator)
    refused = curator.post(
        f"/inquiries/requests/{posted.id}/route",
        data={"enterprise_ids": [cast.enterprise.id]},
    )
    assert refused.status_code == 422
    assert "This buying request is closed." in refused.get_data(as_text=True)
