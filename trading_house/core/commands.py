"""Core CLI commands: demo data and the e-mail outbox."""

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from trading_house.core.tx import commit


def register_core_commands(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(outbox)


@click.command("seed-demo")
@click.option("--force", is_flag=True, help="Seed even if users already exist.")
@with_appcontext
def seed_demo(force: bool) -> None:
    """Load realistic demo data (only into an empty database unless --force)."""
    from trading_house.accounts.models import User
    from trading_house.core.seed import run_all_seeds
    from trading_house.extensions import db

    if not force and db.session.scalar(select(func.count(User.id))):
        click.echo("Database already has users; demo data not loaded (use --force).")
        return
    run_all_seeds()
    commit()
    click.echo("Demo data loaded.")


@click.group()
def outbox() -> None:
    """The e-mail outbox."""


@outbox.command("send")
@with_appcontext
def outbox_send() -> None:
    """Deliver due e-mails (safe to run from cron)."""
    from trading_house.core.mail import deliver_pending

    sent = deliver_pending(limit=500)
    commit()
    click.echo(f"{sent} e-mail(s) sent.")
