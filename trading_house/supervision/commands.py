"""``flask supervision remind`` (daily, on the scheduler) and ``flask supervision plan YEAR``."""

import click
from flask import Flask
from flask.cli import with_appcontext

from trading_house.core.tx import commit, rollback


@click.group("supervision")
def supervision() -> None:
    """Cooperative supervision: reminders, the yearly plan."""


@supervision.command("remind")
@with_appcontext
def remind_command() -> None:
    """E-mail officers before RAT/statement deadlines and examiners about overdue follow-ups.
    Each reminder goes out once, however often this runs."""
    from trading_house.supervision.reminders import remind

    try:
        sent = remind()
        commit()
    except Exception:
        rollback()
        raise
    click.echo(f"Queued {sent}.")


@supervision.command("plan")
@click.argument("year", type=int)
@click.option("--actor", "actor_email", required=True, help="E-mail of the admin building it.")
@with_appcontext
def plan_command(year: int, actor_email: str) -> None:
    """(Re)build the supervision plan of YEAR (ranked by risk, within capacities)."""
    from sqlalchemy import func, select

    from trading_house.accounts.models import User
    from trading_house.core.errors import DomainError
    from trading_house.extensions import db
    from trading_house.supervision.plan import build_plan

    actor = db.session.scalar(select(User).where(func.lower(User.email) == actor_email.lower()))
    if actor is None or not actor.has_role("admin"):
        raise click.UsageError(f"{actor_email} is not an administrator")
    try:
        plan = build_plan(year, actor=actor)
        commit()
    except DomainError as error:
        rollback()
        raise click.ClickException(str(error.message)) from None
    except Exception:
        rollback()
        raise
    click.echo(f"Plan {plan.year}: {len(plan.entries)} cooperatives.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(supervision)
