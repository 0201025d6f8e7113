"""The listing lifecycle: one table, one transition function, an append-only event per change."""

import pytest

from trading_house.catalog import status as lifecycle
from trading_house.catalog.models import Product
from trading_house.core.errors import InvalidTransition
from trading_house.extensions import db


def test_the_table_matches_the_design():
    t = lifecycle.TRANSITIONS
    assert t["draft"] == {"submitted", "archived"}
    assert t["submitted"] >= {"approved", "changes_requested", "rejected"}
    assert t["changes_requested"] >= {"submitted"}
    assert t["approved"] == {"suspended", "archived"}
    assert t["suspended"] == {"approved", "archived"}
    assert all("archived" in t[s] for s in t if s != "archived")
    assert set(t) == {
        "draft",
        "submitted",
        "approved",
        "changes_requested",
        "rejected",
        "suspended",
        "archived",
    }


def test_set_status_appends_events_and_publishes_once(ctx, factory):
    product = db.session.get(Product, factory.product(status="draft").id)
    admin = factory.user("admin")
    lifecycle.set_status(product, "submitted", actor=admin)
    lifecycle.set_status(product, "approved", actor=admin, note="ok")
    first_published = product.published_at
    assert first_published is not None
    lifecycle.set_status(product, "suspended", actor=admin)
    lifecycle.set_status(product, "approved", actor=admin)
    assert product.published_at == first_published
    assert [(e.from_status, e.to_status, e.actor_id) for e in product.events] == [
        ("draft", "submitted", admin.id),
        ("submitted", "approved", admin.id),
        ("approved", "suspended", admin.id),
        ("suspended", "approved", admin.id),
    ]
    assert product.events[1].note == "ok"


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("draft", "approved"),
        ("archived", "approved"),
        ("rejected", "approved"),
        ("approved", "draft"),
    ],
)
def test_illegal_moves_raise_and_change_nothing(ctx, factory, start, target):
    product = db.session.get(Product, factory.product(status=start).id)
    with pytest.raises(InvalidTransition) as error:
        lifecycle.set_status(product, target, actor=None)
    assert "cannot become" in str(error.value.message)
    assert product.status == start
    assert product.events == []


def test_publish_service_walks_the_table_and_unpublish_suspends(client, ctx, factory):
    """``publish_product`` (the seed and curation use it) leaves an event for every step."""
    from trading_house.catalog import services

    admin = factory.user("admin")
    product = db.session.get(Product, factory.product(status="draft", slug="madu-luwu").id)
    assert client.get("/p/madu-luwu").status_code == 404
    services.publish_product(product, actor=admin, note="demo")
    db.session.commit()
    assert client.get("/p/madu-luwu").status_code == 200
    assert [e.to_status for e in product.events] == ["submitted", "approved"]
    services.unpublish_product(product, actor=admin, note="foto salah")
    db.session.commit()
    assert client.get("/p/madu-luwu").status_code == 404
    assert (product.status, product.events[-1].note) == ("suspended", "foto salah")
    services.publish_product(product, actor=admin)
    db.session.commit()
    assert client.get("/p/madu-luwu").status_code == 200


def test_an_archived_listing_cannot_be_published(ctx, factory):
    from trading_house.catalog import services

    product = db.session.get(Product, factory.product(status="archived").id)
    with pytest.raises(InvalidTransition):
        services.publish_product(product, actor=None)
    assert product.status == "archived"


def test_admin_publish_buttons_lead_to_the_review_screen(client, login, factory, app):
    """Publishing by hand was the stop-gap until curation; now an admin reviews like a curator."""
    product = factory.product(status="draft")
    login(factory.user("admin"))
    response = client.post(f"/admin/catalog/products/{product.id}/publish")
    if app.view_functions.get("curation.review"):
        assert response.status_code == 303
        assert f"/{product.id}" in response.headers["Location"]
    with app.app_context():
        assert db.session.get(Product, product.id).status == "draft"


def test_admin_list_and_feature_toggle(client, login, factory, app):
    product = factory.product(status="approved", name_english="Sirup Markisa")
    draft = factory.product(status="draft", name_english="Draft Thing")
    login(factory.user("admin"))
    page = client.get("/admin/catalog/products?lang=en").get_data(as_text=True)
    assert f'data-product-id="{product.id}"' in page and f'data-product-id="{draft.id}"' in page
    drafts = client.get("/admin/catalog/products?status=draft").get_data(as_text=True)
    assert f'data-product-id="{product.id}"' not in drafts
    client.post(f"/admin/catalog/products/{product.id}/feature", data={"featured": "1"})
    with app.app_context():
        assert db.session.get(Product, product.id).featured is True
    assert client.get(f"/admin/catalog/products/{draft.id}").status_code == 200  # preview
    assert client.get("/admin/catalog/products/999999").status_code == 404
