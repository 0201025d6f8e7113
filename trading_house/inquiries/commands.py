"""CLI of the inquiries area: ``flask inquiries expire`` (run daily from cron)."""

import click
from flask import Flask
from flask.cli import with_appcontext

from trading_house.core.tx import commit


def register_commands(app: Flask) -> None:
    app.cli.add_command(inquiries)


@click.group()
def inquiries() -> None:
    """Inquiries, quotations and buying requests."""


@inquiries.command("expire")
@with_appcontext
def expire() -> None:
    """Mark quotations past their validity date as expired."""
    from trading_house.inquiries.quotations import expire_due_quotations

    count = expire_due_quotations()
    commit()
    click.echo(f"{count} quotation(s) expired.")
