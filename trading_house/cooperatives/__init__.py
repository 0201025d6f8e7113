"""Cooperative registry: legal data, organs, members, RAT records, financial statements."""


def register(registry) -> None:
    """What the registry adds to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import NavLink

    registry.add_nav(
        NavLink(
            "cooperatives.my_cooperative",
            _l("My cooperative"),
            roles=("coop_officer",),
            order=45,
            testid="nav-my-cooperative",
        )
    )
    registry.add_nav(
        NavLink(
            "cooperatives.registry",
            _l("Cooperatives"),
            roles=("examiner", "admin"),
            order=55,
            testid="nav-cooperatives",
        )
    )


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.cooperatives import (  # noqa: F401 - routes
        labels,  # noqa: F401 - template globals
        views_admin,
        views_manage,
        views_records,
        views_staff,
    )
    from trading_house.cooperatives.blueprint import bp

    return bp
