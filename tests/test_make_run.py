"""``make run`` derives PUBLIC_BASE_URL from PORT unless it is set (issue #11: e-mail links
pointed at :5000 when the app served on another port).

The Makefile runs against stand-in programs that print what they were started with, so the
test sees the environment ``flask seed-demo`` and ``flask run`` really get.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


@pytest.fixture
def stand_in_bin(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("flask", "pybabel"):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $1 PUBLIC_BASE_URL=$PUBLIC_BASE_URL"\n')
        script.chmod(0o755)
    (bin_dir / "activate").touch()  # newer than pyproject.toml: no virtualenv is built
    return bin_dir


def _make_run(bin_dir, **env) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("PORT", "PUBLIC_BASE_URL")}
    environ.update(env)
    result = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "run", f"BIN={bin_dir}"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if line.startswith("flask ")]


def test_links_follow_the_port(stand_in_bin):
    lines = _make_run(stand_in_bin, PORT="5107")
    assert lines == [
        "flask db PUBLIC_BASE_URL=http://127.0.0.1:5107",
        "flask seed-demo PUBLIC_BASE_URL=http://127.0.0.1:5107",
        "flask run PUBLIC_BASE_URL=http://127.0.0.1:5107",
    ]


def test_the_default_port_and_a_set_base_url(stand_in_bin):
    assert _make_run(stand_in_bin)[-1] == "flask run PUBLIC_BASE_URL=http://127.0.0.1:5000"
    lines = _make_run(stand_in_bin, PORT="5107", PUBLIC_BASE_URL="https://rumahdagang.id")
    assert lines[-1] == "flask run PUBLIC_BASE_URL=https://rumahdagang.id"
