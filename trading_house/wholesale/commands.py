"""``flask wholesale …``: the scheduled invoice reminders."""

import click
from flask.cli import AppGroup

from trading_house.core.tx import commit

wholesale_cli = AppGroup("wholesale", help="Wholesale buyers: invoices and terms.")


@wholesale_cli.command("remind")
def remind() -> None:
    """E-mail reminders for invoices due within three days or overdue (run daily)."""
    from trading_house.wholesale.invoices import send_reminders

    sent = send_reminders()
    commit()
    click.echo(f"{sent} invoice(s) reminded")


def register_commands(app) -> None:
    app.cli.add_command(wholesale_cli)
