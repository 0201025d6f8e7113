"""Trading-house administration screens: users, exchange rates, categories, audit log."""


def register(registry) -> None:
    """What administration adds to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import NavLink

    registry.add_nav(NavLink("admin.index", _l("Admin"), roles=("admin",), order=60))


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.admin import views, views_admin_catalog  # noqa: F401 - their routes
    from trading_house.admin.blueprint import bp

    return bp
