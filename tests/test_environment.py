"""pyproject.toml, environment.yml and the setup cell's version check name the same packages
with the same lower bounds, so Binder, conda, pip and Colab get one environment."""

import re
from pathlib import Path

from helpers.versions import MINIMUM_PYTHON, MINIMUM_VERSIONS

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENT = re.compile(r"^([A-Za-z0-9_.\-]+)\s*(>=\s*[0-9][0-9.]*)?$")


def _parse(lines):
    found = {}
    for line in lines:
        match = REQUIREMENT.match(line.strip())
        assert match, f"cannot read the requirement {line!r}"
        found[match.group(1).lower()] = (match.group(2) or "").replace(" ", "")
    return found


def pyproject_requirements():
    """The core dependencies and the `course` and `practice` extras (no tomllib on Python
    3.10): all of what `make test` installs, and so what environment.yml must hold too."""
    text = (ROOT / "pyproject.toml").read_text()
    lists = re.findall(r'^(?:dependencies|course|practice) = \[\n(.*?)^\]', text, re.S | re.M)
    assert len(lists) == 3, "expected `dependencies` and the two extras in pyproject.toml"
    items = re.findall(r'^\s*"([^"]+)",', "".join(lists), re.M)
    python = re.search(r'^requires-python = "(.*)"', text, re.M).group(1)
    return _parse(items), python


def environment_requirements():
    text = (ROOT / "environment.yml").read_text()
    block = text.split("dependencies:", 1)[1]
    items = [line.strip()[2:] for line in block.splitlines() if line.strip().startswith("- ")]
    found = _parse(items)
    return found, found.pop("python")


def test_environment_yml_matches_pyproject():
    pip_side, pip_python = pyproject_requirements()
    conda_side, conda_python = environment_requirements()
    assert conda_side == pip_side
    assert conda_python == pip_python == ">=" + ".".join(map(str, MINIMUM_PYTHON))


def test_version_check_uses_the_same_lower_bounds():
    pip_side, _ = pyproject_requirements()
    for package, minimum in MINIMUM_VERSIONS.items():
        assert pip_side[package] == ">=" + minimum


def colab_versions():
    """Colab's preinstalled versions, from the one file that records them."""
    lines = (ROOT / ".ci" / "colab-versions.txt").read_text().splitlines()
    pins = dict(line.split("==") for line in lines if line and not line.startswith("#"))
    return {name: tuple(int(x) for x in version.split(".")[:2]) for name, version in pins.items()}


def test_bounds_are_met_by_colab():
    # if a bound must rise above Colab's version, Colab users would need a runtime restart:
    # rethink before raising it
    colab = colab_versions()
    for package, minimum in MINIMUM_VERSIONS.items():
        assert package in colab, f"{package} is missing from .ci/colab-versions.txt"
        assert tuple(map(int, minimum.split("."))) <= colab[package], package


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make lab" in readme
    commands = [line for line in ci.splitlines() if line and not line.startswith("#")]
    assert "make test" in commands  # the README's command, exactly as a new user types it
    assert "make test VENV=.venv-colab CONSTRAINTS=.ci/colab-versions.txt" in commands
