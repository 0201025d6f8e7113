"""Curation CLI: ``flask curation defaults`` and ``flask curation release-lapsed``."""

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import delete

from trading_house.core.tx import changed_rows, commit

curation_cli = AppGroup("curation", help="Curation maintenance.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(curation_cli)


@curation_cli.command("defaults")
def defaults_command() -> None:
    """Create the default reason codes that are missing (safe to run again)."""
    from trading_house.curation.settings import ensure_default_reasons

    created = ensure_default_reasons()
    commit()
    click.echo(f"{created} reason code(s) created.")


@curation_cli.command("release-lapsed")
def release_lapsed_command() -> None:
    """Delete lapsed claims (they are ignored anyway; this only tidies the table)."""
    from trading_house.core.clock import utcnow
    from trading_house.curation.models import Claim
    from trading_house.extensions import db

    removed = changed_rows(db.session.execute(delete(Claim).where(Claim.expires_at <= utcnow())))
    commit()
    click.echo(f"{removed} lapsed claim(s) removed.")
