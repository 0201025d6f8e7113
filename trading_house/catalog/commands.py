"""Catalog CLI: ``flask catalog seed-categories`` and ``flask catalog render-variants``."""

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from trading_house.core.tx import commit

catalog_cli = AppGroup("catalog", help="Catalog maintenance.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(catalog_cli)


@catalog_cli.command("seed-categories")
def seed_categories_command() -> None:
    """Create or update the category tree (safe to run again)."""
    from trading_house.catalog.seed import seed_categories

    categories = seed_categories()
    commit()
    click.echo(f"{len(categories)} categories in place.")


@catalog_cli.command("render-variants")
@click.option(
    "--all", "everything", is_flag=True, help="Render every photo again, not only missing."
)
def render_variants_command(everything: bool) -> None:
    """Render the WebP variants of photos that have none (e.g. after a worker outage)."""
    from trading_house.catalog.models import ProductPhoto
    from trading_house.catalog.photos import generate_variants
    from trading_house.extensions import db

    ids = list(db.session.scalars(select(ProductPhoto.id).order_by(ProductPhoto.id)))
    done = 0
    for photo_id in ids:
        photo = db.session.get(ProductPhoto, photo_id)
        if photo is None or (photo.variants and not everything):
            continue
        generate_variants(photo_id)
        commit()
        done += 1
    click.echo(f"{done} photo(s) rendered.")
