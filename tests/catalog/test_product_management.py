"""An SME creates, edits, archives its listings; bad input is explained and nothing is saved."""

import pytest
from sqlalchemy import func, select

from trading_house.catalog.models import Product, ProductEvent, WholesaleTier
from trading_house.core.clock import utcnow
from trading_house.extensions import db


def valid_form(category, **overrides):
    data = {
        "name_indonesian": "Kopi Arabika Toraja Sapan 250 g",
        "name_english": "Toraja Sapan Arabica Coffee 250 g",
        "description_indonesian": "Biji kopi arabika dari lereng Sapan, disangrai sedang.",
        "description_english": "Arabica beans from the Sapan slopes, medium roast.",
        "category_id": str(category),
        "sku": "KTS-250",
        "retail_price_idr": "85.000",
        "tiers-0-min_quantity": "10",
        "tiers-0-unit_price_idr": "80000",
        "tiers-1-min_quantity": "50",
        "tiers-1-unit_price_idr": "72000",
        "tiers-2-min_quantity": "",
        "tiers-2-unit_price_idr": "",
        "export_moq": "100",
        "export_unit": "kg",
        "stock": "40",
        "weight_grams": "250",
        "length_mm": "120",
        "width_mm": "60",
        "height_mm": "200",
        "materials": "Biji kopi arabika",
        "hs_code": "0901.21.10",
        "origin_regency_code": "",
        "lead_time_days": "14",
        "sample_available": "y",
    }
    data.update(overrides)
    return data


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_sme_creates_a_draft_with_tiers_and_sees_it_listed(client, login, sme, categories, app):
    owner, enterprise = sme
    login(owner)
    response = client.post("/business/products/new", data=valid_form(categories["kopi-arabika"]))
    assert response.status_code == 302
    with app.app_context():
        product = db.session.scalar(select(Product))
        assert product.status == "draft"
        assert product.enterprise_id == enterprise.id
        assert product.retail_price_idr == 85000
        assert product.hs_code == "09012110"
        assert product.slug == "kopi-arabika-toraja-sapan-250-g"
        assert product.origin_regency_code == "7318"  # same as the business
        assert [(t.min_quantity, t.unit_price_idr) for t in product.tiers] == [
            (10, 80000),
            (50, 72000),
        ]
        assert [(e.from_status, e.to_status) for e in product.events] == [(None, "draft")]
        product_id = product.id
    assert response.headers["Location"].endswith(f"/business/products/{product_id}/photos")
    page = client.get("/business/products?lang=id").get_data(as_text=True)
    assert "Kopi Arabika Toraja Sapan 250 g" in page
    assert 'data-status="draft"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("retail_price_idr", "-5000", "The amount cannot be negative."),
        ("retail_price_idr", "0", "The price must be more than zero."),
        ("retail_price_idr", "delapan puluh", "Enter an amount such as 520.000 or 520000."),
        ("retail_price_idr", "85.000.5", "Enter an amount such as 520.000 or 520000."),
        ("retail_price_idr", "US$ 85", "is not the currency of this amount (IDR)"),
        ("retail_price_idr", "1000000000001", "That price is too large"),
        ("retail_price_idr", "9" * 5000, "too large; check the number of zeros"),
        ("retail_price_idr", "", "Enter a price in rupiah."),
        ("hs_code", "0901.1", "An HS code has 8 digits (BTKI 2022)"),
        ("hs_code", "09011110X", "An HS code has 8 digits (BTKI 2022)"),
        ("hs_code", "123456789", "An HS code has 8 digits (BTKI 2022)"),
        ("hs_code", "090111", "An HS code has 8 digits (BTKI 2022)"),
        ("hs_code", "0901.11.10.00", "10-digit codes come from the old BTKI 2017"),
        ("stock", "-1", "Stock cannot be below zero."),
        ("stock", "lima", "Enter a whole number"),
        ("category_id", "999999", "Choose a category from the list."),
        ("category_id", "kopi", "Choose a category."),
        ("name_indonesian", "", "Enter the product name in Indonesian."),
        ("origin_regency_code", "3171", "Choose a regency or city of South Sulawesi"),
        ("export_unit", "barrel", "Choose a unit from the list."),
        ("lead_time_days", "400", "no larger than 365"),
    ],
)
def test_bad_values_are_explained_next_to_the_field_and_nothing_is_saved(
    client, login, sme, categories, app, field, value, message
):
    owner, _ = sme
    login(owner)
    form = valid_form(categories["kopi-arabika"], **{field: value})
    response = client.post("/business/products/new?lang=en", data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'data-field-error="{field}"' in page
    # What the user typed is kept (escaped).
    assert 'value="Kopi Arabika Toraja Sapan 250 g"' in page or field == "name_indonesian"
    if field in ("retail_price_idr", "hs_code", "stock") and len(value) < 50:
        assert f'value="{value}"' in page
    with app.app_context():
        assert count(Product) == 0
        assert count(WholesaleTier) == 0
        assert count(ProductEvent) == 0


@pytest.mark.parametrize(
    ("tiers", "message"),
    [
        ({"tiers-1-min_quantity": "5"}, "larger quantity than the one before"),
        ({"tiers-1-min_quantity": "10"}, "larger quantity than the one before"),
        ({"tiers-1-unit_price_idr": "81000"}, "lower unit price than the one before"),
        ({"tiers-0-unit_price_idr": "90000"}, "lower than the retail price"),
        ({"tiers-0-unit_price_idr": "0"}, "The price must be more than zero."),
        ({"tiers-0-unit_price_idr": ""}, "needs both a quantity and a unit price"),
        ({"tiers-0-min_quantity": "1"}, "starts at 2 units or more"),
        ({"tiers-0-min_quantity": "-10"}, "starts at 2 units or more"),
    ],
)
def test_tiers_out_of_order_are_refused(client, login, sme, categories, app, tiers, message):
    owner, _ = sme
    login(owner)
    response = client.post(
        "/business/products/new?lang=en", data=valid_form(categories["kopi-arabika"], **tiers)
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert count(Product) == 0


def test_sku_must_be_unique_within_the_enterprise(client, login, sme, other_sme, categories, app):
    owner, _ = sme
    login(owner)
    form = valid_form(categories["kopi-arabika"])
    assert client.post("/business/products/new", data=form).status_code == 302
    again = client.post("/business/products/new?lang=en", data=dict(form, sku="kts-250"))
    assert again.status_code == 422
    assert "already uses this SKU" in again.get_data(as_text=True)
    # Another enterprise may use the same SKU.
    other_owner, _ = other_sme
    login(other_owner)
    assert client.post("/business/products/new", data=form).status_code == 302
    with app.app_context():
        assert count(Product) == 2
        slugs = set(db.session.scalars(select(Product.slug)))
    assert slugs == {"kopi-arabika-toraja-sapan-250-g", "kopi-arabika-toraja-sapan-250-g-2"}


def test_script_in_a_name_is_shown_escaped(client, login, sme, categories, factory, app):
    owner, enterprise = sme
    login(owner)
    evil = '<script>alert("x")</script> Kopi'
    form = valid_form(categories["kopi-arabika"], name_indonesian=evil)
    assert client.post("/business/products/new", data=form).status_code == 302
    page = client.get("/business/products?lang=id").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_edit_keeps_values_replaces_tiers_and_keeps_a_once_published_slug(
    client, login, sme, categories, factory, app
):
    owner, enterprise = sme
    login(owner)
    # Once published (then withdrawn to a draft), a listing keeps its slug: shared links work.
    with app.app_context():
        product = factory.product(
            enterprise, status="draft", slug="kopi-lama", name_indonesian="Kopi Lama"
        )
        product.published_at = utcnow()
        db.session.commit()
        product_id = product.id
    page = client.get(f"/business/products/{product_id}/edit").get_data(as_text=True)
    assert 'value="Kopi Lama"' in page
    form = valid_form(categories["kopi-arabika"], name_indonesian="Kopi Baru")
    response = client.post(f"/business/products/{product_id}/edit", data=form)
    assert response.status_code == 302
    with app.app_context():
        product = db.session.get(Product, product_id)
        assert product.name_indonesian == "Kopi Baru"
        assert product.slug == "kopi-lama"
        assert len(product.tiers) == 2
    # Swapping tier quantities does not trip the unique constraint.
    form = valid_form(
        categories["kopi-arabika"],
        **{"tiers-0-min_quantity": "50", "tiers-1-min_quantity": "100"},
    )
    assert client.post(f"/business/products/{product_id}/edit", data=form).status_code == 302
    with app.app_context():
        tiers = db.session.scalars(
            select(WholesaleTier.min_quantity).where(WholesaleTier.product_id == product_id)
        ).all()
    assert sorted(tiers) == [50, 100]


def test_bad_edit_changes_nothing(client, login, sme, categories, factory, app):
    owner, enterprise = sme
    login(owner)
    with app.app_context():
        product_id = factory.product(enterprise, status="draft", retail_price_idr=50000).id
    form = valid_form(categories["kopi-arabika"], retail_price_idr="abc", name_indonesian="X")
    assert client.post(f"/business/products/{product_id}/edit", data=form).status_code == 422
    with app.app_context():
        product = db.session.get(Product, product_id)
        assert product.retail_price_idr == 50000
        assert product.name_indonesian != "X"


def test_archive_and_restore(client, login, sme, factory, app):
    owner, enterprise = sme
    login(owner)
    with app.app_context():
        product_id = factory.product(enterprise, status="approved").id
        slug = db.session.get(Product, product_id).slug
    assert client.post(f"/business/products/{product_id}/archive").status_code == 302
    assert client.get(f"/p/{slug}").status_code == 404
    assert "data-product-id" not in client.get("/business/products?lang=id").get_data(as_text=True)
    archived = client.get("/business/products?status=archived").get_data(as_text=True)
    assert f'data-product-id="{product_id}"' in archived
    # An archived listing cannot be edited until it is restored.
    assert client.get(f"/business/products/{product_id}/edit").status_code == 302
    assert client.post(f"/business/products/{product_id}/restore").status_code == 302
    with app.app_context():
        product = db.session.get(Product, product_id)
        assert product.status == "draft"
        assert [e.to_status for e in product.events] == ["archived", "draft"]


def test_submit_for_review(client, login, sme, factory, app, monkeypatch):
    """The catalog's part of submitting: the transition and its event (curation adds pre-checks
    through ``register_submit_check``; they are switched off here)."""
    from trading_house.catalog import services

    monkeypatch.setattr(services, "_submit_checks", [])
    owner, enterprise = sme
    login(owner)
    with app.app_context():
        product_id = factory.product(enterprise, status="draft").id
    client.get("/?lang=en")
    client.post(f"/business/products/{product_id}/submit")
    with app.app_context():
        product = db.session.get(Product, product_id)
        assert product.status == "submitted"
        assert [(e.from_status, e.to_status) for e in product.events] == [("draft", "submitted")]
    # Submitting twice is an illegal transition: a message, not a crash.
    response = client.post(f"/business/products/{product_id}/submit", follow_redirects=True)
    assert response.status_code == 200
    assert "cannot become" in response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/business/products?lang=id")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_user_without_a_business_is_told_to_set_one_up(client, login, factory):
    login(factory.user("sme"))
    page = client.get("/business/products?lang=en").get_data(as_text=True)
    assert "Set up your business first" in page


def test_a_member_of_two_businesses_chooses_where_the_product_goes(
    client, login, sme, factory, categories, app
):
    from trading_house.enterprises.models import Membership

    owner, first = sme
    second = factory.enterprise(factory.user("sme"), name="Koperasi Kedua")
    db.session.add(Membership(enterprise_id=second.id, user_id=owner.id, role="staff"))
    db.session.commit()
    login(owner)
    page = client.get(f"/business/products?enterprise={second.id}").get_data(as_text=True)
    assert 'data-testid="enterprise-switch"' in page
    assert f"/business/products/new?enterprise={second.id}" in page
    response = client.post(
        f"/business/products/new?enterprise={second.id}", data=valid_form(categories["teh"])
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Product.enterprise_id)) == second.id


def test_the_sme_dashboard_shows_listing_counts(client, login, sme, factory):
    owner, enterprise = sme
    factory.product(enterprise, status="draft")
    factory.product(enterprise, status="approved")
    login(owner)
    page = client.get("/business/?lang=en").get_data(as_text=True)
    assert 'data-testid="catalog-dashboard"' in page
    assert "/business/products/new" in page


def test_a_never_published_draft_follows_its_new_name(client, login, sme, categories, factory, app):
    owner, enterprise = sme
    login(owner)
    product_id = factory.product(enterprise, status="draft", slug="lama").id
    form = valid_form(categories["teh"], name_indonesian="Teh Hijau Malino")
    assert client.post(f"/business/products/{product_id}/edit", data=form).status_code == 302
    with app.app_context():
        assert db.session.get(Product, product_id).slug == "teh-hijau-malino"
