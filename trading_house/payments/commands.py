"""CLI of the payments area: ``flask payments backfill-house-ledger`` (once, after the
settlement migration, for orders paid before the trading house had its own ledger)."""

import click
from flask import Flask
from flask.cli import with_appcontext

from trading_house.core.tx import commit


def register_commands(app: Flask) -> None:
    app.cli.add_command(payments)


@click.group()
def payments() -> None:
    """Payments: the trading house's ledger."""


@payments.command("backfill-house-ledger")
@with_appcontext
def backfill_house_ledger() -> None:
    """Book the trading house's side of orders paid before its ledger existed (idempotent)."""
    from trading_house.payments import ledger

    count = ledger.backfill_house_entries()
    commit()
    books = ledger.books()
    click.echo(f"{count} order(s) backfilled; the books are out by {books.difference} IDR.")
