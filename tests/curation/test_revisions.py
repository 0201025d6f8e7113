"""Editing a published listing: buyers keep the approved version until a curator approves the
revision; small price and stock changes publish at once; stale decisions are refused."""

import pytest
from sqlalchemy import select

from trading_house.catalog import services as catalog
from trading_house.catalog.models import Product
from trading_house.core.errors import InvalidTransition
from trading_house.curation import revisions, services
from trading_house.curation.content import content_of
from trading_house.curation.models import ProductRevision, Review
from trading_house.curation.settings import update_settings
from trading_house.extensions import db


def form_data(product, **changes) -> dict:
    """The edit form as the SME would post it, from the product's current values."""
    data = {
        "name_indonesian": product.name_indonesian,
        "name_english": product.name_english,
        "description_indonesian": product.description_indonesian,
        "description_english": product.description_english,
        "category_id": str(product.category_id),
        "sku": product.sku,
        "retail_price_idr": str(product.retail_price_idr),
        "export_unit": product.export_unit,
        "stock": str(product.stock),
        "weight_grams": str(product.weight_grams or ""),
        "materials": product.materials or "",
        "hs_code": product.hs_code or "",
        "lead_time_days": str(product.lead_time_days or ""),
        "origin_regency_code": product.origin_regency_code or "",
    }
    data.update(changes)
    return data


@pytest.fixture
def published(make_listing):
    return make_listing(status="approved", slug="kopi-terbit", retail_price_idr=100000)


def test_an_edit_waits_for_review_while_buyers_see_the_approved_version(
    app, client, sme, curator, published, sign_in
):
    shop = sign_in(sme[0])
    product_id = published.id
    # The catalog's edit URL leads to the revision form.
    assert (
        shop.get(f"/business/products/{product_id}/edit")
        .headers["Location"]
        .endswith(f"/business/products/{product_id}/revise")
    )
    new_text = published.description_english + " Now in a gift box."
    response = shop.post(
        f"/business/products/{product_id}/revise?lang=en",
        data=form_data(published, description_english=new_text, retail_price_idr="150000"),
        follow_redirects=True,
    )
    assert "sent for review" in response.get_data(as_text=True)
    assert 'data-testid="revision-pending"' in response.get_data(as_text=True)
    # The form shows the proposed values to the SME ...
    assert "Now in a gift box." in response.get_data(as_text=True)
    # ... while buyers still see and pay the approved text and price.
    page = client.get("/p/kopi-terbit?lang=en").get_data(as_text=True)
    assert "Now in a gift box." not in page
    assert "100,000" in page or "100.000" in page
    with app.app_context():
        product = db.session.get(Product, product_id)
        assert (product.status, product.retail_price_idr) == ("approved", 100000)
        revision = db.session.scalar(select(ProductRevision))
        assert (revision.status, revision.number, revision.version) == ("pending", 1, 1)
        assert revision.base_data["retail_price_idr"] == 100000

    # The curator sees it in the queue with the side-by-side difference, and approves.
    desk = sign_in(curator)
    assert 'data-kind="revision"' in desk.get("/curation/?kind=revision").get_data(as_text=True)
    screen = desk.get(f"/curation/review/{product_id}?lang=en").get_data(as_text=True)
    assert 'data-testid="diff"' in screen
    # The texts are compared word by word: only the new sentence is marked as inserted.
    assert '<ins class="bg-success-subtle"> Now in a gift box.</ins>' in screen
    assert (
        'data-field="description_english"' in screen and 'data-field="retail_price_idr"' in screen
    )
    assert (
        'data-field="name_indonesian"'
        not in screen.split('data-testid="diff"')[1].split("Unchanged fields")[0]
    )
    response = desk.post(
        f"/curation/review/{product_id}/decide",
        data={"decision": "approved", "seen_version": f"r{revision.id}v1"},
    )
    assert response.status_code == 302
    page = client.get("/p/kopi-terbit?lang=en").get_data(as_text=True)
    assert "Now in a gift box." in page
    with app.app_context():
        product = db.session.get(Product, product_id)
        assert product.retail_price_idr == 150000
        assert db.session.get(ProductRevision, revision.id).status == "approved"
        review = db.session.scalar(select(Review))
        assert (review.revision_id, review.content_version) == (revision.id, f"r{revision.id}v1")


def test_a_decision_on_content_that_changed_since_is_refused(app, sme, curator, published, sign_in):
    shop, desk = sign_in(sme[0]), sign_in(curator)
    text = published.description_english
    shop.post(
        f"/business/products/{published.id}/revise",
        data=form_data(published, description_english=text + " First."),
    )
    with app.app_context():
        revision = db.session.scalar(select(ProductRevision))
    seen = f"r{revision.id}v1"  # what the curator opened
    shop.post(
        f"/business/products/{published.id}/revise",
        data=form_data(published, description_english=text + " Second."),
    )
    response = desk.post(
        f"/curation/review/{published.id}/decide?lang=en",
        data={"decision": "approved", "seen_version": seen},
        follow_redirects=True,
    )
    assert "changed after you opened it" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ProductRevision, revision.id).version == 2
        assert db.session.get(ProductRevision, revision.id).status == "pending"
        assert "Second." not in db.session.get(Product, published.id).description_english
        assert db.session.scalar(select(Review.id)) is None


def test_a_new_listing_edited_after_the_curator_opened_it_is_stale_too(
    sme, curator, make_listing, ctx
):
    product = make_listing(status="submitted")
    _revision, seen = services.review_target(product)
    catalog.update_product(
        product, dict(content_of(product), stock=1, description_english="x" * 90), actor=sme[0]
    )
    with pytest.raises(services.StaleDecision):
        services.decide(product, curator=curator, decision="approved", seen_version=seen)
    db.session.rollback()
    assert db.session.get(Product, product.id).status == "submitted"


def test_price_within_the_limit_publishes_at_once(app, client, sme, published, sign_in):
    shop = sign_in(sme[0])
    response = shop.post(
        f"/business/products/{published.id}/revise?lang=en",
        data=form_data(published, retail_price_idr="115000", stock="70"),
        follow_redirects=True,
    )
    assert "within the limits" in response.get_data(as_text=True)
    with app.app_context():
        product = db.session.get(Product, published.id)
        assert (product.retail_price_idr, product.stock) == (115000, 70)
        revision = db.session.scalar(select(ProductRevision))
        assert revision.status == "auto_approved"
        assert [e.to_status for e in revision.events] == ["auto_approved"]


def test_price_beyond_the_limit_and_admin_set_limits(sme, published, ctx):
    data = dict(content_of(published), retail_price_idr=125000, stock=published.stock)
    assert revisions.save_published_edit(published, data, actor=sme[0]).outcome == "review"
    db.session.rollback()
    update_settings(price_change_percent=30, stock_change_limit=5, claim_minutes=30, actor=sme[0])
    assert revisions.save_published_edit(published, data, actor=sme[0]).outcome == "published"
    assert published.retail_price_idr == 125000
    # A stock change beyond the admin's limit waits too; on approval it is added as a difference.
    data = dict(content_of(published), stock=published.stock + 100)
    result = revisions.save_published_edit(published, data, actor=sme[0])
    assert result.outcome == "review" and result.revision.data["stock"] == published.stock + 100
    before = published.stock
    published.stock = before - 3  # sales meanwhile
    db.session.flush()
    revisions.apply(result.revision, actor=sme[0])
    assert published.stock == before - 3 + 100


def test_a_rejected_revision_leaves_the_published_listing(
    app, client, sme, curator, published, ctx
):
    data = dict(content_of(published), name_english="Changed name", stock=published.stock)
    revision = revisions.save_published_edit(published, data, actor=sme[0]).revision
    services.decide(
        published,
        curator=curator,
        decision="rejected",
        seen_version=revision.version_token,
        feedback="No.",
    )
    db.session.commit()
    assert (published.status, published.name_english) == ("approved", "Sapan Arabica Coffee 250 g")
    assert revision.status == "rejected"
    assert revisions.open_revision(published.id) is None


def test_changes_requested_on_a_revision_then_fixed(sme, curator, published, ctx):
    data = dict(content_of(published), name_english="Changed", stock=published.stock)
    revision = revisions.save_published_edit(published, data, actor=sme[0]).revision
    services.decide(
        published,
        curator=curator,
        decision="changes_requested",
        seen_version=revision.version_token,
        reasons=["english_text"],
    )
    assert revision.status == "changes_requested"
    data["name_english"] = "Changed, better"
    result = revisions.save_published_edit(published, data, actor=sme[0])
    assert result.revision is revision and revision.status == "pending" and revision.version == 2
    assert [e.to_status for e in revision.events] == ["pending", "changes_requested", "pending"]


def test_withdrawing_and_reverting_a_revision(app, sme, published, sign_in):
    shop = sign_in(sme[0])
    shop.post(
        f"/business/products/{published.id}/revise",
        data=form_data(published, name_english="Other"),
    )
    assert shop.post(f"/business/products/{published.id}/revision/withdraw").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ProductRevision.status)) == "withdrawn"
    # Saving the published values again withdraws an open revision.
    shop.post(
        f"/business/products/{published.id}/revise",
        data=form_data(published, name_english="Other again"),
    )
    shop.post(f"/business/products/{published.id}/revise", data=form_data(published))
    with app.app_context():
        statuses = db.session.scalars(
            select(ProductRevision.status).order_by(ProductRevision.id)
        ).all()
    assert statuses == ["withdrawn", "withdrawn"]


def test_a_revision_with_contact_details_is_refused_next_to_the_field(app, sme, published, sign_in):
    shop = sign_in(sme[0])
    response = shop.post(
        f"/business/products/{published.id}/revise?lang=en",
        data=form_data(
            published, description_english=published.description_english + " WA 0812 3456 7890"
        ),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-field-error="description_english"' in page and "phone number" in page
    with app.app_context():
        assert db.session.scalar(select(ProductRevision.id)) is None


def test_the_catalog_service_refuses_to_edit_a_published_listing_in_place(sme, published, ctx):
    with pytest.raises(InvalidTransition):
        catalog.update_product(published, dict(content_of(published), stock=1), actor=sme[0])
