"""Who reaches the SME back office, and what the dashboard shows."""

from trading_house.extensions import db


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/business")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert "next=" in response.headers["Location"]


def test_buyer_cannot_reach_the_back_office(client, factory, sign_in):
    sign_in(factory.user("buyer"))
    assert client.get("/business").status_code == 403
    assert client.get("/business/profile").status_code == 403
    assert client.get("/business/team").status_code == 403


def test_admin_without_sme_role_cannot_reach_it_either(client, factory, sign_in):
    sign_in(factory.user("admin"))
    assert client.get("/business").status_code == 403


def test_sme_without_enterprise_sees_a_clear_message(client, factory, sign_in):
    sign_in(factory.user("sme"))
    response = client.get("/business?lang=en")
    assert response.status_code == 200
    assert "You are not part of a business yet" in response.get_data(as_text=True)
    assert client.get("/business/profile").status_code == 200
    assert client.post("/business/team/invitations", data={"email": "a@b.id"}).status_code == 404


def test_dashboard_shows_name_status_and_completeness(client, factory, sign_in):
    owner = factory.user("sme")
    enterprise = factory.enterprise(
        owner, name="Koperasi Kopi Kalosi", regency_code="7316", nib="1234567890123"
    )
    sign_in(owner)
    page = client.get("/business?lang=en").get_data(as_text=True)
    assert "Koperasi Kopi Kalosi" in page
    assert "Enrekang" in page
    assert 'data-status="unverified"' in page
    assert "Not verified" in page
    # name, legal form, regency and NIB of 15 items
    assert 'data-testid="completeness">27%' in page
    assert "Story in English" in page
    assert "Fill in your NIB and NPWP" in page

    enterprise = db.session.merge(enterprise)
    enterprise.verification_status = "verified"
    db.session.commit()
    page = client.get("/business?lang=en").get_data(as_text=True)
    assert 'data-status="verified"' in page


def test_dashboard_in_indonesian(client, factory, sign_in):
    owner = factory.user("sme")
    factory.enterprise(owner, name="Sutera Sengkang")
    sign_in(owner)
    response = client.get("/business?lang=id")
    assert response.status_code == 200
    assert "Sutera Sengkang" in response.get_data(as_text=True)


def test_staff_sees_the_dashboard_but_not_the_profile_form(client, factory, sign_in):
    staff = factory.user("sme")
    factory.enterprise(factory.user("sme"), staff=[staff], name="Markisa Makassar")
    sign_in(staff)
    page = client.get("/business?lang=en").get_data(as_text=True)
    assert "Markisa Makassar" in page
    assert "/business/profile" not in page
    assert client.get("/business/profile").status_code == 403


def test_owner_asks_for_verification_once_nib_and_npwp_are_there(client, factory, sign_in):
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner)
    sign_in(owner)
    response = client.post("/business/verification?lang=en", follow_redirects=True)
    assert "Fill in the NIB and the NPWP" in response.get_data(as_text=True)
    enterprise = db.session.merge(enterprise)
    assert enterprise.verification_status == "unverified"
    enterprise.nib, enterprise.npwp = "1234567890123", "012345678901000"
    db.session.commit()
    response = client.post("/business/verification?lang=en", follow_redirects=True)
    assert "will check your NIB and NPWP" in response.get_data(as_text=True)
    db.session.refresh(enterprise)
    assert enterprise.verification_status == "pending"
