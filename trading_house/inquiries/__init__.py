"""Buyer inquiries, buying requests (RFQs), message threads, quotations, pools and samples."""


def register(registry) -> None:
    """What inquiries add to shared pages (see ``core/registry.py``)."""
    from flask_babel import lazy_gettext as _l

    from trading_house.core.registry import EVERYONE, NavLink
    from trading_house.inquiries.queries import unread_threads

    registry.add_nav(
        NavLink("inquiries.new_request", _l("Request a quotation"), audience=EVERYONE, order=20)
    )
    registry.add_nav(
        NavLink(
            "inquiries.inbox",
            _l("Messages"),
            place="tools",
            order=10,
            testid="nav-inquiries",
            count=unread_threads,
            count_label=_l("unread"),
            count_testid="unread-count",
        )
    )


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.inquiries import (  # noqa: F401 - their routes
        views,
        views_moderation,
        views_pools,
        views_quotes,
        views_rfq,
    )
    from trading_house.inquiries.blueprint import bp

    return bp
