"""CLI of the inquiries area: ``expire`` and ``remind-expiring`` (daily, scheduled)."""

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
def expire_quotations() -> None:
    """Mark quotations past their validity date as expired."""
    from trading_house.inquiries.quotations import expire_due_quotations

    count = expire_due_quotations()
    commit()
    click.echo(f"{count} quotation(s) expired.")


@inquiries.command("remind-expiring")
@with_appcontext
def remind_expiring() -> None:
    """Remind buyers of open quotations whose validity ends soon (once per quotation)."""
    from trading_house.inquiries.reminders import remind_expiring_quotations

    count = remind_expiring_quotations()
    commit()
    click.echo(f"{count} buyer(s) reminded of a quotation about to expire.")
