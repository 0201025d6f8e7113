"""SME and cooperative profiles, members, invitations, legal identity."""


def register(registry) -> None:
    """What enterprises add to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import NavLink

    registry.add_nav(
        NavLink(
            "enterprises.dashboard",
            _l("My business"),
            roles=("sme",),
            order=30,
            testid="nav-my-business",
        )
    )
    from trading_house.enterprises.regions import regency_name

    registry.add_template_filter("regency", regency_name)
    registry.add_storage_references(_logo_keys)


def _logo_keys() -> dict[str, set[str]]:
    """Every stored size of every enterprise logo (public media)."""
    from sqlalchemy import select

    from trading_house.enterprises.logos import SIZES, logo_variant_key
    from trading_house.enterprises.models import Enterprise
    from trading_house.extensions import db

    logos = select(Enterprise.logo_key).where(Enterprise.logo_key.is_not(None))
    prefixes = [prefix for prefix in db.session.scalars(logos) if prefix]
    return {"public": {logo_variant_key(prefix, size) for prefix in prefixes for size in SIZES}}
