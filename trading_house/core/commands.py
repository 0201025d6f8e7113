"""Core CLI commands: demo data, the e-mail outbox, backups, the job worker and the schedule."""

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from trading_house.core.tx import commit


def register_core_commands(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(outbox)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(worker)
    app.cli.add_command(documents)
    app.cli.add_command(schedule_commands)
    app.cli.add_command(phones)
    from trading_house.core.storage_commands import storage

    app.cli.add_command(storage)


@click.command("seed-demo")
@click.option("--force", is_flag=True, help="Seed even if users already exist.")
@with_appcontext
def seed_demo(force: bool) -> None:
    """Load realistic demo data (only into an empty database unless --force)."""
    from sqlalchemy import table

    from trading_house.core.seed import run_all_seeds
    from trading_house.extensions import db

    users = table("users")  # any account means the site is in use: never seed over it
    if not force and db.session.scalar(select(func.count()).select_from(users)):
        click.echo("Database already has users; demo data not loaded (use --force).")
        return
    run_all_seeds()
    commit()
    click.echo("Demo data loaded.")


@click.group()
def phones() -> None:
    """Stored phone numbers (E.164, see core/phones.py)."""


@phones.command("check")
@click.option("--fix", is_flag=True, help="Rewrite every readable number in E.164.")
@with_appcontext
def phones_check(fix: bool) -> None:
    """List stored phone numbers that are not in E.164 (columns marked ``info={"phone": …}``).

    With --fix, the readable ones are rewritten; the others stay as typed, for their owner to
    correct on their own page (nothing is deleted).
    """
    from trading_house.core.phone_columns import check_phone_columns

    report = check_phone_columns(fix=fix)
    for problem in report.unreadable:
        click.echo(f"{problem.table} id={problem.row_id}: {problem.value!r} cannot be read")
    if fix:
        commit()
    verb = "rewritten" if fix else "readable, not yet in E.164 (use --fix)"
    click.echo(f"{report.convertible} number(s) {verb}; {len(report.unreadable)} unreadable.")


@click.group()
def documents() -> None:
    """Private documents (evidence, certificates, payment proofs, attachments)."""


@documents.command("prune")
@click.option("--older-than-hours", default=1, show_default=True, type=click.IntRange(min=0))
@with_appcontext
def documents_prune(older_than_hours: int) -> None:
    """Delete documents no row refers to any more (safe to run from cron)."""
    from datetime import timedelta

    from trading_house.core.uploads import prune_unreferenced

    total = 0
    while pruned := prune_unreferenced(older_than=timedelta(hours=older_than_hours)):
        commit()  # a batch at a time: files go after each commit
        total += pruned
    click.echo(f"{total} unused document(s) deleted.")


@click.group()
def outbox() -> None:
    """The outboxes (e-mail and WhatsApp)."""


@outbox.command("send")
@with_appcontext
def outbox_send() -> None:
    """Deliver due messages of every registered outbox (safe to run from cron)."""
    from trading_house.core.outbox import send_all

    failed = []
    for box, result in send_all(limit=500):
        commit()
        if isinstance(result, BaseException):
            failed.append(box.name)
            click.echo(
                f"{box.name}: the sender failed: {type(result).__name__}: {result}", err=True
            )
        else:
            click.echo(f"{result} {box.noun} sent.")
    if failed:
        raise click.ClickException("outbox sender(s) failed: " + ", ".join(failed))


@click.command("backup")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False),
    help="Where to write the archive (default: BACKUP_DIR, instance/backups).",
)
@with_appcontext
def backup(output_dir: str | None) -> None:
    """Back up the database, media and private files into a timestamped archive."""
    from trading_house.core.backup import BackupError, create_backup

    try:
        path = create_backup(output_dir)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backup written: {path}")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def restore(archive: str) -> None:
    """Restore a backup archive into this instance, which must be empty."""
    from trading_house.core.backup import BackupError, restore_backup

    try:
        result = restore_backup(archive)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    rows = sum(result.tables.values())
    click.echo(
        f"Restored the backup of {result.manifest['created_at']}: {rows} row(s) in "
        f"{len(result.tables)} table(s), {result.files} file(s)."
    )
    click.echo("If this code is newer than the backup, run `flask db upgrade` now.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--queue", default=None, help="Queue to work on (default: RQ_QUEUE, 'default').")
@click.option("--name", default=None, help="Worker name (default: random).")
@click.option(
    "--monitor-interval",
    default=30,
    show_default=True,
    type=click.IntRange(1),
    help="Seconds between heartbeats while a job runs.",
)
@click.option(
    "--heartbeat-grace",
    default=60,
    show_default=True,
    type=click.IntRange(1),
    help="Seconds a heartbeat may be late before the job counts as abandoned.",
)
@click.option(
    "--maintenance-interval",
    default=60,
    show_default=True,
    type=click.IntRange(1),
    help="Seconds between cleanups that retry jobs of dead workers.",
)
@click.option(
    "--worker-ttl",
    default=120,
    show_default=True,
    type=click.IntRange(20),
    help="Seconds the worker may be silent before it counts as dead.",
)
@with_appcontext
def worker(burst, queue, name, monitor_interval, heartbeat_grace, maintenance_interval, worker_ttl):
    """Run an RQ worker for the job queue (needs REDIS_URL)."""
    from flask import current_app

    from trading_house.core.worker import run_worker

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: jobs run inline, no worker is needed.")
    run_worker(
        current_app._get_current_object(),  # type: ignore[attr-defined]  # the real app
        burst=burst,
        queue_name=queue,
        name=name,
        monitor_interval=monitor_interval,
        heartbeat_grace=heartbeat_grace,
        maintenance_interval=maintenance_interval,
        worker_ttl=worker_ttl,
    )


@click.group("schedule")
def schedule_commands() -> None:
    """Periodic jobs, each run once per scheduled time across all nodes (core/schedule.py)."""


@schedule_commands.command("run")
@click.option(
    "--interval",
    default=30,
    show_default=True,
    type=click.IntRange(1),
    help="Seconds between passes.",
)
@with_appcontext
def schedule_run(interval: int) -> None:
    """Run the scheduler until stopped (one per node; SIGTERM ends it after the current job)."""
    import signal
    import threading

    from trading_house.core.schedule import run_due

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    click.echo(f"scheduler: a pass every {interval} s (Ctrl+C or SIGTERM stops)")
    while not stop.is_set():
        try:
            for outcome in run_due():
                click.echo(str(outcome))
        except Exception as exc:  # the database away: try again at the next pass
            click.echo(f"scheduler: pass failed ({type(exc).__name__}: {exc})", err=True)
        stop.wait(interval)


@schedule_commands.command("tick")
@with_appcontext
def schedule_tick() -> None:
    """One pass: run every job that is due and not yet taken by another node (for cron)."""
    from trading_house.core.schedule import run_due

    for outcome in run_due():
        click.echo(str(outcome))


@schedule_commands.command("once")
@click.argument("name")
@with_appcontext
def schedule_once(name: str) -> None:
    """Run one scheduled job now, unless it is running elsewhere (then exit 0 and say so)."""
    from trading_house.core.schedule import FAILED, run_scheduled_job, schedule

    jobs = {job.name: job for job in schedule()}
    if name not in jobs:
        raise click.ClickException(f"no scheduled job {name!r}; known: {', '.join(jobs)}")
    outcome = run_scheduled_job(jobs[name])
    click.echo(str(outcome))
    if outcome.result == FAILED:
        raise SystemExit(1)


@schedule_commands.command("status")
@with_appcontext
def schedule_status() -> None:
    """The schedule and the last run of each job."""
    from trading_house.core.models import ScheduledJob
    from trading_house.core.schedule import schedule as jobs
    from trading_house.extensions import db

    rows = {row.name: row for row in db.session.scalars(select(ScheduledJob))}
    for job in jobs():
        row = rows.get(job.name)
        if row is None or row.last_started_at is None:
            click.echo(f"{job.name:<24} {job.cron:<14} never run")
            continue
        click.echo(
            f"{job.name:<24} {job.cron:<14} last {row.last_started_at:%Y-%m-%d %H:%M:%S}Z "
            f"on {row.last_node}: {row.last_result or 'running'} ({row.runs} run(s))"
        )
