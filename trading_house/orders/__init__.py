"""Cart, checkout, orders, fulfilments, consignments; shipping zones and commission rates."""


def register(registry) -> None:
    """What orders add to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import EVERYONE, NavLink
    from trading_house.orders.views import cart_count

    registry.add_nav(NavLink("orders.my_orders", _l("My orders"), order=70))
    registry.add_nav(
        NavLink(
            "orders.cart",
            _l("Cart"),
            place="tools",
            audience=EVERYONE,
            order=20,
            testid="nav-cart",
            count=lambda user: cart_count(),
            count_testid="cart-count",
        )
    )


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.orders import (  # noqa: F401 - their routes
        views,
        views_admin,
        views_admin_consignments,
        views_disputes,
        views_manage,
    )
    from trading_house.orders.blueprint import bp

    return bp
