"""Only curators and admins review; an SME can never approve its own listing by any route; each
business reaches only its own listings, messages and documents."""

import pytest
from sqlalchemy import select

from trading_house.catalog.models import Product
from trading_house.curation.models import Notification, ProductRevision, Review
from trading_house.extensions import db

STAFF_PAGES = ("/curation/", "/curation/dashboard", "/curation/identity")
ADMIN_PAGES = (
    "/curation/admin/reasons",
    "/curation/admin/settings",
    "/curation/admin/reviews",
    "/curation/admin/reviews.csv",
)


@pytest.fixture
def waiting(make_listing):
    return make_listing(status="submitted", slug="kopi-menunggu")


def test_visitors_are_sent_to_sign_in(client, waiting):
    for url in (*STAFF_PAGES, f"/curation/review/{waiting.id}", "/business/inbox"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", ["buyer", "sme"])
def test_buyers_and_smes_have_no_curator_pages(factory, sign_in, waiting, role):
    browser = sign_in(factory.user(role))
    for url in STAFF_PAGES:
        assert browser.get(url).status_code == 403, url
    for url in ADMIN_PAGES:
        assert browser.get(url).status_code == 403, url
    # A listing's review screen is not even there for them.
    assert browser.get(f"/curation/review/{waiting.id}").status_code == 404


def test_curators_do_not_reach_the_admin_pages(curator, sign_in):
    desk = sign_in(curator)
    for url in STAFF_PAGES:
        assert desk.get(url).status_code == 200, url
    for url in ADMIN_PAGES:
        assert desk.get(url).status_code == 403, url


def test_admins_review_like_curators(admin, sign_in, waiting, app):
    desk = sign_in(admin)
    for url in (*STAFF_PAGES, *ADMIN_PAGES):
        assert desk.get(url).status_code == 200, url
    # The old admin "publish" shortcut leads to the review screen; it publishes nothing itself.
    response = desk.post(f"/admin/catalog/products/{waiting.id}/publish")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/curation/review/{waiting.id}")
    with app.app_context():
        assert db.session.get(Product, waiting.id).status == "submitted"


def test_an_sme_cannot_approve_its_own_listing_by_any_route(app, client, sme, waiting, sign_in):
    shop = sign_in(sme[0])
    attempts = [
        ("post", f"/curation/review/{waiting.id}/decide", {"decision": "approved"}),
        ("post", f"/curation/review/{waiting.id}/claim", {}),
        ("post", "/curation/next", {}),
        ("post", f"/curation/review/{waiting.id}/reinstate", {}),
        ("post", f"/admin/catalog/products/{waiting.id}/publish", {}),
        ("post", "/curation/admin/settings", {"price_change_percent": "100"}),
    ]
    for method, url, data in attempts:
        response = getattr(shop, method)(url, data=data)
        assert response.status_code in (403, 404), url
    # The JSON API is read-only: writing to it fails whatever the method.
    for method in ("post", "put", "patch", "delete"):
        for url in ("/api/v1/products", f"/api/v1/products/{waiting.id}"):
            response = getattr(shop, method)(url, json={"status": "approved"})
            assert response.status_code == 405, (method, url)
            assert response.mimetype == "application/problem+json"
    with app.app_context():
        assert db.session.get(Product, waiting.id).status == "submitted"
        assert db.session.scalar(select(Review.id)) is None
    assert client.get("/p/kopi-menunggu").status_code == 404


def test_another_businesses_listing_is_not_found(app, factory, make_listing, sign_in, sme):
    other_owner = factory.user("sme")
    other = factory.enterprise(other_owner, name="Sutra Lain")
    theirs = make_listing(status="draft", enterprise=other, sku="LAIN-1")
    published = make_listing(status="approved", enterprise=other, sku="LAIN-2")
    shop = sign_in(sme[0])
    for url in (
        f"/business/products/{theirs.id}/send-for-review",
        f"/business/products/{theirs.id}/withdraw-review",
        f"/business/products/{theirs.id}/reopen",
        f"/business/products/{published.id}/revise",
        f"/business/products/{published.id}/revision/withdraw",
    ):
        assert shop.post(url, data={"name_indonesian": "Diretas"}).status_code == 404, url
    assert shop.get(f"/business/products/{published.id}/revise").status_code == 404
    with app.app_context():
        assert db.session.get(Product, theirs.id).status == "draft"
        assert db.session.scalar(select(ProductRevision.id)) is None


def test_messages_are_private(app, factory, sme, sign_in):
    owner, enterprise = sme
    stranger = factory.user("sme")
    with app.app_context():
        note = Notification(user_id=owner.id, enterprise_id=enterprise.id, kind="approved")
        db.session.add(note)
        db.session.commit()
        note_id = note.id
    browser = sign_in(stranger)
    assert 'data-testid="notification"' not in browser.get("/business/inbox").get_data(as_text=True)
    browser.post("/business/inbox/read", data={"id": note_id})
    with app.app_context():
        assert db.session.get(Notification, note_id).read_at is None
