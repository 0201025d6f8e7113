"""Curation: the review workflow that publishes listings."""


def register(registry) -> None:
    """What curation adds to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import NavLink

    registry.add_nav(
        NavLink("curation.queue", _l("Curation"), roles=("curator", "admin"), order=40)
    )
