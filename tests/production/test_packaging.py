"""Versions are written once (ranges in pyproject.toml, exact pins in constraints.txt) and
``make run-prod`` installs without the dev extras."""

import shutil
import subprocess
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.production.conftest import ROOT


def _project() -> dict:
    with open(f"{ROOT}/pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]


def _pins() -> dict[str, str]:
    pins = {}
    with open(f"{ROOT}/constraints.txt") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if line:
                name, _, version = line.partition("==")
                assert version, f"constraints.txt pins exactly: {line!r}"
                pins[canonicalize_name(name)] = version
    return pins


def test_pyproject_has_ranges_and_constraints_pin_each_within_them():
    project = _project()
    requirements = [Requirement(line) for line in project["dependencies"]]
    requirements += [Requirement(line) for line in project["optional-dependencies"]["dev"]]
    pins = _pins()
    for requirement in requirements:
        operators = {spec.operator for spec in requirement.specifier}
        assert "==" not in operators, f"{requirement}: a range here, the pin in constraints.txt"
        assert ">=" in operators, f"{requirement}: give the lowest version known to work"
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pinned), f"{requirement.name}=={pinned} out of range"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_run_prod_uses_its_own_virtualenv_without_dev_extras(tmp_path):
    result = subprocess.run(
        ["make", "-s", "-n", "-C", ROOT, "run-prod", f"PROD_VENV={tmp_path}/venv-prod"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    commands = result.stdout
    installs = [line for line in commands.splitlines() if "pip install" in line and "-c" in line]
    assert installs == [f"{tmp_path}/venv-prod/bin/pip install --quiet -c constraints.txt -e ."]
    assert "[dev]" not in commands
    assert f"BIN={tmp_path}/venv-prod/bin" in commands.splitlines()[-1]
