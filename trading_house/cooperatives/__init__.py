"""Cooperative registry: legal data, organs, members, RAT records, financial statements."""


def register(registry) -> None:
    """What the registry adds to shared pages (see ``core/registry.py``)."""


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.cooperatives.blueprint import bp

    return bp
