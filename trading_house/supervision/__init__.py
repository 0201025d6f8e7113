"""Cooperative supervision: health examinations with versioned worksheets, field work from a
phone, reports and health certificates; the yearly plan, special inspections (*bedah
koperasi*) and the division dashboard."""


def register(registry) -> None:
    """What supervision adds to shared pages (see ``core/registry.py``)."""


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.supervision.blueprint import bp

    return bp
