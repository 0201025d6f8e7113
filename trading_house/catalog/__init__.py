"""Categories, products, photos, search and public catalog pages."""


def register(registry) -> None:
    """What the catalog adds to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import EVERYONE, NavLink

    registry.add_nav(NavLink("catalog.browse", _l("Catalog"), audience=EVERYONE, order=10))
