"""One search loop for every method: searchers that *ask* for configurations and are *told*
their values, and `minimize`, which runs the loop and records every trial.

A new method is a `Searcher` subclass registered under a name::

    @register("my_method")
    class MySearcher(Searcher):
        def ask(self): ...            # the next configuration (a dict), or None when done
        def tell(self, params, value): ...   # learn from a finished trial (optional)

and `minimize(objective, space, method="my_method")` runs it, with failed trials, seeds,
timing and parallel batches handled here, once, for all methods.
"""

from __future__ import annotations

import math
import numbers
import time
from dataclasses import dataclass, field

import numpy as np

from .space import check_space, grid, grid_levels, sample

__all__ = ["Trial", "Result", "Searcher", "GridSearcher", "RandomSearcher", "METHODS",
           "register", "minimize"]


@dataclass
class Trial:
    """One evaluation: its configuration, its value (nan/inf if it failed), and its cost."""

    number: int
    params: dict
    value: float
    seconds: float
    error: str | None = None  # the caught exception, as text, if the objective raised

    @property
    def failed(self):
        return not math.isfinite(self.value)


@dataclass
class Result:
    """What a search returns: every trial in evaluation order, and the best one."""

    method: str
    seed: int | None
    trials: list = field(default_factory=list)

    @property
    def values(self):
        """Objective values in evaluation order (failed trials included, as nan or inf)."""
        return np.array([t.value for t in self.trials], dtype=float)

    @property
    def params(self):
        return [t.params for t in self.trials]

    @property
    def best_trial(self):
        ok = [t for t in self.trials if not t.failed]
        # min() keeps the first of equal values: ties go to the earlier trial
        return min(ok, key=lambda t: t.value) if ok else None

    @property
    def best_value(self):
        best = self.best_trial
        return best.value if best else math.nan

    @property
    def best_params(self):
        best = self.best_trial
        return dict(best.params) if best else None

    @property
    def best_so_far(self):
        """The best value after each trial: the curve every method is compared by."""
        values = np.where(np.isfinite(self.values), self.values, np.inf)
        return np.minimum.accumulate(values) if len(values) else values

    @property
    def n_failed(self):
        return sum(t.failed for t in self.trials)

    @property
    def seconds(self):
        return sum(t.seconds for t in self.trials)

    def __repr__(self):
        return (f"Result(method={self.method!r}, n_trials={len(self.trials)}, "
                f"n_failed={self.n_failed}, best_value={self.best_value:.4g}, "
                f"best_params={self.best_params})")


class Searcher:
    """The ask/tell interface. A searcher proposes; `minimize` evaluates and reports back.

    `rng` is the searcher's own random generator, made from the seed: searchers draw all their
    randomness from it, never from NumPy's global state, so a seed reproduces a run exactly.
    """

    def __init__(self, space, n_trials, rng):
        self.space = space
        self.n_trials = n_trials
        self.rng = rng

    def ask(self):
        """The next configuration to evaluate, as a dict, or None when there is nothing left."""
        raise NotImplementedError

    def tell(self, params, value):
        """The value of a configuration that `ask` proposed (nan/inf if the trial failed)."""


METHODS = {}


def register(name):
    """Class decorator: make a Searcher available as `minimize(..., method=name)`."""
    def add(cls):
        if not (isinstance(cls, type) and issubclass(cls, Searcher)):
            raise TypeError(f"register({name!r}) needs a Searcher subclass, not {cls!r}")
        METHODS[name] = cls
        return cls
    return add


@register("grid")
class GridSearcher(Searcher):
    """The finest full grid that fits in n_trials, in scikit-learn's ParameterGrid order."""

    def __init__(self, space, n_trials, rng):
        super().__init__(space, n_trials, rng)
        self.levels = grid_levels(space, n_trials)
        self._queue = grid(space, self.levels)

    def ask(self):
        return self._queue.pop(0) if self._queue else None


@register("random")
class RandomSearcher(Searcher):
    """Every configuration drawn independently from the space (log-uniform where log=True)."""

    def ask(self):
        return sample(self.space, self.rng)


def _check_int(name, value, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, not {value!r}")
    if value < low:
        raise ValueError(f"{name} must be at least {low}, not {value!r}")


def _as_exception_types(catch):
    types = catch if isinstance(catch, tuple) else (catch,)
    for t in types:
        if not (isinstance(t, type) and issubclass(t, BaseException)):
            raise TypeError(f"catch must be an exception class or a tuple of them, not {catch!r}")
    return types


def _evaluate(objective, params, catch):
    """Run one trial. A caught exception becomes a failed trial (nan) with its message kept."""
    start = time.perf_counter()
    error = None
    try:
        raw = objective(dict(params))  # a copy: an objective that edits params cannot harm us
    except catch as exc:
        raw, error = math.nan, f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    if isinstance(raw, bool) or not isinstance(raw, numbers.Real):
        raise TypeError(f"the objective must return a number, but returned {raw!r} "
                        f"for params {params!r}")
    return float(raw), seconds, error


def minimize(objective, space, method="random", n_trials=50, seed=None, catch=(), n_jobs=1):
    """Minimise `objective(params) -> float` over `space` with one of the `METHODS`.

    - `n_trials`: the budget of evaluations (the grid uses the finest full grid that fits).
    - `seed`: the same int gives the same result, bit for bit; None draws fresh entropy.
    - A nan or infinite value is a failed trial: recorded, never the best; the search goes on.
      Exceptions propagate, unless their class is in `catch`: then the trial fails (nan).
    - `n_jobs`: evaluate a batch of `n_jobs` asked configurations at once with joblib (-1: all
      cores). A model-based method then learns once per batch, so its results depend on n_jobs.
    """
    if not callable(objective):
        raise TypeError(f"objective must be callable, not {objective!r}")
    check_space(space)
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, not {method!r}")
    _check_int("n_trials", n_trials, 1)
    if seed is not None:
        _check_int("seed", seed, 0)
    catch = _as_exception_types(catch)
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral) or n_jobs == 0:
        raise ValueError(f"n_jobs must be a nonzero int (-1 for all cores), not {n_jobs!r}")

    rng = np.random.default_rng(seed)
    searcher = METHODS[method](space, n_trials, rng)
    result = Result(method=method, seed=seed)

    batch_size = 1
    if n_jobs != 1:
        from joblib import Parallel, delayed, effective_n_jobs
        batch_size = effective_n_jobs(n_jobs)
        parallel = Parallel(n_jobs=n_jobs)

    while len(result.trials) < n_trials:
        batch = []
        for _ in range(min(batch_size, n_trials - len(result.trials))):
            params = searcher.ask()
            if params is None:
                break
            batch.append(params)
        if not batch:
            break  # the searcher has nothing left to propose (a grid smaller than the budget)
        if batch_size == 1:
            outcomes = [_evaluate(objective, batch[0], catch)]
        else:
            outcomes = parallel(delayed(_evaluate)(objective, p, catch) for p in batch)
        for params, (value, seconds, error) in zip(batch, outcomes):
            result.trials.append(Trial(len(result.trials), params, value, seconds, error))
            searcher.tell(params, value)
    return result
