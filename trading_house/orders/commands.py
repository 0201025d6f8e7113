"""CLI of the orders area: ``flask orders expire`` (run it from cron every few minutes)."""

import click
from flask import Flask
from flask.cli import with_appcontext

from trading_house.core.errors import InvalidTransition
from trading_house.core.tx import commit, rollback


def register_commands(app: Flask) -> None:
    app.cli.add_command(orders)


@click.group()
def orders() -> None:
    """Orders: expiry of unpaid orders."""


@orders.command("expire")
@click.option("--limit", default=500, show_default=True, help="At most this many per run.")
@with_appcontext
def expire(limit: int) -> None:
    """Cancel unpaid orders past their payment deadline and release their stock.

    Each order is its own transaction, so one that is paid at the same moment (a webhook)
    is skipped without undoing the others.
    """
    from trading_house.orders.fulfilment import expirable_order_ids, expire_order

    expired = 0
    for order_id in expirable_order_ids(limit=limit):
        try:
            if expire_order(order_id) is not None:
                expired += 1
            commit()
        except InvalidTransition:
            rollback()
    click.echo(f"{expired} unpaid order(s) expired.")
