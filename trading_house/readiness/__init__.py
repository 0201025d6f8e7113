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
