"""Payment providers (bank transfer, Stripe), webhooks, refunds, commission ledger, payouts."""


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.payments import (  # noqa: F401 - their routes
        views,
        views_disputes,
        views_ledger,
        views_milestones,
    )
    from trading_house.payments.blueprint import bp

    return bp


def register(registry) -> None:
    from trading_house.payments.milestone_cards import part_rows
    from trading_house.payments.milestones import balance_due

    # The order page lists the parts of an order paid in milestones, with "Pay by card".
    registry.add_template_filter("milestone_parts", part_rows)
    # Order badges: "Deposit paid — balance … due before shipment" until every part is paid.
    registry.add_template_filter("milestone_balance", balance_due)
