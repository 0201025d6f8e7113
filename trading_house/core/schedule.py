"""Periodic jobs that run once per scheduled time, however many nodes run the scheduler.

Every node runs ``flask schedule run`` (``deploy/systemd/rumahdagang-scheduler.service``), a loop
that every ``--interval`` seconds fires the jobs that are due (or cron runs ``flask schedule tick``
every minute on every node: the same thing, one pass). For each job:

1. Its **lock**: ``pg_try_advisory_lock`` keyed per job on PostgreSQL, held by a connection of its
   own for the whole run (a node that dies drops the connection and with it the lock); on SQLite
   a conditional UPDATE of ``scheduled_jobs.locked_by/locked_until`` (lapses after
   ``SCHEDULE_LOCK_TTL``). Not taken: ``already running elsewhere``, and the node moves on.
2. Under the lock, the job's **slot** (the latest time its cron expression fired, read in the
   trading house's time zone): if ``scheduled_jobs.last_slot`` already holds it, another node ran
   it (``already done``). Otherwise the slot is recorded and committed *before* the job runs, so
   a slot is taken once even if the job then fails (the next slot tries again).
3. The job is the CLI command of the same name (``orders expire`` → ``flask orders expire``), run
   in this process; ``core/`` never imports the areas.

A job missed while no scheduler ran (all nodes down) runs once when one starts again.
``flask schedule once NAME`` runs one job now under the same lock (cron style or by hand), and
``flask schedule status`` shows the last run of each.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import cast

import click
from croniter import croniter
from flask import Flask, current_app
from sqlalchemy import Table, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from trading_house.core.clock import business_zone, utcnow
from trading_house.core.models import ScheduledJob
from trading_house.extensions import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    #: The CLI command, ``"orders expire"`` for ``flask orders expire``; also the job's key.
    name: str
    #: When, as a cron expression in the trading house's time zone (WITA).
    cron: str


#: The default schedule (``SCHEDULE`` in the config replaces it: a list of ``(name, cron)``).
SCHEDULE: tuple[Job, ...] = (
    Job("outbox send", "* * * * *"),  # due e-mails and WhatsApp messages (retries, back-off)
    Job("orders expire", "*/5 * * * *"),  # unpaid orders past their deadline; stock released
    Job("readiness refresh", "15 * * * *"),  # lapsed certificates, reminders, grades
    Job("inquiries expire", "20 3 * * *"),  # quotations past their validity
    Job("inquiries remind-expiring", "0 8 * * *"),  # buyers: open quotations ending soon
    Job("users prune-sign-ins", "10 4 * * *"),  # old sign-in counts, links, sessions
    Job("documents prune", "40 3 * * *"),  # private documents nothing refers to
    Job("favourites repeat-due", "30 6 * * *"),  # monthly repeat orders: drafts to confirm
    Job("wholesale remind", "0 9 * * *"),  # invoices on net terms due soon or overdue
    Job(
        "supervision remind", "0 7 * * *"
    ),  # cooperatives: RAT/statement deadlines, overdue follow-ups
)


class JobResult(StrEnum):
    """How one run of a scheduled job ended (an outcome, not a status of a lifecycle)."""

    RAN = "ran"
    FAILED = "failed"
    BUSY = "already running elsewhere"
    DONE = "already done"


RAN = JobResult.RAN
FAILED = JobResult.FAILED
BUSY = JobResult.BUSY
DONE = JobResult.DONE


@dataclass
class Outcome:
    job: str
    result: str  # RAN, FAILED, BUSY or DONE
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.job}: {self.result}" + (f" ({self.detail})" if self.detail else "")


def schedule(app: Flask | None = None) -> tuple[Job, ...]:
    configured = (app or current_app).config.get("SCHEDULE")
    if configured:
        return tuple(job if isinstance(job, Job) else Job(*job) for job in configured)
    return SCHEDULE


def node_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def slot_of(job: Job, now: datetime | None = None) -> datetime:
    """The latest time at or before ``now`` at which ``job`` was due (UTC)."""
    local = (now or utcnow()).astimezone(business_zone())
    fired = croniter(job.cron, local + timedelta(microseconds=1)).get_prev(datetime)
    return fired.astimezone(UTC)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_try_advisory_lock`` (same on every node)."""
    digest = hashlib.sha256(f"rumahdagang.schedule:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


# --- the lock ------------------------------------------------------------------------------


def _ensure_row(name: str) -> None:
    with db.engine.begin() as conn:
        if conn.execute(select(ScheduledJob.name).where(ScheduledJob.name == name)).first():
            return
    try:
        with db.engine.begin() as conn:
            conn.execute(_jobs_table().insert().values(name=name, runs=0))
    except IntegrityError:
        pass  # another node made it at the same moment


@contextmanager
def job_lock(name: str, node: str) -> Iterator[bool]:
    """Yield True if this node holds ``name``'s lock for the block, False if another does."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            key = lock_key(name)
            got = bool(conn.execute(select(func.pg_try_advisory_lock(key))).scalar())
            conn.commit()  # the lock is the session's, not the transaction's
            try:
                yield got
            finally:
                if got:
                    conn.execute(select(func.pg_advisory_unlock(key)))
                    conn.commit()
        return
    _ensure_row(name)
    ttl = timedelta(seconds=int(current_app.config.get("SCHEDULE_LOCK_TTL", 3600)))
    now = utcnow()
    table = _jobs_table()
    with db.engine.begin() as conn:
        got = (
            conn.execute(
                update(table)
                .where(
                    table.c.name == name,
                    or_(table.c.locked_by.is_(None), table.c.locked_until < now),
                )
                .values(locked_by=node, locked_until=now + ttl)
            ).rowcount
            == 1
        )
    try:
        yield got
    finally:
        if got:
            with db.engine.begin() as conn:
                conn.execute(
                    update(table)
                    .where(table.c.name == name, table.c.locked_by == node)
                    .values(locked_by=None, locked_until=None)
                )


# --- running -------------------------------------------------------------------------------


def run_scheduled_job(
    job: Job, *, slot: datetime | None = None, node: str | None = None
) -> Outcome:
    """Run ``job`` under its lock; with ``slot``, only if that slot was not taken yet."""
    node = node or node_name()
    table = _jobs_table()
    _ensure_row(job.name)
    with job_lock(job.name, node) as got:
        if not got:
            log.info("schedule: %s is already running elsewhere", job.name)
            return Outcome(job.name, BUSY)
        with db.engine.begin() as conn:
            last = conn.execute(select(table.c.last_slot).where(table.c.name == job.name)).scalar()
            if slot is not None and last is not None and _utc(last) >= slot:
                return Outcome(job.name, DONE)
            conn.execute(
                update(table)
                .where(table.c.name == job.name)
                .values(
                    last_slot=slot or utcnow(),
                    last_started_at=utcnow(),
                    last_finished_at=None,
                    last_result=None,
                    last_node=node,
                    runs=table.c.runs + 1,
                )
            )
        log.info("schedule: running %s on %s", job.name, node)
        try:
            invoke_command(job.name)
        except Exception as exc:
            log.exception("schedule: %s failed", job.name)
            outcome = Outcome(job.name, FAILED, f"{type(exc).__name__}: {exc}"[:500])
        else:
            outcome = Outcome(job.name, RAN)
        finally:
            db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(
                update(table)
                .where(table.c.name == job.name)
                .values(
                    last_finished_at=utcnow(),
                    last_result="ok" if outcome.result == RAN else f"failed: {outcome.detail}",
                )
            )
        return outcome


def run_due(now: datetime | None = None, *, node: str | None = None) -> list[Outcome]:
    """One pass of the scheduler: every job whose latest slot has not been taken yet."""
    now = now or utcnow()
    outcomes = []
    with db.engine.connect() as conn:
        last = dict(conn.execute(select(ScheduledJob.name, ScheduledJob.last_slot)).all())
    for job in schedule():
        slot = slot_of(job, now)
        taken = last.get(job.name)
        if taken is not None and _utc(taken) >= slot:
            continue  # the cheap check; run_scheduled_job checks again
        outcomes.append(run_scheduled_job(job, slot=slot, node=node))
    return outcomes


def find_command(name: str) -> click.Command:
    """The click command ``flask <name>`` (LookupError if there is none)."""
    from flask.cli import ScriptInfo

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    command: click.Command | None = app.cli
    with click.Context(app.cli, info_name="flask", obj=ScriptInfo(create_app=lambda: app)) as ctx:
        for word in name.split():
            command = command.get_command(ctx, word) if isinstance(command, click.Group) else None
    if command is None or isinstance(command, click.Group):
        raise LookupError(f"no such command: flask {name}")
    return command


def invoke_command(name: str) -> None:
    """Run ``flask <name>`` in this process and app context; raise if it fails."""
    from flask.cli import ScriptInfo

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    find_command(name).main(
        args=[],
        prog_name=f"flask {name}",
        standalone_mode=False,
        obj=ScriptInfo(create_app=lambda: app),
    )


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:  # SQLite through Core: naive UTC
        return value.replace(tzinfo=UTC)
    return value


def _jobs_table() -> Table:
    """The ``scheduled_jobs`` table, for Core statements on a connection of its own."""
    return cast(Table, ScheduledJob.__table__)
