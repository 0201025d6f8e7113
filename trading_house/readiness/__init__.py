"""Export readiness: checklist templates, answers and evidence, scoring, gap reports, clinic."""


def register(registry) -> None:
    """What readiness adds to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import NavLink

    registry.add_nav(
        NavLink(
            "readiness.verification_queue", _l("Readiness"), roles=("curator", "admin"), order=50
        )
    )


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.readiness import globals as _globals  # noqa: F401 - template globals
    from trading_house.readiness import views, views_admin, views_staff  # noqa: F401 - routes
    from trading_house.readiness.blueprint import bp

    return bp
