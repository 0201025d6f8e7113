"""Scheduled jobs run once per scheduled time, however many schedulers run at the same moment
(threads here, processes in the last test); on PostgreSQL with advisory locks, on SQLite with
the lock row."""

import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.production.conftest import ROOT, subprocess_env
from tests.production.schedule_app import SLOW, add_slow_job
from trading_house.core.models import ScheduledJob
from trading_house.core.schedule import (
    BUSY,
    DONE,
    FAILED,
    RAN,
    SCHEDULE,
    Job,
    find_command,
    job_lock,
    run_due,
    run_scheduled_job,
    slot_of,
)
from trading_house.extensions import db

NOW = datetime(2026, 12, 5, 0, 7, 30, tzinfo=UTC)  # 08:07:30 in Makassar (WITA, UTC+8)


@pytest.fixture
def scheduled(app, tmp_path, monkeypatch):
    """The real schedule plus the slow test job; returns the file its runs are noted in."""
    effects = tmp_path / "effects"
    effects.touch()
    monkeypatch.setenv("RD_TEST_EFFECTS", str(effects))
    monkeypatch.setenv("RD_TEST_SLOW_SECONDS", "60")  # until the test releases it
    saved = app.config.get("SCHEDULE")
    add_slow_job(app)
    yield effects
    app.config["SCHEDULE"] = saved


def _runs(app) -> dict[str, int]:
    with app.app_context():
        return {row.name: row.runs for row in db.session.scalars(select(ScheduledJob))}


def test_every_scheduled_job_is_a_command(app):
    with app.app_context():
        for job in SCHEDULE:
            assert find_command(job.name).name == job.name.split()[-1]
        with pytest.raises(LookupError):
            find_command("orders no-such-thing")


def test_slots_follow_the_cron_expression_in_the_trading_house_zone(app):
    with app.app_context():
        assert slot_of(Job("x", "*/5 * * * *"), NOW) == datetime(2026, 12, 5, 0, 5, tzinfo=UTC)
        # 03:20 WITA is 19:20 UTC the day before
        assert slot_of(Job("x", "20 3 * * *"), NOW) == datetime(2026, 12, 4, 19, 20, tzinfo=UTC)
        exactly = datetime(2026, 12, 5, 0, 5, tzinfo=UTC)
        assert slot_of(Job("x", "*/5 * * * *"), exactly) == exactly


def test_two_schedulers_at_once_run_each_job_once(app, scheduled):
    start = threading.Barrier(2)
    outcomes: dict[str, list] = {}
    errors: list[BaseException] = []

    def scheduler(node: str) -> None:
        try:
            with app.app_context():
                start.wait()
                outcomes[node] = run_due(NOW, node=node)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=scheduler, args=(node,)) for node in ("a", "b")]
    for thread in threads:
        thread.start()
    # The node that took the slow job is held there; the other one does everything else meanwhile
    # and finishes first. Then the slow job may end.
    deadline = time.monotonic() + 60
    while all(thread.is_alive() for thread in threads) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(outcomes) == 1, "one scheduler ended while the other held the slow job"
    (scheduled.parent / "effects.release").touch()
    for thread in threads:
        thread.join(120)
    assert not errors, errors

    assert scheduled.read_text().count("\n") == 1, "the slow job's effect happened once"
    names = [SLOW.name, *(job.name for job in SCHEDULE)]
    assert _runs(app) == dict.fromkeys(names, 1)
    ran = [o.job for node in "ab" for o in outcomes[node] if o.result == RAN]
    assert sorted(ran) == sorted(names), "each job ran on exactly one node"
    slow = sorted(o.result for node in "ab" for o in outcomes[node] if o.job == SLOW.name)
    # The other node found it running, or (had it looked a moment later) its slot already taken.
    assert slow in ([RAN], sorted([RAN, BUSY])), slow

    # The same slot again: nothing runs; the next slot: every job once more.
    with app.app_context():
        assert run_due(NOW, node="c") == []
        later = run_due(datetime(2026, 12, 5, 0, 10, tzinfo=UTC), node="c")
    assert {o.job for o in later} == {SLOW.name, "outbox send", "orders expire"}
    assert all(o.result == RAN for o in later)


def test_a_job_held_elsewhere_is_reported_and_not_run(app, scheduled):
    runner = app.test_cli_runner()
    with app.app_context(), job_lock("rdtest slow", "another-node") as got:
        assert got
        result = runner.invoke(args=["schedule", "once", "rdtest slow"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "rdtest slow: already running elsewhere"
    assert scheduled.read_text() == ""
    (scheduled.parent / "effects.release").touch()  # it need not take long now
    result = runner.invoke(args=["schedule", "once", "rdtest slow"])
    assert (result.exit_code, result.output.strip()) == (0, "rdtest slow: ran")
    assert scheduled.read_text().count("\n") == 1


def test_a_failing_job_is_recorded_and_its_slot_is_not_retried(app, monkeypatch):
    monkeypatch.setitem(app.config, "SCHEDULE", (Job("orders expire", "*/5 * * * *"),))
    from trading_house.core import schedule as schedule_module

    def broken(name):
        raise RuntimeError("the database said no")

    monkeypatch.setattr(schedule_module, "invoke_command", broken)
    with app.app_context():
        (outcome,) = run_due(NOW, node="a")
        assert (outcome.result, outcome.detail) == (FAILED, "RuntimeError: the database said no")
        row = db.session.get(ScheduledJob, "orders expire")
        assert row.last_result == "failed: RuntimeError: the database said no"
        assert run_due(NOW, node="b") == []
        job = Job("orders expire", "*/5 * * * *")
        assert run_scheduled_job(job, slot=slot_of(job, NOW), node="b").result == DONE


def test_two_scheduler_processes_at_once_run_each_job_once(app, tmp_path):
    effects = tmp_path / "effects"
    effects.touch()
    env = subprocess_env(
        app,
        RD_TEST_EFFECTS=effects,
        RD_TEST_SLOW_SECONDS=120,  # until released below
        FLASK_APP="tests.production.schedule_app:create",
    )
    command = [sys.executable, "-m", "flask", "schedule", "tick"]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    # Whichever process took the slow job is held there until the other one has finished.
    deadline = time.monotonic() + 120
    while all(p.poll() is None for p in processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    (tmp_path / "effects.release").touch()
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert effects.read_text().count("\n") == 1, outputs
    names = [SLOW.name, *(job.name for job in SCHEDULE)]
    assert _runs(app) == dict.fromkeys(names, 1)
    lines = sorted(line for output in outputs for line in output.splitlines())
    assert sum(line.endswith(": ran") for line in lines) == len(names), lines
    assert not [line for line in lines if ": failed" in line], lines
    # The slower starter found the slow job running, or (if it started that much later) done.
    others = {line for line in lines if line.startswith(SLOW.name) and not line.endswith(RAN)}
    assert others <= {f"{SLOW.name}: {BUSY}", f"{SLOW.name}: {DONE}"}, lines
