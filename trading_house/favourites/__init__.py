"""Saved products and enterprises, lists shared read-only, reorders and monthly repeat orders."""


def register(registry) -> None:
    """The "Saved" link, the save buttons and the order page's reorder panel."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import NavLink, Panel
    from trading_house.favourites import panels

    registry.add_nav(
        NavLink("favourites.my_lists", _l("Saved"), roles=("buyer",), order=72, testid="nav-saved")
    )
    registry.add_panel(
        "product", Panel("save", "favourites/_save_product.html", panels.product_panel, order=5)
    )
    registry.add_panel(
        "enterprise",
        Panel("save", "favourites/_save_enterprise.html", panels.enterprise_panel, order=5),
    )
    registry.add_panel(
        "order", Panel("reorder", "favourites/_order_panel.html", panels.order_panel, order=5)
    )
    registry.add_panel(
        "my_orders",
        Panel("repeat_drafts", "favourites/_drafts_banner.html", panels.drafts_banner, order=5),
    )


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.favourites import views, views_reorder  # noqa: F401 - their routes
    from trading_house.favourites.blueprint import bp

    return bp
