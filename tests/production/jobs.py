"""Job functions the worker tests queue (importable by the worker process)."""

import os
import time
from pathlib import Path

from flask import current_app


def slow_job(marker_dir: str) -> None:
    """Note each start (pid, and the app's queue: it runs inside the app), wait for a
    ``release`` file, then note that it finished."""
    folder = Path(marker_dir)
    with (folder / "starts").open("a") as handle:
        handle.write(f"{os.getpid()} {current_app.config['RQ_QUEUE']}\n")
    deadline = time.monotonic() + 120
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    (folder / "done").write_text("done")


def flaky_job(marker_dir: str) -> None:
    """Fails on its first run, succeeds on the next."""
    folder = Path(marker_dir)
    with (folder / "attempts").open("a") as handle:
        handle.write("x\n")
    if len((folder / "attempts").read_text().split()) == 1:
        raise RuntimeError("the first try fails")
    (folder / "done").write_text("done")
