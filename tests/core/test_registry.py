"""Areas contribute header links through one registry, checked when the app starts."""

import pytest
from flask import Flask

from trading_house.core.registry import EVERYONE, NavLink, Panel, Registry
from trading_house.extensions import db


def test_a_link_to_a_missing_endpoint_stops_the_app(app):
    registry = Registry()
    registry.add_nav(NavLink("catalog.renamed_browse", "Catalog", audience=EVERYONE))
    with pytest.raises(RuntimeError, match="catalog.renamed_browse"):
        registry.verify(app)


def test_a_panel_with_a_missing_template_stops_the_app(app):
    registry = Registry()
    registry.add_panel("sme", Panel("gone", "nowhere/_panel.html", lambda **_: {}))
    with pytest.raises(RuntimeError, match="nowhere/_panel.html"):
        registry.verify(app)


def test_every_registered_link_exists(app):
    from trading_house.core.registry import registry_of

    registry_of(app).verify(app)  # the real registry, as create_app checked it
    assert {link.endpoint for link in registry_of(app).nav} >= {
        "catalog.browse",
        "orders.cart",
        "inquiries.inbox",
        "admin.index",
    }


def test_visitors_see_public_links_and_the_cart(client):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Catalog" in page and 'data-testid="nav-cart"' in page
    assert 'data-testid="nav-inquiries"' not in page and ">Admin<" not in page


def test_staff_links_follow_the_roles(client, factory, login):
    admin = factory.user("admin")
    db.session.commit()
    login(admin)
    page = client.get("/?lang=en").get_data(as_text=True)
    assert ">Admin<" in page and ">Curation<" in page and 'data-testid="nav-inquiries"' in page
    assert 'data-testid="nav-my-business"' not in page


def test_a_panel_without_context_is_hidden():
    registry = Registry()
    registry.add_panel("sme", Panel("shown", "a.html", lambda **s: {"n": s["n"]}, order=2))
    registry.add_panel("sme", Panel("hidden", "b.html", lambda **s: None, order=1))
    rendered = registry.panels_for("sme", n=3)
    assert [(p.name, dict(p.context)) for p in rendered] == [("shown", {"n": 3})]


def test_verify_needs_the_app_views():
    bare = Flask(__name__)
    registry = Registry()
    registry.add_nav(NavLink("core.home", "Home"))
    with pytest.raises(RuntimeError, match="core.home"):
        registry.verify(bare)
