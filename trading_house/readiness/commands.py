"""``flask readiness refresh`` (hourly, cron-safe), ``load-default`` and
``replace-default-rules``."""

import click
from flask import Flask
from flask.cli import with_appcontext

from trading_house.core.tx import commit, rollback


@click.group("readiness")
def readiness() -> None:
    """Export readiness: expiry, reminders, grades and the default checklist."""


@readiness.command("refresh")
@with_appcontext
def refresh_command() -> None:
    """Expire lapsed certificates, send 60/30-day reminders once, flag overdue follow-ups and
    recompute every grade. Safe to run every hour and twice at once."""
    from trading_house.readiness.expiry import refresh

    try:
        result = refresh()
        commit()
    except Exception:
        rollback()
        raise
    click.echo(
        f"{result.expired} expired, {result.reminders_60} 60-day and {result.reminders_30} "
        f"30-day reminder(s), {result.follow_ups_closed} follow-up(s) closed by a verification, "
        f"{result.overdue_flagged} overdue follow-up(s) flagged, "
        f"{result.grades_changed} grade(s) changed."
    )


@readiness.command("load-default")
@with_appcontext
def load_default_command() -> None:
    """Load the default checklist, thresholds and destination rules (only where none exist)."""
    from trading_house.readiness.services import load_default

    loaded, rules = load_default()
    commit()
    click.echo(
        ("Default checklist loaded" if loaded else "A checklist already exists; left unchanged")
        + f"; {rules} destination rule(s) added."
    )


@readiness.command("replace-default-rules")
@with_appcontext
def replace_default_rules_command() -> None:
    """Replace the default destination rules with the current ones (corrected rules, legal
    sources); rules an admin added for other documents stay."""
    from trading_house.readiness import checklist, destinations

    try:
        added = destinations.load_default_rules(checklist.resolve_category_key, replace=True)
        commit()
    except Exception:
        rollback()
        raise
    click.echo(f"{added} default destination rule(s) loaded.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(readiness)
