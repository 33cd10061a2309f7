"""SciPy's differential evolution on the course's spaces, recorded as a `Result` at an exact
budget, so a library's evolutionary method is compared with the course's own ("evolution") on
the same footing (notebook 06), as `optuna_bridge` does for Optuna's samplers.
"""

from __future__ import annotations

import time

from .checks import check_int
from .result import Result
from .space import Real, check_space

__all__ = ["scipy_differential_evolution"]


class _BudgetSpent(Exception):
    """Raised inside the objective once the budget is spent: SciPy has no evaluation cap."""


def scipy_differential_evolution(objective, space, n_trials, seed, popsize=3, **options):
    """`scipy.optimize.differential_evolution` on a space of (non-log) `Real`s, stopped after
    exactly `n_trials` evaluations and recorded as a `Result`, so it is compared with the
    course's methods at an equal budget. Defaults: SciPy's strategy best1bin, no final
    gradient-based polish, and `popsize=3` (3 x dimensions members: a population SciPy's
    default of 15 would spend a 200-evaluation budget on before its first generation).
    Other keyword options go to SciPy. The Result's `scipy_seconds` is the time SciPy spent
    outside the objective (its deciding time)."""
    from scipy.optimize import differential_evolution

    space = check_space(space)
    if not all(isinstance(d, Real) and not d.log for d in space.values()):
        raise TypeError(f"space must hold only Reals without log=True, not {space!r}")
    check_int("n_trials", n_trials, 1)
    names, params, values, seconds = list(space), [], [], []

    def recorded(x):
        if len(values) == n_trials:
            raise _BudgetSpent
        start = time.perf_counter()
        params.append(dict(zip(names, map(float, x))))
        values.append(float(objective(params[-1])))
        seconds.append(time.perf_counter() - start)
        return values[-1]

    options = {"maxiter": 100_000, "tol": 0, "polish": False, **options}
    start = time.perf_counter()
    try:
        differential_evolution(recorded, [(d.low, d.high) for d in space.values()],
                               popsize=popsize, seed=seed, **options)
    except _BudgetSpent:
        pass
    result = Result.from_evaluations(params, values, method=f"scipy DE popsize {popsize}",
                                     space=space, seconds=seconds, seed=seed)
    result.scipy_seconds = time.perf_counter() - start - sum(seconds)
    return result
