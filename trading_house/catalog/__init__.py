"""Categories, products, photos, search and public catalog pages."""


def register(registry) -> None:
    """What the catalog adds to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import EVERYONE, NavLink

    registry.add_nav(NavLink("catalog.browse", _l("Catalog"), audience=EVERYONE, order=10))
    registry.add_storage_references(_photo_keys)


def _photo_keys() -> dict[str, set[str]]:
    """Product photos: the original is private, its variants are public media."""
    from sqlalchemy import select

    from trading_house.catalog.models import ProductPhoto
    from trading_house.extensions import db

    found: dict[str, set[str]] = {"public": set(), "private": set()}
    rows = db.session.execute(select(ProductPhoto.original_key, ProductPhoto.variants))
    for original, variants in rows:
        found["private"].add(original)
        found["public"].update((variants or {}).values())
    return found


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.catalog import (  # noqa: F401 - their routes
        views,
        views_admin,
        views_manage,
        views_manage_photos,
        views_sitemap,
    )
    from trading_house.catalog.blueprint import bp

    return bp
