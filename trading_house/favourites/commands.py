"""``flask favourites repeat-due``: this month's drafts of the repeat orders that are due."""

import click
from flask import Flask
from flask.cli import AppGroup

from trading_house.core.tx import commit
from trading_house.extensions import db
from trading_house.favourites import reorder
from trading_house.favourites.models import RepeatOrder

group = AppGroup("favourites", help="Saved lists and repeat orders.")


@group.command("repeat-due")
def repeat_due() -> None:
    """Write a draft for every repeat order due today (safe to run again: one per month)."""
    made = 0
    for repeat_id in reorder.due_repeats():
        repeat = db.session.get(RepeatOrder, repeat_id)
        if repeat is not None and reorder.make_draft(repeat) is not None:
            made += 1
        commit()  # one repeat per transaction: a failure never loses the others' drafts
    click.echo(f"{made} draft(s) made.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(group)
