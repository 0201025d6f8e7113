"""Curation: the review workflow that publishes listings."""


def register(registry) -> None:
    """What curation adds to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import NavLink

    registry.add_nav(
        NavLink("curation.queue", _l("Curation"), roles=("curator", "admin"), order=40)
    )


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.curation import (  # noqa: F401 - their routes
        views,
        views_admin,
        views_identity,
        views_manage,
        views_staff,
        views_translations,
    )
    from trading_house.curation.blueprint import bp

    return bp
