"""Organisations apply, the trading house approves or declines, members act by their role."""

from sqlalchemy import select

from trading_house.extensions import db
from trading_house.wholesale.models import BuyerOrganisation


def _apply(client, **overrides):
    data = {
        "name": "CV Kerajinan Kulit Sidoarjo",
        "tax_number": "02.345.678.9-617.000",
        "country": "ID",
        "city": "Sidoarjo",
        "address": "Jl. Raya Tanggulangin 12",
        "about": "Leather goods",
    }
    return client.post("/wholesale/apply", data={**data, **overrides})


def test_a_buyer_applies_and_waits_for_approval(app, factory, login, client):
    buyer = factory.user("buyer")
    login(buyer)
    response = _apply(client)
    assert response.status_code == 302
    page = client.get("/wholesale").get_data(as_text=True)
    assert "CV Kerajinan Kulit Sidoarjo" in page
    assert "Waiting for approval" in page
    assert "Price list and order" not in page
    assert client.get("/wholesale/catalog").status_code == 404


def test_an_application_with_a_bad_tax_number_or_country_is_refused_and_kept(
    app, factory, login, client
):
    login(factory.user("buyer"))
    response = _apply(client, tax_number="12", country="XX")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "CV Kerajinan Kulit Sidoarjo" in page  # nothing typed is lost
    assert db.session.scalar(select(BuyerOrganisation.id)) is None


def test_a_user_cannot_belong_to_two_organisations(app, wholesale, login, client):
    login(wholesale.owner)
    response = _apply(client)
    assert response.status_code in (302, 422)
    assert db.session.scalars(select(BuyerOrganisation)).all() == [wholesale.organisation]


def test_the_admin_approves_with_group_terms_and_limit(app, factory, login, client):
    applicant = factory.user("buyer")
    login(applicant)
    _apply(client)
    organisation = db.session.scalar(select(BuyerOrganisation))
    admin = factory.user("admin")
    admin_client = app.test_client()
    login(admin, target=admin_client)
    response = admin_client.post(
        f"/admin/wholesale/{organisation.id}/decide",
        data={"group_id": "0", "net_terms_days": "30", "credit_limit": "10.000.000"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    organisation = db.session.get(BuyerOrganisation, organisation.id)
    assert organisation.is_approved
    assert organisation.net_terms_days == 30
    assert organisation.credit_limit_idr == 10_000_000
    page = client.get("/wholesale").get_data(as_text=True)
    assert "Approved for wholesale" in page and "Net 30 days" in page


def test_net_terms_without_a_credit_limit_are_refused(app, factory, login, client):
    login(factory.user("buyer"))
    _apply(client)
    organisation = db.session.scalar(select(BuyerOrganisation))
    admin_client = app.test_client()
    login(factory.user("admin"), target=admin_client)
    response = admin_client.post(
        f"/admin/wholesale/{organisation.id}/decide",
        data={"group_id": "0", "net_terms_days": "60", "credit_limit": ""},
    )
    assert response.status_code == 422
    assert "Net terms need a credit limit above zero." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(BuyerOrganisation, organisation.id).is_applied


def test_declining_needs_a_reason_and_the_applicant_sees_it(app, factory, login, client):
    login(factory.user("buyer"))
    _apply(client)
    organisation = db.session.scalar(select(BuyerOrganisation))
    admin_client = app.test_client()
    login(factory.user("admin"), target=admin_client)
    url = f"/admin/wholesale/{organisation.id}/reject"
    assert admin_client.post(url, data={"note": ""}).status_code == 422
    assert admin_client.post(url, data={"note": "We could not verify the NPWP."}).status_code == 302
    page = client.get("/wholesale").get_data(as_text=True)
    assert "We could not verify the NPWP." in page


def test_only_administrators_decide(app, wholesale, factory, login, client):
    login(factory.user("curator"))
    organisation_id = wholesale.organisation.id
    response = client.post(f"/admin/wholesale/{organisation_id}/suspend")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(BuyerOrganisation, organisation_id).is_approved


def test_a_suspended_organisation_cannot_order(app, wholesale, login, client):
    admin_client = app.test_client()
    login(wholesale.admin, target=admin_client)
    admin_client.post(f"/admin/wholesale/{wholesale.organisation.id}/suspend")
    login(wholesale.owner)
    assert client.get("/wholesale/catalog").status_code == 404
    assert "Suspended" in client.get("/wholesale").get_data(as_text=True)


def test_an_owner_adds_an_accountant_who_sees_invoices_but_cannot_order(
    app, wholesale, factory, login, client
):
    colleague = factory.user("buyer", email="siti@oleholeh.example")
    login(wholesale.owner)
    response = client.post(
        "/wholesale/members", data={"email": "siti@oleholeh.example", "role": "accountant"}
    )
    assert response.status_code == 302
    assert "siti@oleholeh.example" in client.get("/wholesale/members").get_data(as_text=True)
    other = app.test_client()
    login(colleague, target=other)
    assert other.get("/wholesale/invoices").status_code == 200
    assert other.get("/wholesale/members").status_code == 404
    page = other.get("/wholesale/catalog").get_data(as_text=True)
    assert "Place order" not in page


def test_adding_an_unknown_address_says_so(app, wholesale, login, client):
    login(wholesale.owner)
    response = client.post(
        "/wholesale/members", data={"email": "nobody@example.com", "role": "purchaser"}
    )
    assert response.status_code == 422
    assert "Ask your colleague to sign up first." in response.get_data(as_text=True)
