"""``flask storage migrate --to s3|local`` and ``flask storage verify`` (see storage/migrate.py)."""

from enum import StrEnum

import click
from flask import current_app
from flask.cli import with_appcontext

from trading_house.core.storage import BACKENDS


@click.group()
def storage() -> None:
    """Where files live: copy them between back ends, check records against objects."""


@storage.command("migrate")
@click.option("--to", "target", type=click.Choice(BACKENDS), required=True)
@click.option(
    "--from",
    "source",
    type=click.Choice(BACKENDS),
    default=None,
    help="Default: the other back end.",
)
@with_appcontext
def migrate(target: str, source: str | None) -> None:
    """Copy every stored object to TARGET, verifying size and checksum; safe to re-run."""
    from trading_house.core.storage.migrate import MigrationError, copy_all, verify

    source = source or next(b for b in BACKENDS if b != target)
    _require_s3_settings(source, target)
    try:
        report = copy_all(source, target, progress=click.echo)
    except MigrationError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"Copied {report.copied} object(s) ({report.bytes_copied} bytes) from {source} to "
        f"{target}; {report.already_there} were already there and verified."
    )
    check = verify(target)
    if not check.ok:
        _print_verify(check)
        raise click.ClickException(
            f"{target} still lacks objects the database refers to (listed above): they are "
            f"missing on {source} too. Nothing to switch until `flask storage verify` is clean."
        )
    if (current_app.config.get("STORAGE_BACKEND") or "local") != target:
        click.echo(
            f"Every object the database refers to is on {target}. Switch now: set "
            f"STORAGE_BACKEND={target} on every node and restart them, then run this command "
            "once more to copy what was uploaded in between."
        )
    else:
        click.echo(f"This instance already uses {target}: nothing to switch.")


@storage.command("verify")
@click.option(
    "--delete-orphans",
    is_flag=True,
    help="Delete orphaned objects of the back end in use that are older than --older-than.",
)
@click.option("--older-than", default=24, show_default=True, type=click.IntRange(1), help="hours")
@with_appcontext
def verify_command(delete_orphans: bool, older_than: int) -> None:
    """List missing (record without object) and orphaned (object without record) objects in
    every configured back end; exit status 1 when the active one misses any."""
    from datetime import timedelta

    from trading_house.core.storage.base import StorageUnavailable
    from trading_house.core.storage.migrate import delete_orphans as delete
    from trading_house.core.storage.migrate import referenced_keys, verify

    referenced = referenced_keys()
    active = current_app.config.get("STORAGE_BACKEND") or "local"
    backends = ["local"] + (["s3"] if current_app.config.get("S3_PUBLIC_BUCKET") else [])
    failed = False
    for backend in backends:
        report = verify(backend, referenced=referenced)
        _print_verify(report, active=backend == active)
        failed |= backend == active and not report.ok
        if delete_orphans and backend == active and report.error is None:
            try:
                deleted = delete(report, older_than=timedelta(hours=older_than))
            except StorageUnavailable as exc:
                raise click.ClickException(f"The store does not answer ({exc.detail}).") from None
            for line in deleted:
                click.echo(f"  deleted {line}")
            click.echo(f"{backend}: {len(deleted)} orphaned object(s) deleted")
    if failed:
        raise click.exceptions.Exit(1)


class Finding(StrEnum):
    """What ``storage verify`` found wrong with a stored file."""

    MISSING = "missing"
    ORPHANED = "orphaned"


def _print_verify(report, *, active: bool = True) -> None:
    label = f"{report.backend}{' (in use)' if active else ''}"
    if report.error:
        click.echo(f"{label}: {report.error}")
        return
    missing = sum(len(keys) for keys in report.missing.values())
    orphaned = sum(len(keys) for keys in report.orphaned.values())
    click.echo(f"{label}: {missing} missing, {orphaned} orphaned")
    for kind, found in ((Finding.MISSING, report.missing), (Finding.ORPHANED, report.orphaned)):
        for tree, keys in found.items():
            for key in keys:
                click.echo(f"  {kind} {tree} {key}")


def _require_s3_settings(*backends: str) -> None:
    config = current_app.config
    if "s3" in backends and not (
        config.get("S3_PUBLIC_BUCKET") and config.get("S3_PRIVATE_BUCKET")
    ):
        raise click.ClickException(
            "Set S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET (and S3_ENDPOINT_URL, S3_ACCESS_KEY_ID, "
            "S3_SECRET_ACCESS_KEY unless on AWS with a role) first; see docs/production.md."
        )
