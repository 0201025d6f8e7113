"""The subprocess app of the schedule tests: the real schedule plus ``rdtest slow``, a job that
notes each run in ``RD_TEST_EFFECTS`` and takes a while, so that runners overlap."""

import os
import time

import click

from tests.production.subprocess_app import create as create_base
from trading_house.core.schedule import SCHEDULE, Job

SLOW = Job("rdtest slow", "* * * * *")


@click.group("rdtest")
def rdtest() -> None:
    """Test-only commands."""


@rdtest.command("slow")
def slow() -> None:
    """Note the run, then wait for ``<effects>.release`` (or RD_TEST_SLOW_SECONDS)."""
    effects = os.environ["RD_TEST_EFFECTS"]
    with open(effects, "a") as handle:
        handle.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + float(os.environ.get("RD_TEST_SLOW_SECONDS", "2"))
    while time.monotonic() < deadline and not os.path.exists(effects + ".release"):
        time.sleep(0.05)


def add_slow_job(app) -> None:
    app.cli.add_command(rdtest)
    app.config["SCHEDULE"] = (SLOW, *SCHEDULE)


def create():
    app = create_base()
    add_slow_job(app)
    return app
