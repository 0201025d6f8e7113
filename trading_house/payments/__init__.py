"""Payment providers (bank transfer, Stripe), webhooks, refunds, commission ledger, payouts."""


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.payments import views, views_ledger  # noqa: F401 - their routes
    from trading_house.payments.blueprint import bp

    return bp
