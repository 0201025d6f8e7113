"""Price lists: the group's discount and fixed prices, an organisation's own list first, case
packs and minimums, and never a price list for anyone outside its audience."""

from tests.wholesale.conftest import key
from trading_house.extensions import db
from trading_house.wholesale import ordering, pricing, services


def test_a_member_sees_the_group_price_case_pack_and_minimum(app, wholesale, login, client):
    login(wholesale.owner)
    page = client.get("/wholesale/catalog?lang=en").get_data(as_text=True)
    # 85.000 listed, −12 % = 74.800; silk at its fixed 400.000.
    assert "IDR\u00a074,800" in page
    assert "IDR\u00a0400,000" in page
    assert "6 units per case" in page and "min. 12" in page


def test_price_lists_never_show_outside_their_group(app, wholesale, factory, login, client):
    login(wholesale.outsider)
    assert client.get("/wholesale/catalog").status_code == 404
    # An approved organisation in no group has no list either.
    other = factory.user("buyer")
    organisation = services.apply_for_organisation(
        other,
        name="Toko Lain",
        tax_number="99.888.777.6-555.000",
        country="ID",
        city="Malang",
        address="",
        about="",
    )
    services.approve(
        organisation, actor=wholesale.admin, group_id=None, net_terms_days=0, credit_limit_idr=0
    )
    db.session.commit()
    other_client = app.test_client()
    login(other, target=other_client)
    page = other_client.get("/wholesale/catalog").get_data(as_text=True)
    assert "74,800" not in page and "74.800" not in page
    assert "not put products on your price list" in page
    assert pricing.catalog(organisation) == []


def test_an_applied_organisation_gets_no_prices(app, wholesale, factory):
    applicant = factory.user("buyer")
    organisation = services.apply_for_organisation(
        applicant,
        name="Baru",
        tax_number="11.111.111.1-111.000",
        country="ID",
        city="Kediri",
        address="",
        about="",
    )
    organisation.group_id = wholesale.group.id
    db.session.commit()
    assert pricing.catalog(organisation) == []


def test_the_organisations_own_list_beats_the_group(app, wholesale):
    own = pricing.price_list_for(
        organisation_id=wholesale.organisation.id, create=True, name="Toko Oleh-Oleh Surabaya"
    )
    pricing.set_item(
        own,
        actor=wholesale.admin,
        product_id=wholesale.shop.coffee.id,
        unit_price_idr=70000,
        case_pack=12,
        min_quantity=24,
    )
    db.session.commit()
    price = pricing.price_for(wholesale.organisation, wholesale.shop.coffee, 24)
    assert (price.unit_price_idr, price.case_pack, price.source) == (70000, 12, "organisation")
    # The silk is not on the own list: the group's fixed price still applies.
    assert (
        pricing.price_for(wholesale.organisation, wholesale.shop.silk, 1).unit_price_idr == 400000
    )


def test_an_order_below_the_minimum_or_in_broken_cases_is_refused(app, wholesale, login, client):
    login(wholesale.owner)
    coffee = wholesale.shop.coffee.id
    form = client.get("/wholesale/catalog")
    assert form.status_code == 200
    for quantity, message in (("6", "order at least 12 units"), ("13", "a multiple of 6")):
        response = client.post(
            "/wholesale/order", data={f"qty-{coffee}": quantity, "idempotency_key": key()}
        )
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert message in page
        assert f'value="{quantity}"' in page  # what was typed is still there


def test_nonsense_quantities_are_a_clear_message(app, wholesale, login, client):
    login(wholesale.owner)
    coffee = wholesale.shop.coffee.id
    response = client.post(
        "/wholesale/order", data={f"qty-{coffee}": "-3", "idempotency_key": key()}
    )
    assert response.status_code == 422
    assert "enter a whole number of units" in response.get_data(as_text=True)


def test_an_order_up_front_is_charged_at_the_group_price(app, wholesale):
    order, created = ordering.place_wholesale_order(
        wholesale.owner,
        quantities={wholesale.shop.coffee.id: 12},
        on_terms=False,
        idempotency_key=key(),
        locale="en",
    )
    db.session.commit()
    assert created and order.status == "pending_payment"
    assert order.lines[0].unit_price_minor == 74800
    assert order.total_minor == 12 * 74800
    assert ordering.invoice_of(order) is None


def test_the_admin_edits_a_price_list_with_clear_refusals(app, wholesale, login, client):
    login(wholesale.admin)
    url = f"/admin/wholesale/price-lists/{wholesale.price_list.id}"
    assert client.get(url).status_code == 200
    response = client.post(f"{url}/discount", data={"name": "East Java", "discount": "95"})
    assert response.status_code == 422
    assert "between 0 and 90" in response.get_data(as_text=True)
    response = client.post(
        f"{url}/items",
        data={
            "product_id": str(wholesale.shop.coffee.id),
            "unit_price": "",
            "case_pack": "6",
            "min_quantity": "8",
        },
    )
    assert response.status_code == 422
    assert "a multiple of the case pack" in response.get_data(as_text=True)
    response = client.post(f"{url}/discount", data={"name": "East Java", "discount": "15"})
    assert response.status_code == 302
    db.session.expire_all()
    price = pricing.price_for(wholesale.organisation, wholesale.shop.coffee, 12)
    assert price.unit_price_idr == 85000 - 12750


def test_the_product_page_shows_a_member_its_price_and_nobody_else(app, wholesale, login, client):
    url = f"/p/{wholesale.shop.coffee.slug}?lang=en"
    anonymous = client.get(url).get_data(as_text=True)
    assert 'data-testid="wholesale-panel"' not in anonymous
    login(wholesale.outsider)
    outsider = client.get(url).get_data(as_text=True)
    assert 'data-testid="wholesale-panel"' not in outsider and "74,800" not in outsider
    client.get("/logout")
    login(wholesale.owner)
    page = client.get(url).get_data(as_text=True)
    assert 'data-testid="wholesale-panel"' in page
    assert "Your wholesale price (Toko Oleh-Oleh Surabaya)" in page
    assert "IDR\u00a074,800" in page and "6 units per case" in page and "min. 12" in page
    assert f'/wholesale/catalog#qty-{wholesale.shop.coffee.id}"' in page
