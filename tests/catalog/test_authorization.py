"""An SME can never see or change another enterprise's listings or photos (always a 404)."""

import pytest
from sqlalchemy import select

from tests.catalog.test_product_management import valid_form
from trading_house.catalog.models import Product, ProductPhoto
from trading_house.extensions import db


@pytest.fixture
def theirs(factory, other_sme):
    """A draft of another enterprise, with one photo."""
    product = factory.product(other_sme[1], status="draft", name_indonesian="Sarung Rahasia")
    photo = factory.photo(product, position=0, alt_text="asli")
    return product.id, photo.id


@pytest.fixture
def mine(factory, sme):
    product = factory.product(sme[1], status="draft", name_indonesian="Kopi Saya")
    photo = factory.photo(product, position=0)
    return product.id, photo.id


def test_another_enterprises_listing_is_not_found_everywhere(
    client, login, sme, theirs, categories, app
):
    login(sme[0])
    product_id, photo_id = theirs
    base = f"/business/products/{product_id}"
    for url in (f"{base}/edit", f"{base}/preview", f"{base}/photos"):
        assert client.get(url).status_code == 404, url
    posts = {
        f"{base}/edit": valid_form(categories["kopi-arabika"], name_indonesian="Diretas"),
        f"{base}/archive": {},
        f"{base}/restore": {},
        f"{base}/submit": {},
        f"{base}/photos": {},
        f"{base}/photos/{photo_id}/move": {"direction": "down"},
        f"{base}/photos/{photo_id}/main": {},
        f"{base}/photos/{photo_id}/alt": {"alt_text": "diretas"},
        f"{base}/photos/{photo_id}/delete": {},
    }
    for url, data in posts.items():
        assert client.post(url, data=data).status_code == 404, url
    with app.app_context():
        product = db.session.get(Product, product_id)
        assert (product.name_indonesian, product.status) == ("Sarung Rahasia", "draft")
        assert db.session.get(ProductPhoto, photo_id).alt_text == "asli"
    assert "Sarung Rahasia" not in client.get("/business/products?lang=id").get_data(as_text=True)


def test_own_product_with_another_enterprises_photo_id_is_not_found(
    client, login, sme, mine, theirs, app
):
    login(sme[0])
    my_product, _ = mine
    _, their_photo = theirs
    base = f"/business/products/{my_product}/photos/{their_photo}"
    for action, data in (("alt", {"alt_text": "x"}), ("delete", {}), ("main", {})):
        assert client.post(f"{base}/{action}", data=data).status_code == 404
    with app.app_context():
        assert db.session.get(ProductPhoto, their_photo) is not None


def test_choosing_another_enterprise_explicitly_is_not_found(client, login, sme, other_sme):
    login(sme[0])
    assert client.get(f"/business/products?enterprise={other_sme[1].id}").status_code == 404
    assert client.get("/business/products?enterprise=abc").status_code == 404


def test_staff_members_manage_their_enterprises_listings(client, login, factory, mine):
    from trading_house.catalog.models import Product
    from trading_house.enterprises.models import Membership

    product = db.session.get(Product, mine[0])
    staff = factory.user("sme")
    db.session.add(Membership(enterprise_id=product.enterprise_id, user_id=staff.id, role="staff"))
    db.session.commit()
    login(staff)
    assert client.get(f"/business/products/{mine[0]}/edit").status_code == 200
    assert "Kopi Saya" in client.get("/business/products?lang=id").get_data(as_text=True)


def test_buyers_reach_no_listing(client, login, factory, theirs):
    login(factory.user("buyer"))
    assert client.get(f"/business/products/{theirs[0]}/edit").status_code == 404
    assert client.get(f"/business/products/{theirs[0]}/preview").status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(client, theirs):
    for url in (f"/business/products/{theirs[0]}/edit", "/business/products/new"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.post(f"/business/products/{theirs[0]}/archive")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["sme", "curator", "buyer"])
def test_only_admins_reach_the_publish_list(client, login, factory, theirs, role, app):
    login(factory.user(role))
    assert client.get("/admin/catalog/products").status_code == 403
    assert client.post(f"/admin/catalog/products/{theirs[0]}/publish").status_code == 403
    assert client.get(f"/admin/catalog/products/{theirs[0]}").status_code == 403
    with app.app_context():
        assert db.session.get(Product, theirs[0]).status == "draft"


def test_an_sme_cannot_publish_its_own_listing(client, login, sme, mine, app):
    login(sme[0])
    assert client.post(f"/admin/catalog/products/{mine[0]}/publish").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Product.status).where(Product.id == mine[0])) == "draft"
