"""Reviews after delivery, the enterprise's answers, reports and their moderation; and the trust
signals (trust panel, trust filters of the catalog)."""


def register(registry) -> None:
    """Links, the product/enterprise/order panels and the catalog's trust filters."""
    from flask_babel import lazy_gettext as _l

    from trading_house.catalog.queries import register_trust_condition
    from trading_house.core.registry import NavLink, Panel
    from trading_house.reviews import panels, trust

    registry.add_nav(NavLink("reviews.my_reviews", _l("Reviews"), roles=("sme",), order=66))
    registry.add_panel(
        "product_reviews", Panel("reviews", "reviews/_product_panel.html", panels.product_panel)
    )
    registry.add_panel(
        "enterprise", Panel("trust", "reviews/_trust_panel.html", panels.enterprise_panel, order=10)
    )
    registry.add_panel("order", Panel("reviews", "reviews/_order_panel.html", panels.order_panel))
    register_trust_condition("halal", trust.halal_condition)
    register_trust_condition("min_rating", trust.rating_condition)
    from trading_house import AREAS

    if "cooperatives" in AREAS:  # issue #13's area (branch i13-coop) owns the predicate
        register_trust_condition("coop_health", trust.coop_health_condition)
    trust.watch_for_changes()


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.reviews import views, views_manage, views_staff  # noqa: F401 - their routes
    from trading_house.reviews.blueprint import bp

    return bp
