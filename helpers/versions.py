"""The fail-fast version check that every notebook's setup cell runs.

A notebook that breaks halfway with an AttributeError from an old library teaches nothing; a
message at the top that names the package, the version found and the command that fixes it
does. The bounds here are the ones in pyproject.toml and environment.yml (a test checks it).
"""

from __future__ import annotations

import re
import sys
from importlib import metadata

__all__ = ["MINIMUM_PYTHON", "MINIMUM_VERSIONS", "PRACTICE_VERSIONS", "check_versions",
           "require_practice"]

MINIMUM_PYTHON = (3, 10)

# distribution name -> lowest version the course is written for (all met by Google Colab)
MINIMUM_VERSIONS = {
    "numpy": "1.24",
    "scipy": "1.10",
    "scikit-learn": "1.3",
    "matplotlib": "3.7",
    "pandas": "1.5",
}

# notebook 09's extra, pyproject's `practice`: distribution name -> lowest version
PRACTICE_VERSIONS = {"optuna": "4.0", "cmaes": "0.10", "dask": "2024.1", "distributed": "2024.1"}


def _as_tuple(version):
    """'1.26.4' -> (1, 26, 4); '2.0.0rc1' -> (2, 0, 0): enough to compare with lower bounds."""
    return tuple(int(m.group()) for m in (re.match(r"\d+", part)
                                          for part in version.split(".")[:3]) if m)


def check_versions(minimums=None, python=None):
    """Raise RuntimeError, naming every problem and its fix, if Python or a package is too old
    or missing; otherwise return {package: installed version}."""
    minimums = MINIMUM_VERSIONS if minimums is None else minimums
    python = sys.version_info[:3] if python is None else tuple(python)
    problems, found = [], {}
    if python[:2] < MINIMUM_PYTHON:
        problems.append(f"Python {'.'.join(map(str, MINIMUM_PYTHON))} or newer is needed, "
                        f"but this kernel runs Python {'.'.join(map(str, python))}.")
    for package, minimum in minimums.items():
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            problems.append(f"{package} is not installed: pip install '{package}>={minimum}'")
            continue
        found[package] = installed
        if _as_tuple(installed) < _as_tuple(minimum):
            problems.append(f"{package} {installed} is too old; the course needs {minimum} or "
                            f"newer: pip install -U '{package}>={minimum}'")
    if problems:
        raise RuntimeError("This environment cannot run the course yet:\n  - "
                           + "\n  - ".join(problems)
                           + "\nThen restart the kernel. (`make lab` sets up a working "
                             "environment in .venv.)")
    return found


def require_practice(run=None):
    """Make sure notebook 09's extra is there. `make lab`/`make test` install it. On Colab,
    whatever is missing is installed now with pip: these packages are new to the kernel, so no
    restart is needed (only upgrading an already imported package would need one). Elsewhere a
    missing package raises ModuleNotFoundError with the command that installs it.
    Returns the packages it installed."""
    import subprocess

    missing = []
    for package, minimum in PRACTICE_VERSIONS.items():
        try:
            if _as_tuple(metadata.version(package)) >= _as_tuple(minimum):
                continue
        except metadata.PackageNotFoundError:
            pass
        missing.append(f"{package}>={minimum}")
    if not missing:
        return []
    if "google.colab" not in sys.modules:
        raise ModuleNotFoundError(
            "Notebook 09 needs " + ", ".join(missing) + ". `make lab` installs them; "
            "with pip: pip install -e \".[course,practice]\" (then restart the kernel).")
    run = subprocess.run if run is None else run
    print("Installing " + ", ".join(missing) + " (Colab; about 20 seconds)...")
    run([sys.executable, "-m", "pip", "install", "--quiet", *missing], check=True)
    return missing
