"""Cooperative supervision: health examinations with versioned worksheets, field work from a
phone, reports and health certificates; the yearly plan, special inspections (*bedah
koperasi*) and the division dashboard."""


def register(registry) -> None:
    """What supervision adds to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import NavLink

    registry.add_nav(
        NavLink(
            "supervision.examinations_list",
            _l("Examinations"),
            roles=("examiner", "admin"),
            order=55,
        )
    )
    registry.add_nav(
        NavLink(
            "supervision.my_examinations",
            _l("Health examination"),
            roles=("coop_officer",),
            order=56,
        )
    )


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.supervision import (  # noqa: F401 - routes, template labels
        globals,
        views,
        views_admin,
        views_manage,
        views_reports,
        views_staff,
    )
    from trading_house.supervision.blueprint import bp

    return bp
