"""Trading-house administration screens: users, exchange rates, categories, audit log."""


def register(registry) -> None:
    """What administration adds to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import NavLink

    registry.add_nav(NavLink("admin.index", _l("Admin"), roles=("admin",), order=60))
