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
